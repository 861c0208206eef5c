import { foldText } from './fold.js';

/**
 * The written forms of a person's name that identify them as much as the full name does:
 * initials with the surname ("J.W. de Vries"), the surname with its particles ("de Vries"),
 * and on request the first name alone. Letter case, diacritics and possessives ("De Vries'",
 * "Jans") need no forms of their own: the matcher folds them (matcher.ts).
 */

/** Dutch (and a few neighbouring) surname particles, lower case: "van der", "de", "ter". */
const PARTICLES = new Set([
  'van',
  'de',
  'der',
  'den',
  'het',
  "'t",
  't',
  'ten',
  'ter',
  'te',
  'in',
  'op',
  'aan',
  'onder',
  'uit',
  'la',
  'le',
  'du',
  'da',
  'di',
  'del',
  'della',
  'von',
  'zu',
  'vom',
  "'s",
]);

export const isParticle = (word: string): boolean => PARTICLES.has(foldText(word));

export interface PersonName {
  /** Given names as written ("Jan-Willem", "Anna"). */
  given: string[];
  /** Particles as written ("van der"). */
  particles: string[];
  /** The last name without particles ("Berg"). */
  last: string;
}

/** Splits a full name into given names, particles and last name; null for a single word. */
export function parsePersonName(full: string): PersonName | null {
  const words = full.trim().split(/\s+/u).filter(Boolean);
  if (words.length < 2) return null;
  const last = words[words.length - 1] as string;
  // Particles are the run of particle words just before the last name (never the first word).
  let k = words.length - 1;
  while (k > 1 && isParticle(words[k - 1] as string)) k--;
  return { given: words.slice(0, k), particles: words.slice(k, -1), last };
}

/** "Jan-Willem" → "J.W."; "anna" → "A." */
const initialsOf = (given: string[]): string =>
  given
    .flatMap((g) => g.split('-'))
    .filter(Boolean)
    .map((g) => `${[...g][0]?.toUpperCase() ?? ''}.`)
    .join('');

/**
 * The variants a person's name suggests, without the name itself: initials + surname, first
 * initial + surname (with several given names), the surname with its particles, and — when
 * asked — the first name alone. Returned in a stable order, without duplicates.
 */
export function personVariants(full: string, opts: { firstName?: boolean } = {}): string[] {
  const name = parsePersonName(full);
  if (!name) return [];
  const surname = [...name.particles, name.last].join(' ');
  const out = [`${initialsOf(name.given)} ${surname}`];
  if (name.given.length > 1 || (name.given[0] ?? '').includes('-'))
    out.push(`${initialsOf([(name.given[0] ?? '').split('-')[0] ?? ''])} ${surname}`);
  out.push(surname);
  if (opts.firstName && name.given[0]) out.push(name.given[0]);
  const seen = new Set([foldText(full)]);
  return out.filter((v) => {
    const key = foldText(v);
    if (seen.has(key) || key.replace(/[^\p{L}\p{N}]/gu, '').length < 2) return false;
    seen.add(key);
    return true;
  });
}
