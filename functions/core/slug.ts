export const ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$/;
export const ID_MAX = 80;

/**
 * Turns a title into an id: lowercase ASCII letters and digits joined by
 * hyphens, diacritics folded, at most `max` characters, cut at a hyphen.
 * @example slugify('Kim Jong Un’s Visit!') === 'kim-jong-uns-visit'
 */
export function slugify(title: string, max = 72): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (base.length === 0) return 'article';
  if (base.length <= max) return base;
  const cut = base.slice(0, max);
  const atHyphen = cut.lastIndexOf('-');
  return (atHyphen > max / 2 ? cut.slice(0, atHyphen) : cut).replace(/-+$/g, '');
}

/** The n-th candidate for a title's id: `slug`, then `slug-2`, `slug-3`... */
export function slugCandidate(slug: string, attempt: number): string {
  return attempt <= 1 ? slug : `${slug}-${attempt}`;
}
