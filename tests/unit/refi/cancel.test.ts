import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { onProgress } from '../../../core/server/refi/progress.js';
import type { RefiProgress } from '../../../core/shared/contract/refi.js';
import { refused, tempDir, tempProject, type TestProject } from '../helpers.js';

/**
 * A REFI-QDA project import runs for minutes on a big project; the window's Stop button calls
 * refi.cancel. The import's own call then fails with "cancelled", names the file, and leaves
 * neither the project nor its temporary files; the session can import again.
 */
describe('stopping a REFI-QDA project import', () => {
  const dir = tempDir();
  const leftovers = () => readdirSync(dir).filter((n) => n.includes('.casus'));

  async function exported(p: TestProject, name: string) {
    const qdpx = join(dir, `${name}.qdpx`);
    await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
    return qdpx;
  }

  /** Starts an import and stops it at the first progress step `when` accepts. */
  async function stopWhen(p: TestProject, name: string, when: (x: RefiProgress) => boolean) {
    const qdpx = await exported(p, name);
    const out = join(dir, `${name}.casus`);
    const seen: RefiProgress[] = [];
    let answer: Promise<{ stopped: boolean }> | null = null;
    let filesAtStop: string[] = [];
    const stop = onProgress(p.session.id, (x) => {
      seen.push(x);
      if (answer || x.operation !== 'import' || !when(x)) return;
      filesAtStop = leftovers();
      answer = p.call('refi.cancel', {});
    });
    const error = await refused(() =>
      p.call('refi.importProject', { filePath: qdpx, outPath: out }),
    );
    stop();
    return { error, out, seen, filesAtStop, answer: await answer };
  }

  it('stops before the worker has read anything', async () => {
    const p = await tempProject({ demo: true, file: true });
    const r = await stopWhen(p, 'early', (x) => x.step === 'reading');
    expect(r.answer).toEqual({ stopped: true });
    expect(r.error.code).toBe('cancelled');
    expect(r.error.message).toBe('early.qdpx: the import was stopped; no project was created');
    expect(existsSync(r.out)).toBe(false);
    expect(leftovers()).toEqual([]);
    expect(await p.call('refi.progress', {})).toBeNull();
  });

  it('stops while sources are written, removes the half-built project, and imports again', async () => {
    const p = await tempProject({ demo: true, file: true });
    const r = await stopWhen(p, 'midway', (x) => x.step === 'building');
    expect(r.answer).toEqual({ stopped: true });
    expect(r.error.code).toBe('cancelled');
    // It had begun building its temporary project.
    expect(r.filesAtStop.some((n) => n.startsWith('.midway.casus.'))).toBe(true);
    expect(existsSync(r.out)).toBe(false);
    expect(leftovers()).toEqual([]);
    // Nothing runs now; the same file imports whole.
    expect(await p.call('refi.cancel', {})).toEqual({ stopped: false });
    const qdpx = join(dir, 'midway.qdpx');
    const again = await p.call('refi.importProject', { filePath: qdpx, outPath: r.out });
    expect(again.path).toBe(r.out);
    expect(again.report.counts.sources).toBe((await p.call('sources.list', {})).length);
  });

  it('answers stopped: false when nothing runs, and leaves the open project alone', async () => {
    const p = await tempProject({ demo: true, file: true });
    const before = (await p.call('sources.list', {})).length;
    expect(await p.call('refi.cancel', {})).toEqual({ stopped: false });
    expect((await p.call('sources.list', {})).length).toBe(before);
  });
});

describe('Ctrl-C during casus import-qdpx', () => {
  it('stops the import, names the file, exits non-zero and leaves no files', async () => {
    const dir = tempDir();
    const guid = (i: number) => `77777777-7777-4777-8777-${String(i).padStart(12, '0')}`;
    const sources = Array.from(
      { length: 30_000 },
      (_, i) =>
        `<TextSource guid="${guid(i + 1)}" name="S${i + 1}"><PlainTextContent>Tekst ${i + 1} ${'woord '.repeat(40)}</PlainTextContent></TextSource>`,
    ).join('');
    const qdpx = join(dir, 'groot.qdpx');
    writeFileSync(
      qdpx,
      zipSync({
        'project.qde': strToU8(
          '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Groot" origin="test">' +
            `<Sources>${sources}</Sources></Project>`,
        ),
      }),
    );
    const root = join(import.meta.dirname, '..', '..', '..');
    const child = spawn(
      process.execPath,
      [
        join(root, 'bin/casus.mjs'),
        'import-qdpx',
        qdpx,
        '--out',
        join(dir, 'groot.casus'),
        '--json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // Once it is taking in sources, as a user would press Ctrl-C midway.
      if (!interrupted && stderr.includes('"building"')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(interrupted).toBe(true);
    expect(code).not.toBe(0);
    expect(stderr).toContain('groot.qdpx: the import was stopped; no project was created');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['groot.qdpx']);
  }, 60_000);
});
