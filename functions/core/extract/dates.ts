/** Date lines as news pages print them, to YYYY-MM-DD. */

const MONTHS: Record<string, number> = {
  jan: 1,
  january: 1,
  feb: 2,
  february: 2,
  mar: 3,
  march: 3,
  apr: 4,
  april: 4,
  may: 5,
  jun: 6,
  june: 6,
  jul: 7,
  july: 7,
  aug: 8,
  august: 8,
  sep: 9,
  sept: 9,
  september: 9,
  oct: 10,
  october: 10,
  nov: 11,
  november: 11,
  dec: 12,
  december: 12,
};
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const WEEKDAY = '(?:(?:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?:day)?\\.?,?\\s+)?';
const PREFIX = '(?:(?:published|posted|updated|date|last updated)(?:\\s+on)?\\s*:?\\s*)?';
/** A trailing time ("10:30 AM IST", "| 14:05") is allowed and ignored: a date line is read as a date. */
const TIME = '(?:\\s*(?:[,|·•-]|at)?\\s*\\d{1,2}[:.]\\d{2}(?:\\s*[ap]\\.?m\\.?)?(?:\\s+[a-z]{2,5})?)?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';

const FORMS: Array<{ pattern: RegExp; order: 'mdy' | 'dmy' | 'ymd' }> = [
  { pattern: new RegExp(`^${PREFIX}${WEEKDAY}${MONTH}\\s+${DAY},?\\s+(\\d{4})${TIME}$`, 'i'), order: 'mdy' },
  { pattern: new RegExp(`^${PREFIX}${WEEKDAY}${DAY}\\s+${MONTH},?\\s+(\\d{4})${TIME}$`, 'i'), order: 'dmy' },
  { pattern: new RegExp(`^${PREFIX}(\\d{4})-(\\d{2})-(\\d{2})${TIME}$`, 'i'), order: 'ymd' },
];

function monthNumber(name: string): number | undefined {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')];
}

/**
 * Reads a line that is only a date (optionally with a weekday, a "Published:"
 * prefix or a time) into YYYY-MM-DD; null for anything else.
 * @example parseDateLine('Friday, September 22, 2023') === '2023-09-22'
 */
export function parseDateLine(line: string): string | null {
  for (const { pattern, order } of FORMS) {
    const m = pattern.exec(line.trim());
    if (m === null) continue;
    const [, a, b, c] = m as unknown as [string, string, string, string];
    const [year, month, day] =
      order === 'ymd'
        ? [Number(a), Number(b), Number(c)]
        : order === 'mdy'
          ? [Number(c), monthNumber(a), Number(b)]
          : [Number(c), monthNumber(b), Number(a)];
    if (month === undefined || month < 1 || month > 12) return null;
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
      return null;
    return date.toISOString().slice(0, 10);
  }
  return null;
}

/** A wire story's dateline: its city in capitals (a region after it), the date, the wire, a dash. */
const DATELINE = new RegExp(
  `^\\p{Lu}[\\p{Lu} .'’-]{1,40}(?:,\\s*[^,\\d]{2,40}){0,2},\\s*((?:${MONTH}\\s+\\d{1,2},?|\\d{1,2}\\s+${MONTH},?)\\s+\\d{4})\\s*(?:\\/[^/]{1,80}\\/|\\([^()]{1,80}\\))?\\s*(?:--|—|–)\\s*\\S`,
  'iu',
);

/**
 * The date of a story's first sentence when it opens with a wire dateline, YYYY-MM-DD; null for anything else.
 * @example datelineDate('OSLO, Norway, June 3, 2024 /Wire/ -- The board said…') === '2024-06-03'
 */
export function datelineDate(sentence: string): string | null {
  const match = DATELINE.exec(sentence);
  // The city is in capitals (the pattern reads month names in any case, so it is checked apart).
  const city = sentence.slice(0, sentence.indexOf(','));
  if (match?.[1] === undefined || city !== city.toUpperCase()) return null;
  return parseDateLine(match[1]);
}
