/**
 * What must hold in a project after any kill. Runs on a copy of the project file and its
 * write-ahead log as the kill left them (opening it replays the log, as the next open would), with
 * a read-write connection because SQLite's full-text index check is an INSERT statement. Nothing
 * is repaired: a check only reads and reports.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { rangeProblem } from '../../core/shared/text/offsets.js';
import { rowKey, TABLES, type Table } from '../../db/tables.js';
import type { Claim } from './protocol.js';

type Row = Record<string, unknown>;

export interface LogEntry {
  seq: number;
  group_id: string;
  at: string;
  coder_id: string | null;
  session_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before: string | null;
  after: string | null;
}

/** The change log as it stood when last checked: it may only grow. */
export interface LogMark {
  seq: number;
  count: number;
  digest: string;
}

/** An acknowledged action of the core worker: its group and what it left. */
export interface AckedGroup {
  n: number;
  action: string;
  group: string;
  entries: number;
  claims: Claim[];
}

/** What one kill's round promised, to be found in the project. */
export type Promises =
  | {
      kind: 'core';
      /** The worker's session, null when it died before opening the project. */
      session: string | null;
      acked: AckedGroup[];
    }
  | {
      kind: 'cli';
      /** Rows the commands reported, last report per row; `text` is a segment's printed text. */
      claims: { table: Table; id: string; present: boolean; text?: string; previous?: string }[];
      /** How many printed lines report a write (each is one change-log group). */
      writes: number;
      /** Rows the killed command may or may not have changed (an uncode under way). */
      undetermined: string[];
    };

export interface CheckResult {
  name: string;
  problems: string[];
}

const MAX_PROBLEMS = 8;

function digestOf(entries: readonly LogEntry[]): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(`${JSON.stringify(e)}\n`);
  return h.digest('hex');
}

export function logMark(entries: readonly LogEntry[]): LogMark {
  return {
    seq: entries.at(-1)?.seq ?? 0,
    count: entries.length,
    digest: digestOf(entries),
  };
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

class Checks {
  readonly results: CheckResult[] = [];

  run(name: string, fn: (problem: (msg: string) => void) => void): void {
    const problems: string[] = [];
    const problem = (msg: string) => {
      if (problems.length < MAX_PROBLEMS) problems.push(msg);
      else if (problems.length === MAX_PROBLEMS) problems.push('… and more');
    };
    try {
      fn(problem);
    } catch (e) {
      problems.push(`the check itself failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.results.push({ name, problems });
  }
}

/**
 * Checks the project at `path` (a copy: it is opened read-write). `previous` is the change log as
 * it stood before the round; `promises` what the round acknowledged. Also says how many groups
 * the round committed without acknowledging them (a kill between commit and print).
 */
export function checkProject(
  path: string,
  previous: LogMark | null,
  promises: Promises | null,
): { results: CheckResult[]; unacknowledged: number } {
  const checks = new Checks();
  let unacknowledged = 0;
  let log: LogEntry[] = [];
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (e) {
    checks.run('opens', (problem) => problem(e instanceof Error ? e.message : String(e)));
    return { results: checks.results, unacknowledged };
  }
  try {
    checks.run('integrity_check', (problem) => {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      const text = rows.map((r) => r.integrity_check);
      if (text.join() !== 'ok') for (const t of text) problem(t);
    });
    checks.run('foreign_key_check', (problem) => {
      for (const r of db.pragma('foreign_key_check') as Row[])
        problem(`${String(r.table)} row ${String(r.rowid)} → ${String(r.parent)}`);
    });
    for (const index of ['blocks_fts', 'blocks_trigram']) {
      checks.run(`${index} matches blocks`, () => {
        // rank 1: also compare the index with its content table (blocks), not only itself.
        db.prepare(`INSERT INTO ${index} (${index}, rank) VALUES ('integrity-check', 1)`).run();
      });
    }

    checks.run('kept counts match a recount', (problem) => {
      // Migration 022: the counts the source list, the code tree and project info read.
      const pairs = [
        [
          // With the seqs migration 027 keeps beside each count, in text order.
          'SELECT source_id, n, seqs FROM source_segment_counts ORDER BY 1',
          `SELECT source_id, count(*) AS n, json_group_array(seq ORDER BY start, "end", id) AS seqs
           FROM segments GROUP BY source_id ORDER BY 1`,
        ],
        [
          // With the seqs migration 025 keeps beside each count, ascending.
          'SELECT code_id, source_id, n, seqs FROM code_source_counts ORDER BY 1, 2',
          `SELECT k.code_id, g.source_id, count(*) AS n,
             json_group_array(k.segment_seq ORDER BY k.segment_seq) AS seqs FROM codings k
           JOIN segments g ON g.seq = k.segment_seq GROUP BY 1, 2 ORDER BY 1, 2`,
        ],
        [
          'SELECT code_id, codings, sources FROM code_counts ORDER BY 1',
          `SELECT code_id, sum(n) AS codings, count(*) AS sources FROM (SELECT k.code_id,
             g.source_id, count(*) AS n FROM codings k JOIN segments g ON g.seq = k.segment_seq
             GROUP BY 1, 2) GROUP BY 1 ORDER BY 1`,
        ],
      ] as const;
      for (const [kept, recount] of pairs) {
        const a = JSON.stringify(db.prepare(kept).raw(true).all());
        const b = JSON.stringify(db.prepare(recount).raw(true).all());
        if (a !== b)
          problem(`${kept.split(' FROM ')[1]?.split(' ')[0]}: kept ${a}, recounted ${b}`);
      }
    });

    const texts = new Map<string, string>();
    checks.run('sources whole', (problem) => {
      const files = new Map(
        (
          db.prepare('SELECT source_id, bytes FROM source_files').all() as {
            source_id: string;
            bytes: Buffer;
          }[]
        ).map((f) => [f.source_id, f.bytes]),
      );
      for (const s of db
        .prepare('SELECT id, text, text_length, text_sha256, sha256 FROM sources')
        .all() as Row[]) {
        const id = String(s.id);
        const text = String(s.text);
        texts.set(id, text);
        if (text.length !== s.text_length)
          problem(`source ${id}: text_length ${String(s.text_length)}, text has ${text.length}`);
        if (createHash('sha256').update(text).digest('hex') !== s.text_sha256)
          problem(`source ${id}: its text does not match text_sha256`);
        const bytes = files.get(id);
        if (!bytes) problem(`source ${id}: its original file is missing`);
        else if (createHash('sha256').update(bytes).digest('hex') !== s.sha256)
          problem(`source ${id}: its original file does not match sha256`);
      }
      const blocks = db.prepare('SELECT id, source_id, start, end, text FROM blocks').all() as {
        id: number;
        source_id: string;
        start: number;
        end: number;
        text: string;
      }[];
      const perSource = new Map<string, number>();
      for (const b of blocks) {
        perSource.set(b.source_id, (perSource.get(b.source_id) ?? 0) + 1);
        const text = texts.get(b.source_id) ?? '';
        if (b.end > text.length) problem(`block ${b.id}: ends at ${b.end}, past its text`);
        else if (text.slice(b.start, b.end) !== b.text)
          problem(`block ${b.id}: its text is not its range of the source text`);
      }
      for (const [id, text] of texts)
        if (text.trim() !== '' && !perSource.get(id)) problem(`source ${id}: has no blocks`);
    });

    checks.run('segments inside their text', (problem) => {
      for (const s of db.prepare('SELECT id, source_id, start, end, text FROM segments').all() as {
        id: string;
        source_id: string;
        start: number;
        end: number;
        text: string;
      }[]) {
        const text = texts.get(s.source_id);
        if (text === undefined) {
          problem(`segment ${s.id}: its source ${s.source_id} is missing`);
          continue;
        }
        // UTF-16 offsets, as the product counts them (SQLite's substr counts code points).
        const why = rangeProblem(text, s.start, s.end);
        if (why) problem(`segment ${s.id} ${s.start}-${s.end}: ${why}`);
        else if (text.slice(s.start, s.end) !== s.text)
          problem(`segment ${s.id} ${s.start}-${s.end}: its text is not that range of its source`);
      }
    });

    checks.run('memos on existing targets', (problem) => {
      const table: Record<string, string> = {
        segment: 'segments',
        code: 'codes',
        source: 'sources',
        case: 'cases',
      };
      for (const m of db.prepare('SELECT id, target_type, target_id FROM memos').all() as Row[]) {
        const t = table[String(m.target_type)];
        if (!t) continue;
        if (!db.prepare(`SELECT 1 FROM ${t} WHERE id = ?`).get(m.target_id))
          problem(
            `memo ${String(m.id)} is on ${String(m.target_type)} ${String(m.target_id)}, which is gone`,
          );
      }
    });

    checks.run('change log readable', () => {
      log = db.prepare('SELECT * FROM change_log ORDER BY seq').all() as LogEntry[];
    });

    checks.run('change log only grew', (problem) => {
      if (!previous) return;
      const prefix = log.filter((e) => e.seq <= previous.seq);
      if (prefix.length !== previous.count)
        problem(`${previous.count} entries up to seq ${previous.seq} before, ${prefix.length} now`);
      else if (digestOf(prefix) !== previous.digest)
        problem(`entries up to seq ${previous.seq} changed since the last check`);
    });

    checks.run('change-log groups whole', (problem) => {
      const groups = new Map<string, { first: LogEntry; last: LogEntry; n: number }>();
      let lastGroup = '';
      for (const e of log) {
        const g = groups.get(e.group_id);
        if (!g) groups.set(e.group_id, { first: e, last: e, n: 1 });
        else {
          if (lastGroup !== e.group_id)
            problem(`group ${e.group_id} is interleaved with another (seq ${e.seq})`);
          if (!same(g.first.action, e.action) || !same(g.first.session_id, e.session_id))
            problem(`group ${e.group_id} mixes actions or sessions (seq ${e.seq})`);
          g.last = e;
          g.n++;
        }
        lastGroup = e.group_id;
        if (e.entity === 'history') {
          const target = groups.get(e.entity_id);
          if (!target || target.first.seq >= e.seq)
            problem(`group ${e.group_id} reverses ${e.entity_id}, which is not earlier in the log`);
        }
      }
    });

    checks.run('rows match the change log', (problem) => {
      // The log's last word on each row: the row as it must be now (null: gone).
      const latest = new Map<string, LogEntry>();
      for (const e of log) latest.set(`${e.entity}\n${e.entity_id}`, e);
      for (const table of Object.keys(TABLES) as Table[]) {
        const seen = new Set<string>();
        const hidden = new Set<string>(TABLES[table].unlogged ?? []);
        // A source's text and marks are content, kept out of the log by design (db/tables.ts).
        if (table === 'sources') for (const c of ['text', 'marks']) hidden.add(c);
        for (const row of db.prepare(`SELECT * FROM ${table}`).all() as Row[]) {
          const id = rowKey(table, row as never);
          seen.add(id);
          const e = latest.get(`${table}\n${id}`);
          if (!e) {
            problem(`${table} ${id} is in the project but not in the change log`);
            continue;
          }
          if (e.after === null) {
            problem(
              `${table} ${id} is in the project; the log removed it (${e.action}, seq ${e.seq})`,
            );
            continue;
          }
          const logged = JSON.parse(e.after) as Row;
          for (const [col, value] of Object.entries(row)) {
            if (hidden.has(col)) continue;
            if (!(col in logged)) problem(`${table} ${id}: column ${col} is not in its log entry`);
            else if (!same(logged[col], value))
              problem(
                `${table} ${id}: ${col} is ${JSON.stringify(value)}, the log says ${JSON.stringify(logged[col])} (${e.action}, seq ${e.seq})`,
              );
          }
        }
        for (const e of latest.values()) {
          if (e.entity !== table || e.after === null || seen.has(e.entity_id)) continue;
          problem(`${table} ${e.entity_id} is missing; the log has it (${e.action}, seq ${e.seq})`);
        }
      }
    });

    if (promises) {
      checks.run('acknowledged actions kept', (problem) => {
        unacknowledged = checkPromises(db, log, previous?.seq ?? 0, promises, problem);
      });
    }
  } finally {
    db.close();
  }
  return { results: checks.results, unacknowledged };
}

function rowExists(db: Database.Database, table: Table, id: string): boolean {
  const key = TABLES[table].key as readonly string[];
  const parts = key.length === 1 ? [id] : id.split(':');
  return (
    db
      .prepare(`SELECT 1 FROM ${table} WHERE ${key.map((k) => `"${k}" = ?`).join(' AND ')}`)
      .get(...parts.map((p) => (table === 'project' ? Number(p) : p))) !== undefined
  );
}

/** Checks what the round promised; returns how many groups it committed without saying so. */
function checkPromises(
  db: Database.Database,
  log: readonly LogEntry[],
  baseline: number,
  promises: Promises,
  problem: (msg: string) => void,
): number {
  // The groups the round committed, in order.
  const groups: { id: string; session: string | null; action: string; n: number; last: number }[] =
    [];
  for (const e of log) {
    if (e.seq <= baseline) continue;
    const g = groups.at(-1);
    if (g && g.id === e.group_id) {
      g.n++;
      g.last = e.seq;
    } else
      groups.push({ id: e.group_id, session: e.session_id, action: e.action, n: 1, last: e.seq });
  }
  if (promises.kind === 'cli') {
    // Every write a command printed is a group; the command killed may have committed one more.
    if (groups.length > promises.writes + 1)
      problem(
        `${groups.length} groups committed, ${promises.writes} printed: more than one unreported`,
      );
    for (const c of promises.claims) {
      if (promises.undetermined.includes(c.id)) continue;
      if (rowExists(db, c.table, c.id) !== c.present)
        problem(
          `${c.table} ${c.id} was reported ${c.present ? 'written' : 'removed'}; it is ${c.present ? 'missing' : 'there'}`,
        );
      if (c.text !== undefined) {
        const text = db.prepare('SELECT text FROM segments WHERE id = ?').pluck().get(c.id);
        if (text !== undefined && text !== c.text)
          problem(`segment ${c.id}: its text is not the text the command printed`);
      }
      if (c.previous !== undefined) {
        const prev = db
          .prepare('SELECT previous_version_id FROM sources WHERE id = ?')
          .pluck()
          .get(c.id);
        if (prev !== undefined && prev !== c.previous)
          problem(
            `source ${c.id}: previous version ${String(prev)}, the command printed ${c.previous}`,
          );
      }
    }
    return Math.max(0, groups.length - promises.writes);
  }
  if (promises.session === null) {
    if (groups.length)
      problem(`${groups.length} groups committed before the worker opened the project`);
    return 0;
  }
  const others = groups.filter((g) => g.session !== promises.session);
  if (others.length) problem(`${others.length} groups from another session during the round`);
  const mine = groups.filter((g) => g.session === promises.session);
  // Exactly the acknowledged groups, in order, and at most one more at the end: the call under way.
  const acked = promises.acked;
  for (let i = 0; i < Math.max(mine.length, acked.length); i++) {
    const g = mine[i];
    const a = acked[i];
    if (a && !g) problem(`acknowledged ${a.action} (operation ${a.n}, group ${a.group}) is lost`);
    else if (a && g && a.group !== g.id)
      problem(`operation ${a.n}: acknowledged group ${a.group}, the log has ${g.id} there`);
    else if (a && g && a.entries !== g.n)
      problem(
        `operation ${a.n} (${a.action}): ${a.entries} log entries acknowledged, ${g.n} in the project`,
      );
    else if (!a && g && i !== mine.length - 1)
      problem(
        `group ${g.id} (${g.action}) was committed but never acknowledged, and is not the last`,
      );
  }
  const byGroup = new Map(mine.map((g) => [g.id, g]));
  const latest = new Map<string, LogEntry>();
  for (const e of log) latest.set(`${e.entity}\n${e.entity_id}`, e);
  for (const a of acked) {
    const g = byGroup.get(a.group);
    if (!g) continue;
    for (const [table, id, present] of a.claims) {
      const e = latest.get(`${table}\n${id}`);
      // A later action changed the row again: its own acknowledgement (or the call under way) speaks.
      if (e && e.seq > g.last) continue;
      if (!e || e.group_id !== a.group) {
        problem(`operation ${a.n} (${a.action}): its log entry for ${table} ${id} is missing`);
        continue;
      }
      if (rowExists(db, table as Table, id) !== (present === 1))
        problem(
          `operation ${a.n} (${a.action}) ${present ? 'wrote' : 'removed'} ${table} ${id}; it is ${present ? 'missing' : 'there'}`,
        );
    }
  }
  return Math.max(0, mine.length - acked.length);
}
