import { applyEdits, disjoint, type Edit } from './edits.js';

/**
 * Dates coarsened to their month, for the public: an interview on "20 oktober 2020" with a
 * known respondent role narrows down who it was; "oktober 2020" much less. Recognised: ISO dates
 * and times ("2020-10-20", "2020-10-20T09:30:00Z" → "2020-10"), day-month-year in numbers
 * ("20-10-2020", "20/10/2020" → "10-2020"), and written dates in Dutch and English, with or
 * without weekday and year ("dinsdag 20 oktober 2020", "20th October", "October 20, 2020").
 */

const MONTHS = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
  'january',
  'february',
  'march',
  'may',
  'june',
  'july',
  'august',
  'october',
  'jan',
  'feb',
  'mrt',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'okt',
  'oct',
  'nov',
  'dec',
].join('|');
const DAYS = [
  'maandag',
  'dinsdag',
  'woensdag',
  'donderdag',
  'vrijdag',
  'zaterdag',
  'zondag',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
].join('|');

const ISO =
  /(?<![\p{L}\p{N}])(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\p{L}\p{N}])/gu;
const NUMERIC = /(?<![\p{L}\p{N}./-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?![\p{L}\p{N}])/gu;
const DAY_MONTH = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:${DAYS}),?\\s+)?(\\d{1,2})(?:e|ste|de|st|nd|rd|th)?\\s+(${MONTHS})\\.?(?![\\p{L}\\p{N}])`,
  'giu',
);
const MONTH_DAY = new RegExp(
  `(?<![\\p{L}\\p{N}])(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(,\\s*\\d{4})?(?![\\p{L}\\p{N}])`,
  'giu',
);

/** The dates a text names, as edits to their months. */
export function dateEdits(text: string): Edit[] {
  if (!/\d/.test(text)) return [];
  const edits: Edit[] = [];
  const add = (re: RegExp, to: (m: RegExpExecArray) => string | null) => {
    for (const m of text.matchAll(re)) {
      const t = to(m as RegExpExecArray);
      if (t !== null) edits.push({ start: m.index, end: m.index + m[0].length, text: t });
    }
  };
  add(ISO, (m) => `${m[1]}-${m[2]}`);
  add(NUMERIC, (m) => {
    const mo = m[3] ?? '';
    return Number(mo) >= 1 && Number(mo) <= 12 ? `${mo.padStart(2, '0')}-${m[4]}` : null;
  });
  // "20 oktober 2020" → "oktober 2020": the day (and weekday) goes, the year stays.
  add(DAY_MONTH, (m) => m[2] ?? null);
  add(MONTH_DAY, (m) => (m[3] ? `${m[1]} ${m[3].replace(/^,\s*/, '')}` : (m[1] ?? null)));
  return disjoint(edits);
}

/** The text with every date it names coarsened to its month. */
export function coarsenDates(text: string): string {
  return applyEdits(text, dateEdits(text)).text;
}

/** A date field (YYYY-MM-DD or an ISO time) as its month (YYYY-MM); anything else unchanged. */
export function monthOf(date: string): string {
  const m = /^(\d{4})-(\d{2})(?:-\d{2})?/.exec(date);
  return m ? `${m[1]}-${m[2]}` : date;
}
