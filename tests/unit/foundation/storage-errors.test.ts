import Database from 'better-sqlite3';
import { closeSync, copyFileSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toErrorEnvelope } from '../../../core/server/dispatch.js';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { Session } from '../../../core/server/session.js';
import { CasusError } from '../../../core/shared/errors.js';
import { ProjectFileError } from '../../../db/errors.js';
import { inspectProjectFile } from '../../../db/open.js';
import { storageProblem } from '../../../db/storage-errors.js';
import { tempDir, tempProject } from '../helpers.js';

afterAll(() => closeParseWorkers());

const withCode = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });
const txt = (text: string) => ({
  fileName: 'verslag.txt',
  dataBase64: Buffer.from(text).toString('base64'),
});

describe('storage problems are named, not reported as internal errors', () => {
  it('maps the codes of SQLite and of the file system', () => {
    const cases: [string, string][] = [
      ['SQLITE_BUSY', 'busy'],
      ['SQLITE_BUSY_SNAPSHOT', 'busy'],
      ['SQLITE_LOCKED', 'busy'],
      ['SQLITE_LOCKED_SHAREDCACHE', 'busy'],
      ['SQLITE_FULL', 'disk_full'],
      ['ENOSPC', 'disk_full'],
      ['EDQUOT', 'disk_full'],
      ['SQLITE_READONLY', 'read_only'],
      ['SQLITE_READONLY_DBMOVED', 'read_only'],
      ['EROFS', 'read_only'],
      ['EACCES', 'read_only'],
      ['EPERM', 'read_only'],
      ['SQLITE_PERM', 'read_only'],
      ['SQLITE_IOERR', 'io_error'],
      ['SQLITE_IOERR_WRITE', 'io_error'],
      ['SQLITE_CANTOPEN', 'io_error'],
      ['EIO', 'io_error'],
    ];
    for (const [code, expected] of cases) {
      expect(storageProblem(withCode(code))?.code, code).toBe(expected);
    }
    expect(storageProblem(withCode('SQLITE_FULL'))?.reason).toBe('the disk is full');
    expect(storageProblem(withCode('SQLITE_BUSY'))?.reason).toBe(
      'the project is busy: another program is writing to it',
    );
    expect(storageProblem(withCode('EACCES'))?.reason).toBe('permission denied');
    expect(storageProblem(withCode('EROFS'))?.reason).toBe('the file or its folder is read-only');
    // Not storage problems: these stay what they were.
    expect(storageProblem(withCode('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageProblem(new Error('plain'))).toBeNull();
    expect(storageProblem('a string')).toBeNull();
  });

  it('a real ENOSPC (writing to /dev/full) becomes "the disk is full"', () => {
    let error: unknown;
    const fd = openSync('/dev/full', 'w');
    try {
      writeSync(fd, 'x');
    } catch (e) {
      error = e;
    } finally {
      closeSync(fd);
    }
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(toErrorEnvelope(error, { path: '/data/studie.casus' })).toEqual({
      ok: false,
      error: { code: 'disk_full', message: 'studie.casus: the disk is full' },
    });
  });

  it('an import into a project another program is writing to says so and names both files', async () => {
    const p = await tempProject({ file: true });
    // Another program holds the write lock; waiting for it is cut short for the test.
    p.session.db!.pragma('busy_timeout = 50');
    const other = new Database(p.path);
    other.exec('BEGIN IMMEDIATE');
    try {
      const err = await p
        .call('import.file', { caseId: null, file: txt('Een verslag.') })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CasusError);
      expect((err as CasusError).code).toBe('busy');
      expect((err as CasusError).message).toBe(
        'verslag.txt: could not be imported into test.casus: the project is busy: another program is writing to it',
      );
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    // Once the other program is done, the same import works.
    const ok = await p.call('import.file', { caseId: null, file: txt('Een verslag.') });
    expect(ok.status).toBe('imported');
  });

  it('an import into a project that cannot be written is refused as read-only', async () => {
    const p = await tempProject({ file: true });
    p.session.db!.pragma('query_only = 1');
    const err = await p
      .call('import.file', { caseId: null, file: txt('Nog een verslag.') })
      .catch((e: unknown) => e);
    expect((err as CasusError).code).toBe('read_only');
    expect((err as CasusError).message).toBe(
      'verslag.txt: could not be imported into test.casus: the file or its folder is read-only',
    );
  });
});

describe('opening a project whose storage fails', () => {
  const dir = tempDir();

  async function validProject(name: string): Promise<string> {
    const path = join(dir, name);
    const s = new Session({ remember: false });
    await s.create(path, { template: 'blank', demo: false });
    s.close();
    return path;
  }

  it('is an I/O error naming the file, not "not a Casus project"', async () => {
    // SQLite must look at the journal next to a project; when it cannot, that is a real I/O error.
    const journal = await validProject('journal.casus');
    mkdirSync(`${journal}-journal`);
    const e1 = (() => {
      try {
        inspectProjectFile(journal);
      } catch (e) {
        return e;
      }
    })();
    expect(e1).toBeInstanceOf(ProjectFileError);
    expect((e1 as ProjectFileError).code).toBe('io_error');
    expect((e1 as ProjectFileError).message).toBe(
      'cannot read journal.casus: the disk could not be read or written (disk I/O error)',
    );

    const wal = await validProject('wal.casus');
    mkdirSync(`${wal}-wal`);
    const session = new Session({ remember: false });
    const e2 = (() => {
      try {
        session.open(wal);
      } catch (e) {
        return e;
      }
    })();
    expect(e2).toBeInstanceOf(CasusError);
    expect((e2 as CasusError).code).toBe('io_error');
    expect((e2 as CasusError).message).toBe(
      'cannot read wal.casus: the file cannot be opened (unable to open database file)',
    );
  });

  it('still calls a file that is no Casus project by that name', async () => {
    const path = join(dir, 'other.casus');
    const db = new Database(path);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => inspectProjectFile(path)).toThrow(/not a Casus project/);
    const copy = join(dir, 'copy.casus');
    copyFileSync(await validProject('valid.casus'), copy);
    expect(inspectProjectFile(copy).version).toBeGreaterThan(0);
  });
});
