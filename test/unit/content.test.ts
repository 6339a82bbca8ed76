import { describe, expect, it } from 'vitest';
import { deriveSummary, markdownToHtml, textToHtml } from '../../functions/core/content.js';

describe('textToHtml', () => {
  it('splits on blank lines and escapes', () => {
    expect(textToHtml('one <b>\nline two\n\nthree & four')).toBe(
      '<p>one &lt;b&gt;<br>line two</p>\n<p>three &amp; four</p>',
    );
  });
  it('treats each line as a paragraph when there are no blank lines', () => {
    expect(textToHtml('a\nb\r\nc')).toBe('<p>a</p>\n<p>b</p>\n<p>c</p>');
  });
});

describe('markdownToHtml', () => {
  it('renders common Markdown', () => {
    expect(markdownToHtml('## T\n\n*x* and [l](https://a.example)')).toBe(
      '<h2>T</h2>\n<p><em>x</em> and <a href="https://a.example">l</a></p>\n',
    );
  });
});

describe('deriveSummary', () => {
  it('prefers paragraphs over headings and decodes entities', () => {
    expect(deriveSummary('<h2>Heading</h2><p>Tom &amp; Jerry</p><p>again</p>')).toBe('Tom & Jerry again');
  });
  it('is at most 500 characters, cut at a word', () => {
    const summary = deriveSummary(`<p>${'lorem ipsum '.repeat(100)}</p>`);
    expect(Array.from(summary).length).toBeLessThanOrEqual(500);
    expect(summary).toMatch(/(ipsum|lorem)…$/);
  });
});
