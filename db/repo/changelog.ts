import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import { insertCoding, type NewCoding } from './codings.js';
import { isTable, TABLES, type Table, type Tables } from '../tables.js';

/** One user action as the change log holds it. */
export interface ActionGroup {
  group_id: string;
  action: string;
  seq: number;
  last_seq: number;
  at: string;
  coder_id: string | null;
  /** For undo and redo groups: the group they reversed. */
  target: string | null;
}

export interface LogEntry {
  seq: number;
  group_id: string;
  at: string;
  coder_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
}

const GROUPS = `SELECT group_id, action, min(seq) AS seq, max(seq) AS last_seq, min(at) AS at,
    min(coder_id) AS coder_id, max(CASE WHEN entity = 'history' THEN entity_id END) AS target
  FROM change_log`;
const groupsOfSession = sql.rows<
  ActionGroup,
  { session: string; coder: string | null; after: number }
>(
  `${GROUPS} WHERE session_id = @session AND coder_id IS @coder AND seq > @after
   GROUP BY group_id ORDER BY seq`,
);
const entriesOf = sql.rows<LogEntry, { group: string }>(
  `SELECT * FROM change_log WHERE group_id = @group AND entity <> 'history' ORDER BY seq DESC`,
);
const laterOf = sql.rows<
  LogEntry & { coder_name: string | null },
  { entity: string; id: string; seq: number }
>(
  `SELECT l.*, c.name AS coder_name FROM change_log l LEFT JOIN coders c ON c.id = l.coder_id
   WHERE l.entity = @entity AND l.entity_id = @id AND l.seq > @seq ORDER BY l.seq LIMIT 1`,
);
const versionsOf = sql.rows<
  LogEntry & { coder_name: string | null },
  { entity: string; id: string }
>(
  `SELECT l.*, c.name AS coder_name FROM change_log l LEFT JOIN coders c ON c.id = l.coder_id
   WHERE l.entity = @entity AND l.entity_id = @id AND l.action <> 'baseline' ORDER BY l.seq DESC`,
);

/**
 * The action groups one coder made in one session, oldest first; those after the log entry
 * `afterSeq` only, when given (a group's entries are consecutive: one transaction).
 */
export const sessionGroups = (r: Reader, sessionId: string, coderId: string | null, afterSeq = 0) =>
  reading(r).all(groupsOfSession, { session: sessionId, coder: coderId, after: afterSeq });

/**
 * Whether `r` reads committed data only: outside a transaction, whose writes (a change log's
 * entries among them) could still roll back.
 */
export const readsCommitted = (r: Reader): boolean => !reading(r).conn.inTransaction;

/** The changes of one group, newest first (the order in which to reverse them). */
export const groupEntries = (r: Reader, groupId: string): LogEntry[] =>
  reading(r).all(entriesOf, { group: groupId });

/** The first change to an entity after `seq`, with the name of its coder. */
export const laterChange = (r: Reader, entity: string, id: string, seq: number) =>
  reading(r).get(laterOf, { entity, id, seq });

/** Every logged change to one entity, newest first (an upgrade's baseline is no change). */
export const entityVersions = (r: Reader, entity: Table, id: string) =>
  reading(r).all(versionsOf, { entity, id });

/** The current row of a table by its change-log id, or undefined. */
export function currentRow(
  r: Reader,
  table: Table,
  entityId: string,
): Record<string, unknown> | undefined {
  const key = TABLES[table].key as readonly string[];
  const parts = key.length === 1 ? [entityId] : entityId.split(':');
  const params: Record<string, string | number> = {};
  key.forEach((k, i) => {
    // The project row's key is a number.
    params[k] = table === 'project' ? Number(parts[i]) : (parts[i] ?? '');
  });
  return reading(r).get(
    sql.rows<Record<string, unknown>, Record<string, string | number>>(
      `SELECT * FROM ${table} WHERE ${key.map((k) => `"${k}" = @${k}`).join(' AND ')}`,
    ),
    params,
  );
}

/** Whether undo can write this entity back from the log. */
export const reversible = (entity: string): entity is Table =>
  isTable(entity) && TABLES[entity].reversible;

/**
 * Writes a row back as the log holds it: inserts it (when it is gone), updates it (to `row`), or
 * deletes it (row null). Every change is recorded, so an undo is itself undoable (redo).
 */
export function restoreRow(
  w: Writer,
  table: Table,
  current: Record<string, unknown> | undefined,
  row: Record<string, unknown> | null,
): void {
  const tx = writing(w);
  type AnyTable = Tables[Table];
  if (row === null) {
    if (current) tx.remove(table, current as unknown as AnyTable);
    return;
  }
  // A coding logged before migration 011 lacks its segment_seq: insertCoding looks it up.
  if (!current && table === 'codings') insertCoding(w, row as unknown as NewCoding);
  else if (!current) tx.insert(table, row as unknown as AnyTable);
  else tx.update(table, current as unknown as AnyTable, row as Partial<AnyTable>);
}

/** A marker entry: this group reversed `groupId` (undo stacks are derived from these). */
export function recordReversal(w: Writer, groupId: string): void {
  writing(w).record('history', groupId, null, null);
}

/** The rows that refer to a row (by its id) in tables that depend on its table. */
export function dependentRows(r: Reader, table: Table, id: string): { table: Table; id: string }[] {
  const out: { table: Table; id: string }[] = [];
  for (const d of TABLES[table].dependents ?? []) {
    const key = TABLES[d.table].key as readonly string[];
    const ids = reading(r).all(
      sql.values<string, { id: string }>(
        `SELECT ${key.map((k) => `"${k}"`).join(" || ':' || ")} FROM ${d.table}
         WHERE "${d.column}" = @id${d.where ? ` AND ${d.where}` : ''}`,
      ),
      { id },
    );
    for (const x of ids) out.push({ table: d.table, id: x });
  }
  return out;
}
