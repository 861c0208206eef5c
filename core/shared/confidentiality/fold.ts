/**
 * Text folded for matching identifying terms: compatibility-decomposed (NFKD, so "ĳ" is "ij" and
 * "ﬁ" is "fi"), diacritics dropped ("Hüsken" = "Husken"), lower case, every kind of apostrophe
 * one "'", the Unicode hyphens one "-", and invisible characters (soft hyphen, zero-width space)
 * gone. Each folded character remembers the original character it came from, so a match in the
 * folded text is a range in the original (UTF-16 offsets, end exclusive).
 */
export interface Folded {
  text: string;
  /** Original offset where the character that made folded character i starts. */
  starts: number[];
  /** Original offset just after the character that made folded character i. */
  ends: number[];
}

const APOSTROPHES = /[\u2018\u2019\u201B\u0060\u00B4\u02BC\u2032]/gu;
const HYPHENS = /[\u2010\u2011\u2212]/gu;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/gu;
const MARKS = /\p{M}/gu;

/** One character (code point) as it folds: possibly several characters, possibly none. */
export function foldChar(ch: string): string {
  const c = ch.charCodeAt(0);
  // Plain ASCII (most text): only the letter case changes, and a backtick is an apostrophe.
  if (ch.length === 1 && c < 0x80)
    return c === 0x60 ? "'" : c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : ch;
  return ch
    .replace(INVISIBLE, '')
    .replace(APOSTROPHES, "'")
    .replace(HYPHENS, '-')
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase();
}

/** The folded form of a short string (a term), without the offset maps. */
export function foldText(s: string): string {
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

/** Folds a text and keeps, for every folded character, where it came from. */
export function fold(s: string): Folded {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  for (const ch of s) {
    const f = foldChar(ch);
    for (let k = 0; k < f.length; k++) {
      starts.push(i);
      ends.push(i + ch.length);
    }
    text += f;
    i += ch.length;
  }
  return { text, starts, ends };
}

/** The folded key of a term: folded, with runs of white space as one space, trimmed. */
export const termKey = (s: string): string => foldText(s).replace(/\s+/gu, ' ').trim();
