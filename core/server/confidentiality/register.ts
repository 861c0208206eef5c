import type { Reader, Writer } from '../../../db/access.js';
import { caseRows } from '../../../db/repo/cases.js';
import {
  deleteRegisterTerm,
  insertRegisterTerm,
  registerTerm,
  registerTerms,
  respondentRealNames,
  updateRegisterTerm,
} from '../../../db/repo/register.js';
import { listRespondents } from '../../../db/repo/respondents.js';
import type { RegisterTermRow, TermOrigin } from '../../../db/tables.js';
import { termKey } from '../../shared/confidentiality/fold.js';
import { personVariants } from '../../shared/confidentiality/forms.js';
import { TermMatcher, type TermEntry } from '../../shared/confidentiality/matcher.js';
import type { RegisterEntry, TermKind } from '../../shared/contract/confidentiality.js';
import { CasusError } from '../../shared/errors.js';
import { newId, now } from '../domain/ids.js';

/**
 * The register as the confidentiality core uses it: the team's terms and every respondent's
 * recorded real name (replaced by the pseudonym, with the variants a person's name has), as
 * matcher entries. And the one way to add, change or remove a term, with its checks; an
 * importer that learns names (speakers of a transcript) calls `addRegisterTerm` inside its own
 * action.
 */

export const respondentEntryId = (respondentId: string) => `respondent:${respondentId}`;

const parseVariants = (json: string | null): string[] => {
  if (!json) return [];
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
};

/** The matcher entry of a stored term (none for a row without its term: a past state). */
function termEntry(row: RegisterTermRow): TermEntry | null {
  if (!row.term) return null;
  return {
    id: row.id,
    kind: row.kind,
    forms: [row.term, ...parseVariants(row.variants)],
    replacement: row.replacement,
  };
}

/** The forms of a respondent's real name: the name, initials + surname, the surname. */
const realNameForms = (name: string) => [name, ...personVariants(name)];

/**
 * The forms without initials but the full name (the surname alone) are also words ("Groot",
 * "de Jong", "Visser"): they count only written as a name, or every export that says "groot"
 * would be stopped by the leak check.
 */
const properForms = (forms: readonly string[]) => forms.slice(1).filter((f) => !f.includes('.'));

/** Every register entry as the matcher takes it: team terms, then respondents' real names. */
export function registerEntries(r: Reader): TermEntry[] {
  const out: TermEntry[] = [];
  for (const row of registerTerms(r)) {
    const e = termEntry(row);
    if (e) out.push(e);
  }
  for (const x of respondentRealNames(r)) {
    const forms = realNameForms(x.real_name.trim());
    out.push({
      id: respondentEntryId(x.id),
      kind: 'person',
      forms,
      proper: properForms(forms),
      replacement: x.pseudonym,
    });
  }
  return out;
}

/**
 * Case names as entries, for a public output with the cases hidden: each case's labels and key
 * become "Casus A", "Casus B"… in case order.
 */
export function caseEntries(r: Reader, lang: 'nl' | 'en'): TermEntry[] {
  return caseRows(r).map((c, i) => ({
    id: `case:${c.id}`,
    kind: 'place',
    forms: [c.label_nl, c.label_en, c.key].filter((f) => f.trim() !== ''),
    replacement: `${lang === 'nl' ? 'Casus' : 'Case'} ${letter(i)}`,
  }));
}

/** A, B, … Z, AA, AB … */
function letter(i: number): string {
  let s = '';
  for (let n = i; n >= 0; n = Math.floor(n / 26) - 1) s = String.fromCharCode(65 + (n % 26)) + s;
  return s;
}

/** The register as the team sees it; real names only when asked for explicitly. */
export function registerListing(r: Reader, revealRealNames: boolean): RegisterEntry[] {
  const out: RegisterEntry[] = registerTerms(r).map(entryOf);
  for (const x of respondentRealNames(r)) {
    const forms = realNameForms(x.real_name.trim());
    out.push({
      id: respondentEntryId(x.id),
      origin: 'respondent',
      kind: 'person',
      term: revealRealNames ? (forms[0] ?? null) : null,
      variants: revealRealNames ? forms.slice(1) : [],
      variantCount: forms.length - 1,
      replacement: x.pseudonym,
      respondentId: x.id,
      createdAt: null,
      updatedAt: null,
    });
  }
  return out;
}

export interface TermInput {
  kind: TermKind;
  term: string;
  replacement: string;
  variants: string[];
}

/** Variants without the term itself, blanks and repeats (compared folded). */
function cleanVariants(term: string, variants: readonly string[]): string[] {
  const seen = new Set([termKey(term)]);
  const out: string[] = [];
  for (const v of variants.map((x) => x.trim())) {
    const key = termKey(v);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

/** How an entry is named in a message: never by its term. */
export const describeEntry = (e: Pick<TermEntry, 'id' | 'replacement'>) =>
  e.id.startsWith('respondent:')
    ? `the real name of ${e.replacement}`
    : `the term replaced by “${e.replacement}”`;

/**
 * Refuses a term that is already in the register (as a term, a variant or a real name), and a
 * register in which some replacement or pseudonym would itself contain a term: the leak check
 * would then stop every export. Messages name other entries by their replacement only.
 */
function checkTerm(r: Reader, id: string, input: TermInput): void {
  const others = registerEntries(r).filter((e) => e.id !== id);
  const mine: TermEntry = {
    id,
    kind: input.kind,
    forms: [input.term, ...input.variants],
    replacement: input.replacement,
  };
  const keys = new Map<string, TermEntry>();
  for (const e of others) for (const f of e.forms) keys.set(termKey(f), e);
  for (const f of mine.forms) {
    const clash = keys.get(termKey(f));
    if (clash)
      throw new CasusError(
        'conflict',
        `This ${f === input.term ? 'term' : 'variant'} is already in the register, as ${describeEntry(clash)}`,
      );
  }
  const matcher = new TermMatcher([...others, mine]);
  const replacements = [
    ...others.map((e) => e.replacement),
    input.replacement,
    ...listRespondents(r).map((x) => x.pseudonym),
  ];
  for (const text of new Set(replacements)) {
    const hit = matcher.find(text)[0];
    if (!hit) continue;
    const entry = matcher.entry(hit.entryId);
    throw new CasusError(
      'invalid_input',
      hit.entryId === id
        ? `The replacement or pseudonym “${text}” contains this term (or one of its variants): the leak check would find it in every export`
        : `The replacement “${text}” contains ${entry ? describeEntry(entry) : 'a register term'}: choose another replacement`,
    );
  }
}

const requireTerm = (r: Reader, id: string): RegisterTermRow => {
  const row = registerTerm(r, id);
  if (!row) throw new CasusError('not_found', `No register term with id ${id}`);
  return row;
};

/** Adds a term to the register, inside the caller's action (e.g. an import's). */
export function addRegisterTerm(
  w: Writer,
  input: TermInput & { origin?: TermOrigin },
  coderId: string | null,
): RegisterTermRow {
  const term = input.term.trim();
  const clean = { ...input, term, variants: cleanVariants(term, input.variants) };
  const id = newId();
  checkTerm(w, id, clean);
  const at = now();
  return insertRegisterTerm(w, {
    id,
    kind: clean.kind,
    term,
    variants: JSON.stringify(clean.variants),
    replacement: clean.replacement.trim(),
    origin: input.origin ?? 'team',
    created_by: coderId,
    created_at: at,
    updated_at: at,
  });
}

export function updateRegisterTermChecked(
  w: Writer,
  id: string,
  patch: Partial<TermInput>,
): RegisterTermRow {
  const before = requireTerm(w, id);
  const term = (patch.term ?? before.term ?? '').trim();
  const next: TermInput = {
    kind: patch.kind ?? before.kind,
    term,
    replacement: (patch.replacement ?? before.replacement).trim(),
    variants: cleanVariants(term, patch.variants ?? parseVariants(before.variants)),
  };
  checkTerm(w, id, next);
  return updateRegisterTerm(w, before, {
    kind: next.kind,
    term: next.term,
    replacement: next.replacement,
    variants: JSON.stringify(next.variants),
    updated_at: now(),
  });
}

export function removeRegisterTerm(w: Writer, id: string): void {
  deleteRegisterTerm(w, requireTerm(w, id));
}

/** The listing shape of one stored term. */
export function entryOf(row: RegisterTermRow): RegisterEntry {
  const variants = parseVariants(row.variants);
  return {
    id: row.id,
    origin: row.origin,
    kind: row.kind,
    term: row.term,
    variants,
    variantCount: variants.length,
    replacement: row.replacement,
    respondentId: null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
