import type { CaseInfo } from '../../core/shared/contract/schemas.js';
import type { Db } from '../open.js';

interface CaseRow {
  id: string;
  key: string;
  label_nl: string;
  label_en: string;
  description: string;
  source_count: number;
}

export function listCases(db: Db): CaseInfo[] {
  const rows = db
    .prepare(
      `SELECT c.id, c.key, c.label_nl, c.label_en, c.description,
              (SELECT count(*) FROM sources s WHERE s.case_id = c.id) AS source_count
       FROM cases c ORDER BY c.sort, c.label_nl`,
    )
    .all() as CaseRow[];
  const values = db
    .prepare(
      `SELECT v.case_id, a.key, a.label_nl, a.label_en, v.value
       FROM case_attribute_values v JOIN attributes a ON a.id = v.attribute_id ORDER BY a.sort`,
    )
    .all() as { case_id: string; key: string; label_nl: string; label_en: string; value: string }[];
  return rows.map((r) => ({
    id: r.id,
    key: r.key,
    label: { nl: r.label_nl, en: r.label_en },
    description: r.description,
    sourceCount: r.source_count,
    attributes: values
      .filter((v) => v.case_id === r.id)
      .map((v) => ({ key: v.key, label: { nl: v.label_nl, en: v.label_en }, value: v.value })),
  }));
}

/** Finds cases by id, key or label in either language (case-insensitive). */
export function findCases(db: Db, ref: string): { id: string; key: string; label_nl: string }[] {
  return (
    db
      .prepare(
        `SELECT id, key, label_nl FROM cases WHERE id = ?1 OR lower(key) = lower(?1)
         OR lower(label_nl) = lower(?1) OR lower(label_en) = lower(?1)`,
      )
      // Numbered parameters (?1) bind by name in better-sqlite3, not by position.
      .all({ 1: ref }) as { id: string; key: string; label_nl: string }[]
  );
}
