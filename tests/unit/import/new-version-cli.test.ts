import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import type { NewVersionResult } from '../../../core/shared/contract/import.js';
import type { CodedSegment } from '../../../core/shared/contract/coding.js';
import { closeParseWorkers } from '../../../core/server/import/worker.js';
import { tempDir, tempProject, type TestProject } from '../helpers.js';

afterAll(() => closeParseWorkers());

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/**
 * A changed version of a coded demo source: one sentence outside every segment reworded and one
 * coded passage (overlapping no other segment, its text occurring once) removed.
 */
function changedVersion(text: string, segments: CodedSegment[]) {
  const lost = segments.find(
    (s) =>
      text.indexOf(s.text) === text.lastIndexOf(s.text) &&
      segments.every((o) => o === s || !overlaps(o, s)),
  );
  if (!lost) throw new Error('no coded passage to remove');
  const sentences = [...text.matchAll(/[A-Z][^.\n]{20,}\./g)];
  const free = sentences.find((m) => {
    const range = { start: m.index, end: m.index + m[0].length };
    return !overlaps(range, lost) && segments.every((s) => !overlaps(s, range));
  });
  if (!free) throw new Error('no uncoded sentence to change');
  const cut = [
    { start: free.index, end: free.index + free[0].length, put: 'Deze zin is herschreven.' },
    { start: lost.start, end: lost.end, put: '' },
  ].sort((a, b) => b.start - a.start);
  let changed = text;
  for (const c of cut) changed = changed.slice(0, c.start) + c.put + changed.slice(c.end);
  return { changed, lost };
}

let p: TestProject;
let dir: string;
let sourceId: string;
let title: string;
let segments: CodedSegment[];
let lost: CodedSegment;
let lostCodes: string[];
let file: string;

beforeAll(async () => {
  p = await tempProject({ demo: true, file: true });
  dir = tempDir();
  const sources = await p.call('sources.list', {});
  const coded = sources.find((s) => s.segmentCount >= 3);
  if (!coded) throw new Error('the demo has no coded source');
  ({ id: sourceId, title } = coded);
  const { text } = await p.call('sources.get', { id: sourceId });
  segments = await p.call('segments.forSource', { sourceId });
  const v2 = changedVersion(text, segments);
  lost = v2.lost;
  const codes = new Map((await p.call('codes.tree', {})).map((c) => [c.id, c.label.nl]));
  lostCodes = lost.codings.map((c) => codes.get(c.codeId) ?? '?');
  file = join(dir, 'verslag v2.txt');
  writeFileSync(file, v2.changed);
  // The CLI opens the file with its own connection.
  p.session.close();
});

describe('casus import --new-version-of', () => {
  it('previews with --dry-run: the count and every segment it cannot re-anchor, writing nothing', async () => {
    const before = (await run(['sources', p.path, '--json'])).out;
    const r = await run(['import', p.path, file, '--new-version-of', sourceId, '--dry-run']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `verslag v2.txt: ${segments.length - 1} of ${segments.length} segments can be re-anchored; 1 cannot`,
    );
    expect(r.out).toContain('Not re-anchored (their text is not in the new version):');
    expect(r.out).toContain(`${lost.id} [${lost.start}-${lost.end}] ${JSON.stringify(lost.text)}`);
    expect(lostCodes.length).toBeGreaterThan(0);
    for (const label of lostCodes) expect(r.out).toContain(label);
    expect((await run(['sources', p.path, '--json'])).out).toBe(before);
  });

  it('refuses (exit 1, nothing imported) while segments would be left behind', async () => {
    const before = (await run(['sources', p.path, '--json'])).out;
    const r = await run(['import', p.path, file, '--new-version-of', sourceId]);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `verslag v2.txt: not imported: 1 of ${segments.length} coded segments of "${title}" do not occur in the new version`,
    );
    expect(r.out).toContain(lost.id);
    expect((await run(['sources', p.path, '--json'])).out).toBe(before);
  });

  it('imports with --allow-unanchored, keeping the lost segment on the previous version', async () => {
    const r = await run([
      'import',
      p.path,
      file,
      '--new-version-of',
      sourceId,
      '--allow-unanchored',
      '--json',
    ]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.out) as NewVersionResult;
    expect(result).toMatchObject({
      status: 'imported',
      previousId: sourceId,
      segments: { total: segments.length, reanchored: segments.length - 1 },
      source: { title, previousVersionId: sourceId, replacedById: null },
    });
    expect(result.unanchored.map((u) => u.segmentId)).toEqual([lost.id]);
    const newId = result.source!.id;

    const shown = await run(['source', p.path, sourceId]);
    expect(shown.out).toContain('1 segments');
    expect((await run(['source', p.path, newId])).out).toContain(`${segments.length - 1} segments`);
    const sources = await run(['sources', p.path, '--json']);
    const listed = JSON.parse(sources.out) as { id: string; replacedBy: string | null }[];
    expect(listed.find((s) => s.id === sourceId)?.replacedBy).toBe(newId);
    expect(listed.find((s) => s.id === newId)?.replacedBy).toBeNull();

    // The same file again is a no-op.
    const again = await run(['import', p.path, file, '--new-version-of', newId]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/identical to/);

    // A version that has been replaced takes no second new version: versions stay one line.
    const branch = await run(['import', p.path, file, '--new-version-of', sourceId]);
    expect(branch.code).toBe(1);
    expect(branch.err).toContain(`has a newer version already (${newId}`);
    expect((await run(['sources', p.path, '--json'])).out).toBe(sources.out);
  });

  it('names the file and the reason when it cannot be read, and checks its arguments', async () => {
    const bad = join(dir, 'kapot.docx');
    writeFileSync(bad, 'geen docx');
    const r = await run(['import', p.path, bad, '--new-version-of', sourceId, '--dry-run']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^casus import: kapot\.docx: the file is damaged or not what its name says/,
    );

    const two = await run(['import', p.path, file, bad, '--new-version-of', sourceId]);
    expect(two.code).toBe(2);
    expect(two.err).toContain('--new-version-of takes exactly one file, not 2');
    const withCase = await run([
      'import',
      p.path,
      file,
      '--new-version-of',
      sourceId,
      '--case',
      'Achterhoek',
    ]);
    expect(withCase.code).toBe(2);
    expect(withCase.err).toContain('leave out --case');
    const stray = await run(['import', p.path, file, '--case', 'Achterhoek', '--dry-run']);
    expect(stray.code).toBe(2);
    expect(stray.err).toContain('--dry-run goes with --new-version-of');
    const missing = await run(['import', p.path, file, '--new-version-of', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('No source with id nope');
  });
});
