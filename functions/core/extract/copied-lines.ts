/**
 * What a line of a copied page is: the site's furniture by kind, the lines
 * that carry metadata (byline, date, source, tags), where comments or a press
 * release's boilerplate begin, and the shapes of prose, titles and menus.
 */

const NETWORKS = new Set(
  'facebook twitter x whatsapp linkedin email e-mail mail print telegram pinterest reddit messenger copylink tumblr threads bluesky mastodon sms viber vk line'.split(
    ' ',
  ),
);

/**
 * A share bar's row of network names ("Facebook Twitter | WhatsApp"). Checked
 * token by token: a regex with optional separators between repeated names
 * backtracks exponentially on a long row that almost matches.
 */
export function isShareNetworks(line: string): boolean {
  const tokens = line
    .toLowerCase()
    .replace(/copy link/g, 'copylink')
    .split(/[\s|·•,/]+/)
    .filter((t) => t.length > 0);
  return tokens.length > 0 && tokens.length <= 16 && tokens.every((t) => NETWORKS.has(t));
}

/** Each rule names one kind of furniture; a line matching any of them is dropped. */
export const FURNITURE: Array<[string, RegExp]> = [
  // A consent banner, in whatever words: cookies named beside the site, consent or settings.
  [
    'cookie notice',
    /\bcookies?\b.*\b(?:website|site|browser|consent|accept|settings|necessary|privacy|experience|sito|sitio|webseite|navegador|navigateur|esperienza|experiencia|expérience|ervaring|consenso|consentement|zustimmung|datenschutz)\b|\b(?:website|site|accept|consent|settings|necessary|privacy|sito|sitio|webseite|utilizziamo|utilizamos|usamos|utilisons|verwenden|gebruiken)\b.*\bcookies?\b/i,
  ],
  [
    'share bar',
    /^(?:share(?: this| the| on)?(?: article| story| post| page)?\s*:?|(?:share on |share (?:this|it)(?: article| story)? (?:on|via|with) |tweet|pin it)\s*.*)$/i,
  ],
  // The buttons beside it: save or bookmark the article, listen to it, copy its link.
  [
    'share bar',
    /^(?:save(?: this)?(?: article| story| post| for later)?|saved|bookmark(?: this)?(?: article| story)?|listen(?: to this (?:article|story))?|copy link|link copied!?)$/i,
  ],
  [
    'comment form',
    /^(?:please enter your (?:comment|name|e-?mail(?: address)?)(?: here)?\s*!?|you have entered an incorrect e-?mail address\s*!?|leave a (?:reply|comment)|cancel reply|post comment|submit comment|add a comment|\d+\s+comments?|no comments(?: yet)?|save my name,? e-?mail,? and website in this browser for the next time i comment\.?|(?:name|e-?mail|website|comment)\s*:?\s*\*?)$/i,
  ],
  [
    'advert',
    /^(?:-+\s*)?(?:advertisement|advertisements|advert|ads?|sponsored(?: content)?|promoted|scroll to continue(?: with content)?)(?:\s*-+)?\s*(?:spot_img)?$/i,
  ],
  ['advert marker', /^(?:spot_img|td_block|\[ad\]|ad slot)$/i],
  [
    'also read',
    /^(?:also read|read also|read more|see also|must read|also see|related|recommended)\s*[:\-–—|]\s*\S/i,
  ],
  ['promotional sign-off', /\bstay tuned (?:to|for|with)\b/i],
  [
    'promotion',
    /^(?:for (?:more|all the latest|the latest) (?:updates|news|stories)\b.*|follow us on\b.*|subscribe to (?:our|the)\b.*|sign up for our\b.*|join our\b.*(?:channel|group|newsletter).*|download (?:our|the) app\b.*|click here to\b.*|like us on facebook\b.*)$/i,
  ],
  ['copyright', /^(?:©|\(c\)\s|copyright\b|all rights reserved\b)/i],
  // A picture's furniture: its place in a gallery, its caption and credit labels, and the gallery's buttons.
  ['gallery', /^(?:image|photo|picture|slide)\s+\d+\s+of\s+\d+\b/i],
  ['caption', /^(?:image(?: (?:source|caption)s?)?|photograph(?:s| by)?|photos? by|picture)\s*[,:]\s*\S/i],
  // A picture's maker named alone ("Photographs by Tom Reid", "Tom Reid, Photographer"): never the
  // headline, never an author.
  [
    'credit',
    /^[^,|]{2,60},\s*(?:[\p{L}-]+\s+){0,2}(?:photographer|illustrator|videographer|photo editor)s?$/iu,
  ],
  [
    'credit',
    /^(?:photo(?:graph)?s?|pictures?|images?|illustrations?|video|graphics?) by\s+\p{Lu}[^.!?]{0,80}$/iu,
  ],
  // A photo credit alone in brackets: "(Reed Saxon / Associated Press)".
  ['credit', /^\([^()]{2,80}(?:\/|photo|press|images|getty|reuters|afp|ap\b)[^()]{0,80}\)$/i],
  // A photographer and their agency: "Alex Wong | Getty Images", "Jane Doe/AP", "Reuters/Jane Doe".
  [
    'credit',
    /^(?:[^|/]{2,60}\s*[|/]\s*(?:getty images|ap|ap photo|afp|reuters|shutterstock|epa|istock(?:photo)?|alamy|associated press)|(?:ap|afp|reuters|getty images)\s*\/\s*[^|/]{2,60})$/i,
  ],
  // A caption that ends in its credit: "... (Photo: Getty Images)", "... (AP)".
  [
    'caption',
    /\((?:photo|image|picture)s?\s*:[^()]{1,60}\)$|\((?:ap|afp|reuters|getty images|ap photo[^()]{0,40})\)$/i,
  ],
  ['media player', /^(?:media playback is unsupported on your device|media caption)\b/i],
  ['contributors', /\bcontributed to this (?:report|story|article)\.?$/i],
  [
    'legal notice',
    /\b(?:may not be reproduced, distributed|have not been evaluated by the food and drug administration|results vary depending on)\b/i,
  ],
  [
    'promotion',
    /^get (?:the latest|breaking|our|the best)\b.{0,120}\b(?:updates|news|newsletters?|inbox|alerts)\b.{0,60}$/i,
  ],
  ['share count', /^this (?:story|article|post|page) has been shared [\d,.]+ times\b.{0,20}$/i],
  // Update and publication stamps the date reader could not read whole ("Updated on: November 19, 2019 / 10:07 AM / CBS News").
  [
    'date stamp',
    /^(?=.{0,110}$)(?:updated|first published|published|posted|last updated|last modified|modified)(?: on| at)?\s*:?\s*[^!?]{0,60}\d[^!?]{0,60}[^.!?]$/i,
  ],
  [
    'reading time',
    /^(?:\d+\s*(?:min(?:ute)?s?)(?:\s+read|\s+reading time)?|(?:reading time|tempo de leitura|tiempo de lectura|temps de lecture|lesezeit|tempo di lettura|leestijd)\s*:?\s*\d+.{0,12})$/i,
  ],
  // Where the reader is on the site: "Home » News » Harbour", "BLOG > Weight Loss > Tips".
  ['breadcrumb', /^(?:[^»>›\n]{1,40}\s[»>›]\s?){2,6}[^»>›]{0,60}$|^[^»>›]{1,40}\s[»>›]$/],
  // The reader's account: signed in as, sign out, the site's own policies.
  [
    'account',
    /^(?:you are (?:signed|logged) in as\b.{0,60}|sign out|log out|my account|edit profile)$|\bour (?:privacy policy|cookie policy|terms of (?:use|service))\b.{0,80}\b(?:updated|changed|review|agree)|^your privacy is important to us\b/i,
  ],
];

/** A list item as copied: a bullet (•, ◦, ▪, ·, -, *, –) or a number (1. 1)) and its text. */
export const LIST_ITEM = /^([•◦▪·*\-–]|\d{1,3}[.)])\s+(\S.*)$/u;

/** How a teaser's cut excerpt ends: an ellipsis, bare or bracketed. */
export const EXCERPT_END = /(?:…|\.\.\.|\[(?:…|\.\.\.)\])$/;

/** Where a press release ends and the wire's or the company's boilerplate begins. */
export const RELEASE_END =
  /^(?:#{3}|-\s*ends\s*-|media contacts?\s*:?|press contacts?\s*:?|investor contacts?\s*:?|view original content\b.*)$|^SOURCE\s+\S/i;

/** "You may also like" and "Read also" in the other languages the stop-word lists cover. */
export const RELATED_ELSEWHERE =
  /voc[eê] (?:tamb[eé]m )?pode gostar|veja tamb[eé]m|leia tamb[eé]m|tamb[ié]n te puede (?:interesar|gustar)|te puede interesar|lea tamb[ié]n|vous aimerez (?:aussi|peut-[eê]tre)|[àa] lire aussi|das k[oö]nnte sie (?:auch )?interessieren|auch interessant|(?:ti )?potrebbe (?:interessarti|interessare)|leggi anche|lees ook|ook interessant/;

const SIDEBAR_HEADINGS =
  /related(?: articles| posts| stories| news| content| topics| press releases)?|latest(?: articles| news| posts| stories| updates)?|more (?:stories|news|articles|from\b.*|on this (?:story|topic))|most (?:popular|read|viewed|shared)|popular(?: posts| articles| stories| now)?|recent (?:comments|posts|articles|stories)|stay connected|trending(?: now| news| stories)?|you (?:may|might) also like|recommended(?: for you| stories)?|read next|editor'?s picks|top stories|in other news|newsletter/;

/** A sidebar or footer heading: it and the short lines listed under it are dropped. */
export const SIDEBAR = new RegExp(
  `^(?:${SIDEBAR_HEADINGS.source}|${RELATED_ELSEWHERE.source})\\s*(?::|\\.{3}|…)?$`,
  'i',
);

export const TEMPERATURE = /^-?\d{1,3}(?:[.,]\d+)?\s*°?\s*[CF]$/i;
export const SOURCE = /^(?:source|sources|via|courtesy)\s*:\s*(.+?)\.?$/i;
const BYLINE = /^(?:by|written by|words by|reported by|story by)\s+(.+)$/i;
export const TAGS = /^(?:tags|tagged|topics|categories|filed under|keywords)\s*:\s*(.+)$/i;

/** A plausible person's name: 1-5 words, each starting with a capital. */
export function isName(value: string): boolean {
  const words = value.split(/\s+/);
  return (
    value.length <= 60 &&
    words.length >= 1 &&
    words.length <= 5 &&
    words.every((w) => /^[\p{Lu}][\p{L}'’.-]*$/u.test(w))
  );
}

/** What a byline may say its authors are, after their names ("Jane Doe, Staff Writer"); a photographer is not an author. */
const ROLE =
  /^(?:[\p{L}-]+\s+){0,3}(?:reporter|writer|correspondent|editor|journalist|columnist|contributor|critic)s?$/iu;
/** A byline without "By": names, then their role ("Jane Doe and Ben Ode, Reporters"). */
const NAMED_BYLINE = /^([^,|]{2,80}),\s*([^,|]{2,60})$/;

function namesIn(rest: string): string[] | null {
  // "By Jane Doe | Sept 22" or "By Jane Doe - Staff Writer": the names come first.
  const names = (rest.split(/\s+[|–—-]\s+/)[0] ?? '')
    .split(/\s*(?:,|&|\band\b)\s*/)
    .map((n) => n.trim())
    .filter((n) => n.length > 0 && !ROLE.test(n));
  return names.length > 0 && names.every(isName) ? names : null;
}

/**
 * The authors a byline names: "By A and B", "Words by A", "By A | Sept 22", "By A - Staff Writer"; null
 * for a line that is not a byline.
 */
export function bylineNames(line: string): string[] | null {
  const rest = BYLINE.exec(line)?.[1];
  return rest === undefined ? null : namesIn(rest);
}

/**
 * The authors a byline without "By" names ("A, Reporter", "A and B, Staff Writers"): said of a story only
 * above it (inside it, the same line heads a correspondent's box).
 */
export function namedBylineNames(line: string): string[] | null {
  const named = NAMED_BYLINE.exec(line);
  return named?.[1] !== undefined && named[2] !== undefined && ROLE.test(named[2]) ? namesIn(named[1]) : null;
}

/** How many words a line holds: the starts of its runs of non-space (counted, not split: lines are asked often). */
export function wordCount(line: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    // JavaScript's \s, by code: asking a regex for each character costs more than the whole line.
    const space =
      c === 32 ||
      (c >= 9 && c <= 13) ||
      c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Ends like a sentence (allowing a closing quote or bracket). */
export function endsSentence(line: string): boolean {
  // Latin, CJK (。！？), Arabic (؟ ، ؛ ۔) and Devanagari (। ॥) sentence ends.
  return /[.!?…:;,。！？、；：؟،؛۔।॥]["'”’)\]」』）]*$/.test(line);
}

/** A paragraph of body text, as opposed to a title, heading or label. */
export function isParagraph(line: string): boolean {
  // Scripts written without spaces (Chinese, Japanese) count by length, not words.
  return line.length > 160 || (endsSentence(line) && (wordCount(line) >= 5 || line.length >= 25));
}

/** Short, title-like, standing alone: a headline or a section heading. */
export function isTitleLike(line: string, maxWords: number): boolean {
  return (
    line.length >= 2 &&
    line.length <= 200 &&
    wordCount(line) <= maxWords &&
    !/[.,;:。、，؛،]["'”’)]*$/.test(line) &&
    // A capital, a digit, or a letter of a script without case (Arabic, Hebrew, CJK, Devanagari...).
    /^["'“‘«(「『\p{Lu}\p{Lt}\p{Lo}\p{N}]/u.test(line)
  );
}

/** A line that names a place for the weather widget: a few words, no sentence punctuation. */
export function isPlace(line: string): boolean {
  return (
    line.length <= 40 && wordCount(line) <= 4 && /^[\p{L}][\p{L} ,.'’-]*$/u.test(line) && !endsSentence(line)
  );
}

export interface Line {
  text: string;
  /** Index of the blank-line-separated block the line came from. */
  block: number;
  /** A table row's cells, when the line was copied from a table (a browser copies its cells tab-separated). */
  cells?: readonly string[];
}

/**
 * A line too short to be a paragraph that still goes on the story's prose: a short sentence ("Yes."), an
 * embedded post's signature ("— Jane Doe (@jane) March 3, 2025") or its text ending in its link.
 */
export function continuesProse(line: string): boolean {
  return (
    endsSentence(line) ||
    /^[—–-]\s.{1,80}\(@\w+\)/.test(line) ||
    /(?:https?:\/\/|pic\.twitter\.com\/)\S+$/.test(line)
  );
}

/** How many numbers a row of a table holds at least, and how many such lines in a row make a table. */
const ROW_NUMBERS = 2;
const TABLE_ROWS = 3;

/**
 * Which lines are rows of a table the story gives (standings, a calendar, results): three or more lines
 * in a row, each copied from a table's cells or holding two numbers or more without being a paragraph.
 * A table is the story's text as a paragraph is, though no row reads as a sentence.
 */
export function tableRows(lines: readonly Line[]): boolean[] {
  const rowLike = lines.map(
    ({ text, cells }) =>
      cells !== undefined || (!isParagraph(text) && (text.match(/\d+/g)?.length ?? 0) >= ROW_NUMBERS),
  );
  const rows = rowLike.map(() => false);
  for (let start = 0; start < rowLike.length; ) {
    let end = start;
    while (rowLike[end]) end++;
    if (end - start >= TABLE_ROWS) rows.fill(true, start, end);
    start = end + 1;
  }
  return rows;
}

/** Which lines are the story's text as such: paragraphs and a table's rows. */
export function textLines(lines: readonly Line[]): boolean[] {
  const rows = tableRows(lines);
  return lines.map((line, i) => isParagraph(line.text) || (rows[i] as boolean));
}

/** A line a menu is made of: a few words, no sentence. */
export const isMenuItem = (line: string) => wordCount(line) <= 3 && !endsSentence(line);

/** A reader's comment's head: "handle says:", "Name on <date> at <time> said:". */
export const COMMENT_HEAD =
  /^(?:\S{2,40}|[^.!?]{1,60}\s(?:on|at)\s[^!?]{4,60})\s(?:says|said|wrote|replied)\s?:$/i;
/** The comments section's own heading: a count of comments, "Top rated comments". */
export const COMMENTS_HEADING =
  /^(?:\[\s*)?\d+\s+comments?(?:\s*\])?$|^(?:top rated |view all |show |\d+\s)comments?$/i;

/** An author's bio: their name (or first name) then what they are ("… is a reporter", "… joined …"). */
export const BIO =
  /^(?:[\p{Lu}][\p{L}'’-]+(?: [\p{Lu}][\p{L}'’-]+){0,3}) (?:is an? |was an? |has been |joined |covers |writes |reports |lives )/u;

/** How much of the story's text comes before the site may speak (a call to action earlier is the story's own). */
export const STORY_SAID = 0.8;
/** An "About Jane Doe" box may stand earlier: a story's own headings do not read so. */
export const ABOUT_SAID = 0.3;

/**
 * Once the story has said most of what it says, the site speaks: it asks the reader to do something (sign
 * up, subscribe, follow, click, comment), gives notice of itself (newsletters, comment rules, affiliate
 * links, trademarks), introduces the author ("Jane Doe is a reporter for …") or heads a box "About Jane
 * Doe". A line that does any of these there ends the story.
 */
const CALL_TO_ACTION =
  /^(?:sign up|subscribe|follow (?:us|me|him|her|them)|get (?:the day|our|breaking news|access)|join (?:us|our|the conversation|the discussion|now|today)|click|email (?:us|me|him|her|them|[^.]{1,40}\bat\s+\S+@)|support (?:us|our|local|independent|quality)|like this (?:story|article|post)|share (?:this|it)|download|check out|please (?:enable|log in|sign|subscribe|share|support|consider|keep it civil|read our)|want more|do you (?:rely|like|enjoy|want|value)|if you (?:enjoyed|liked)|let our|view the (?:discussion|comments)|got a (?:news |confidential )?tip|clique|klicken sie|haga clic|cliquez|clicca|klik)\b/iu;
const SITE_NOTICE =
  /\b(?:newsletters?|inbox|subscribe to|discussion thread|javascript|affiliate|this (?:site|website)|community (?:guidelines|rules|standards)|our standards|trademarks?|copyright|commenters?|moderador|moderator|modérateur|moderatore|(?:post|leave|view|read|submit|write) (?:a |the )?comments?)\b/i;
const AUTHOR_ROLE =
  /(?:^|\s)\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){0,3}(?: \([^()]{0,60}\))? (?:is|was) (?:an? |the )[^.]{0,80}\b(?:reporter|writer|editor|journalist|correspondent|columnist|curator|contributor|producer|author|critic|blogger)\b|\b(?:reporter|writer|editor|journalist|correspondent|columnist) \p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,3} (?:writes|covers|reports)\b/u;
const COMPANY_PROFILE =
  /^\p{Lu}[\p{L}\p{N}&'’.-]*(?: [\p{L}\p{N}&'’.-]+){0,3},? (?:is|are) (?:a|an|the) (?:[^.]{0,60} )?(?:provider|company|firm|organi[sz]ation|manufacturer|maker|developer|leader|publisher|agency|group|platform|network|supplier|specialist)\b|\bheadquartered in\b/u;
/** Whether a line is the site speaking (see CALL_TO_ACTION). */
export function siteSpeaks(line: string): boolean {
  return [CALL_TO_ACTION, SITE_NOTICE, AUTHOR_ROLE, COMPANY_PROFILE].some((pattern) => pattern.test(line));
}

/** "About Jane Doe" in the languages the stop-word lists cover (Dutch "Over" left out: "Over The Years" is a heading). */
export const ABOUT_HEADING =
  /^(?:[Aa]bout|[Ss]obre|[Üü]ber|[ÀàAa] propos de|[Aa]cerca de|[Ii]nformazioni su)\s+\p{Lu}[\p{L}'’.&-]*(?:\s+\p{Lu}[\p{L}'’.&-]*){0,4}$/u;
