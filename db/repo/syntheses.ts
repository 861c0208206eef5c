import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { SynthesisCellRow } from '../tables.js';

export type { SynthesisCellRow } from '../tables.js';

const byKey = sql.rows<SynthesisCellRow, { row: string; col: string }>(
  'SELECT * FROM synthesis_cells WHERE row_key = @row AND col_key = @col',
);
const all = sql.rows<SynthesisCellRow>('SELECT * FROM synthesis_cells ORDER BY row_key, col_key');

export const synthesisCell = (r: Reader, row: string, col: string): SynthesisCellRow | undefined =>
  reading(r).get(byKey, { row, col });
export const synthesisCells = (r: Reader): SynthesisCellRow[] => reading(r).all(all);

export function insertSynthesisCell(w: Writer, row: SynthesisCellRow): SynthesisCellRow {
  return writing(w).insert('synthesis_cells', row);
}

export function updateSynthesisCell(
  w: Writer,
  before: SynthesisCellRow,
  patch: Partial<Omit<SynthesisCellRow, 'id'>>,
): SynthesisCellRow {
  return writing(w).update('synthesis_cells', before, patch);
}
