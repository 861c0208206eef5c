import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { RespondentRow } from '../tables.js';

/** What anyone may see of a respondent: never the real name. */
export type PublicRespondent = Omit<RespondentRow, 'real_name'>;

const PUBLIC = 'id, pseudonym, role, organisation, case_id, created_at';

const listed = sql.rows<PublicRespondent, { caseId: string | null }>(
  `SELECT ${PUBLIC} FROM respondents WHERE @caseId IS NULL OR case_id = @caseId ORDER BY pseudonym`,
);
const byId = sql.rows<PublicRespondent, { id: string }>(
  `SELECT ${PUBLIC} FROM respondents WHERE id = @id`,
);
const byPseudonym = sql.rows<PublicRespondent, { pseudonym: string }>(
  `SELECT ${PUBLIC} FROM respondents WHERE lower(pseudonym) = lower(@pseudonym)`,
);
const withFirstSource = sql.rows<PublicRespondent & { source_id: string | null }>(
  `SELECT ${PUBLIC.split(', ')
    .map((c) => `r.${c}`)
    .join(', ')},
     (SELECT s.id FROM sources s WHERE s.respondent_id = r.id ORDER BY s.sort LIMIT 1) AS source_id
   FROM respondents r ORDER BY r.pseudonym`,
);

export const listRespondents = (r: Reader, caseId: string | null = null): PublicRespondent[] =>
  reading(r).all(listed, { caseId });
export const respondentById = (r: Reader, id: string): PublicRespondent | undefined =>
  reading(r).get(byId, { id });
/** By pseudonym, ignoring case. */
export const respondentByPseudonym = (r: Reader, pseudonym: string): PublicRespondent | undefined =>
  reading(r).get(byPseudonym, { pseudonym });
/** Every respondent with the first source that is theirs (quick open jumps there). */
export const respondentsWithFirstSource = (r: Reader) => reading(r).all(withFirstSource);

export function insertRespondent(w: Writer, row: RespondentRow): void {
  writing(w).insert('respondents', row);
}

const fullById = sql.rows<RespondentRow, { id: string }>(
  'SELECT * FROM respondents WHERE id = @id',
);

/**
 * Changes a respondent. The row is read whole here (with the confidential real name) and never
 * handed out: the change log leaves the real name out (db/tables.ts), and so does every reader.
 */
export function updateRespondent(
  w: Writer,
  id: string,
  patch: Partial<Omit<RespondentRow, 'id' | 'created_at'>>,
): PublicRespondent & { hasRealName: boolean } {
  const before = reading(w).get(fullById, { id });
  if (!before) throw new Error(`No respondent with id ${id}`);
  const after = writing(w).update('respondents', before, patch);
  const { real_name: realName, ...rest } = after;
  return { ...rest, hasRealName: realName !== null && realName !== '' };
}

const hasName = sql.values<number, { id: string }>(
  "SELECT real_name IS NOT NULL AND real_name <> '' FROM respondents WHERE id = @id",
);
/** Whether the team recorded a real name (without reading it). */
export const respondentHasRealName = (r: Reader, id: string): boolean =>
  reading(r).get(hasName, { id }) === 1;
