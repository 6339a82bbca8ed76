/** Atom 1.0 (Jekyll, Blogger, most static sites) into the import's items. */
import type { Author } from '../article.js';
import { deriveSummary } from '../content.js';
import { normaliseSpace } from '../text.js';
import { complete, type FeedFile, NS, readDate, unique } from './feed-items.js';
import { child, childrenOf, innerXml, textOf, type XmlElement } from './xml-tree.js';

/** Atom text constructs: html is markup as text, xhtml is markup as XML (inside one div), text is text. */
function atomText(element: XmlElement | undefined): { html: string } | { text: string } | null {
  if (element === undefined) return null;
  const type = element.attrs.type ?? 'text';
  if (type === 'xhtml') {
    const div = element.children.find((c) => c.local === 'div');
    return { html: div === undefined ? innerXml(element) : innerXml(div) };
  }
  if (type === 'html' || type === 'text/html')
    return element.text.trim() === '' ? null : { html: element.text };
  return element.text.trim() === '' ? null : { text: element.text };
}

function plainOf(text: { html: string } | { text: string } | null): string | undefined {
  if (text === null) return undefined;
  return 'html' in text ? deriveSummary(text.html) : normaliseSpace(text.text);
}

function atomAuthors(element: XmlElement | undefined): Author[] {
  return childrenOf(element, NS.atom, 'author')
    .map((a) => ({
      name: normaliseSpace(textOf(a, NS.atom, 'name') ?? ''),
      ...(textOf(a, NS.atom, 'uri') === undefined ? {} : { url: textOf(a, NS.atom, 'uri') }),
      ...(textOf(a, NS.atom, 'email') === undefined ? {} : { email: textOf(a, NS.atom, 'email') }),
    }))
    .filter((a) => a.name !== '');
}

function atomLink(element: XmlElement, rel: string): string | undefined {
  return childrenOf(element, NS.atom, 'link').find((l) => (l.attrs.rel ?? 'alternate') === rel)?.attrs.href;
}

export function readAtom(feed: XmlElement): FeedFile {
  const feedAuthors = atomAuthors(feed);
  const items = childrenOf(feed, NS.atom, 'entry').map((entry) => {
    const authors = atomAuthors(entry);
    const enclosure = childrenOf(entry, NS.atom, 'link').find(
      (l) => l.attrs.rel === 'enclosure' && (l.attrs.type ?? '').startsWith('image/'),
    )?.attrs.href;
    const thumbnail = child(entry, NS.media, 'thumbnail')?.attrs.url;
    const published = textOf(entry, NS.atom, 'published');
    const updated = textOf(entry, NS.atom, 'updated');
    const content = atomText(child(entry, NS.atom, 'content'));
    const summary = atomText(child(entry, NS.atom, 'summary'));
    return complete({
      guid: textOf(entry, NS.atom, 'id'),
      title: plainOf(atomText(child(entry, NS.atom, 'title'))),
      link: atomLink(entry, 'alternate'),
      publishedAt: readDate(published ?? updated),
      updatedAt: readDate(updated),
      authors: authors.length > 0 ? authors : feedAuthors,
      categories: unique(childrenOf(entry, NS.atom, 'category').map((c) => c.attrs.label ?? c.attrs.term)),
      summary: content === null ? undefined : plainOf(summary),
      content: content ?? summary,
      image: thumbnail ?? enclosure,
      status: 'published',
    });
  });
  return { format: 'atom', link: atomLink(feed, 'alternate'), items, skipped: [] };
}
