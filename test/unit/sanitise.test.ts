import { describe, expect, it } from 'vitest';
import { sanitiseHtml } from '../../functions/core/sanitise.js';

const BASE = 'https://news.example/articles/x';

describe('sanitiseHtml', () => {
  it('keeps the allowlisted structure', () => {
    const html =
      '<h2>H</h2><h3>h3</h3><h4>h4</h4><p><em>e</em> <strong>s</strong> <code>c</code></p><ul><li>a</li></ul><ol><li>b</li></ol><blockquote>q</blockquote><pre><code>x</code></pre><figure><img src="https://i.example/a.png" alt="A"><figcaption>cap</figcaption></figure>';
    expect(sanitiseHtml(html, BASE)).toBe(
      html.replace(
        '<img src="https://i.example/a.png" alt="A">',
        '<img alt="A" src="https://i.example/a.png" />',
      ),
    );
  });
  it('drops script, style and iframe with their content, and event handlers', () => {
    const out = sanitiseHtml(
      '<p onclick="steal()">Hi<script>alert(1)</script><style>p{}</style><iframe src="https://evil.example"></iframe></p>',
      BASE,
    );
    expect(out).toBe('<p>Hi</p>');
  });
  it('drops javascript: and data: URLs, however they are spelled', () => {
    const out = sanitiseHtml(
      '<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(1)">b</a><a href="jav&#x61;script:alert(1)">c</a><img src="data:image/png;base64,AAAA" alt="d">',
      BASE,
    );
    expect(out).not.toMatch(/javascript|data:/i);
    expect(out).toContain('<a>a</a>');
  });
  it('makes relative URLs absolute against the article URL', () => {
    const out = sanitiseHtml('<a href="/about">a</a><img src="pics/b.jpg">', BASE);
    expect(out).toBe(
      '<a href="https://news.example/about">a</a><img src="https://news.example/articles/pics/b.jpg" alt="" />',
    );
  });
  it('demotes h1 (the page owns it) and drops unknown tags but keeps their text', () => {
    expect(sanitiseHtml('<h1>T</h1><div><font>x</font></div>', BASE)).toBe('<h2>T</h2>x');
  });

  it('keeps dir and lang (valid values only), tables with their spans and scope, and definition lists', () => {
    expect(
      sanitiseHtml('<p dir="rtl" lang="ar">مرحبا</p><p dir="sideways" lang="not a tag">x</p>', BASE),
    ).toBe('<p dir="rtl" lang="ar">مرحبا</p><p>x</p>');
    expect(
      sanitiseHtml(
        '<table style="x"><caption>C</caption><tr><th scope="col" colspan="2">A</th></tr><tr><td rowspan="2" onclick="x">1</td><td colspan="0">2</td></tr></table><dl><dt>t</dt><dd>d</dd></dl>',
        BASE,
      ),
    ).toBe(
      '<table><caption>C</caption><tr><th colspan="2" scope="col">A</th></tr><tr><td rowspan="2">1</td><td>2</td></tr></table><dl><dt>t</dt><dd>d</dd></dl>',
    );
  });

  it('marks a block whose text runs right to left dir="auto" on a left-to-right site, and leaves the rest', () => {
    expect(sanitiseHtml('<p>مرحبا بالعالم</p><p>Hello</p><p dir="ltr">שלום</p>', BASE)).toBe(
      '<p dir="auto">مرحبا بالعالم</p><p>Hello</p><p dir="ltr">שלום</p>',
    );
    expect(sanitiseHtml('<table><tr><td>עברית</td><td>latin</td></tr></table>', BASE)).toBe(
      '<table><tr><td dir="auto">עברית</td><td>latin</td></tr></table>',
    );
    // Sanitising again changes nothing.
    const once = sanitiseHtml('<p>123 عربي</p>', BASE);
    expect(sanitiseHtml(once, BASE)).toBe(once);
  });
});
