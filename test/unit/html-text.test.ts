/**
 * One HTML-to-text function for summaries, search text and the benchmark's
 * scoring: every word of the text is kept, and blocks never run together.
 * Checked against a real DOM's textContent over random fragments of tables,
 * lists, definition lists, inline elements, dir/lang and non-Latin text.
 */
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { deriveSummary, htmlToText } from '../../functions/core/content.js';
import { sanitiseHtml } from '../../functions/core/sanitise.js';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const BLOCK = new Set(
  'p li blockquote h2 h3 h4 pre figcaption br hr figure ul ol table caption thead tbody tfoot tr th td dl dt dd'.split(
    ' ',
  ),
);

/** The DOM's text with a space wherever a block starts or ends: the reference. */
function domText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === 3) out += node.textContent ?? '';
    const name = node.nodeName.toLowerCase();
    if (BLOCK.has(name)) out += ' ';
    for (const child of Array.from(node.childNodes)) walk(child);
    if (BLOCK.has(name)) out += ' ';
  };
  walk(document.body);
  return out.replace(/\s+/g, ' ').trim();
}

const word = fc.constantFrom(
  'ship',
  'tide',
  'مرحبا',
  'שלום',
  '日本語',
  'Спорт',
  'नमस्ते',
  'ναυς',
  '42',
  'a&b',
  '<x>',
  'end.',
);
const text = fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
const esc = (t: string) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
const attrs = fc.constantFrom('', ' dir="rtl"', ' lang="ar"', ' dir="auto" lang="he"', ' dir="ltr"');

const inline: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text.map(esc),
    fc
      .tuple(
        fc.constantFrom('em', 'strong', 'sub', 'sup', 'abbr', 'span', 'code', 'mark', 'q'),
        attrs,
        tie('node'),
      )
      .map(([tag, a, inner]) => `<${tag}${a}>${inner}</${tag}>`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `${a} ${b}`),
  ),
})).node;

const block: fc.Arbitrary<string> = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(fc.constantFrom('p', 'h2', 'blockquote'), attrs, inline)
      .map(([t, a, i]) => `<${t}${a}>${i}</${t}>`),
    fc
      .array(inline, { minLength: 1, maxLength: 3 })
      .map((items) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`),
    fc
      .array(fc.tuple(inline, inline), { minLength: 1, maxLength: 3 })
      .map(
        (rows) =>
          `<table><tbody>${rows.map(([a, b]) => `<tr><td>${a}</td><th scope="row">${b}</th></tr>`).join('')}</tbody></table>`,
      ),
    fc.tuple(inline, inline).map(([t, d]) => `<dl><dt>${t}</dt><dd>${d}</dd></dl>`),
    fc.tuple(inline, tie('node')).map(([a, inner]) => `<table><tr><td>${a}${inner}</td></tr></table>`),
  ),
})).node;

describe('htmlToText', () => {
  it('keeps every word of a real DOM textContent, and no two blocks run together', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 5 }), (blocks) => {
        const clean = sanitiseHtml(blocks.join(''), 'https://news.example/');
        expect(htmlToText(clean)).toBe(domText(clean));
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps dir and lang, tables and definition lists through the sanitiser', () => {
    fc.assert(
      fc.property(block, (html) => {
        const clean = sanitiseHtml(html, 'https://news.example/');
        for (const kept of ['dir="rtl"', 'lang="ar"', '<table>', '<dl>', 'scope="row"'])
          if (html.includes(kept)) expect(clean).toContain(kept);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes summaries with their inline words and spaces between blocks', () => {
    const html = sanitiseHtml(
      '<p>Filler with an <abbr title="x">inline</abbr>. point</p><table><tr><td>Outer</td><td>cell</td></tr></table><dl><dt>term</dt><dd>def</dd></dl><p>After.</p>',
      'https://news.example/',
    );
    expect(htmlToText(html)).toBe('Filler with an inline. point Outer cell term def After.');
    expect(deriveSummary(html)).toBe('Filler with an inline. point After.');
  });
});
