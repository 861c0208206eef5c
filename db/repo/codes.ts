import type { Code } from '../../core/shared/contract/schemas.js';
import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { CodeRow } from '../tables.js';

export type { CodeRow } from '../tables.js';

interface CountedRow extends CodeRow {
  segment_count: number;
  source_count: number;
}

/**
 * A code's codings and the sources they lie in, as the triggers of migration 022 keep them:
 * counting them here took one index search per coding.
 */
const COUNTED = `SELECT c.*, coalesce(n.codings, 0) AS segment_count,
    coalesce(n.sources, 0) AS source_count
  FROM codes c LEFT JOIN code_counts n ON n.code_id = c.id`;
const countedAll = sql.rows<CountedRow>(`${COUNTED} ORDER BY c.sort, c.label_nl`);
const countedOne = sql.rows<CountedRow, { id: string }>(`${COUNTED} WHERE c.id = @id`);
const all = sql.rows<CodeRow>('SELECT * FROM codes ORDER BY sort, label_nl');
const byId = sql.rows<CodeRow, { id: string }>('SELECT * FROM codes WHERE id = @id');
const byKey = sql.rows<CodeRow, { key: string }>('SELECT * FROM codes WHERE key = @key');
const byRef = sql.rows<CodeRow, { ref: string }>(
  `SELECT * FROM codes WHERE lower(key) = lower(@ref) OR lower(label_nl) = lower(@ref)
     OR lower(label_en) = lower(@ref)`,
);
const children = sql.rows<CodeRow, { parent: string | null }>(
  'SELECT * FROM codes WHERE parent_id IS @parent ORDER BY sort, label_nl',
);
const below = sql.rows<CodeRow, { id: string }>(
  `WITH RECURSIVE t(id, depth) AS (SELECT @id, 0 UNION ALL
     SELECT c.id, t.depth + 1 FROM codes c JOIN t ON c.parent_id = t.id)
   SELECT codes.* FROM codes JOIN t USING (id) ORDER BY t.depth`,
);
const nextSort = sql.values<number, { parent: string | null }>(
  'SELECT coalesce(max(sort), -1) + 1 FROM codes WHERE parent_id IS @parent',
);
const count = sql.values<number>('SELECT count(*) FROM codes');
const usage = sql.rows<
  { codings: number; segments: number; sources: number; memos: number },
  { ids: string }
>(
  `WITH ids(id) AS (SELECT value FROM json_each(@ids))
   SELECT (SELECT count(*) FROM codings WHERE code_id IN ids) AS codings,
     (SELECT count(DISTINCT segment_id) FROM codings WHERE code_id IN ids) AS segments,
     (SELECT count(DISTINCT g.source_id) FROM codings k JOIN segments g ON g.id = k.segment_id
       WHERE k.code_id IN ids) AS sources,
     (SELECT count(*) FROM memos WHERE target_type = 'code' AND target_id IN ids) AS memos`,
);

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
export function codeTree(r: Reader): Code[] {
  const rows = reading(r).all(countedAll);
  const kids = new Map<string | null, CountedRow[]>();
  for (const row of rows) {
    const list = kids.get(row.parent_id) ?? [];
    list.push(row);
    kids.set(row.parent_id, list);
  }
  const out: Code[] = [];
  const walk = (parent: string | null) => {
    for (const row of kids.get(parent) ?? []) {
      out.push(toCode(row));
      walk(row.id);
    }
  };
  walk(null);
  return out;
}

/** One code with its counts. */
export function getCode(r: Reader, id: string): Code | undefined {
  const row = reading(r).get(countedOne, { id });
  return row && toCode(row);
}

export const codeRows = (r: Reader): CodeRow[] => reading(r).all(all);
export const codeRow = (r: Reader, id: string): CodeRow | undefined => reading(r).get(byId, { id });
export const codeByKey = (r: Reader, key: string): CodeRow | undefined =>
  reading(r).get(byKey, { key });
export const codeCount = (r: Reader): number => reading(r).get(count) as number;

/**
 * Finds a code by id, key or label in either language (case-insensitive). Returns all matches so
 * callers can report ambiguity instead of guessing.
 */
export function findCodes(r: Reader, ref: string): CodeRow[] {
  const hit = codeRow(r, ref);
  return hit ? [hit] : reading(r).all(byRef, { ref });
}

/** The direct children of a code (or the top level for null), in tree order. */
export const childCodes = (r: Reader, parentId: string | null): CodeRow[] =>
  reading(r).all(children, { parent: parentId });

/** The code and all its descendants, parent first. */
export const codeSubtree = (r: Reader, id: string): CodeRow[] => reading(r).all(below, { id });

/** The sort position after the last child of a parent (or of the top level). */
export const nextCodeSort = (r: Reader, parentId: string | null): number =>
  reading(r).get(nextSort, { parent: parentId }) as number;

/** What deleting these codes would take along. */
export const codeUsage = (r: Reader, ids: readonly string[]) =>
  reading(r).get(usage, { ids: JSON.stringify(ids) }) as {
    codings: number;
    segments: number;
    sources: number;
    memos: number;
  };

export function insertCode(w: Writer, row: CodeRow): CodeRow {
  return writing(w).insert('codes', row);
}

export function updateCode(
  w: Writer,
  before: CodeRow,
  patch: Partial<Omit<CodeRow, 'id'>>,
): CodeRow {
  return writing(w).update('codes', before, patch);
}

export function deleteCode(w: Writer, row: CodeRow): void {
  writing(w).remove('codes', row);
}
