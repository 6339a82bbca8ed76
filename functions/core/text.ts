/**
 * Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates,
 * U+FFFE/U+FFFF). Removed at ingest and again at render, so no document can
 * be made ill-formed by a stored string.
 */
const XML_ILLEGAL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** @example stripXmlIllegal('a\u0000b') === 'ab' */
export function stripXmlIllegal(value: string): string {
  return value.replace(XML_ILLEGAL, '');
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for XML or HTML element content and attribute values.
 * @example escapeXml('a < b & "c"') === 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(value: string): string {
  return stripXmlIllegal(value).replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** Collapses runs of white space into one space and trims. */
export function normaliseSpace(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/**
 * Cuts plain text to at most `max` characters at a word boundary, adding an
 * ellipsis when it cut. Never splits a surrogate pair.
 * @example truncateAtWord('one two three', 8) === 'one two…'
 */
export function truncateAtWord(value: string, max: number): string {
  const chars = Array.from(value);
  if (chars.length <= max) return value;
  const head = chars.slice(0, max - 1).join('');
  const cut = head.replace(/\s+\S*$/, '');
  return `${(cut.length > 0 ? cut : head).trimEnd()}…`;
}
