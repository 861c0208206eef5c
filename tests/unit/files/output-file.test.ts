import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { tempDir, tempProject } from '../helpers.js';

/** Runs the CLI in-process; returns its exit code and what it printed. */
async function casus(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The project is whole: it opens, passes the integrity check and still holds its data. */
function intact(path: string): { sources: number; codings: number } {
  expect(readFileSync(path).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  const db = new Database(path, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return db
      .prepare(
        'SELECT (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM codings) AS codings',
      )
      .get() as { sources: number; codings: number };
  } finally {
    db.close();
  }
}

describe('no export lands on a project', async () => {
  const p = await tempProject({ demo: true, file: true });
  p.session.close();
  const before = intact(p.path);
  const matrix = ['--rows', 'principle', '--cols', 'case'];

  it('refuses the open project as the target of every writer, and leaves it whole', async () => {
    for (const args of [
      ['export', p.path, '--format', 'qdpx', '--out', p.path],
      ['export', p.path, '--format', 'qdpx', '--out', p.path, '--force'],
      ['matrix', p.path, ...matrix, '--format', 'docx', '--out', p.path, '--force'],
      ['segments', p.path, '--xlsx', p.path, '--force'],
      ['export', p.path, '--format', 'qdc', '--out', `${p.path}-wal`],
    ]) {
      const r = await casus(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err).toMatch(/open project|\.casus is for projects/);
    }
    expect(intact(p.path)).toEqual(before);
    expect(before.sources).toBeGreaterThan(0);
  });

  it('refuses any other project or database, even with --force', async () => {
    const dir = tempDir();
    const other = join(dir, 'other.casus');
    writeFileSync(other, readFileSync(p.path));
    const db = join(dir, 'notes.db');
    new Database(db).exec('CREATE TABLE t (x)');
    const r1 = await casus('export', p.path, '--format', 'qdpx', '--out', other, '--force');
    expect(r1.err).toMatch(/other\.casus: a name ending in \.casus is for projects/);
    const r2 = await casus('matrix', p.path, ...matrix, '--format', 'xlsx', '--out', db, '--force');
    expect(r2.code).not.toBe(0);
    expect(r2.err).toMatch(/notes\.db: this is a database .* never replaces one/);
    expect(intact(other)).toEqual(before);
    expect(readFileSync(db).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  });

  it('asks for --force before replacing an existing file, then replaces it whole', async () => {
    const dir = tempDir();
    const file = join(dir, 'matrix.html');
    writeFileSync(file, 'an earlier export');
    const refused = await casus('matrix', p.path, ...matrix, '--format', 'html', '--out', file);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/matrix\.html already exists: .*--force/);
    expect(readFileSync(file, 'utf8')).toBe('an earlier export');
    const done = await casus(
      'matrix',
      p.path,
      ...matrix,
      '--format',
      'html',
      '--out',
      file,
      '--force',
    );
    expect(done.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    // Written by way of a temporary file that is gone afterwards.
    expect(readdirSync(dir)).toEqual(['matrix.html']);
    const qdpx = join(dir, 'study.qdpx');
    expect((await casus('export', p.path, '--format', 'qdpx', '--out', qdpx)).code).toBe(0);
    expect(statSync(qdpx).size).toBeGreaterThan(1000);
    expect((await casus('export', p.path, '--format', 'qdpx', '--out', qdpx)).err).toMatch(
      /study\.qdpx already exists/,
    );
  });

  it('the API (refi.export with a path) follows the same rules', async () => {
    const q = await tempProject({ file: true });
    await expect(
      q.call('refi.export', { format: 'qdpx', outPath: q.path, overwrite: true }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const dir = tempDir();
    const out = join(dir, 'codebook.qdc');
    writeFileSync(out, 'x');
    await expect(q.call('refi.export', { format: 'qdc', outPath: out })).rejects.toMatchObject({
      code: 'exists',
    });
    const r = await q.call('refi.export', { format: 'qdc', outPath: out, overwrite: true });
    expect(r.path).toBe(out);
    expect(readFileSync(out, 'utf8')).toMatch(/^<\?xml/);
    expect(existsSync(q.path)).toBe(true);
  });
});
