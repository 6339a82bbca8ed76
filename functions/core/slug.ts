import { createHash } from 'node:crypto';

/**
 * An article id: 1-80 characters of lower-case letters of any script, digits,
 * combining marks and inner hyphens. URLs carry it percent-encoded (an IRI,
 * as WordPress does); files and keys carry it as it is.
 */
export const ID_PATTERN =
  /^[\p{Ll}\p{Lo}\p{Lm}\p{N}](?:[\p{Ll}\p{Lo}\p{Lm}\p{N}\p{M}-]{0,78}[\p{Ll}\p{Lo}\p{Lm}\p{N}\p{M}])?$/u;

/** Six hex digits of a text's SHA-256: the part of a slug that tells texts apart when their letters cannot. */
const digest = (text: string) => createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, 6);

/**
 * The letters and digits of a text, in any script, joined by hyphens: Latin
 * diacritics folded (café → cafe, as ids always were), other scripts kept
 * whole (Спорт → спорт, 東京 → 東京), apostrophes dropped.
 */
function letters(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC')
      .toLowerCase()
      .replace(/['’‘`]/g, '')
      .replace(/[^\p{L}\p{N}\p{M}]+/gu, '-')
      // Marks stand after a letter: one with none to stand on (a lone accent, a musical stem) goes.
      .replace(/(^|-)\p{M}+/gu, '$1')
      .replace(/^-+|-+$/g, '')
  );
}

/** Cut to `max` characters (code points), at a hyphen when one is near. */
function cut(base: string, max: number): string {
  const chars = Array.from(base);
  if (chars.length <= max) return base;
  const head = chars.slice(0, max).join('');
  const atHyphen = head.lastIndexOf('-');
  return (atHyphen > head.length / 2 ? head.slice(0, atHyphen) : head).replace(/-+$/g, '');
}

/**
 * Turns a title into an id: its letters and digits in any script joined by
 * hyphens, at most `max` characters, cut at a hyphen. A title with no letter
 * or digit at all (emoji, punctuation) gets `article-` and a digest of it, so
 * such titles do not all collide. Latin titles give the ids they always gave.
 * @example slugify('Kim Jong Un’s Visit!') === 'kim-jong-uns-visit'
 * @example slugify('Спорт сегодня') === 'спорт-сегодня'
 */
export function slugify(title: string, max = 72): string {
  const base = letters(title);
  return base.length === 0 ? `article-${digest(title)}` : cut(base, max);
}

/**
 * A category's slug, which never merges two different names: the name's
 * letters and digits (any script) as for ids, and when the name holds more
 * than letters, digits, spaces and hyphens (C++ and C#, Q&A, !!!), a digest of
 * the whole name after them, so C, C++ and C# are three categories.
 * @example categorySlug('World News') === 'world-news'
 */
export function categorySlug(name: string): string {
  const base = letters(name);
  const plain = /^[\p{L}\p{N}\p{M}\s'’‘`-]*$/u.test(name.normalize('NFC').trim());
  if (plain && base.length > 0) return cut(base, 72);
  return `${base.length === 0 ? 'c' : cut(base, 64)}-${digest(name.trim().toLowerCase())}`;
}

/** The n-th candidate for a title's id: `slug`, then `slug-2`, `slug-3`... */
export function slugCandidate(slug: string, attempt: number): string {
  return attempt <= 1 ? slug : `${slug}-${attempt}`;
}
