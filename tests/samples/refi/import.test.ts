import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { SAMPLES } from '../paths.js';
import { tempDir, tempProject } from '../../unit/helpers.js';

// The real files behind the fixtures of tests/unit/refi, imported into Casus projects.

const QC = resolve(SAMPLES, 'qc132_demo.qdpx');
const QC_USER = '39633935-3331-3962-6632-373436373264';

describe('the qc 1.3.2 demo into a new project', () => {
  const dir = tempDir();

  it('imports with the report, keeping GUIDs as ids', async () => {
    const p = await tempProject();
    const out = join(dir, 'qc.casus');
    const { path, report } = await p.call('refi.importProject', { filePath: QC, outPath: out });
    expect(path).toBe(out);
    expect(report.counts).toMatchObject({
      users: 1,
      codes: 262,
      sources: 2,
      segments: 158,
      codings: 205,
    });
    const db = new Database(out, { readonly: true });
    try {
      expect(db.prepare('SELECT id FROM coders').all()).toEqual([{ id: QC_USER }]);
      const seg = db
        .prepare('SELECT text, created_by FROM segments WHERE id = ?')
        .get('37323865-3734-6533-3337-623138653238');
      expect(seg).toEqual({
        text: 'This district goal is engage every student in joyful, purposeful learning that \n',
        created_by: QC_USER,
      });
    } finally {
      db.close();
    }
  });

  it('accepts it as a base64 upload and opens the new project', async () => {
    const p = await tempProject();
    const out = join(dir, 'upload.casus');
    await p.call('refi.importProject', {
      data: readFileSync(QC).toString('base64'),
      fileName: 'qc132_demo.qdpx',
      outPath: out,
      open: true,
    });
    const info = await p.call('project.info', {});
    expect(info.path).toBe(out);
    expect(info.counts.codings).toBe(205);
  });

  it('imports through the CLI with --json', async () => {
    const out: string[] = [];
    const io = { out: (t: string) => out.push(t), err: () => undefined };
    const project = join(dir, 'cli.casus');
    expect(await runCli(['import-qdpx', QC, '--out', project, '--json'], io)).toBe(0);
    const printed = JSON.parse(out.join('')) as { report: { counts: { codings: number } } };
    expect(printed.report.counts.codings).toBe(205);
  });
});

describe('the ATLAS.ti 23.4 codebook into an existing project', () => {
  it('adds the code; its code group is reported as skipped', async () => {
    const p = await tempProject({ template: 'blank' });
    const r = await p.call('refi.importCodebook', {
      filePath: resolve(SAMPLES, 'atlas234win_codebook_from_requal_test.qdc'),
    });
    expect(r).toMatchObject({ applied: true, added: 1 });
    expect(r.report.skipped.map((s) => s.kind)).toEqual(['set']);
    const tree = await p.call('codes.tree', {});
    expect(tree.map((c) => [c.id, c.label.nl, c.color])).toEqual([
      ['1ff58b12-6f6f-4b0c-8be5-bbdc91f55294', 'code1', '#46AA00'],
    ]);
  });
});
