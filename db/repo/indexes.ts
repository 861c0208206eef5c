import type { Writer } from '../access.js';
import { writing } from '../internal/access.js';
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
  const tx = writing(w);
  const saved = tables
    .flatMap((table) => tx.all(secondaryIndexes, { table }))
    .filter((ix) => !keep.includes(ix.name));
  for (const ix of saved) tx.run(sql.run(`DROP INDEX "${ix.name}"`));
  const result = fn();
  for (const ix of saved) tx.run(sql.run(ix.sql));
  return result;
}
