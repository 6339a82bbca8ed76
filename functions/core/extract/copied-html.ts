/**
 * The story's lines as HTML: paragraphs, a short title-like line between
 * paragraphs as h2, bulleted and numbered lines as lists, a table's rows as a
 * table (or, copied without cells, a paragraph each).
 */
import { escapeXml } from '../text.js';
import { isParagraph, isTitleLike, LIST_ITEM, type Line, tableRows } from './copied-lines.js';

/** A block of the story: its lines, or one row of a table. */
interface Unit {
  lines: string[];
  row?: { cells?: readonly string[] };
}

/**
 * Regroups the story's lines into blocks as the page set them apart with blank lines; text copied without
 * blank lines has every line stand alone, and a table's row always does.
 */
function unitsOf(lines: readonly Line[]): Unit[] {
  const rows = tableRows(lines);
  const oneBlock = lines.every((line) => line.block === lines[0]?.block);
  const blocks: Unit[] = [];
  let current: Unit | undefined;
  lines.forEach((line, i) => {
    if (rows[i]) {
      current = undefined;
      blocks.push({ lines: [line.text], row: line.cells === undefined ? {} : { cells: line.cells } });
      return;
    }
    if (current === undefined || oneBlock || line.block !== (lines[i - 1] as Line).block) {
      current = { lines: [] };
      blocks.push(current);
    }
    current.lines.push(line.text);
  });
  return blocks;
}

/**
 * @param lines the story's lines, in order.
 * @returns the HTML blocks, and the lead (the first block's text, for the summary).
 */
export function storyHtml(lines: readonly Line[]): { html: string[]; lead: string | undefined } {
  const units = unitsOf(lines);
  const html: string[] = [];
  let lead: string | undefined;
  /** The list being gathered: bulleted (ul) or numbered (ol) lines in a row, each an item. */
  let list: { tag: 'ul' | 'ol'; items: string[] } | undefined;
  /** The table being gathered: its rows' cells. */
  let table: Array<readonly string[]> | undefined;
  const close = () => {
    if (list !== undefined)
      html.push(
        `<${list.tag}>${list.items.map((item) => `<li>${escapeXml(item)}</li>`).join('')}</${list.tag}>`,
      );
    if (table !== undefined) {
      const rows = table.map((cells) => `<tr>${cells.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`);
      html.push(`<table><tbody>${rows.join('')}</tbody></table>`);
    }
    list = undefined;
    table = undefined;
  };
  units.forEach((unit, index) => {
    const text = unit.lines.join(' ');
    if (unit.row?.cells !== undefined) {
      if (list !== undefined) close();
      table ??= [];
      table.push(unit.row.cells);
      return;
    }
    const item = unit.row === undefined ? LIST_ITEM.exec(text) : null;
    const nextItem =
      units[index + 1] !== undefined && LIST_ITEM.test((units[index + 1] as Unit).lines.join(' '));
    // Lists stay lists: two or more bulleted or numbered lines in a row.
    if (item?.[2] !== undefined && (list !== undefined || nextItem)) {
      const tag = /\d/.test(item[1] ?? '') ? 'ol' : 'ul';
      if (table !== undefined || (list !== undefined && list.tag !== tag)) close();
      list ??= { tag, items: [] };
      list.items.push(item[2]);
      lead ??= item[2];
      return;
    }
    close();
    const next = units[index + 1];
    const nextIsBody = next !== undefined && isParagraph(next.lines.join(' '));
    // Between paragraphs: after the lead, before body text; a table's row is never a heading.
    if (
      unit.row === undefined &&
      lead !== undefined &&
      unit.lines.length === 1 &&
      text.length <= 100 &&
      isTitleLike(text, 14) &&
      nextIsBody
    ) {
      html.push(`<h2>${escapeXml(text)}</h2>`);
      return;
    }
    if (unit.row === undefined) lead ??= text;
    html.push(`<p>${escapeXml(text)}</p>`);
  });
  close();
  return { html, lead };
}
