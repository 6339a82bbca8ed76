import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.js';
import { parseArticleInput } from '../../functions/core/schema.js';

function errorsOf(body: unknown): Array<{ path: string; message: string }> {
  try {
    parseArticleInput(body);
  } catch (error) {
    if (error instanceof ValidationError) return error.errors;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('parseArticleInput', () => {
  it('accepts a minimal article and strips XML-illegal characters from every string', () => {
    const input = parseArticleInput({
      title: 'Hi\u0000 there',
      contentText: 'Body\u0007',
      categories: ['a\uFFFE'],
    });
    expect(input).toMatchObject({ title: 'Hi there', contentText: 'Body', categories: ['a'] });
  });
  it('names each unknown field by its own path, however deep', () => {
    expect(
      errorsOf({ title: 'x', contentText: 'y', colour: 'red', authors: [{ name: 'a', nick: 'b' }] }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'colour', message: 'is not a known field' },
        { path: 'authors.0.nick', message: 'is not a known field' },
      ]),
    );
    expect(errorsOf({ title: 'x', contentText: 'y', colour: 'red' }).map((e) => e.path)).not.toContain(
      '(body)',
    );
  });
  it('says what a field of the wrong type must be, and never calls a given field missing', () => {
    expect(errorsOf({ title: 'x', contentText: 'y', image: { url: 'https://a.example/i.png' } })).toEqual([
      { path: 'image', message: 'must be a URL string, not an object' },
    ]);
    expect(errorsOf({ title: 3, contentText: 'y', categories: 'News' })).toEqual([
      { path: 'title', message: 'must be a string, not a number' },
      { path: 'categories', message: 'must be an array, not a string' },
    ]);
    expect(errorsOf({ title: 'x', contentText: 'y', source: { name: 'Wire', url: 7 } })).toEqual([
      { path: 'source.url', message: 'must be a URL string, not a number' },
    ]);
  });
  it('names each missing field', () => {
    const paths = errorsOf({}).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'contentHtml']));
  });
  it('names wrong types, bad URLs, bad ids, bad statuses and unknown fields', () => {
    const errors = errorsOf({
      title: 5,
      contentHtml: '<p>x</p>',
      url: 'javascript:alert(1)',
      id: 'Not A Slug',
      status: 'live',
      authors: [{ name: '' }],
      colour: 'red',
    });
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['title', 'url', 'id', 'status', 'authors.0.name', 'colour']),
    );
  });
  it('refuses two kinds of content at once', () => {
    expect(errorsOf({ title: 't', contentHtml: '<p>a</p>', contentText: 'a' })).toEqual([
      { path: 'contentText', message: 'give only one of contentHtml, contentText' },
    ]);
  });
  it('refuses a summary over 500 characters and dates without an offset', () => {
    const paths = errorsOf({
      title: 't',
      contentText: 'a',
      summary: 'x'.repeat(501),
      publishedAt: '2023-09-22T10:00:00',
    }).map((e) => e.path);
    expect(paths).toEqual(['summary', 'publishedAt']);
  });
});
