import sanitizeHtml from 'sanitize-html';
import { stripXmlIllegal } from './text.js';

const ALLOWED_TAGS = [
  'p',
  'br',
  'h2',
  'h3',
  'h4',
  'a',
  'img',
  'ul',
  'ol',
  'li',
  'blockquote',
  'em',
  'strong',
  'i',
  'b',
  'code',
  'pre',
  'figure',
  'figcaption',
  'hr',
];

/** Resolves a URL against the article's URL; null when it cannot be parsed. */
function absolute(value: string | undefined, base: string): string | null {
  if (value === undefined) return null;
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return null;
  }
}

function withUrl(attribs: sanitizeHtml.Attributes, name: string, base: string): sanitizeHtml.Attributes {
  const { [name]: raw, ...rest } = attribs;
  const resolved = absolute(raw, base);
  return resolved === null ? rest : { ...rest, [name]: resolved };
}

/**
 * Sanitises untrusted HTML to the article allowlist: no script, style, iframe,
 * event handlers or javascript:/data: URLs; relative URLs made absolute against
 * `baseUrl`; h1 demoted to h2 (the page owns h1); images always carry alt.
 * @example sanitiseHtml('<p onclick="x()">Hi<script>1</script></p>', 'https://a.example/') === '<p>Hi</p>'
 */
export function sanitiseHtml(html: string, baseUrl: string): string {
  const clean = sanitizeHtml(stripXmlIllegal(html), {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      code: ['class'],
      pre: ['class'],
    },
    allowedClasses: { code: [/^language-[\w-]+$/], pre: [/^language-[\w-]+$/] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    // Text inside these is never content (script bodies, styles, templates).
    nonTextTags: [
      'script',
      'style',
      'textarea',
      'option',
      'noscript',
      'template',
      'title',
      'iframe',
      'object',
      'svg',
      'math',
    ],
    transformTags: {
      h1: 'h2',
      h5: 'h4',
      h6: 'h4',
      a: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'href', baseUrl) }),
      img: (tagName, attribs) => {
        const next = withUrl(attribs, 'src', baseUrl);
        return { tagName, attribs: { ...next, alt: next.alt ?? '' } };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
  return clean.trim();
}
