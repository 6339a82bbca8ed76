import { ValidationError } from './errors.js';

const MIN = Date.parse('1970-01-01T00:00:00Z');
const MAX = Date.parse('9999-12-31T23:59:59Z');

/** The UTC offset of `zone` at `instant`, in milliseconds. */
function offsetOf(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * Reads an input date into an RFC 3339 UTC timestamp. A date alone means its
 * midnight in `zone`.
 * @example toTimestamp('2023-09-22', 'UTC', 'publishedAt') === '2023-09-22T00:00:00.000Z'
 */
export function toTimestamp(input: string, zone: string, field: string): string {
  let ms: number;
  if (/^\d{4}-\d{2}-\d{2}$/.test(input)) {
    const naive = Date.parse(`${input}T00:00:00Z`);
    // Two passes settle the offset across a DST change at midnight.
    const first = naive - offsetOf(zone, naive);
    ms = naive - offsetOf(zone, first);
  } else {
    ms = Date.parse(input);
  }
  if (Number.isNaN(ms) || ms < MIN || ms > MAX) {
    throw new ValidationError(`${field} is out of range.`, [
      { path: field, message: 'must be between 1970-01-01 and 9999-12-31' },
    ]);
  }
  return new Date(ms).toISOString();
}

/** Fails fast on a time zone name Intl does not know. */
export function assertTimeZone(zone: string): void {
  new Intl.DateTimeFormat('en-US', { timeZone: zone });
}
