/**
 * What a page may be before a DOM is built of it. Building and walking a DOM
 * (linkedom, Readability) costs far more than linear time on deep nesting, so
 * a page is measured first in one streaming pass (htmlparser2's tokenizer,
 * which closes implied elements as browsers do): a page nested deeper, or
 * with more elements, than any real article is refused with 422.
 */
import { Parser } from 'htmlparser2';
import { UnprocessableError } from '../errors.js';

/** Real article pages nest 20-40 deep and hold a few thousand elements. */
const MAX_HTML_DEPTH = 128;
const MAX_HTML_ELEMENTS = 60_000;

const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/** @throws UnprocessableError naming (body) when the page is beyond the limits. */
export function assertTractableHtml(html: string): void {
  let depth = 0;
  let elements = 0;
  let refused: string | undefined;
  const parser = new Parser(
    {
      onopentag(name) {
        elements++;
        if (!VOID.has(name)) depth++;
        if (refused !== undefined) return;
        if (depth > MAX_HTML_DEPTH) refused = `nests elements deeper than ${MAX_HTML_DEPTH} levels`;
        else if (elements > MAX_HTML_ELEMENTS) refused = `has more than ${MAX_HTML_ELEMENTS} elements`;
        if (refused !== undefined) parser.pause();
      },
      onclosetag(name) {
        if (!VOID.has(name)) depth = Math.max(0, depth - 1);
      },
    },
    { decodeEntities: false },
  );
  parser.end(html);
  if (refused !== undefined)
    throw new UnprocessableError(`The page ${refused}; no article page does.`, [
      { path: '(body)', message: refused },
    ]);
}
