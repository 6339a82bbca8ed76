// Named imports let the bundler drop what is unused (the z namespace drags in every locale).
import {
  array,
  email,
  type infer as Infer,
  iso,
  enum as oneOf,
  strictObject,
  string,
  union,
  type ZodError,
} from 'zod';
import { ARTICLE_STATUSES } from './article.js';
import { SUMMARY_MAX } from './content.js';
import { type FieldError, ValidationError } from './errors.js';
import { ID_PATTERN } from './slug.js';
import { stripXmlIllegal } from './text.js';

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const httpUrl = string().trim().max(2048).refine(isHttpUrl, 'must be an absolute http or https URL');
const plain = (max: number) =>
  string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const author = strictObject({
  name: plain(200),
  url: httpUrl.optional(),
  email: email('must be an e-mail address').max(254).optional(),
});

const source = strictObject({ name: plain(200), url: httpUrl.optional() });

/** RFC 3339 with an offset, or a date alone (read in the site's time zone). */
const dateInput = union([iso.datetime({ offset: true }), iso.date()], {
  error: 'must be an RFC 3339 date-time with an offset, or a date (YYYY-MM-DD)',
});

const CONTENT_FIELDS = ['contentHtml', 'contentMarkdown', 'contentText'] as const;

/** The JSON body of POST /api/articles. Unknown fields are an error, not silently dropped. */
const articleInputSchema = strictObject({
  id: string().regex(ID_PATTERN, 'must be 1-80 characters of a-z, 0-9 and inner hyphens').optional(),
  /** Set once, at creation (an import keeps the id readers already have); a tag: URI is minted when absent. */
  guid: plain(2048).optional(),
  title: plain(500),
  url: httpUrl.optional(),
  summary: string().trim().max(SUMMARY_MAX, `must be at most ${SUMMARY_MAX} characters`).optional(),
  contentHtml: string().optional(),
  contentMarkdown: string().optional(),
  contentText: string().optional(),
  authors: array(author).max(20).optional(),
  categories: array(plain(100)).max(20).optional(),
  image: httpUrl.nullable().optional(),
  source: source.nullable().optional(),
  status: oneOf(ARTICLE_STATUSES, { error: `must be one of ${ARTICLE_STATUSES.join(', ')}` }).optional(),
  publishedAt: dateInput.optional(),
});

export type ArticleInput = Infer<typeof articleInputSchema>;

/**
 * Exactly one kind of content, non-empty. Checked on the raw body, beside the
 * schema, so a body missing both title and content names both at once (zod
 * skips refinements once the object itself is invalid).
 */
function contentErrors(body: unknown): FieldError[] {
  if (body === null || typeof body !== 'object') return [];
  const record = body as Record<string, unknown>;
  const given = CONTENT_FIELDS.filter((field) => record[field] !== undefined);
  if (given.length === 0) {
    return [
      { path: 'contentHtml', message: 'one of contentHtml, contentMarkdown or contentText is required' },
    ];
  }
  if (given.length > 1)
    return given.slice(1).map((field) => ({ path: field, message: `give only one of ${given.join(', ')}` }));
  const only = given[0] as string;
  const value = record[only];
  return typeof value === 'string' && value.trim() === ''
    ? [{ path: only, message: 'must not be empty' }]
    : [];
}

/** Removes XML-illegal characters from every string in a parsed JSON value. */
function stripDeep(value: unknown): unknown {
  if (typeof value === 'string') return stripXmlIllegal(value);
  if (Array.isArray(value)) return value.map(stripDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripDeep(v)]));
  }
  return value;
}

/** The JSON type of a value, as an error message names it. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** What a field of a given zod type must be, in words (URL fields say so). */
function expectedOf(expected: string, path: readonly PropertyKey[]): string {
  const last = String(path[path.length - 1] ?? '');
  if (expected === 'string' && (last === 'url' || last === 'image')) return 'a URL string';
  if (expected === 'object') return 'a JSON object';
  if (expected === 'array') return 'an array';
  return `a ${expected}`;
}

/**
 * Zod's issues as field errors: each names the field by its path from the
 * body (authors.0.name), unknown fields each by their own path, and says what
 * was expected and what came.
 */
function toFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const at = (extra: PropertyKey[] = []) => [...issue.path, ...extra].map(String).join('.') || '(body)';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: at([key]), message: 'is not a known field' }));
    }
    if (issue.code === 'invalid_type') {
      const given = (issue as { input?: unknown }).input;
      return [
        {
          path: at(),
          message:
            given === undefined
              ? 'is required'
              : `must be ${expectedOf(String(issue.expected), issue.path)}, not ${jsonTypeOf(given)}`,
        },
      ];
    }
    if (issue.code === 'invalid_union') {
      const given = (issue as { input?: unknown }).input;
      if (given !== undefined && typeof given !== 'string')
        return [
          { path: at(), message: `must be ${expectedOf('string', issue.path)}, not ${jsonTypeOf(given)}` },
        ];
    }
    return [{ path: at(), message: issue.message }];
  });
}

/**
 * Validates a JSON body against the article input schema.
 * @throws ValidationError naming every bad field.
 * @example parseArticleInput({ title: 'Hi', contentText: 'Hello' }).title === 'Hi'
 */
export function parseArticleInput(body: unknown): ArticleInput {
  const clean = stripDeep(body);
  const result = articleInputSchema.safeParse(clean, { reportInput: true });
  const extra = contentErrors(clean).filter(
    (e) => result.success || !result.error.issues.some((i) => i.path.join('.') === e.path),
  );
  if (!result.success || extra.length > 0) {
    const errors = [...(result.success ? [] : toFieldErrors(result.error)), ...extra];
    throw new ValidationError(
      `The article is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`,
      errors,
    );
  }
  return result.data as ArticleInput;
}
