import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
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
