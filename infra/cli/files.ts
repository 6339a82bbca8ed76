/**
 * Files an editor has, as requests the API takes: JSON as is, Markdown with
 * YAML front matter as JSON with contentMarkdown, plain text and HTML pages
 * as raw pages for the extractor.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface ArticleRequest {
  contentType: string;
  body: string;
}

export const ARTICLE_EXTENSIONS = ['.json', '.md', '.markdown', '.txt', '.text', '.html', '.htm'];

export class FileFormatError extends Error {
  override name = 'FileFormatError';
}

function dateValue(value: unknown): unknown {
  // YAML reads `2024-03-01` as a Date at midnight UTC: give the API the date alone, read in its TZ.
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  return value;
}

/** Front matter names editors use, mapped to the API's fields. */
function frontMatterToFields(matter: Record<string, unknown>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(matter)) {
    switch (name) {
      case 'date':
      case 'published':
      case 'publishedAt':
        fields.publishedAt = dateValue(value);
        break;
      case 'tags':
      case 'categories':
        fields.categories = Array.isArray(value)
          ? value.map(String)
          : String(value)
              .split(',')
              .map((t) => t.trim());
        break;
      case 'author':
        fields.authors = [{ name: String(value) }];
        break;
      case 'authors':
        fields.authors = Array.isArray(value)
          ? value.map((a) => (typeof a === 'string' ? { name: a } : a))
          : [{ name: String(value) }];
        break;
      case 'draft':
        if (value === true) fields.status = 'draft';
        break;
      default:
        fields[name] = value;
    }
  }
  return fields;
}

/** Splits `---\nyaml\n---\nbody` into its front matter and body. */
function splitFrontMatter(text: string): { matter: Record<string, unknown>; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (match === null) return { matter: {}, body: text };
  const matter = parseYaml(match[1] as string) as unknown;
  if (matter !== null && (typeof matter !== 'object' || Array.isArray(matter))) {
    throw new FileFormatError('the front matter must be a YAML mapping (name: value lines)');
  }
  return { matter: (matter ?? {}) as Record<string, unknown>, body: match[2] as string };
}

/**
 * Reads an article file into the request that creates it.
 * @example await articleRequest('post.md') // { contentType: 'application/json', body: '{"title":…,"contentMarkdown":…}' }
 */
export async function articleRequest(
  path: string,
  overrides: Record<string, unknown> = {},
): Promise<ArticleRequest> {
  const ext = extname(path).toLowerCase();
  const text = await readFile(path, 'utf8');
  if (ext === '.json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new FileFormatError(`not valid JSON: ${(error as Error).message}`);
    }
    return { contentType: 'application/json', body: JSON.stringify({ ...(value as object), ...overrides }) };
  }
  if (ext === '.md' || ext === '.markdown') {
    const { matter, body } = splitFrontMatter(text);
    const fields = frontMatterToFields(matter);
    if (fields.title === undefined) {
      // A Markdown file without a title in its front matter may open with one.
      const heading = /^#\s+(.+)\r?\n/.exec(body.trimStart());
      if (heading !== null) {
        fields.title = (heading[1] as string).trim();
        return {
          contentType: 'application/json',
          body: JSON.stringify({
            ...fields,
            contentMarkdown: body.trimStart().slice(heading[0].length),
            ...overrides,
          }),
        };
      }
    }
    return {
      contentType: 'application/json',
      body: JSON.stringify({ ...fields, contentMarkdown: body, ...overrides }),
    };
  }
  if (ext === '.txt' || ext === '.text') return { contentType: 'text/plain; charset=utf-8', body: text };
  if (ext === '.html' || ext === '.htm') return { contentType: 'text/html; charset=utf-8', body: text };
  throw new FileFormatError(`unknown file type "${ext || '(none)'}": use ${ARTICLE_EXTENSIONS.join(', ')}`);
}
