/** h2 texts and p texts of extracted content, in order. */
export function structure(html: string): { h2: string[]; p: string[] } {
  const decode = (s: string) =>
    s
      .replace(/&#39;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return {
    h2: [...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => decode(m[1] as string)),
    p: [...html.matchAll(/<p>(.*?)<\/p>/g)].map((m) => decode(m[1] as string)),
  };
}
