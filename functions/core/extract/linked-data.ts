/**
 * The article a page describes in JSON-LD (schema.org NewsArticle,
 * BlogPosting, Article and their kin): the publisher's own statement of its
 * headline, dates, authors, keywords and image, read before anything else.
 */
import { decodeHTML } from 'entities';
import { normaliseSpace } from '../text.js';

export interface LinkedArticle {
  headline?: string;
  datePublished?: string;
  dateModified?: string;
  authors: string[];
  keywords: string[];
  image?: string;
}

export const ARTICLE_TYPE =
  /^(\w+NewsArticle|NewsArticle|Article|BlogPosting|LiveBlogPosting|Report|TechArticle)$/;

type Node = Record<string, unknown>;

/** Every object in a JSON-LD document: top-level arrays and @graph flattened. */
function nodesOf(value: unknown): Node[] {
  if (Array.isArray(value)) return value.flatMap(nodesOf);
  if (value === null || typeof value !== 'object') return [];
  const node = value as Node;
  return [node, ...nodesOf(node['@graph'])];
}

/**
 * A string's text. A script's content is not HTML, so its character references are not decoded by the
 * parser, yet many publishers write them into JSON-LD ("&#8216;Title&#8217;"): they are decoded here.
 */
const text = (value: unknown): string | undefined => {
  if (typeof value !== 'string') return undefined;
  const decoded = normaliseSpace(decodeHTML(value));
  return decoded === '' ? undefined : decoded;
};

/** A name from a string, an object with a name, or a list of either. */
function names(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(names);
  if (typeof value === 'string') return text(value) === undefined ? [] : [text(value) as string];
  if (value !== null && typeof value === 'object') {
    const name = text((value as Node).name);
    return name === undefined ? [] : [name];
  }
  return [];
}

/** An image URL from a string, an ImageObject, or the first of a list. */
function imageOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.map(imageOf).find((v) => v !== undefined);
  if (typeof value === 'string') return text(value);
  if (value !== null && typeof value === 'object')
    return text((value as Node).url) ?? text((value as Node).contentUrl);
  return undefined;
}

function isArticle(node: Node): boolean {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).some((t) => typeof t === 'string' && ARTICLE_TYPE.test(t));
}

/**
 * The first article described in the page's JSON-LD scripts, or undefined.
 * Scripts that do not parse are passed over.
 */
export function linkedArticle(scripts: readonly string[]): LinkedArticle | undefined {
  for (const script of scripts) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(script);
    } catch {
      continue;
    }
    const node = nodesOf(parsed).find(isArticle);
    if (node === undefined) continue;
    const keywords = Array.isArray(node.keywords)
      ? node.keywords.flatMap((k) => (text(k) === undefined ? [] : [text(k) as string]))
      : (text(node.keywords) ?? '')
          .split(',')
          .map((k) => k.trim())
          .filter((k) => k.length > 0);
    const found: LinkedArticle = {
      authors: [...new Set(names(node.author))],
      keywords: [...new Set([...keywords, ...names(node.articleSection)])],
    };
    const headline = text(node.headline) ?? text(node.name);
    if (headline !== undefined) found.headline = headline;
    const published = text(node.datePublished);
    if (published !== undefined) found.datePublished = published;
    const modified = text(node.dateModified);
    if (modified !== undefined) found.dateModified = modified;
    const image = imageOf(node.image);
    if (image !== undefined) found.image = image;
    return found;
  }
  return undefined;
}

/**
 * One statement of the article from several (JSON-LD, then microdata): each field from the first that has
 * it; undefined when none was made.
 */
export function firstStated(...statements: Array<LinkedArticle | undefined>): LinkedArticle | undefined {
  const made = statements.filter((s): s is LinkedArticle => s !== undefined);
  if (made.length === 0) return undefined;
  const merged: LinkedArticle = {
    authors: made.find((s) => s.authors.length > 0)?.authors ?? [],
    keywords: made.find((s) => s.keywords.length > 0)?.keywords ?? [],
  };
  for (const field of ['headline', 'datePublished', 'dateModified', 'image'] as const) {
    const value = made.find((s) => s[field] !== undefined)?.[field];
    if (value !== undefined) merged[field] = value;
  }
  return merged;
}

const SEPARATORS = [' | ', ' – ', ' — ', ' - ', ' :: ', ': ', ' · '];

/**
 * A page title without the site's name around it ("Headline – Site", "Site |
 * Headline"): cut at a separator when the other side is the site's name, or
 * when one side is the page's own main heading.
 */
export function withoutSiteName(
  title: string,
  siteName: string | undefined,
  heading: string | undefined,
): string {
  const same = (a: string, b: string | undefined) =>
    b !== undefined && normaliseSpace(a).toLowerCase() === normaliseSpace(b).toLowerCase();
  for (const sep of SEPARATORS) {
    const at = title.lastIndexOf(sep);
    if (at > 0) {
      const head = title.slice(0, at);
      const tail = title.slice(at + sep.length);
      if (same(tail, siteName) || same(head, heading)) return normaliseSpace(head);
    }
    const first = title.indexOf(sep);
    if (first > 0) {
      const head = title.slice(0, first);
      const tail = title.slice(first + sep.length);
      if (same(head, siteName) || same(tail, heading)) return normaliseSpace(tail);
    }
  }
  return normaliseSpace(title);
}
