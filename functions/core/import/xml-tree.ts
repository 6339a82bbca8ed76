/**
 * A feed file as a small namespace-aware tree, read by saxes (the strict,
 * namespace-aware XML parser jsdom uses): a file that is not well-formed XML
 * is refused with the parser's own line and column, never half-read.
 */
import { SaxesParser } from 'saxes';
import { escapeXml } from '../text.js';

export interface XmlElement {
  /** Namespace URI ('' when none). */
  ns: string;
  local: string;
  /** Attributes by local name (feeds' attributes are unprefixed, but for rdf:about and xml:base). */
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data and CDATA, concatenated (children's text is theirs). */
  text: string;
  /** Text and elements in document order (for markup carried as XML, Atom's xhtml content). */
  nodes: Array<string | XmlElement>;
}

/** HTML's named characters that feeds written by hand or by old generators use without declaring. */
const HTML_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  euro: '€',
  pound: '£',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  aacute: 'á',
  ccedil: 'ç',
  ouml: 'ö',
  uuml: 'ü',
  auml: 'ä',
  szlig: 'ß',
  deg: '°',
  times: '×',
};

/** @throws Error naming the line and column where the XML is not well-formed. */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true });
  Object.assign(parser.ENTITIES, HTML_ENTITIES);
  const root: XmlElement = { ns: '', local: '#document', attrs: {}, children: [], text: '', nodes: [] };
  const stack: XmlElement[] = [root];
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const attr of Object.values(tag.attributes)) {
      if (typeof attr === 'string') continue;
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') continue;
      attrs[attr.local] = attr.value;
    }
    const element: XmlElement = {
      ns: tag.uri ?? '',
      local: tag.local ?? tag.name,
      attrs,
      children: [],
      text: '',
      nodes: [],
    };
    const parent = stack[stack.length - 1] as XmlElement;
    parent.children.push(element);
    parent.nodes.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const append = (text: string) => {
    const top = stack[stack.length - 1] as XmlElement;
    top.text += text;
    top.nodes.push(text);
  };
  parser.on('text', append);
  parser.on('cdata', append);
  parser.write(xml).close();
  if (failure !== undefined) throw failure;
  return root;
}

/** The first child with this namespace and local name. */
export function child(element: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  return element?.children.find((c) => c.ns === ns && c.local === local);
}

export function childrenOf(element: XmlElement | undefined, ns: string, local: string): XmlElement[] {
  return element?.children.filter((c) => c.ns === ns && c.local === local) ?? [];
}

/** A child's trimmed text, or undefined when it is absent or empty. */
export function textOf(element: XmlElement | undefined, ns: string, local: string): string | undefined {
  const text = child(element, ns, local)?.text.trim();
  return text === undefined || text === '' ? undefined : text;
}

/** The element's content as markup: its text, or its children serialised (Atom's xhtml content). */
export function innerXml(element: XmlElement): string {
  const serialise = (e: XmlElement): string =>
    `<${e.local}${Object.entries(e.attrs)
      .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
      .join('')}>${inner(e)}</${e.local}>`;
  const inner = (e: XmlElement): string =>
    e.nodes.map((n) => (typeof n === 'string' ? escapeXml(n) : serialise(n))).join('');
  return inner(element);
}
