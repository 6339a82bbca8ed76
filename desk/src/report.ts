import { ApiError } from './api.js';
import { fail } from './dom.js';

/** Shows what went wrong in the alert: the API's own words and fields, or the error's message. */
export function report(error: unknown): void {
  fail(error instanceof ApiError ? error.describe() : error instanceof Error ? error.message : String(error));
}
