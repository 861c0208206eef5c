import type { Writer } from '../access.js';
import { writing } from '../internal/access.js';
import {
  RECOUNT_CODINGS_PER_CODE_AND_SOURCE,
  RECOUNT_SEGMENTS_PER_SOURCE,
} from '../internal/kept-counts.js';
import { sql } from '../sql.js';
import type { Table } from '../tables.js';

/** A table's own secondary indexes: not the automatic ones of its keys, not the UNIQUE ones. */
const secondaryIndexes = sql.rows<{ name: string; sql: string }, { table: string }>(
  `SELECT name, sql FROM sqlite_master
   WHERE type = 'index' AND tbl_name = @table AND sql IS NOT NULL
     AND upper(sql) NOT LIKE 'CREATE UNIQUE%'
   ORDER BY name`,
);

/**
 * Runs `fn`, which inserts very many rows into `tables`, with their secondary indexes built once
 * at the end instead of row by row. Rows with random keys (GUIDs, the change log's entity ids)
 * land all over each index; on a new project of 200,000 codings that random B-tree work is most of
 * the cost of the insert, while building an index sorts once. Only for inserts into a new project:
 * `fn` must not read these tables through the dropped indexes (queries that name an index with
 * INDEXED BY fail while it is gone). UNIQUE indexes stay, so every constraint is checked as before.
 * The indexes are dropped and re-created from their own stored definitions inside the action's
 * transaction: a failure rolls them back with everything else. Indexes named in `keep` stay: rows
 * arrive in their order (the change log's by time and sequence, codings by code and segment
 * sequence), so they grow at their end, and building them after would cost one more pass over
 * the table each (bench: the change log's 250,000 rows, a second apiece).
 */
export function withIndexesBuiltAfter<T>(
  w: Writer,
  tables: readonly (Table | 'change_log')[],
  fn: () => T,
  keep: readonly string[] = [],
): T {
  const built = dropIndexesUntilBuilt(w, tables, keep);
  const result = fn();
  built();
  return result;
}

/**
 * The first half of `withIndexesBuiltAfter`, for inserts that await between rows (an import that
 * writes sources as it reads them, in one action held across the awaits): drops the indexes and
 * returns what builds them again, to call at the end of the inserts, inside the same action.
 */
export function dropIndexesUntilBuilt(
  w: Writer,
  tables: readonly (Table | 'change_log')[],
  keep: readonly string[] = [],
): () => void {
  const tx = writing(w);
  const saved = tables
    .flatMap((table) => tx.all(secondaryIndexes, { table }))
    .filter((ix) => !keep.includes(ix.name));
  for (const ix of saved) tx.run(sql.run(`DROP INDEX "${ix.name}"`));
  return () => {
    for (const ix of saved) tx.run(sql.run(ix.sql));
  };
}

/** The count triggers of migration 022 that fire on inserts. */
const COUNT_INSERT_TRIGGERS = ['segments_count_insert', 'codings_count_insert'] as const;
/** A trigger's stored definition, to re-create it after a bulk build dropped it. */
export const triggerText = sql.values<string, { name: string }>(
  "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = @name",
);

/**
 * Runs `fn`, which inserts very many segments and codings into a new project, with the kept
 * counts (migration 022) counted once at the end instead of by trigger row by row: on the bench's
 * 200,000 codings the per-row upserts cost seconds, one GROUP BY a fraction of that. The counts
 * are derived (not in the change log) and are rebuilt whole, so they equal a recount whatever
 * `fn` inserted. Dropped and re-created inside the action's transaction, like the indexes above.
 */
export function withKeptCountsBuiltAfter<T>(w: Writer, fn: () => T): T {
  const counted = dropKeptCountsUntilCounted(w);
  const result = fn();
  counted();
  return result;
}

/** The first half of `withKeptCountsBuiltAfter`; what it returns counts and restores them. */
export function dropKeptCountsUntilCounted(w: Writer): () => void {
  const tx = writing(w);
  const saved = COUNT_INSERT_TRIGGERS.map((name) => {
    const text = tx.get(triggerText, { name });
    if (text === undefined) throw new Error(`the count trigger ${name} is missing`);
    return { name, text };
  });
  for (const t of saved) tx.run(sql.run(`DROP TRIGGER ${t.name}`));
  return () => {
    // code_counts follows code_source_counts by its own triggers.
    tx.run(sql.run('DELETE FROM code_source_counts'));
    tx.run(sql.run('DELETE FROM code_counts'));
    tx.run(sql.run('DELETE FROM source_segment_counts'));
    tx.run(sql.run(RECOUNT_SEGMENTS_PER_SOURCE));
    tx.run(sql.run(RECOUNT_CODINGS_PER_CODE_AND_SOURCE));
    for (const t of saved) tx.run(sql.run(t.text));
  };
}

/** The FTS5 tables of the schema: the search indexes. */
const searchIndexTables = sql.values<string>(
  `SELECT name FROM sqlite_master
   WHERE type = 'table' AND upper(sql) LIKE 'CREATE VIRTUAL TABLE % USING FTS5%'
   ORDER BY name`,
);
/** FTS5's default: it buffers this many bytes of new index entries before it writes a segment. */
const FTS5_DEFAULT_HASHSIZE = 1024 * 1024;
/**
 * The buffer while the search indexes are rebuilt in bulk. With the default each megabyte of
 * entries becomes a small segment and FTS5 spends its time merging them; the trigram index of the
 * bench's 2,000 sources (70 MB of entries) took 3.7 s to rebuild that way, 2.2 s with this buffer,
 * for about 100 MB more memory while it is filled (bounded by this size on larger projects).
 */
const BULK_HASHSIZE = 128 * 1024 * 1024;

/**
 * Runs `fn`, which rebuilds the search indexes whole (withSearchIndexBuiltAfter in a new project),
 * with FTS5's buffer for new entries set large, so the rebuild writes a few large segments instead
 * of thousands of small ones that are then merged. The entries of the index are the same either
 * way (the segments only group them); afterwards the setting is back to FTS5's default (its row stays
 * in the index's configuration with that value: removing it would mean lifting SQLite's guard on
 * shadow tables).
 */
export function withLargeSearchIndexBuffer<T>(w: Writer, fn: () => T): T {
  const restore = enlargeSearchIndexBuffer(w);
  const result = fn();
  restore();
  return result;
}

/** The first half of `withLargeSearchIndexBuffer`; what it returns sets FTS5's default back. */
export function enlargeSearchIndexBuffer(w: Writer): () => void {
  const tx = writing(w);
  const tables = tx.all(searchIndexTables);
  const setHashsize = (table: string, bytes: number) =>
    tx.run(sql.run<[bigint]>(`INSERT INTO "${table}" ("${table}", rank) VALUES ('hashsize', ?)`), [
      BigInt(bytes),
    ]);
  for (const t of tables) setHashsize(t, BULK_HASHSIZE);
  return () => {
    for (const t of tables) setHashsize(t, FTS5_DEFAULT_HASHSIZE);
  };
}
