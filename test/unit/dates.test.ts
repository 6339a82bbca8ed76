import { describe, expect, it } from 'vitest';
import { toTimestamp } from '../../functions/core/dates.js';
import { ValidationError } from '../../functions/core/errors.js';

describe('toTimestamp', () => {
  it('reads a date alone as midnight in the given zone', () => {
    expect(toTimestamp('2023-09-22', 'UTC', 'publishedAt')).toBe('2023-09-22T00:00:00.000Z');
    expect(toTimestamp('2023-09-22', 'Asia/Kolkata', 'publishedAt')).toBe('2023-09-21T18:30:00.000Z');
    expect(toTimestamp('2023-01-15', 'America/New_York', 'publishedAt')).toBe('2023-01-15T05:00:00.000Z');
  });
  it('keeps an offset date-time as the same instant', () => {
    expect(toTimestamp('2023-09-22T10:00:00+02:00', 'UTC', 'publishedAt')).toBe('2023-09-22T08:00:00.000Z');
  });
  it('rejects dates before 1970', () => {
    expect(() => toTimestamp('1969-12-31', 'UTC', 'publishedAt')).toThrow(ValidationError);
  });
});
