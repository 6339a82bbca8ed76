/**
 * The article a page describes in microdata (itemscope/itemprop, schema.org
 * NewsArticle, BlogPosting, Article and their kin): the same statement as
 * JSON-LD, written into the markup.
 */
import { normaliseSpace } from '../text.js';
import { ARTICLE_TYPE, type LinkedArticle } from './linked-data.js';

/** An item's own properties: those whose nearest item is it (a nested item's properties are its own). */
function propertiesOf(scope: Element, name: string): Element[] {
  return Array.from(scope.querySelectorAll(`[itemprop~="${name}"]`)).filter((el) => {
    const owner = el.hasAttribute('itemscope')
      ? el.parentElement?.closest('[itemscope]')
      : el.closest('[itemscope]');
    return owner === scope;
  });
}

/** A property's value as microdata defines it: an attribute for some elements, the text for the rest. */
function propertyValue(el: Element): string {
  const tag = el.tagName.toLowerCase();
  const attribute =
    tag === 'meta'
      ? 'content'
      : ['img', 'audio', 'video', 'source', 'embed', 'iframe', 'track'].includes(tag)
        ? 'src'
        : ['a', 'area', 'link'].includes(tag)
          ? 'href'
          : tag === 'time'
            ? 'datetime'
            : tag === 'data' || tag === 'meter'
              ? 'value'
              : undefined;
  const value = attribute === undefined ? null : el.getAttribute(attribute);
  return normaliseSpace(value ?? el.textContent ?? '');
}

const first = (scope: Element, name: string): string | undefined => {
  const value = propertiesOf(scope, name)
    .map(propertyValue)
    .find((v) => v !== '');
  return value === undefined || value === '' ? undefined : value;
};

/** The first article item of the page, or undefined. */
export function microdataArticle(root: ParentNode): LinkedArticle | undefined {
  const scope = Array.from(root.querySelectorAll('[itemscope][itemtype]')).find((el) =>
    (el.getAttribute('itemtype') ?? '')
      .split(/\s+/)
      .some((type) => ARTICLE_TYPE.test(type.replace(/^https?:\/\/schema\.org\//, ''))),
  );
  if (scope === undefined) return undefined;
  // An author is a Person item (its name) or a plain value.
  const authors = propertiesOf(scope, 'author').flatMap((el) => {
    const name = el.hasAttribute('itemscope') ? first(el, 'name') : propertyValue(el);
    return name === undefined || name === '' ? [] : [name];
  });
  const keywords = propertiesOf(scope, 'keywords')
    .flatMap((el) => propertyValue(el).split(','))
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
  const found: LinkedArticle = { authors: [...new Set(authors)], keywords: [...new Set(keywords)] };
  const headline = first(scope, 'headline') ?? first(scope, 'name');
  if (headline !== undefined) found.headline = headline;
  const published = first(scope, 'datePublished');
  if (published !== undefined) found.datePublished = published;
  const modified = first(scope, 'dateModified');
  if (modified !== undefined) found.dateModified = modified;
  const imageEl = propertiesOf(scope, 'image')[0];
  const image =
    imageEl === undefined
      ? undefined
      : imageEl.hasAttribute('itemscope')
        ? first(imageEl, 'url')
        : propertyValue(imageEl);
  if (image !== undefined && image !== '') found.image = image;
  return found;
}
