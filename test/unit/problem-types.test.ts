import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../functions/adapters/log.js';
import * as errors from '../../functions/core/errors.js';
import { problem, TYPE_BASE } from '../../functions/http/problem.js';

/** The API's problem types, as clients match on them: a rename of a class must never change one. */
const PINNED: Record<string, string> = {
  ValidationError: 'validation',
  UnauthorizedError: 'unauthorized',
  ForbiddenError: 'forbidden',
  NotFoundError: 'not-found',
  MethodNotAllowedError: 'method-not-allowed',
  ConflictError: 'conflict',
  GuidTakenError: 'guid-taken',
  PreconditionFailedError: 'precondition-failed',
  PayloadTooLargeError: 'payload-too-large',
  UnsupportedMediaTypeError: 'unsupported-media-type',
  UnprocessableError: 'unprocessable',
  TooManyRequestsError: 'too-many-requests',
  UnavailableError: 'unavailable',
};

describe('problem+json types', () => {
  it('are written out for every error class the API answers with, and stay as they were', () => {
    const classes = Object.entries(errors).filter(
      ([name, value]) => typeof value === 'function' && name.endsWith('Error') && name !== 'FeedwrightError',
    );
    expect(classes.map(([name]) => name).sort()).toEqual(Object.keys(PINNED).sort());
    for (const [name, Class] of classes) {
      const args: Record<string, unknown[]> = {
        MethodNotAllowedError: ['no', ['GET']],
        GuidTakenError: ['g', 'a'],
        TooManyRequestsError: ['slow down', 5],
      };
      const error = new (Class as new (...a: unknown[]) => errors.FeedwrightError)(...(args[name] ?? ['x']));
      const body = JSON.parse(problem(error, silentLogger, 'r').body) as { type: string };
      expect(body.type, name).toBe(`${TYPE_BASE}${PINNED[name]}`);
    }
  });
});
