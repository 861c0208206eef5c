import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { CoderRow } from '../tables.js';

const all = sql.rows<CoderRow>('SELECT * FROM coders ORDER BY created_at, name');
const byId = sql.rows<CoderRow, { id: string }>('SELECT * FROM coders WHERE id = @id');
const byName = sql.rows<CoderRow, { name: string }>(
  'SELECT * FROM coders WHERE lower(name) = lower(@name)',
);

/** Every coder, oldest first. */
export const listCoders = (r: Reader): CoderRow[] => reading(r).all(all);
export const coderById = (r: Reader, id: string): CoderRow | undefined =>
  reading(r).get(byId, { id });
/** By name, ignoring case. */
export const coderByName = (r: Reader, name: string): CoderRow | undefined =>
  reading(r).get(byName, { name });

export function insertCoder(w: Writer, row: CoderRow): CoderRow {
  return writing(w).insert('coders', row);
}
