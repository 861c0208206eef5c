import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectFileError } from '../../../db/errors.js';
import { MIGRATIONS, LATEST_VERSION, migrationSql } from '../../../db/migrations/index.js';
import { APPLICATION_ID, createProjectDb, openProjectDb } from '../../../db/open.js';
import { tempDir } from '../helpers.js';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('project file', () => {
  const dir = tempDir();

  it('creates a file with WAL, foreign keys, application id and the latest schema', () => {
    const path = join(dir, 'new.casus');
    const db = createProjectDb(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
    const reopened = openProjectDb(path);
    // synchronous does not persist: it must be set again on every connection.
    expect(reopened.pragma('synchronous', { simple: true })).toBe(2);
    expect(reopened.pragma('busy_timeout', { simple: true })).toBe(5000);
    // A 64 MB page cache (negative: KiB), not SQLite's 2 MB: big studies' indexes stay in it.
    expect(reopened.pragma('cache_size', { simple: true })).toBe(-64 * 1024);
    reopened.close();
  });

  it('applies every migration in order, each leaving user_version at its number', () => {
    const db = new Database(':memory:');
    for (const m of MIGRATIONS) {
      db.transaction(() => {
        db.exec(migrationSql(m));
        db.pragma(`user_version = ${m.version}`);
      })();
      expect(db.pragma('user_version', { simple: true })).toBe(m.version);
    }
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'sources',
        'segments',
        'codings',
        'codes',
        'memos',
        'change_log',
        'blocks_fts',
      ]),
    );
  });

  it('refuses a SQLite file of another application and leaves it untouched', () => {
    const path = join(dir, 'other.sqlite');
    const other = new Database(path);
    other.exec('CREATE TABLE t (x)');
    other.close();
    const before = sha(path);
    expect(() => openProjectDb(path)).toThrowError(/not a Casus project/);
    expect(sha(path)).toBe(before);
  });

  it('refuses a file that is not SQLite at all, and an empty file, unchanged', () => {
    const text = join(dir, 'notes.casus');
    writeFileSync(text, 'just some notes');
    expect(() => openProjectDb(text)).toThrowError(
      /notes\.casus: not a Casus project \(not a SQLite database\)/,
    );
    expect(readFileSync(text, 'utf8')).toBe('just some notes');
    const empty = join(dir, 'empty.casus');
    writeFileSync(empty, '');
    expect(() => openProjectDb(empty)).toThrowError(/not a Casus project/);
    expect(statSync(empty).size).toBe(0);
  });

  it('refuses a project from a newer version with a clear message and never modifies it', () => {
    const path = join(dir, 'future.casus');
    const db = createProjectDb(path);
    db.pragma(`user_version = ${LATEST_VERSION + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(path);
    let error: unknown;
    try {
      openProjectDb(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProjectFileError);
    expect((error as ProjectFileError).code).toBe('newer_version');
    expect((error as Error).message).toMatch(/future\.casus: made by a newer version of Casus/);
    expect(sha(path)).toBe(before);
  });

  it('keeps the source text immutable and the change log append-only', () => {
    const db = createProjectDb(':memory:');
    db.prepare(
      `INSERT INTO sources (id, title, kind, original_name, sha256, text, text_sha256, text_length, created_at)
       VALUES ('s1', 'T', 'document', 'a.txt', 'x', 'hello', 'y', 5, 'now')`,
    ).run();
    expect(() =>
      db.prepare("UPDATE sources SET text = 'changed' WHERE id = 's1'").run(),
    ).toThrowError(/immutable/);
    db.prepare("UPDATE sources SET title = 'New title' WHERE id = 's1'").run();
    db.prepare(
      "INSERT INTO change_log (group_id, at, action, entity, entity_id) VALUES ('g', 'now', 'x', 'sources', 's1')",
    ).run();
    expect(() => db.prepare('DELETE FROM change_log').run()).toThrowError(/append-only/);
    expect(() => db.prepare("UPDATE change_log SET action = 'y'").run()).toThrowError(
      /append-only/,
    );
  });

  it('rejects segments whose end is not after their start', () => {
    const db = createProjectDb(':memory:');
    db.prepare(
      `INSERT INTO sources (id, title, kind, original_name, sha256, text, text_sha256, text_length, created_at)
       VALUES ('s1', 'T', 'document', 'a.txt', 'x', 'hello', 'y', 5, 'now')`,
    ).run();
    expect(() =>
      db
        .prepare(
          "INSERT INTO segments (id, source_id, start, end, text, created_at) VALUES ('g', 's1', 3, 3, '', 'now')",
        )
        .run(),
    ).toThrowError(/CHECK/);
  });
});

describe('released migrations never change', () => {
  // When a migration is released its checksum goes here; editing it afterwards fails this test.
  const released: Record<string, string> = {
    '001-initial.sql': '47fa507880bf14d42b10a8ef24ac4d747c5a205884aed85894de21289a79fe3e',
    '003-search.sql': '1dfddbe0560138210f7d8818b03a3f692f4e854123159af5caa1502a1570260d',
    '004-matrix.sql': '95bfc4d63f5155cbf5faa9c4d1fb9b5006277282706de576f74a8ef8ded44e2c',
    '007-search-speed.sql': '8bbded47113d58f5af22f3191b1405ec01f60e9ae61436ef64af89439819a1f3',
    '008-matrix-speed.sql': 'ba87e8c41d53a81946fc53bdf65910bc44bb604ec8ef61c2852635e753f24dfc',
    '009-change-log-session.sql':
      '55c27c3f1546091d9e8eb3283b9116805e1d8e0b078c82627adb02af82eb941c',
    '010-synthesis-coordinates.sql':
      '68bd70dd5740da7167256e23c128c1d62c5abe3a6f260f932a461cb87e71d37b',
    '011-integer-segment-keys.sql':
      'ea34d0017c7b06a3c621abf7896daafd9ad8f1ed17114fa195f1245d9b8cb478',
    '012-validation.sql': 'b0e02d100b7305c692322197e5d90cb1427d687ab6a8f87595e5c73edef14993',
    '013-group-review.sql': '5df66e02c2014adf2b4b3dfe51b6c854421ef5869b9e8035fa80a47ad0ce475b',
    '014-team-coding.sql': 'b079913ca37c3fd603c0db74467f1669f153d17dd3aea05eacd450c897377f50',
    '015-comments-reviews.sql': '3ca166fad5b4d663a99fb00c16f14dac9814064125cdafc845f9027dc037d0f2',
    '017-transcripts.sql': '07e2cb59b511fd5c6b1083c24c99f91cf9da2d33f71c38706c76ba537e2754a6',
    '018-history-baseline.sql': 'c20730ef01de908b688f3f7706d1b2ae95c43b9a93e8c40bfb5491add1a305ff',
    '019-light-source-list.sql': '006fceafc79ebd21596b15f2900d610bda913afef0bdf41132e9c0b3cf25932a',
    '016-confidentiality.sql': '91387a48c04e960a62b074a97448e83e0d024c60ac4175a91de27e444e735cc8',
    '020-project-memo-target.sql':
      '0f8ae84180ae110dc63386a74251457302172cedfb26b85b44012dd522d792d9',
    '021-media.sql': '136a32faa9efe2c1345410a3ebad3034749a285788652a8ff422f34dc9311082',
    '022-read-speed.sql': '7d870ed5fa8a81e1849e3d670308bfdea0c85700248152b098920074e350cd42',
    '023-segment-ids-by-seq.sql':
      '506f09fa5c4b0d71c321e7d1e08f2ccce8da80516a5b672b851779f8486d6d64',
    '024-search-source-runs.sql':
      '91c8b42a7448c825e0c3a11bf9f3da4ecb41f2b8c66ea24a71a2ac3a2d0fb7a5',
    '025-code-source-seqs.sql': 'ae9674367daf2f091faaaca8a51524b28fee38441a07a92a8fd3a1131ce10c4b',
    '026-search-nul-blocks.sql': 'cb8ff965dda6020ddeb32a24f22c8986601941c322f47ba8e90a9cd3e1db0ed5',
    '027-source-segment-seqs.sql':
      '08d5c0c27a462e4cd961dd06a3d8170ccbb867be8883b86756344e38e8e1e9fe',
  };
  it('matches the recorded checksum of every migration file', () => {
    for (const m of MIGRATIONS) {
      const sum = createHash('sha256').update(migrationSql(m)).digest('hex');
      expect(released[m.file], `${m.file} needs its checksum recorded`).toBeDefined();
      expect(sum, `${m.file} was edited after release`).toBe(released[m.file]);
    }
  });
});
