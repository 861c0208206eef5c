import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { ReconciliationRow } from '../tables.js';

export type { ReconciliationRow } from '../tables.js';

const all = sql.rows<ReconciliationRow>('SELECT * FROM reconciliations ORDER BY created_at, rowid');
const ofSource = sql.rows<ReconciliationRow, { source: string }>(
  'SELECT * FROM reconciliations WHERE source_id = @source ORDER BY created_at, rowid',
);

/** Every reconciliation decision and comment, oldest first. */
export const listReconciliations = (r: Reader): ReconciliationRow[] => reading(r).all(all);
export const reconciliationsOfSource = (r: Reader, sourceId: string): ReconciliationRow[] =>
  reading(r).all(ofSource, { source: sourceId });

export function insertReconciliation(w: Writer, row: ReconciliationRow): ReconciliationRow {
  return writing(w).insert('reconciliations', row);
}
