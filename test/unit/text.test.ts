import { describe, expect, it } from 'vitest';
import { escapeXml, stripXmlIllegal, truncateAtWord } from '../../functions/core/text.js';

describe('stripXmlIllegal', () => {
  it('removes C0 controls, lone surrogates and U+FFFE/U+FFFF but keeps tab, newlines and pairs', () => {
    // Prepare
    const input = `a\u0000b\u0008c\td\ne\rf\u000Bg\uD800h\uDC00i\uFFFEj😀k`;
    // Act
    const out = stripXmlIllegal(input);
    // Assess
    expect(out).toBe('abc\td\ne\rfghij😀k');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('truncateAtWord', () => {
  it('leaves short text alone', () => {
    expect(truncateAtWord('one two', 10)).toBe('one two');
  });
  it('cuts at a word boundary with an ellipsis and stays within the limit', () => {
    const out = truncateAtWord('alpha beta gamma delta', 14);
    expect(out).toBe('alpha beta…');
    expect(Array.from(out).length).toBeLessThanOrEqual(14);
  });
  it('never splits a surrogate pair', () => {
    const out = truncateAtWord('😀'.repeat(20), 5);
    expect(out).toBe(`${'😀'.repeat(4)}…`);
  });
});
