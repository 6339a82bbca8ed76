import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { categorySlug, ID_PATTERN, slugCandidate, slugify } from '../../functions/core/slug.js';

describe('slugify', () => {
  it('folds diacritics and apostrophes and joins words with hyphens, as ids always were', () => {
    expect(slugify('Kim Jong Un’s Visit — Café Crème!')).toBe('kim-jong-uns-visit-cafe-creme');
  });

  it('keeps the letters of every script, so permalinks carry meaning', () => {
    const cases: Array<[string, string]> = [
      ['مرحبا بالعالم', 'مرحبا-بالعالم'],
      ['北京欢迎你', '北京欢迎你'],
      ['日本語のタイトル', '日本語のタイトル'],
      ['Спорт сегодня', 'спорт-сегодня'],
      ['Ελληνικά Νέα', 'ελληνικα-νεα'],
      ['नमस्ते दुनिया', 'नमस्ते-दुनिया'],
    ];
    for (const [title, id] of cases) {
      expect(slugify(title), title).toBe(id);
      expect(slugify(title), title).toMatch(ID_PATTERN);
    }
  });

  it('gives titles with no letter at all ids of their own, not one shared "article"', () => {
    const ids = ['🎉🎉', '🚀', '!!!', '???'].map((t) => slugify(t));
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id).toMatch(/^article-[0-9a-f]{6}$/);
    expect(slugify('🚀')).toBe(slugify('🚀'));
  });

  it('cuts long titles at a hyphen and always yields a valid id', () => {
    for (const title of ['word '.repeat(60), 'слово '.repeat(60), '字'.repeat(200)]) {
      const slug = slugify(title);
      expect(Array.from(slug).length).toBeLessThanOrEqual(72);
      expect(slug).toMatch(ID_PATTERN);
      expect(slug.endsWith('-')).toBe(false);
    }
  });

  it('suffixes later candidates', () => {
    expect([1, 2, 3].map((n) => slugCandidate('a', n))).toEqual(['a', 'a-2', 'a-3']);
  });
});

describe('categorySlug', () => {
  it('never merges two different names', () => {
    const names = [
      'C',
      'C++',
      'C#',
      'Спорт',
      'Политика',
      '!!!',
      '???',
      'Tech & Science',
      'Tech Science',
      'Q&A',
      'Q/A',
    ];
    const slugs = names.map(categorySlug);
    expect(new Set(slugs).size).toBe(names.length);
    expect(categorySlug('C')).toBe('c');
    expect(categorySlug('Спорт')).toBe('спорт');
  });

  it('keeps the slugs of plain names as they were', () => {
    expect(categorySlug('World News')).toBe('world-news');
    expect(categorySlug('Editor’s Picks')).toBe('editors-picks');
    expect(categorySlug('  World   News ')).toBe(categorySlug('World News'));
  });

  it('gives every title, in any script or none, a valid id, and two names one slug only when they are the same', () => {
    const title = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 80 }),
      fc.constantFrom('مرحبا', 'שלום', '北京', 'Спорт', 'नमस्ते', '🎉', 'C++', 'C#', 'Q&A', '!!!'),
    );
    fc.assert(
      fc.property(title, (t) => {
        expect(slugify(t)).toMatch(ID_PATTERN);
        expect(categorySlug(t)).toMatch(/^[\p{Ll}\p{Lo}\p{Lm}\p{N}\p{M}-]+$/u);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(title, title, (a, b) => {
        const same = a.normalize('NFC').trim().toLowerCase() === b.normalize('NFC').trim().toLowerCase();
        if (!same && /[^\p{L}\p{N}\p{M}\s'’‘`-]/u.test(a + b))
          expect(categorySlug(a)).not.toBe(categorySlug(b));
      }),
      { numRuns: 1000 },
    );
  });
});
