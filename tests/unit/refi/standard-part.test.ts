import Database from 'better-sqlite3';
import { unzipSync, zipSync } from 'fflate';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { refiFixture } from '../../refi-fixtures.js';
import { tempDir, tempProject } from '../helpers.js';

// What other programs see of Casus's work and what Casus reads back of the standard part of a
// .qdpx (issue 18): files of other programs, and Casus's own files without casus.json.

describe('notes of another program', () => {
  const dir = tempDir();

  it('opens a note on the project through memos.get', async () => {
    const p = await tempProject();
    const out = join(dir, 'atlas.casus');
    await p.call('refi.importProject', { filePath: refiFixture('atlas-style.qde'), outPath: out });
    await p.call('project.open', { path: out });
    const memo = await p.call('memos.get', { targetType: 'project', targetId: '' });
    expect(memo?.bodyText).toMatch(/^Four cases, two rounds of interviews/);
  });
});

/** A project's rows as the standard part can carry them, by id. */
function standardRows(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    return {
      codes: db.prepare('SELECT id, dimension FROM codes ORDER BY id').all(),
      sources: db
        .prepare(
          `SELECT s.id, s.kind, s.document_type, s.date, s.validation, r.pseudonym, r.role
             FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id ORDER BY s.id`,
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

/** The demo study exported, with casus.json taken out of the archive. */
async function withoutExtension(dir: string, name: string) {
  const p = await tempProject({ demo: true, file: true });
  const qdpx = join(dir, `${name}.qdpx`);
  await p.call('refi.export', { format: 'qdpx', outPath: qdpx });
  const files = unzipSync(new Uint8Array(readFileSync(qdpx)));
  delete files['casus.json'];
  writeFileSync(qdpx, zipSync(files));
  const out = join(dir, `${name}.casus`);
  const { report } = await p.call('refi.importProject', { filePath: qdpx, outPath: out });
  return { p, qdpx, out, report, xml: new TextDecoder().decode(files['project.qde']) };
}

describe('a Casus .qdpx without casus.json', () => {
  const dir = tempDir();

  it('keeps code dimensions and source metadata from the Sets and Variables Casus writes', async () => {
    const { p, out, report } = await withoutExtension(dir, 'standard');
    const before = standardRows(p.path);
    const after = standardRows(out);
    expect(
      new Set(before.codes.map((c) => (c as { dimension: string }).dimension)).size,
    ).toBeGreaterThanOrEqual(4);
    expect(after.codes).toEqual(before.codes);
    expect(before.sources.some((s) => (s as { pseudonym: string | null }).pseudonym)).toBe(true);
    expect(after.sources).toEqual(before.sources);
    // Recognised as Casus's own, so not listed as left out.
    expect(report.skipped.filter((s) => s.kind === 'set' || s.kind === 'variable')).toEqual([]);
  });
});
