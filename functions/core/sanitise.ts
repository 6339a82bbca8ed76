import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';
import { stripXmlIllegal } from './text.js';

/** Tables and definition lists: blocks of their own, kept whole by the sanitiser, never run together as text. */
export const STRUCTURE_TAGS = [
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'dl',
  'dt',
  'dd',
];

const ALLOWED_TAGS = [
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'a',
  'img',
  'ul',
  'ol',
  'li',
  'blockquote',
  'em',
  'strong',
  'i',
  'b',
  'code',
  'pre',
  'figure',
  'figcaption',
  'hr',
  // Tables and definition lists keep their structure (pages scroll a wide table inside itself).
  ...STRUCTURE_TAGS,
  // Inline text that must not be lost: its words stay, now with their meaning.
  'sub',
  'sup',
  'abbr',
  'q',
  'cite',
  'mark',
  'small',
  's',
  'u',
  'span',
  'bdi',
  'bdo',
];

/** Direction and language, allowed on every element: right-to-left paragraphs stay right-to-left. */
const DIRECTION = ['dir', 'lang'];
const DIR_VALUES = new Set(['ltr', 'rtl', 'auto']);
/** A BCP 47 tag in its common forms (en, pt-BR, zh-Hant-TW, sr-Latn). */
const LANG_PATTERN = /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/i;

/** Keeps dir and lang only with values a browser understands. */
function direction(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { dir, lang, ...rest } = attribs;
  return {
    ...rest,
    ...(dir !== undefined && DIR_VALUES.has(dir.toLowerCase()) ? { dir: dir.toLowerCase() } : {}),
    ...(lang !== undefined && LANG_PATTERN.test(lang) ? { lang } : {}),
  };
}

/** Every allowed tag's transform also cleans its dir and lang. */
const withDirection =
  (tagName: string, extra: (attribs: sanitizeHtml.Attributes) => sanitizeHtml.Attributes = (a) => a) =>
  (_: string, attribs: sanitizeHtml.Attributes) => ({ tagName, attribs: extra(direction(attribs)) });

/** A table cell's span: a whole number from 1 to 1000, or nothing. */
function spans(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const { colspan, rowspan, scope, ...rest } = attribs;
  const span = (v: string | undefined) => (v !== undefined && /^[1-9]\d{0,2}$/.test(v) ? v : undefined);
  return {
    ...rest,
    ...(span(colspan) === undefined ? {} : { colspan: colspan as string }),
    ...(span(rowspan) === undefined ? {} : { rowspan: rowspan as string }),
    ...(scope !== undefined && /^(row|col|rowgroup|colgroup)$/.test(scope) ? { scope } : {}),
  };
}

/** Resolves a URL against the article's URL; null when it cannot be parsed. */
function absolute(value: string | undefined, base: string): string | null {
  if (value === undefined) return null;
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return null;
  }
}

function withUrl(attribs: sanitizeHtml.Attributes, name: string, base: string): sanitizeHtml.Attributes {
  const { [name]: raw, ...rest } = attribs;
  const resolved = absolute(raw, base);
  return resolved === null ? rest : { ...rest, [name]: resolved };
}

/** Blocks whose direction a browser sets from their own text when told dir="auto". */
const DIRECTED_BLOCKS = new Set([
  'p',
  'li',
  'h2',
  'h3',
  'h4',
  'blockquote',
  'figcaption',
  'caption',
  'th',
  'td',
  'dt',
  'dd',
]);
/** Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms: right-to-left letters. */
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/u;

/**
 * Adds dir="auto" to each block with no dir of its own whose text starts in
 * the other direction than the site's (an Arabic paragraph on an English
 * site), so every reader, not only our pages, sets it right to left.
 */
function markDirection(html: string, site: 'ltr' | 'rtl'): string {
  const inserts: number[] = [];
  const open: Array<{ at: number; decided: boolean } | null> = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const undecided = DIRECTED_BLOCKS.has(name) && attribs.dir === undefined;
        open.push(undecided ? { at: parser.startIndex + 1 + name.length, decided: false } : null);
      },
      ontext(text) {
        const first = /\p{L}/u.exec(text)?.[0];
        if (first === undefined) return;
        const direction = RTL_LETTER.test(first) ? 'rtl' : 'ltr';
        for (const block of open) {
          if (block === null || block.decided) continue;
          block.decided = true;
          if (direction !== site) inserts.push(block.at);
        }
      },
      onclosetag() {
        open.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  let out = html;
  for (const at of inserts.sort((a, b) => b - a)) out = `${out.slice(0, at)} dir="auto"${out.slice(at)}`;
  return out;
}

/**
 * Sanitises untrusted HTML to the article allowlist: no script, style, iframe,
 * event handlers or javascript:/data: URLs; relative URLs made absolute against
 * `baseUrl`; h1 demoted to h2 (the page owns h1); images always carry alt.
 * @example sanitiseHtml('<p onclick="x()">Hi<script>1</script></p>', 'https://a.example/') === '<p>Hi</p>'
 */
export function sanitiseHtml(html: string, baseUrl: string): string {
  const clean = sanitizeHtml(stripXmlIllegal(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      '*': DIRECTION,
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      code: ['class'],
      pre: ['class'],
      abbr: ['title'],
      th: ['colspan', 'rowspan', 'scope'],
      td: ['colspan', 'rowspan'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/], pre: [/^language-[\w-]+$/] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Text inside these is never content (script bodies, styles, templates).
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'template',
      'title',
      'iframe',
      'object',
      'svg',
      'math',
    ],
    transformTags: {
      ...Object.fromEntries(ALLOWED_TAGS.map((tag) => [tag, withDirection(tag)])),
      h1: withDirection('h2'),
      h5: withDirection('h4'),
      h6: withDirection('h4'),
      th: withDirection('th', spans),
      td: withDirection('td', spans),
      a: withDirection('a', (attribs) => withUrl(attribs, 'href', baseUrl)),
      img: withDirection('img', (attribs) => {
        const next = withUrl(attribs, 'src', baseUrl);
        return { ...next, alt: next.alt ?? '' };
      }),
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  return markDirection(clean.trim(), 'ltr');
}
