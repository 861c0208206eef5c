import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readerFor } from '../../../db/access.js';
import { MIGRATIONS, migrationSql } from '../../../db/migrations/index.js';
import { APPLICATION_ID, openProjectDb } from '../../../db/open.js';
import { memoOf, memosOf, PROJECT_MEMO_TARGET } from '../../../db/repo/memos.js';
import { tempDir } from '../helpers.js';

const UUID = '6f1c2a5e-9d1b-4c7a-8e2f-3b4d5c6e7f80';

/** A project file as version 18 left it, with the project memos an older REFI import wrote. */
function projectAt18(path: string): void {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  for (const m of MIGRATIONS.filter((x) => x.version <= 18)) {
    db.exec(migrationSql(m));
    db.pragma(`user_version = ${m.version}`);
  }
  db.prepare(
    `INSERT INTO project (id, uuid, name, template, created_at) VALUES (1, ?, 'Oud', 'blank', '2026-01-01T00:00:00.000Z')`,
  ).run(UUID);
  const memo = db.prepare(
    `INSERT INTO memos (id, target_type, target_id, title, body, body_text, created_at, updated_at)
     VALUES (?, ?, ?, ?, '', ?, ?, ?)`,
  );
  memo.run(
    'm1',
    'project',
    UUID,
    'Projectnotitie',
    'eerste',
    '2026-01-02T00:00:00.000Z',
    '2026-01-02T00:00:00.000Z',
  );
  memo.run(
    'm2',
    'project',
    UUID,
    'Tweede',
    'tweede',
    '2026-01-03T00:00:00.000Z',
    '2026-01-03T00:00:00.000Z',
  );
  // Memos on other targets, and one already where it belongs, stay as they are.
  memo.run(
    'm3',
    'source',
    UUID,
    'Bron',
    'bron',
    '2026-01-04T00:00:00.000Z',
    '2026-01-04T00:00:00.000Z',
  );
  memo.run(
    'm4',
    'project',
    '1',
    'Al goed',
    'goed',
    '2026-01-01T12:00:00.000Z',
    '2026-01-01T12:00:00.000Z',
  );
  db.close();
}

describe('migration 020: project memos of older REFI-QDA imports', () => {
  const dir = tempDir();

  it('moves the project memos stored under the project uuid to the project memo key, logged', () => {
    const path = join(dir, 'old.casus');
    projectAt18(path);
    const db = openProjectDb(path);
    try {
      const r = readerFor(db);
      expect(memosOf(r, 'project', PROJECT_MEMO_TARGET).map((m) => m.id)).toEqual([
        'm4',
        'm1',
        'm2',
      ]);
      expect(memosOf(r, 'project', UUID)).toEqual([]);
      expect(memoOf(r, 'source', UUID)?.id).toBe('m3');
      const log = db
        .prepare(
          "SELECT group_id, entity_id, before, after FROM change_log WHERE action = 'upgrade.projectMemos' ORDER BY seq",
        )
        .all() as { group_id: string; entity_id: string; before: string; after: string }[];
      expect(log.map((l) => l.entity_id)).toEqual(['m1', 'm2']);
      expect(new Set(log.map((l) => l.group_id)).size).toBe(1);
      expect(JSON.parse(log[0]!.before)).toMatchObject({
        target_id: UUID,
        title: 'Projectnotitie',
      });
      expect(JSON.parse(log[0]!.after)).toMatchObject({ target_id: '1', title: 'Projectnotitie' });
    } finally {
      db.close();
    }
  });

  it('logs nothing in a project without such memos', () => {
    const path = join(dir, 'clean.casus');
    projectAt18(path);
    const raw = new Database(path);
    raw.exec("DELETE FROM memos WHERE target_id <> '1'");
    raw.close();
    const db = openProjectDb(path);
    try {
      const n = db
        .prepare("SELECT count(*) AS n FROM change_log WHERE action = 'upgrade.projectMemos'")
        .get() as { n: number };
      expect(n.n).toBe(0);
    } finally {
      db.close();
    }
  });
});
