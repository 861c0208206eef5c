import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.js';
import { tempDir, tempProject, withCoder } from '../helpers.js';

async function casus(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const json = async <T>(...args: string[]): Promise<T> => {
  const r = await casus(...args, '--json');
  if (r.code !== 0) throw new Error(`casus ${args.join(' ')}: ${r.err}`);
  return JSON.parse(r.out) as T;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('casus log, comment, comments, review-segment and --as-of', () => {
  it('reads the audit trail in words, comments on a cell and a coding, and shows the past', async () => {
    const p = await tempProject({ demo: true, file: true });
    await withCoder(p, 'Rosa de Vries');
    const sources = await p.call('sources.list', {});
    const source = sources.find((s) => s.caseId && s.respondentId)!;
    const codes = await p.call('codes.tree', {});
    const code = (k: string) => codes.find((c) => c.key === k)!.id;
    const before = await p.call('segments.query', {
      allCodes: [code('multi-level')],
      limit: 10000,
    });
    await sleep(20);
    const then = new Date().toISOString();
    await sleep(20);
    const seg = await p.call('coding.apply', {
      sourceId: source.id,
      start: 0,
      end: 20,
      codeIds: [code('multi-level')],
    });
    p.session.close();
    const path = p.path;

    // The log says who did what, newest first.
    const log = await casus('log', path, '--limit', '5');
    expect(log.code).toBe(0);
    expect(log.out).toMatch(/Rosa de Vries\s+coded “[^”]*multi-level/i);
    const page = await json<{ entries: { coder: string; action: string }[] }>(
      'log',
      path,
      '--coder',
      'Rosa de Vries',
    );
    expect(page.entries.map((e) => e.action)).toContain('coding.apply');
    expect(page.entries.every((e) => e.coder === 'Rosa de Vries')).toBe(true);
    const later = await json<{ entries: unknown[] }>('log', path, '--since', '2999-01-01');
    expect(later.entries).toEqual([]);
    const bad = await casus('log', path, '--since', 'last tuesday');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--since must be a date .*not "last tuesday"/);

    // The audit trail as a file, coders pseudonymised.
    const out = join(tempDir(), 'audit.csv');
    expect((await casus('log', path, '--csv', out, '--pseudonymise')).code).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv).toMatch(/Coder 1/);
    expect(csv).not.toMatch(/Rosa de Vries/);

    // Segments and the matrix as they were before the coding.
    const segmentsThen = await json<{ id: string }[]>(
      'segments',
      path,
      '--code',
      'multi-level',
      '--as-of',
      then,
    );
    expect(segmentsThen.map((s) => s.id).sort()).toEqual(before.segments.map((s) => s.id).sort());
    const segmentsNow = await json<{ id: string }[]>('segments', path, '--code', 'multi-level');
    expect(segmentsNow.map((s) => s.id)).toContain(seg.id);
    const cell = (m: { cells: { row: string; col: string; value: number }[] }) =>
      m.cells.find((c) => c.row === code('multi-level') && c.col === source.caseId)?.value ?? 0;
    const matrixArgs = [
      'matrix',
      path,
      '--rows',
      'principle',
      '--cols',
      'case',
      '--format',
      'json',
    ];
    const matrixNow = await json<{ cells: { row: string; col: string; value: number }[] }>(
      ...matrixArgs,
    );
    const matrixThen = await json<{ cells: { row: string; col: string; value: number }[] }>(
      ...matrixArgs,
      '--as-of',
      then,
    );
    expect(cell(matrixNow)).toBe(cell(matrixThen) + 1);
    const past = await casus('matrix', path, '--rows', 'principle', '--as-of', '1999-01-01');
    expect(past.code).not.toBe(0);
    expect(past.err).toMatch(/did not exist/);

    // A comment on a matrix cell, named by its codes and case; an answer; resolved.
    const thread = await json<{ id: string; where: { en: string } }>(
      'comment',
      path,
      '--on',
      `cell:multi-level,${source.caseId}`,
      '--text',
      'Is dit niet eerder institutioneel? @Rosa',
      '--by',
      'Rosa de Vries',
    );
    expect(thread.where.en).toMatch(/multi-level/i);
    await casus('comment', path, '--reply', thread.id, '--text', 'Klopt, aangepast.');
    const open = await json<{ id: string; comments: unknown[] }[]>('comments', path, '--open');
    expect(open.find((t) => t.id === thread.id)?.comments).toHaveLength(2);
    const inbox = await json<{ id: string }[]>('comments', path, '--inbox', 'Rosa de Vries');
    expect(inbox.map((t) => t.id)).toContain(thread.id);
    expect((await casus('comments', path, '--resolve', thread.id)).out).toMatch(/resolved/);
    expect(await json<unknown[]>('comments', path, '--open')).toEqual([]);
    const wrongTarget = await casus('comment', path, '--on', 'matrix:1', '--text', 'x');
    expect(wrongTarget.err).toMatch(/"matrix" is not something to comment on/);

    // Questioning a coding needs a comment; with one, it starts a thread on the coding.
    const bare = await casus('review-segment', path, seg.id, 'questioned');
    expect(bare.code).not.toBe(0);
    expect(bare.err).toMatch(/comment/i);
    const questioned = await json<{ state: string }>(
      'review-segment',
      path,
      seg.id,
      'questioned',
      '--comment',
      'Te kort citaat',
    );
    expect(questioned.state).toBe('questioned');
    const onSegment = await json<{ target: { type: string; id: string } }[]>('comments', path);
    expect(onSegment.some((t) => t.target.type === 'segment' && t.target.id === seg.id)).toBe(true);
  });
});
