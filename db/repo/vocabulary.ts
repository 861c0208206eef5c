import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { VocabularyRow } from '../tables.js';

export type VocabularyKind = VocabularyRow['kind'];

const all = sql.rows<VocabularyRow>('SELECT * FROM vocabulary ORDER BY kind, sort');
const ofKind = sql.rows<VocabularyRow, { kind: string }>(
  'SELECT * FROM vocabulary WHERE kind = @kind ORDER BY sort',
);

/** The controlled vocabulary (respondent roles, document types), in template order. */
export function vocabulary(r: Reader, kind?: VocabularyKind): VocabularyRow[] {
  return kind ? reading(r).all(ofKind, { kind }) : reading(r).all(all);
}

/**
 * The key of a vocabulary value given by key or label (either language, any case); null when
 * unknown. A project without this vocabulary (blank template) takes any value as it is.
 */
export function vocabularyKey(r: Reader, kind: VocabularyKind, value: string): string | null {
  const rows = vocabulary(r, kind);
  if (rows.length === 0) return value;
  const v = value.toLowerCase();
  const hit = rows.find(
    (x) =>
      x.key.toLowerCase() === v || x.label_nl.toLowerCase() === v || x.label_en.toLowerCase() === v,
  );
  return hit ? hit.key : null;
}

export function insertVocabulary(w: Writer, row: VocabularyRow): void {
  writing(w).insert('vocabulary', row);
}

export function deleteVocabulary(w: Writer, row: VocabularyRow): void {
  writing(w).remove('vocabulary', row);
}
