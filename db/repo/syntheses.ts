import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { SynthesisCellRow } from '../tables.js';

export type { SynthesisCellRow } from '../tables.js';

const byCoordinate = sql.rows<SynthesisCellRow, { coordinate: string }>(
  'SELECT * FROM synthesis_cells WHERE coordinate = @coordinate',
);
const all = sql.rows<SynthesisCellRow>('SELECT * FROM synthesis_cells ORDER BY coordinate');

/** The cell written under a coordinate (its canonical key), if any. */
export const synthesisCell = (r: Reader, coordinate: string): SynthesisCellRow | undefined =>
  reading(r).get(byCoordinate, { coordinate });
/** Every written cell. */
export const synthesisCells = (r: Reader): SynthesisCellRow[] => reading(r).all(all);

export function insertSynthesisCell(w: Writer, row: SynthesisCellRow): SynthesisCellRow {
  return writing(w).insert('synthesis_cells', row);
}

export function updateSynthesisCell(
  w: Writer,
  before: SynthesisCellRow,
  patch: Partial<Omit<SynthesisCellRow, 'id' | 'coordinate'>>,
): SynthesisCellRow {
  return writing(w).update('synthesis_cells', before, patch);
}
