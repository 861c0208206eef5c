import { applyEdits, type Edit } from './edits.js';
import { fold, termKey } from './fold.js';

/**
 * Finds the identifying terms of a register in a text, and replaces them. Every form of a term
 * (the term and its variants) matches:
 * - case-folded and with diacritics folded ("jan de vries", "JAN DE VRIES", "Jan de Vriës");
 * - on word boundaries only: "Jan" never matches inside "Janssen" or "Marjan" (a hyphen or an
 *   apostrophe is a boundary: "Jan" matches in "Jan-Willem", which then reads "[R1]-Willem");
 * - with a possessive after it: "Jan's", "De Vries'", and the Dutch "Jans" (a bare s);
 * - over any white space between words (a line break, a non-breaking space), with or without
 *   the dots of initials ("J.W. de Vries", "JW de Vries", "J. W. de Vries");
 * - phone numbers by their digits, whatever separates them ("06-1234 5678" = "0612345678");
 * - except the entry's `proper` forms (a surname alone, a first name alone), which match only
 *   written as a name: each word capitalised in the form is capitalised in the text, so the
 *   surname "Groot" is found in "Groot zei" but not in "een groot deel".
 * At one place the longest form wins. The text itself is never changed: matches are ranges in it.
 */

export interface TermEntry {
  /** A register term's id, `respondent:<id>` for a respondent's real name, `case:<id>`. */
  id: string;
  kind: string;
  /** The term and its variants, as written. */
  forms: readonly string[];
  /** Forms that match only written as a proper name (see above); also listed in `forms`. */
  proper?: readonly string[];
  replacement: string;
}

export interface TermMatch {
  entryId: string;
  /** Original offsets (UTF-16), end exclusive: the term only, not a possessive after it. */
  start: number;
  end: number;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A phone number: digits with separators, at least eight digits. */
const PHONE_FORM = /^[+\d][\d\s().-]*$/u;

/** The pattern one form matches in folded text. */
export function formPattern(form: string): string | null {
  const key = termKey(form);
  if (key.replace(/[^\p{L}\p{N}]/gu, '').length < 2) return null;
  const digits = key.replace(/\D/g, '');
  if (PHONE_FORM.test(key) && digits.length >= 8) {
    const lead = key.startsWith('+') ? '\\+' : '';
    return lead + [...digits].join('[\\s().-]*');
  }
  const words = key.split(' ');
  let out = '';
  words.forEach((word, i) => {
    if (i > 0) out += words[i - 1]?.endsWith('.') ? '\\s*' : '\\s+';
    let w = '';
    for (const ch of word) {
      if (ch === '.') w += '\\.?\\s*';
      else if (ch === '-') w += '(?:\\s*-\\s*|\\s+)';
      else if (ch === "'") w += "'?";
      else w += escape(ch);
    }
    // A dot that ends a word ("J.") needs no white space after it: the separator allows none.
    out += w.endsWith('\\.?\\s*') ? w.slice(0, -3) : w;
  });
  return out;
}

/** Letters and digits: what a term may not touch on either side. */
const BEFORE = '(?<![\\p{L}\\p{N}])';
/** After the term: optionally a bare possessive s, then no letter or digit. */
const AFTER = '(?=s?(?![\\p{L}\\p{N}]))';

const capital = (word: string | undefined) => /^\p{Lu}/u.test(word ?? '');

/**
 * Whether a match of a proper form is written as a name: every word the form capitalises is
 * capitalised in the text. A match whose words do not line up with the form's is kept (a
 * leak check errs on the side of a hit).
 */
function writtenAsName(form: string, written: string): boolean {
  const want = form.trim().split(/\s+/u);
  const got = written.trim().split(/\s+/u);
  if (want.length !== got.length) return true;
  return want.every((w, i) => !capital(w) || capital(got[i]));
}

export interface Replaced {
  text: string;
  matches: TermMatch[];
  /** Characters of the original that replacement took out. */
  replacedChars: number;
}

export class TermMatcher {
  private readonly re: RegExp | null;
  /** Capture group index → entry. */
  private readonly groups: TermEntry[] = [];
  /** Capture group index → the proper form it matches, when it is one. */
  private readonly properForms: (string | null)[] = [];
  private readonly byId = new Map<string, TermEntry>();

  constructor(readonly entries: readonly TermEntry[]) {
    const alternatives: {
      pattern: string;
      length: number;
      entry: TermEntry;
      proper: string | null;
    }[] = [];
    for (const entry of entries) {
      this.byId.set(entry.id, entry);
      const proper = new Set(entry.proper ?? []);
      const seen = new Set<string>();
      for (const form of entry.forms) {
        const pattern = formPattern(form);
        if (!pattern || seen.has(pattern)) continue;
        seen.add(pattern);
        const p = proper.has(form) ? form : null;
        alternatives.push({ pattern, length: termKey(form).length, entry, proper: p });
      }
    }
    // Longest first: at one place "Jan de Vries" wins over "Jan".
    alternatives.sort((a, b) => b.length - a.length);
    for (const a of alternatives) {
      this.groups.push(a.entry);
      this.properForms.push(a.proper);
    }
    this.re = alternatives.length
      ? new RegExp(
          `${BEFORE}(?:${alternatives.map((a) => `(${a.pattern})`).join('|')})${AFTER}`,
          'gu',
        )
      : null;
  }

  /** Whether the register has anything to find. */
  get empty(): boolean {
    return this.re === null;
  }

  entry(id: string): TermEntry | undefined {
    return this.byId.get(id);
  }

  /** Every match in a text, in order, not overlapping. */
  find(text: string): TermMatch[] {
    if (!this.re || text === '') return [];
    const f = fold(text);
    const out: TermMatch[] = [];
    const re = this.re;
    re.lastIndex = 0;
    for (let m = re.exec(f.text); m; m = re.exec(f.text)) {
      if (m[0] === '') {
        re.lastIndex++;
        continue;
      }
      let g = 1;
      while (g < m.length && m[g] === undefined) g++;
      const entry = this.groups[g - 1];
      if (!entry) continue;
      const start = f.starts[m.index] as number;
      const end = f.ends[m.index + m[0].length - 1] as number;
      const proper = this.properForms[g - 1];
      if (proper && !writtenAsName(proper, text.slice(start, end))) continue;
      out.push({ entryId: entry.id, start, end });
    }
    return out;
  }

  /**
   * The replacements of a text as edits. A possessive stays as it was written ("Jan's" →
   * "ACH-R3's"); a bare Dutch s after a replacement that ends in a bracket or digit gets its
   * apostrophe ("Jans" → "ACH-R3's"), which is how Dutch writes it there.
   */
  edits(text: string, matches: readonly TermMatch[] = this.find(text)): Edit[] {
    return matches.map((m) => {
      const replacement = this.byId.get(m.entryId)?.replacement ?? '';
      const next = text[m.end];
      const after = text[m.end + 1];
      const apostrophe =
        (next === 's' || next === 'S') &&
        (after === undefined || !/[\p{L}\p{N}]/u.test(after)) &&
        /[\])\d]$/u.test(replacement);
      return { start: m.start, end: m.end, text: apostrophe ? `${replacement}'` : replacement };
    });
  }

  /** The text with every match replaced by its entry's replacement (see `edits`). */
  replace(text: string): Replaced {
    const matches = this.find(text);
    if (matches.length === 0) return { text, matches, replacedChars: 0 };
    const replacedChars = matches.reduce((n, m) => n + m.end - m.start, 0);
    return { text: applyEdits(text, this.edits(text, matches)).text, matches, replacedChars };
  }
}
