import { describe, expect, it } from 'vitest';
import { ID_PATTERN, slugCandidate, slugify } from '../../functions/core/slug.js';

describe('slugify', () => {
  it('folds diacritics and apostrophes and joins words with hyphens', () => {
    expect(slugify('Kim Jong Un’s Visit — Café Crème!')).toBe('kim-jong-uns-visit-cafe-creme');
  });
  it('falls back to "article" for titles with no ASCII letters', () => {
    expect(slugify('日本語のタイトル')).toBe('article');
  });
  it('cuts long titles at a hyphen and always yields a valid id', () => {
    const slug = slugify('word '.repeat(60));
    expect(slug.length).toBeLessThanOrEqual(72);
    expect(slug).toMatch(ID_PATTERN);
    expect(slug.endsWith('-')).toBe(false);
  });
  it('suffixes later candidates', () => {
    expect([1, 2, 3].map((n) => slugCandidate('a', n))).toEqual(['a', 'a-2', 'a-3']);
  });
});
