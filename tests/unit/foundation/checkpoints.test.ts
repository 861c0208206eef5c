import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../core/client/client.js';
import { httpTransport } from '../../../core/client/transports.js';
import { startServer, type RunningServer } from '../../../core/server/http/server.js';
import { CHECKPOINT_NOW_PAGES, CHECKPOINT_QUIET_MS } from '../../../core/server/checkpoints.js';
import { Session } from '../../../core/server/session.js';
import { CHECKPOINT_PAGES, checkpointAfterAnswers, checkpointIfLarge } from '../../../db/open.js';
import { tempDir } from '../helpers.js';

/** The write-ahead log's size in pages, and how many are in the file, without checkpointing. */
const walState = (db: Database.Database) =>
  (db.pragma('wal_checkpoint(NOOP)') as { log: number; checkpointed: number }[])[0] ?? {
    log: -1,
    checkpointed: -1,
  };
const logPages = (db: Database.Database): number => walState(db).log;

/** A report of some 120 KB: its import writes a few hundred pages (text, blocks, index). */
const report = (n: number) =>
  Array.from(
    { length: 800 },
    (_, i) =>
      `Verslag ${n} alinea ${i}: de regio deal en de provincie werken samen aan brede welvaart.`,
  ).join('\n\n');

describe('the write-ahead log checkpointed after answers', () => {
  const dir = tempDir();
  const closing: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of closing.splice(0).reverse()) await c();
  });

  it('is copied into the file once it holds 1,000 pages, not before', () => {
    const db = new Database(join(dir, 'plain.db'));
    closing.push(() => db.close());
    db.pragma('journal_mode = WAL');
    checkpointAfterAnswers(db);
    db.exec('CREATE TABLE t (x BLOB)');
    const insert = db.prepare('INSERT INTO t VALUES (randomblob(500))');
    for (let i = 0; i < 300; i++) insert.run();
    // Commits alone no longer checkpoint: the log keeps every page.
    expect(logPages(db)).toBeGreaterThan(250);
    expect(checkpointIfLarge(db)).toEqual({ logPages: logPages(db), checkpointed: false });
    for (let i = 0; i < 1200; i++) insert.run();
    const before = logPages(db);
    expect(before).toBeGreaterThanOrEqual(CHECKPOINT_PAGES);
    expect(checkpointIfLarge(db)).toEqual({ logPages: before, checkpointed: true });
    // Checkpointed: the next commit starts the log again from its beginning.
    insert.run();
    expect(logPages(db)).toBeLessThan(10);
    expect((db.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n).toBe(1501);
  });

  it('checkpoints a served project once its writes pause, bounds the log without a pause, and loses nothing', async () => {
    const session = new Session({ remember: false });
    const path = join(dir, 'served.casus');
    await session.create(path, { template: 'blank', demo: false });
    const server: RunningServer = await startServer({ session });
    closing.push(
      () => session.close(),
      () => server.close(),
    );
    const client = createClient(httpTransport(server.url, server.token));
    const db = session.db as Database.Database;
    const titles: string[] = [];
    let n = 0;
    const importOne = async () => {
      const r = await client.call('import.file', {
        file: {
          fileName: `verslag-${n}.txt`,
          dataBase64: Buffer.from(report(n)).toString('base64'),
        },
        caseId: null,
        title: `Verslag ${n}`,
      });
      expect(r.status).toBe('imported');
      titles.push(`Verslag ${n++}`);
      // What the server does right after its answer has run (a turn of the event loop).
      await new Promise((done) => setImmediate(done));
      await new Promise((done) => setImmediate(done));
    };
    // Writes one after another: past 1,000 pages the log is not checkpointed right after an
    // answer (the page is rendering then)...
    for (let i = 0; i < 20 && logPages(db) < CHECKPOINT_PAGES; i++) await importOne();
    expect(logPages(db)).toBeGreaterThanOrEqual(CHECKPOINT_PAGES);
    expect(walState(db).checkpointed).toBe(0);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // ...but once the writes pause; the next write starts the log again from its beginning.
    await new Promise((done) => setTimeout(done, CHECKPOINT_QUIET_MS + 200));
    expect(walState(db).checkpointed).toBe(logPages(db));
    await importOne();
    expect(logPages(db)).toBeLessThan(CHECKPOINT_PAGES);

    // Writes that never pause: the log is checkpointed at once when it is long, and stays
    // bounded by that and one write.
    let largest = 0;
    let largestWrite = 0;
    let restarts = 0;
    for (let i = 0; i < 40; i++) {
      const before = logPages(db);
      await importOne();
      const after = logPages(db);
      if (after < before) restarts++;
      largestWrite = Math.max(largestWrite, after > before ? after - before : after);
      largest = Math.max(largest, after);
    }
    expect(restarts).toBeGreaterThanOrEqual(1);
    expect(largest).toBeLessThan(CHECKPOINT_NOW_PAGES + largestWrite);

    // Everything written is there when the project is opened again.
    await server.close();
    session.close();
    const again = new Session({ remember: false });
    again.open(path);
    closing.push(() => again.close());
    const sources = (
      again.db?.prepare('SELECT title FROM sources ORDER BY title').all() as { title: string }[]
    ).map((s) => s.title);
    expect(sources).toEqual([...titles].sort());
  });
});
