import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { createContext } from '../../../core/server/context.js';
import { Session } from '../../../core/server/session.js';
import { callerFor } from '../helpers.js';

/** A clock the test moves by hand. */
export function testClock(start = '2025-03-03T09:00:00.000Z') {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export const HOUR = 3_600_000;

/** Opens a project file in a session of its own (a workbench with `auto`), on the test's clock. */
export async function openSession(path: string, opts: { auto?: boolean; clock?: () => Date } = {}) {
  const session = new Session({
    remember: false,
    autoSnapshots: opts.auto ?? false,
    ...(opts.clock ? { clock: opts.clock } : {}),
  });
  const ctx = createContext(session);
  const call = callerFor(ctx);
  await call('project.open', { path });
  afterAll(() => session.close());
  return { session, ctx, call };
}

type Row = Record<string, unknown>;

/** Every row of every table of a project file, in a stable order: equal files dump equal. */
export function dump(path: string): Record<string, Row[]> {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    const out: Record<string, Row[]> = {};
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Row[];
      const key = (r: Row) =>
        JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
      out[name] = rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    }
    return out;
  } finally {
    db.close();
  }
}
