import { foldText, termKey } from './fold.js';
import { isParticle } from './forms.js';

/**
 * Likely identifying terms in a text that the register does not hold yet, for the team to
 * confirm (into the register) or dismiss:
 * - `titled-name`: a capitalised name right after a title or form of address ("wethouder Jan
 *   de Vries", "burgemeester Van Dijk", "mevrouw A.B. de Groot", "minister Schouten");
 * - `email` and `phone` (Dutch numbers: 06-…, 0xx-…, +31 …);
 * - `proper-noun`: capitalised words in the middle of a sentence (places, organisations, people
 *   without a title), the weakest signal; words the study itself uses (its case, code and
 *   vocabulary labels, passed as `known`) and everyday capitalised words are left out.
 */

export type CandidateKind = 'titled-name' | 'email' | 'phone' | 'proper-noun';

export interface FoundCandidate {
  kind: CandidateKind;
  /** The candidate as written. */
  text: string;
  /** Its folded key (what a dismissal remembers). */
  key: string;
  start: number;
  end: number;
  /** The title a titled name follows ("wethouder"). */
  title?: string;
}

const TITLES = [
  'wethouder',
  'wethouders',
  'gedeputeerde',
  'burgemeester',
  'loco-burgemeester',
  'directeur',
  'directrice',
  'minister',
  'staatssecretaris',
  'voorzitter',
  'commissaris',
  'griffier',
  'secretaris',
  'gemeentesecretaris',
  'programmamanager',
  'programmadirecteur',
  'projectleider',
  'kwartiermaker',
  'dijkgraaf',
  'rector',
  'hoogleraar',
  'raadslid',
  'statenlid',
  'kamerlid',
  'mevrouw',
  'meneer',
  'de heer',
  'dhr',
  'mevr',
  'mw',
  'dr',
  'prof',
  'drs',
  'ir',
  'ing',
  'mr',
  'mrs',
  'ms',
  'mayor',
  'alderman',
  'director',
  'professor',
  'chair',
];

const UPPER_WORD = "\\p{Lu}[\\p{Ll}\\p{Lu}'’]*(?:-\\p{Lu}?[\\p{Ll}'’]+)*";
const INITIALS = '(?:\\p{Lu}\\.\\s?){1,4}';
const PARTICLE =
  "(?:van|de|der|den|het|'t|ten|ter|te|in|op|aan|la|le|du|da|von|Van|De|Der|Den|Ten|Ter|Te|Het)";
/** A name after a title: initials and/or capitalised words, particles between, a capital last. */
const NAME = `(?:${INITIALS}\\s*)?(?:${UPPER_WORD}\\s+){0,2}(?:${PARTICLE}\\s+){0,3}${UPPER_WORD}`;

/** A title in either case at its first letter ("wethouder", "Wethouder"); the name must be capitalised. */
const titleAlternative = (t: string) =>
  `[${t[0]}${t[0]?.toUpperCase()}]${t.slice(1).replace(' ', '\\s+')}`;
const TITLED = new RegExp(
  `(?<![\\p{L}\\p{N}])(${TITLES.map(titleAlternative).join('|')})\\.?\\s+(${NAME})`,
  'gu',
);

const EMAIL =
  /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const PHONE =
  /(?<![\p{L}\p{N}+])(?:\+31|0031|0)(?:\s?\(0\))?[\s-]?[1-9](?:[\s-]?\d){7,8}(?![\p{N}])/gu;

/** Capitalised words the study's texts use without identifying anyone. */
const EVERYDAY = new Set(
  [
    'rijk',
    'rijks',
    'kamer',
    'tweede',
    'eerste',
    'staten',
    'provinciale',
    'gedeputeerde',
    'ministerie',
    'ministeries',
    'gemeente',
    'gemeenten',
    'provincie',
    'provincies',
    'regio',
    'regio’s',
    "regio's",
    'deal',
    'deals',
    'raad',
    'college',
    'kabinet',
    'europese',
    'unie',
    'europa',
    'nederland',
    'nederlandse',
    'teams',
    'zoom',
    'microsoft',
    'covid',
    'corona',
    'bijlage',
    'hoofdstuk',
    'tabel',
    'figuur',
    'kader',
    'zie',
    'ik',
    'i',
    'de',
    'het',
    'een',
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
    'maandag',
    'dinsdag',
    'woensdag',
    'donderdag',
    'vrijdag',
    'zaterdag',
    'zondag',
    'january',
    'february',
    'march',
    'may',
    'june',
    'july',
    'august',
    'october',
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'the',
    'government',
  ].map(foldText),
);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’&-]*/gu;
const isCapitalised = (w: string) => /^\p{Lu}\p{Ll}/u.test(w);
/** All capitals ("LNV", "BZK"): abbreviations of public bodies, not names. */
const isAcronym = (w: string) => /^[\p{Lu}\p{N}&-]+$/u.test(w);

/** Whether a word at `index` starts a sentence, a line, a heading or a list item. */
function startsSentence(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && /[\s"'“”‘’([*#>•–—-]/u.test(text[i] as string)) {
    if (text[i] === '\n') return true;
    i--;
  }
  return i < 0 || /[.!?:;…]/u.test(text[i] as string);
}

/**
 * The candidates in one text. `known` holds folded words and phrases the study uses itself
 * (case labels, code labels, vocabulary), which are never candidates.
 */
export function findCandidates(text: string, known: ReadonlySet<string>): FoundCandidate[] {
  const out: FoundCandidate[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const isKnown = (phrase: string) => {
    const key = termKey(phrase);
    if (known.has(key)) return true;
    // Every word known or everyday: "Regio Achterhoek", "Provincie Gelderland" in the vocabulary.
    const words = key.split(/[\s&-]+/u).filter(Boolean);
    return words.every((w) => known.has(w) || EVERYDAY.has(w) || isParticle(w));
  };
  const push = (kind: CandidateKind, s: number, e: number, title?: string) => {
    const t = text.slice(s, e);
    taken.push([s, e]);
    out.push({ kind, text: t, key: termKey(t), start: s, end: e, ...(title ? { title } : {}) });
  };

  for (const m of text.matchAll(EMAIL)) push('email', m.index, m.index + m[0].length);
  for (const m of text.matchAll(PHONE))
    if (!overlaps(m.index, m.index + m[0].length)) push('phone', m.index, m.index + m[0].length);

  for (const m of text.matchAll(TITLED)) {
    const name = (m[2] ?? '').trimEnd();
    // "van LNV" (the minister of a ministry) is no name: a name starts with a capital and has a
    // capitalised word that is not an abbreviation.
    if (!name || !/^\p{Lu}/u.test(name)) continue;
    if (!name.split(/\s+/u).some((w) => isCapitalised(w))) continue;
    const start = m.index + m[0].length - (m[2] ?? '').length;
    const end = start + name.length;
    if (overlaps(start, end) || isKnown(name)) continue;
    push('titled-name', start, end, (m[1] ?? '').replace(/\s+/g, ' '));
  }

  // Runs of capitalised words (with particles and "&" between) in the middle of a sentence.
  const words = [...text.matchAll(WORD)];
  for (let i = 0; i < words.length; i++) {
    const first = words[i] as RegExpExecArray;
    if (!isCapitalised(first[0]) || isAcronym(first[0])) continue;
    if (startsSentence(text, first.index)) continue;
    let j = i;
    // Extend over "van", "de", "&" and further capitalised words or acronyms on the same line.
    for (let k = i + 1; k < words.length; k++) {
      const w = words[k] as RegExpExecArray;
      const prev = words[k - 1] as RegExpExecArray;
      const gap = text.slice(prev.index + prev[0].length, w.index);
      if (!/^[ \t\u00A0]*&?[ \t\u00A0]*$/u.test(gap) || gap === '') break;
      if (isCapitalised(w[0]) || isAcronym(w[0])) j = k;
      else if (!isParticle(w[0])) break;
    }
    const last = words[j] as RegExpExecArray;
    const start = first.index;
    const end = last.index + last[0].length;
    i = j;
    if (overlaps(start, end)) continue;
    const phrase = text.slice(start, end);
    if (isKnown(phrase)) continue;
    push('proper-noun', start, end);
  }
  return out.sort((a, b) => a.start - b.start);
}
