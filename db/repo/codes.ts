import type { Code } from '../../core/shared/contract/schemas.js';
import type { Dimension } from '../../core/shared/template/types.js';
import type { Db } from '../open.js';

export interface CodeRow {
  id: string;
  parent_id: string | null;
  key: string | null;
  dimension: Dimension;
  label_nl: string;
  label_en: string;
  description_nl: string;
  description_en: string;
  color: string;
  sort: number;
  created_at: string;
}

interface CountedRow extends CodeRow {
  segment_count: number;
  source_count: number;
}

const toCode = (r: CountedRow): Code => ({
  id: r.id,
  parentId: r.parent_id,
  key: r.key,
  dimension: r.dimension,
  label: { nl: r.label_nl, en: r.label_en },
  description: { nl: r.description_nl, en: r.description_en },
  color: r.color,
  sort: r.sort,
  segmentCount: r.segment_count,
  sourceCount: r.source_count,
});

/** Every code with its counts, in depth-first tree order (siblings by sort, then label). */
export function codeTree(db: Db): Code[] {
  const rows = db
    .prepare(
      `SELECT c.*,
              (SELECT count(*) FROM codings k WHERE k.code_id = c.id) AS segment_count,
              (SELECT count(DISTINCT g.source_id) FROM codings k JOIN segments g ON g.id = k.segment_id
                WHERE k.code_id = c.id) AS source_count
       FROM codes c ORDER BY c.sort, c.label_nl`,
    )
    .all() as CountedRow[];
  const children = new Map<string | null, CountedRow[]>();
  for (const r of rows) {
    const list = children.get(r.parent_id) ?? [];
    list.push(r);
    children.set(r.parent_id, list);
  }
  const out: Code[] = [];
  const walk = (parent: string | null) => {
    for (const r of children.get(parent) ?? []) {
      out.push(toCode(r));
      walk(r.id);
    }
  };
  walk(null);
  return out;
}

export function getCode(db: Db, id: string): Code | undefined {
  return codeTree(db).find((c) => c.id === id);
}

export function getCodeRow(db: Db, id: string): CodeRow | undefined {
  return db.prepare('SELECT * FROM codes WHERE id = ?').get(id) as CodeRow | undefined;
}

/**
 * Finds a code by id, key or label in either language (case-insensitive). Returns all matches so
 * callers can report ambiguity instead of guessing.
 */
export function findCodes(db: Db, ref: string): CodeRow[] {
  const byId = getCodeRow(db, ref);
  if (byId) return [byId];
  return (
    db
      .prepare(
        `SELECT * FROM codes WHERE lower(key) = lower(?1) OR lower(label_nl) = lower(?1)
         OR lower(label_en) = lower(?1)`,
      )
      // Numbered parameters (?1) bind by name in better-sqlite3, not by position.
      .all({ 1: ref }) as CodeRow[]
  );
}
