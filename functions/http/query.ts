/** Query parameters every route set reads the same way: page sizes and boolean flags. */
import { ValidationError } from '../core/errors.js';
import type { HttpRequest } from './types.js';

/**
 * `?limit=`: a whole number from 1 to `max`, or `fallback` when absent.
 * @throws ValidationError naming the range.
 */
export function limitOf(req: HttpRequest, range: { fallback: number; max: number }): number {
  const raw = req.query.get('limit');
  if (raw === null) return range.fallback;
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > range.max) {
    throw new ValidationError(`limit must be a whole number from 1 to ${range.max}.`, [
      { path: 'limit', message: `must be a whole number from 1 to ${range.max}` },
    ]);
  }
  return limit;
}

/** A boolean query parameter: absent or "false" is false, "true" is true, anything else a 400. */
export function flag(req: HttpRequest, name: string): boolean {
  const raw = req.query.get(name);
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new ValidationError(`${name} must be true or false.`, [
    { path: name, message: 'must be true or false' },
  ]);
}
