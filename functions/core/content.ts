import { Parser } from 'htmlparser2';
import { marked } from 'marked';
import { STRUCTURE_TAGS } from './sanitise.js';
import { escapeXml, normaliseSpace, truncateAtWord } from './text.js';

export const SUMMARY_MAX = 500;

/** Markdown to (unsanitised) HTML; the caller sanitises like any other HTML. */
export function markdownToHtml(markdown: string): string {
  return marked.parse(markdown, { async: false, gfm: true });
}

/**
 * Plain text to paragraphs: blank lines separate paragraphs; when there is
 * none, every non-empty line is one. Text is escaped, never interpreted.
 * @example textToHtml('a\n\nb') === '<p>a</p>\n<p>b</p>'
 */
export function textToHtml(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n').trim();
  const blocks = /\n\s*\n/.test(normalised) ? normalised.split(/\n\s*\n/) : normalised.split('\n');
  return blocks
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map(
      (block) =>
        `<p>${block
          .split('\n')
          .map((line) => escapeXml(line.trim()))
          .join('<br>')}</p>`,
    )
    .join('\n');
}

const BLOCKS = new Set([
  'p',
  'li',
  'blockquote',
  'h2',
  'h3',
  'h4',
  'pre',
  'figcaption',
  'br',
  'hr',
  'figure',
  'ul',
  'ol',
  // A table's cells and a definition list's terms are blocks too: their words never run together.
  ...STRUCTURE_TAGS,
]);

/**
 * The text of an HTML fragment split into its blocks (entities decoded,
 * white space normalised). Paragraph-like blocks are flagged so a summary
 * can prefer them over headings.
 */
export function htmlBlocks(html: string): Array<{ tag: string; text: string }> {
  const blocks: Array<{ tag: string; text: string }> = [];
  let current = '';
  let tag = 'p';
  const flush = () => {
    const text = normaliseSpace(current);
    if (text.length > 0) blocks.push({ tag, text });
    current = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (BLOCKS.has(name)) {
          flush();
          tag = name;
        }
      },
      ontext(text) {
        current += text;
      },
      onclosetag(name) {
        if (BLOCKS.has(name)) {
          flush();
          tag = 'p';
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return blocks;
}

/**
 * Plain text of an HTML fragment, blocks separated by a space: what summaries,
 * search text and the extraction benchmark read. Every word of the fragment's
 * text is kept (a DOM's textContent, with spaces where blocks meet).
 */
export function htmlToText(html: string): string {
  return htmlBlocks(html)
    .map((b) => b.text)
    .join(' ');
}

/**
 * A summary from the content: the text of its paragraphs (headings only when
 * there are no paragraphs), at most 500 characters, cut at a word.
 */
export function deriveSummary(contentHtml: string): string {
  const blocks = htmlBlocks(contentHtml);
  const paragraphs = blocks.filter((b) => b.tag === 'p' || b.tag === 'blockquote' || b.tag === 'li');
  const chosen = paragraphs.length > 0 ? paragraphs : blocks;
  let text = '';
  for (const block of chosen) {
    text = text.length === 0 ? block.text : `${text} ${block.text}`;
    if (text.length >= SUMMARY_MAX) break;
  }
  return truncateAtWord(text, SUMMARY_MAX);
}
