import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { CodingRow } from '../tables.js';

export type { CodingRow } from '../tables.js';

const ofSegment = sql.rows<CodingRow, { segmentId: string }>(
  'SELECT * FROM codings WHERE segment_id = @segmentId ORDER BY created_at',
);
const one = sql.rows<CodingRow, { segmentId: string; codeId: string }>(
  'SELECT * FROM codings WHERE segment_id = @segmentId AND code_id = @codeId',
);
const ofCode = sql.rows<CodingRow, { codeId: string }>(
  'SELECT * FROM codings WHERE code_id = @codeId ORDER BY created_at',
);
const labelled = sql.rows<{ id: string; label_nl: string }, { segmentId: string }>(
  `SELECT c.id, c.label_nl FROM codings k JOIN codes c ON c.id = k.code_id
   WHERE k.segment_id = @segmentId ORDER BY c.label_nl`,
);

export const codingsOfSegment = (r: Reader, segmentId: string): CodingRow[] =>
  reading(r).all(ofSegment, { segmentId });
export const codingOf = (r: Reader, segmentId: string, codeId: string): CodingRow | undefined =>
  reading(r).get(one, { segmentId, codeId });
export const codingsOfCode = (r: Reader, codeId: string): CodingRow[] =>
  reading(r).all(ofCode, { codeId });
/** The codes on a segment with their Dutch labels, by label. */
export const codeLabelsOfSegment = (r: Reader, segmentId: string) =>
  reading(r).all(labelled, { segmentId });

const seqOf = sql.values<number, { id: string }>('SELECT seq FROM segments WHERE id = @id');

/**
 * A coding to insert: its `segment_seq` is looked up from `segment_id` when left out (rows that
 * the change log kept before migration 011 lack it too).
 */
export type NewCoding = Omit<CodingRow, 'segment_seq'> & { segment_seq?: number };

export function insertCoding(w: Writer, row: NewCoding): CodingRow {
  const tx = writing(w);
  // No such segment: 0 names none either, so the foreign key refuses the coding as before.
  const segment_seq = row.segment_seq ?? tx.get(seqOf, { id: row.segment_id }) ?? 0;
  return tx.insert('codings', { ...row, segment_seq });
}

export function updateCoding(
  w: Writer,
  before: CodingRow,
  patch: Partial<Omit<CodingRow, 'id' | 'segment_id' | 'segment_seq'>>,
): CodingRow {
  return writing(w).update('codings', before, patch);
}

export function deleteCoding(w: Writer, row: CodingRow): void {
  writing(w).remove('codings', row);
}

const everything = sql.rows<CodingRow>('SELECT * FROM codings ORDER BY created_at, id');
/** Every coding, oldest first. */
export const allCodings = (r: Reader): CodingRow[] => reading(r).all(everything);
const stored = sql.rows<CodingRow>('SELECT * FROM codings');
/** Every coding in no particular order (a large read that groups them itself needs no sort). */
export const allCodingsUnordered = (r: Reader): CodingRow[] => reading(r).all(stored);
