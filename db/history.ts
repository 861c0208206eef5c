import type { Reader } from './access.js';
import { reading } from './internal/access.js';
import {
  RECOUNT_CODE_TOTALS,
  RECOUNT_CODINGS_PER_CODE_AND_SOURCE,
  RECOUNT_SEGMENTS_PER_SOURCE,
} from './internal/kept-counts.js';
import { createProjectDb, type Db } from './open.js';
import { sql } from './sql.js';
import { TABLES, type Table } from './tables.js';

/**
 * The project as it was, in a fresh in-memory database with the project's schema and the
 * project's file attached (read only, held at one moment by a read transaction that lasts as long
 * as the past is shown). A table nothing has changed in since change `seq` is not copied: its name
 * resolves to the project's own table, indexes and all. A table that has changed is copied whole
 * (SQLite's transfer of identical tables, which moves rows and index entries without decoding
 * them), then each row changed since is put back as the `before` of its first later change
 * (absent when that change made it). What the log does not hold row by row is immutable and taken
 * from the project: a source's text and marks, and its blocks. The log up to `seq` is read in the
 * project's file. The full-text indexes are left out (the past is read, not searched), and so are
 * the original files.
 */

const lastSeq = sql.values<number | null>('SELECT max(seq) FROM change_log');
const seqAtTime = sql.values<number | null, { at: string }>(
  'SELECT max(seq) FROM change_log WHERE at <= @at',
);
const baseline = sql.rows<{ seq: number; at: string } | undefined>(
  "SELECT max(seq) AS seq, max(at) AS at FROM change_log WHERE action = 'baseline'",
);
const firstChange = sql.rows<{ seq: number; at: string } | undefined>(
  'SELECT seq, at FROM change_log ORDER BY seq LIMIT 1',
);

/** The latest change-log entry (0 for an empty log). */
export const latestChange = (r: Reader): number => reading(r).get(lastSeq) ?? 0;

/** The last change at or before a moment (ISO time), or null when the log starts later. */
export const changeAt = (r: Reader, at: string): number | null =>
  reading(r).get(seqAtTime, { at }) ?? null;

/**
 * Where the history that can be rebuilt starts: the baseline an upgrade recorded (the state of
 * a project made by an earlier version, whose log was not complete), or the first change.
 */
export function historyFloor(r: Reader): { seq: number; at: string } | null {
  const b = reading(r).get(baseline);
  if (b?.seq) return b;
  return reading(r).get(firstChange) ?? null;
}

const PAST_TABLES = Object.keys(TABLES) as Table[];

function columns(db: Db, table: string): { name: string; notnull: number }[] {
  return db.prepare(`SELECT name, "notnull" FROM pragma_table_info(?)`).all(table) as {
    name: string;
    notnull: number;
  }[];
}

const changedTables = `SELECT DISTINCT entity FROM src.change_log NOT INDEXED WHERE seq > ?`;

/** Builds the project as of change `seq` (read `seq` with changeAt). */
export function pastDatabase(r: Reader, seq: number): Db {
  const src = reading(r).conn;
  const past = createProjectDb(':memory:');
  try {
    past.pragma('foreign_keys = OFF');
    // Triggers guard writes the past never makes, and a table with triggers cannot be copied by
    // transfer.
    const triggers = past
      .prepare("SELECT name FROM main.sqlite_master WHERE type = 'trigger'")
      .pluck()
      .all() as string[];
    for (const name of triggers) past.exec(`DROP TRIGGER main."${name}"`);
    past.prepare('ATTACH DATABASE ? AS src').run(src.name);
    // One read transaction for the whole visit: the tables read where they lie stay as they were
    // when the past was built, whatever another connection commits meanwhile.
    past.exec('BEGIN');
    const changed = new Set(past.prepare(changedTables).pluck().all(seq) as string[]);
    for (const table of PAST_TABLES) {
      if (changed.has(table)) continue;
      // Unchanged since: read from the project's file (the name resolves there once main's
      // empty table is gone).
      past.exec(`DROP TABLE main."${table}"`);
    }
    for (const table of PAST_TABLES) if (changed.has(table)) rewind(past, table, seq);
    if (changed.has('sources')) {
      past.exec('INSERT INTO main.blocks SELECT * FROM src.blocks');
      past.exec('DELETE FROM main.blocks WHERE source_id NOT IN (SELECT id FROM main.sources)');
    } else past.exec('DROP TABLE main.blocks');
    keptCounts(past, changed.has('segments') || changed.has('codings'));
    // The log up to the moment is read where it lies: copying a long history would cost more
    // than the whole rebuild.
    past.exec('DROP TABLE main.change_log');
    past.exec(
      `CREATE TEMP VIEW change_log AS SELECT * FROM src.change_log WHERE seq <= ${Math.trunc(seq)}`,
    );
    // Nothing may change the past: every write fails (and says why, through the session).
    past.pragma('query_only = ON');
    return past;
  } catch (e) {
    past.close();
    throw e;
  }
}

/**
 * The counts the triggers of migration 022 keep (the past has no triggers): the project's own
 * when no segment or coding changed since, else counted afresh from the past's rows.
 */
function keptCounts(past: Db, recount: boolean): void {
  const tables = ['source_segment_counts', 'code_source_counts', 'code_counts'];
  if (!recount) {
    for (const t of tables) past.exec(`DROP TABLE main.${t}`);
    return;
  }
  // Unqualified names: the past is `main`, searched before the attached project.
  past.exec(RECOUNT_SEGMENTS_PER_SOURCE);
  past.exec(RECOUNT_CODINGS_PER_CODE_AND_SOURCE);
  past.exec(RECOUNT_CODE_TOTALS);
}

/** Copies one table that changed since `seq` and puts it back as it was at `seq`. */
function rewind(past: Db, table: Table, seq: number): void {
  const info = columns(past, table);
  const cols = info.map((c) => c.name);
  const required = new Set(info.filter((c) => c.notnull).map((c) => c.name));
  const meta = TABLES[table];
  // `SELECT *` into an empty table of the same definition: the transfer optimisation.
  past.exec(`INSERT INTO main."${table}" SELECT * FROM src."${table}"`);
  const later = `SELECT entity_id, min(seq) AS seq FROM src.change_log NOT INDEXED
                 WHERE seq > @seq AND entity = @table GROUP BY entity_id`;
  const keyOf =
    meta.key.length === 1
      ? `"${meta.key[0]}"`
      : meta.key.map((k) => `CAST("${k}" AS TEXT)`).join(` || ':' || `);
  past
    .prepare(`DELETE FROM main."${table}" WHERE ${keyOf} IN (SELECT entity_id FROM (${later}))`)
    .run({ table, seq });
  // What the log leaves out of a row is immutable or confidential: taken from the project's
  // row of the same key (empty, when required, if it has gone since).
  const content = table === 'sources' ? ['text', 'marks'] : [...(meta.unlogged ?? [])];
  const logged = cols.filter((c) => !content.includes(c));
  const values = logged.map((c) => `json_extract(l.before, '$."${c}"')`);
  const key = meta.key[0] ?? 'id';
  const extra = content.map(
    (c) =>
      `COALESCE((SELECT s."${c}" FROM src."${table}" s WHERE s."${key}" = l.entity_id), ${
        required.has(c) ? "''" : 'NULL'
      })`,
  );
  past
    .prepare(
      `INSERT INTO main."${table}" (${[...logged, ...content].map((c) => `"${c}"`).join(', ')})
       SELECT ${[...values, ...extra].join(', ')}
       FROM src.change_log l JOIN (${later}) first ON first.seq = l.seq
       WHERE l.before IS NOT NULL`,
    )
    .run({ table, seq });
}
