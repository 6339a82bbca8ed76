/** Date lines as news pages print them, to YYYY-MM-DD. */

/** Month names and their common short forms, in the languages the stop-word lists cover. */
const MONTH_NAMES: string[][] = [
  // en, pt, es, fr, de, it, nl
  ['jan', 'january', 'janeiro', 'enero', 'ene', 'janvier', 'janv', 'januar', 'jän', 'gennaio', 'januari'],
  ['feb', 'february', 'fevereiro', 'fev', 'febrero', 'février', 'févr', 'februar', 'febbraio', 'februari'],
  ['mar', 'march', 'março', 'marzo', 'mars', 'märz', 'maart', 'mrt'],
  ['apr', 'april', 'abril', 'abr', 'avril', 'avr', 'aprile'],
  ['may', 'maio', 'mayo', 'mai', 'maggio', 'mei'],
  ['jun', 'june', 'junho', 'junio', 'juin', 'juni', 'giugno'],
  ['jul', 'july', 'julho', 'julio', 'juillet', 'juil', 'juli', 'luglio'],
  ['aug', 'august', 'agosto', 'ago', 'août', 'augustus'],
  ['sep', 'sept', 'september', 'setembro', 'set', 'septiembre', 'setiembre', 'septembre', 'settembre'],
  ['oct', 'october', 'outubro', 'out', 'octubre', 'octobre', 'oktober', 'ottobre', 'okt'],
  ['nov', 'november', 'novembro', 'noviembre', 'novembre'],
  ['dec', 'december', 'dezembro', 'dez', 'diciembre', 'dic', 'décembre', 'déc', 'dezember', 'dicembre'],
];
const MONTHS: Record<string, number> = Object.fromEntries(
  MONTH_NAMES.flatMap((names, i) => names.map((name) => [name, i + 1])),
);
const MONTH = `(${Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|')})\\.?`;
const WEEKDAYS =
  'mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun|segunda|terça|quarta|quinta|sexta|sábado|domingo|lunes|martes|miércoles|jueves|viernes|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag';
const WEEKDAY = `(?:(?:${WEEKDAYS})(?:day|-feira)?\\.?,?\\s+)?`;
const PREFIX =
  '(?:(?:published|posted|updated|date|last updated|publicado|atualizado|actualizado|publié|mis à jour|veröffentlicht|aktualisiert|pubblicato|aggiornato|gepubliceerd|bijgewerkt)(?:\\s+(?:on|em|el|le|am|il|op))?\\s*:?\\s*)?';
/** A trailing time ("10:30 AM IST", "| 14:05", "às 0:13", "um 10.30 Uhr") is allowed and ignored: a date line is read as a date. */
const TIME =
  '(?:\\s*(?:[,|·•-]|at|às|as|à|a las|um|alle|om)?\\s*\\d{1,2}[:.h]\\d{2}(?:\\s*[ap]\\.?m\\.?)?(?:\\s+[a-z]{2,5})?)?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th|\\.|º)?';

const FORMS: Array<{ pattern: RegExp; order: 'mdy' | 'dmy' | 'ymd' }> = [
  { pattern: new RegExp(`^${PREFIX}${WEEKDAY}${MONTH}\\s+${DAY},?\\s+(\\d{4})${TIME}$`, 'iu'), order: 'mdy' },
  // "22 de janeiro de 2018", "22. Januar 2018", "22 janvier 2018".
  {
    pattern: new RegExp(
      `^${PREFIX}${WEEKDAY}${DAY}\\s+(?:de\\s+)?${MONTH},?\\s+(?:de\\s+)?(\\d{4})${TIME}$`,
      'iu',
    ),
    order: 'dmy',
  },
  { pattern: new RegExp(`^${PREFIX}(\\d{4})-(\\d{2})-(\\d{2})${TIME}$`, 'iu'), order: 'ymd' },
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
