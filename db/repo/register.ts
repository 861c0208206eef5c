import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { RegisterDismissalRow, RegisterTermRow } from '../tables.js';

/*
 * The register of identifying terms and the dismissed candidates (migration 016). Their
 * confidential columns (a term, its variants, a dismissed text) are written here and never
 * logged (db/tables.ts); whoever reads them is the confidentiality core, which decides what
 * may be shown to whom.
 */

const terms = sql.rows<RegisterTermRow>(
  'SELECT * FROM register_terms ORDER BY kind, created_at, id',
);
const termById = sql.rows<RegisterTermRow, { id: string }>(
  'SELECT * FROM register_terms WHERE id = @id',
);
const dismissals = sql.rows<RegisterDismissalRow>(
  'SELECT * FROM register_dismissals ORDER BY created_at, id',
);
const dismissalById = sql.rows<RegisterDismissalRow, { id: string }>(
  'SELECT * FROM register_dismissals WHERE id = @id',
);
const realNames = sql.rows<{ id: string; pseudonym: string; real_name: string }>(
  `SELECT id, pseudonym, real_name FROM respondents
   WHERE real_name IS NOT NULL AND trim(real_name) <> '' ORDER BY pseudonym`,
);

export const registerTerms = (r: Reader): RegisterTermRow[] => reading(r).all(terms);
export const registerTerm = (r: Reader, id: string): RegisterTermRow | undefined =>
  reading(r).get(termById, { id });
export const registerDismissals = (r: Reader): RegisterDismissalRow[] => reading(r).all(dismissals);
export const registerDismissal = (r: Reader, id: string): RegisterDismissalRow | undefined =>
  reading(r).get(dismissalById, { id });

/**
 * The respondents whose real name the team recorded, with it. Only the confidentiality core
 * reads this: it turns each into a register entry whose replacement is the pseudonym.
 */
export const respondentRealNames = (r: Reader) => reading(r).all(realNames);

export function insertRegisterTerm(w: Writer, row: RegisterTermRow): RegisterTermRow {
  return writing(w).insert('register_terms', row);
}
export function updateRegisterTerm(
  w: Writer,
  before: RegisterTermRow,
  patch: Partial<Omit<RegisterTermRow, 'id' | 'created_at' | 'created_by'>>,
): RegisterTermRow {
  return writing(w).update('register_terms', before, patch);
}
export function deleteRegisterTerm(w: Writer, row: RegisterTermRow): void {
  writing(w).remove('register_terms', row);
}

export function insertRegisterDismissal(
  w: Writer,
  row: RegisterDismissalRow,
): RegisterDismissalRow {
  return writing(w).insert('register_dismissals', row);
}
export function deleteRegisterDismissal(w: Writer, row: RegisterDismissalRow): void {
  writing(w).remove('register_dismissals', row);
}
