import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { onProgress } from '../../../core/server/refi/progress.js';
import type { RefiProgress } from '../../../core/shared/contract/refi.js';
import { tempDir, tempProject } from '../helpers.js';

describe('progress of a REFI-QDA export and import', () => {
  const dir = tempDir();

  it('reports each step to the session, counts the sources, and ends with nothing running', async () => {
    const p = await tempProject({ demo: true, file: true });
    const sources = (await p.call('sources.list', {})).length;
    const seen: RefiProgress[] = [];
    const stop = onProgress(p.session.id, (x) => seen.push(x));
    const qdpx = join(dir, 'progress.qdpx');
    await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
    await p.call('refi.importProject', { filePath: qdpx, outPath: join(dir, 'progress.casus') });
    stop();
    expect(seen.filter((x) => x.operation === 'export').map((x) => x.step)).toEqual([
      'collecting',
      'writing',
    ]);
    const imported = seen.filter((x) => x.operation === 'import');
    expect([...new Set(imported.map((x) => x.step))]).toEqual(['reading', 'building', 'indexing']);
    const building = imported.filter((x) => x.step === 'building');
    expect(building[0]).toMatchObject({ done: 0, total: sources });
    expect(building.every((x) => x.total === sources)).toBe(true);
    expect(await p.call('refi.progress', {})).toBeNull();
  });

  it('gives no total while sources carry their text inline (the file states no number)', async () => {
    const p = await tempProject({ file: true });
    const guid = (i: number) => `66666666-6666-4666-8666-${String(i).padStart(12, '0')}`;
    const sources = Array.from(
      { length: 120 },
      (_, i) =>
        `<TextSource guid="${guid(i + 1)}" name="S${i + 1}"><PlainTextContent>Tekst ${i + 1}</PlainTextContent></TextSource>`,
    ).join('');
    const qdpx = join(dir, 'inline.qdpx');
    writeFileSync(
      qdpx,
      zipSync({
        'project.qde': strToU8(
          '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Inline" origin="test">' +
            `<Sources>${sources}</Sources></Project>`,
        ),
      }),
    );
    const seen: RefiProgress[] = [];
    const stop = onProgress(p.session.id, (x) => seen.push(x));
    const { report } = await p.call('refi.importProject', {
      filePath: qdpx,
      outPath: join(dir, 'inline.casus'),
    });
    stop();
    expect(report.counts.sources).toBe(120);
    const building = seen.filter((x) => x.step === 'building');
    expect(building.map((x) => x.done)).toEqual([0, 50, 100]);
    expect(building.every((x) => x.total === undefined)).toBe(true);
  });

  it('casus import-qdpx and export --json print the steps to stderr as JSON lines, the result to stdout', async () => {
    const p = await tempProject({ demo: true, file: true });
    const qdpx = join(dir, 'cli.qdpx');
    await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t) };
    const project = join(dir, 'cli.casus');
    expect(await runCli(['import-qdpx', qdpx, '--out', project, '--json'], io)).toBe(0);
    const steps = err.map((l) => (JSON.parse(l) as { progress: RefiProgress }).progress);
    expect(steps[0]).toEqual({ operation: 'import', step: 'reading' });
    expect(steps.map((s) => s.step)).toContain('building');
    expect(steps.at(-1)?.step).toBe('indexing');
    expect(JSON.parse(out.join(''))).toHaveProperty('report');

    err.length = 0;
    out.length = 0;
    const again = join(dir, 'cli-again.qdpx');
    expect(
      await runCli(['export', project, '--format', 'qdpx', '--out', again, '--json'], io),
    ).toBe(0);
    expect(err.map((l) => (JSON.parse(l) as { progress: RefiProgress }).progress)).toEqual([
      { operation: 'export', step: 'collecting' },
      { operation: 'export', step: 'writing' },
    ]);
    // Without --json, nothing about progress on stderr.
    err.length = 0;
    expect(
      await runCli(['export', project, '--format', 'qdc', '--out', join(dir, 'cli.qdc')], io),
    ).toBe(0);
    expect(err).toEqual([]);
  });
});
