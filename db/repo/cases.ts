import type { CaseInfo } from '../../core/shared/contract/schemas.js';
import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { AttributeRow, CaseAttributeValueRow, CaseRow } from '../tables.js';

const listed = sql.rows<CaseRow & { source_count: number }>(
  `SELECT c.*, (SELECT count(*) FROM sources s WHERE s.case_id = c.id) AS source_count
   FROM cases c ORDER BY c.sort, c.label_nl`,
);
const values = sql.rows<{
  case_id: string;
  key: string;
  label_nl: string;
  label_en: string;
  value: string;
}>(
  `SELECT v.case_id, a.key, a.label_nl, a.label_en, v.value
   FROM case_attribute_values v JOIN attributes a ON a.id = v.attribute_id ORDER BY a.sort`,
);
const rows = sql.rows<CaseRow>('SELECT * FROM cases ORDER BY sort, label_nl');
const byId = sql.rows<CaseRow, { id: string }>('SELECT * FROM cases WHERE id = @id');
const byKey = sql.rows<CaseRow, { key: string }>('SELECT * FROM cases WHERE key = @key');
const byRef = sql.rows<CaseRow, { ref: string }>(
  `SELECT * FROM cases WHERE id = @ref OR lower(key) = lower(@ref)
   OR lower(label_nl) = lower(@ref) OR lower(label_en) = lower(@ref)`,
);
const attributeRows = sql.rows<AttributeRow>('SELECT * FROM attributes ORDER BY scope, sort');
const valueRows = sql.rows<CaseAttributeValueRow>('SELECT * FROM case_attribute_values');

/** The cases with their attributes and source counts, in case order. */
export function listCases(r: Reader): CaseInfo[] {
  const db = reading(r);
  const vals = db.all(values);
  return db.all(listed).map((c) => ({
    id: c.id,
    key: c.key,
    label: { nl: c.label_nl, en: c.label_en },
    description: c.description,
    sourceCount: c.source_count,
    attributes: vals
      .filter((v) => v.case_id === c.id)
      .map((v) => ({ key: v.key, label: { nl: v.label_nl, en: v.label_en }, value: v.value })),
  }));
}

export const caseRows = (r: Reader): CaseRow[] => reading(r).all(rows);
export const caseById = (r: Reader, id: string): CaseRow | undefined =>
  reading(r).get(byId, { id });
export const caseByKey = (r: Reader, key: string): CaseRow | undefined =>
  reading(r).get(byKey, { key });

/** Cases named by id, key or label in either language (case-insensitive): all matches. */
export const findCases = (r: Reader, ref: string): CaseRow[] => reading(r).all(byRef, { ref });

export const attributes = (r: Reader): AttributeRow[] => reading(r).all(attributeRows);
export const caseAttributeValues = (r: Reader): CaseAttributeValueRow[] =>
  reading(r).all(valueRows);

export function insertCase(w: Writer, row: CaseRow): CaseRow {
  return writing(w).insert('cases', row);
}

export function insertAttribute(w: Writer, row: AttributeRow): void {
  writing(w).insert('attributes', row);
}

export function insertCaseAttributeValue(w: Writer, row: CaseAttributeValueRow): void {
  writing(w).insert('case_attribute_values', row);
}
