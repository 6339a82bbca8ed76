/** The story's lines as HTML: paragraphs, a short title-like line between paragraphs as h2, bulleted and numbered lines as lists. */
import { escapeXml } from '../text.js';
import { isParagraph, isTitleLike, LIST_ITEM } from './copied-lines.js';

/**
 * @param units the story's blocks, each its lines.
 * @returns the HTML blocks, and the lead (the first block's text, for the summary).
 */
export function storyHtml(units: readonly string[][]): { html: string[]; lead: string | undefined } {
  const html: string[] = [];
  let lead: string | undefined;
  /** The list being gathered: bulleted (ul) or numbered (ol) lines in a row, each an item. */
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  const closeList = () => {
    if (list === undefined) return;
    html.push(
      `<${list.tag}>${list.items.map((item) => `<li>${escapeXml(item)}</li>`).join('')}</${list.tag}>`,
    );
    list = undefined;
  };
  units.forEach((unit, index) => {
    const text = unit.join(' ');
    const item = LIST_ITEM.exec(text);
    const nextItem =
      units[index + 1] !== undefined && LIST_ITEM.test((units[index + 1] as string[]).join(' '));
    // Lists stay lists: two or more bulleted or numbered lines in a row.
    if (item?.[2] !== undefined && (list !== undefined || nextItem)) {
      const tag = /\d/.test(item[1] ?? '') ? 'ol' : 'ul';
      if (list !== undefined && list.tag !== tag) closeList();
      list ??= { tag, items: [] };
      list.items.push(item[2]);
      lead ??= item[2];
      return;
    }
    closeList();
    const next = units[index + 1];
    const nextIsBody = next !== undefined && isParagraph(next.join(' '));
    // Between paragraphs: after the lead, before body text.
    if (
      lead !== undefined &&
      unit.length === 1 &&
      text.length <= 100 &&
      isTitleLike(text, 14) &&
      nextIsBody
    ) {
      html.push(`<h2>${escapeXml(text)}</h2>`);
      return;
    }
    lead ??= text;
    html.push(`<p>${escapeXml(text)}</p>`);
  });
  closeList();
  return { html, lead };
}
