import readXlsxFile from 'read-excel-file/node';
import { beforeEach, describe, expect, it } from 'vitest';
import { addSource } from '../coding/fixture.js';
import { agreementProject, type AgreementProject } from './fixture.js';

/**
 * Agreement through the service, on the hand-built project of fixture.ts. Its figures are the
 * ones computed by hand in measures.test.ts; here they must come out of the database the same.
 */
let t: AgreementProject;
beforeEach(async () => {
  t = await agreementProject();
});

const compute = (extra: Record<string, unknown> = {}) =>
  t.p.call('agreement.compute', { coderIds: [t.a, t.b], codeIds: [t.x, t.y], ...extra });

describe('agreement.compute', () => {
  it('character level: κ, α and percent per code and pooled, as computed by hand', async () => {
    const r = await compute();
    expect(r.unit).toBe('char');
    expect(r.coders.map((c) => c.name)).toEqual(['Anna Aerts', 'Bart Bos']);
    const [x, y] = r.codes;
    // X: both 10, only A 20, only B 10, neither 60 → κ = .08/.38, α = .204.
    expect(x?.code).toBe('brede-welvaart');
    expect(x?.table).toEqual({ both: 10, onlyA: 20, onlyB: 10, neither: 60 });
    expect(x?.kappa).toBeCloseTo(0.08 / 0.38, 12);
    expect(x?.alpha).toBeCloseTo(0.204, 12);
    expect(x?.percent).toBeCloseTo(70, 10);
    // Y: both 20, only B 10, neither 70 → κ = .28/.38.
    expect(y?.kappa).toBeCloseTo(0.28 / 0.38, 12);
    // Pooled (De Vries): (.8 − .62)/.38; α over (character, code) pairs .468.
    expect(r.pooled.kappa).toBeCloseTo(0.18 / 0.38, 12);
    expect(r.pooled.alpha).toBeCloseTo(0.468, 12);
    expect(r.pooled.units).toBe(100);
    // The same per source and per case (one source, no case).
    expect(r.sources).toHaveLength(1);
    expect(r.sources[0]?.codes[0]?.kappa).toBeCloseTo(0.08 / 0.38, 12);
    expect(r.sources[0]?.pooled.kappa).toBeCloseTo(0.18 / 0.38, 12);
    expect(r.cases[0]?.pooled.kappa).toBeCloseTo(0.18 / 0.38, 12);
    expect(r.before).toBeNull();
  });

  it('block and segment level, with the overlap threshold', async () => {
    const blocks = await compute({ unit: 'block' });
    expect(blocks.codes[0]?.table).toEqual({ both: 1, onlyA: 1, onlyB: 0, neither: 1 });
    expect(blocks.codes[0]?.kappa).toBeCloseTo(0.4, 12);
    expect(blocks.codes[1]?.kappa).toBeCloseTo(0.4, 12);
    const strict = await compute({ unit: 'segment' });
    expect(strict.overlap).toBe(0.9);
    expect(strict.codes[0]?.table).toEqual({ both: 0, onlyA: 2, onlyB: 1, neither: 2 });
    expect(strict.codes[0]?.kappa).toBeCloseTo(-0.16 / 0.44, 12);
    expect(strict.codes[1]?.kappa).toBeCloseTo(0.24 / 0.44, 12);
    const loose = await compute({ unit: 'segment', overlap: 0.3 });
    expect(loose.codes[0]?.table).toEqual({ both: 1, onlyA: 1, onlyB: 0, neither: 1 });
  });

  it('κ undefined is null with the reason, never 0 or NaN', async () => {
    const never = t.code('multi-actor');
    const r = await compute({ codeIds: [t.x, never] });
    const row = r.codes.find((c) => c.codeId === never);
    expect(row?.kappa).toBeNull();
    expect(row?.reasonCode).toBe('never');
    expect(row?.reason).toMatch(/neither coder applied the code/);
    expect(row?.alpha).toBeNull();
    expect(row?.alphaReasonCode).toBe('no-variation');
    expect(row?.percent).toBe(100);
    // A code nobody applied leaves the pooled κ as it was (pₒ = pₑ = 1 adds to both means).
    expect(r.pooled.kappa).toBeCloseTo(0.08 / 0.38, 12);
    expect(JSON.stringify(r)).not.toMatch(/NaN/);
  });

  it('by dimension: the codes without sub-codes; a chosen group counts its sub-codes', async () => {
    const r = await compute({ codeIds: undefined, dimension: 'principle' });
    expect(r.codes.map((c) => c.code)).toEqual([
      'brede-welvaart',
      'opgave-regio',
      'regionale-afbakening',
      'multi-level',
      'multi-actor',
      'integrale-aanpak',
    ]);
    // A codes multi-level on [41,70); B codes integrale-aanpak there: both under
    // "opgavegericht werken", so for that group they agree on [41,70) and the passages they
    // already gave Y (opgave-regio) are not in it.
    await t.codeAs(t.a, 41, 70, [t.code('multi-level')]);
    await t.codeAs(t.b, 41, 70, [t.code('integrale-aanpak')]);
    const group = await compute({ codeIds: [t.code('opgavegericht-werken')] });
    expect(group.codes[0]?.table).toEqual({ both: 29, onlyA: 0, onlyB: 0, neither: 71 });
    const leaves = await compute({ codeIds: [t.code('multi-level')] });
    expect(leaves.codes[0]?.table).toEqual({ both: 0, onlyA: 29, onlyB: 0, neither: 71 });
  });

  it('samples the sources every chosen coder coded; a coder without codings there is missing', async () => {
    const other = addSource(t.p, 'Een tweede bron die alleen Anna codeerde.', 'Interview 2');
    await t.codeAs(t.a, 0, 10, [t.x], other);
    const byDefault = await compute();
    expect(byDefault.sources.map((s) => s.title)).toEqual(['Interview 1']);
    // Named explicitly, the second source is in the sample, but B has no value there: κ and α
    // are those of the first source alone.
    const named = await compute({ sourceIds: [t.sourceId, other] });
    expect(named.sources.map((s) => s.title)).toEqual(['Interview 1', 'Interview 2']);
    expect(named.codes[0]?.kappa).toBeCloseTo(0.08 / 0.38, 12);
    expect(named.codes[0]?.alpha).toBeCloseTo(0.204, 12);
    expect(named.sources[1]?.coderIds).toEqual([t.a]);
    expect(named.sources[1]?.pooled.reasonCode).toBe('no-units');
  });

  it('three coders: α with missing data, κ left out with its reason', async () => {
    const c = (await t.p.call('coders.create', { name: 'Cas Claes' })).id;
    await t.codeAs(c, 0, 20, [t.x]);
    const r = await t.p.call('agreement.compute', {
      coderIds: [t.a, t.b, c],
      codeIds: [t.x],
      unit: 'block',
    });
    // Blocks for X: A 1,1,0; B 1,0,0; C 1,0,0 → patterns (3,3), (3,1), (3,0).
    // o11 = 3; o01 = 1·2/2 = 1 (and o10); o00 = 2·1/2 + 3·2/2 = 4 → n1 = 4, n0 = 5, n = 9;
    // α = 1 − 8·1/20 = .6. Pairwise agreement: 3/3, 1/3, 3/3 → 7/9.
    expect(r.codes[0]?.alpha).toBeCloseTo(0.6, 12);
    expect(r.codes[0]?.percent).toBeCloseTo((7 / 9) * 100, 10);
    expect(r.codes[0]?.kappa).toBeNull();
    expect(r.codes[0]?.reasonCode).toBe('not-two-coders');
    await expect(
      t.p.call('agreement.compute', { coderIds: [t.a, t.a], codeIds: [t.x] }),
    ).rejects.toThrow(/chosen twice/);
  });
});

describe('disagreements and reconciliation', () => {
  const list = (extra: Record<string, unknown> = {}) =>
    t.p.call('agreement.disagreements', {
      coderA: t.a,
      coderB: t.b,
      codeIds: [t.x, t.y],
      ...extra,
    });

  it('lists every passage where the coders differ, with its context and each side', async () => {
    const { rows } = await list();
    expect(rows.map((r) => [r.codeId === t.x ? 'X' : 'Y', r.start, r.end, r.kind])).toEqual([
      ['X', 0, 30, 'boundaries'],
      ['Y', 45, 55, 'only-b'],
      ['X', 50, 60, 'only-a'],
    ]);
    const first = rows[0];
    expect(first?.a).toEqual([{ start: 0, end: 20 }]);
    expect(first?.b).toEqual([{ start: 10, end: 30 }]);
    // Both cover [10,20) of the 30 characters either covers.
    expect(first?.overlap).toBeCloseTo(10 / 30, 12);
    expect(first?.context.text).toBe('De regio nam zelf het initiati');
    // Context stays within the paragraph.
    expect(first?.context.after).toBe('ef, zei ze');
    expect(rows[1]?.context).toEqual({
      before: 'Het ',
      text: 'Rijk sloot',
      after: ' pas later aan.',
    });
    expect(first?.context.before).toBe('');
    expect(rows[1]?.codesA).toEqual([t.x]);
    expect(rows[1]?.codesB).toEqual([t.y]);
    expect((await list({ codeId: t.y })).rows).toHaveLength(1);
  });

  const reconcile = (
    row: { start: number; end: number; codeId: string },
    decision: string,
    comment = '',
  ) =>
    t.p.call('agreement.reconcile', {
      coderA: t.a,
      coderB: t.b,
      sourceId: t.sourceId,
      codeId: row.codeId,
      start: row.start,
      end: row.end,
      decision: decision as 'accept-a',
      comment,
    });

  it('accept A: B codes the passage as A did; agreement recomputes and keeps the figure before', async () => {
    const reviewer = (await t.p.call('coders.create', { name: 'Rita Reviewer' })).id;
    await t.p.call('session.setCoder', { coderId: reviewer });
    const [first] = (await list()).rows;
    if (!first) throw new Error('no disagreement');
    const done = await reconcile(first, 'accept-a', 'A volgt de codeerregel');
    expect(done).toMatchObject({ decision: 'accept-a', removed: 1, added: 1 });
    expect(done.reconciledBy).toBe('Rita Reviewer');
    // B's [10,30) is gone, B has X on [0,20) now: X both 20, only A 10 (A's [50,60)), neither 70.
    const after = await compute();
    expect(after.codes[0]?.table).toEqual({ both: 20, onlyA: 10, onlyB: 0, neither: 70 });
    // pₒ .9, pₑ .3·.2 + .7·.8 = .62 → κ = .28/.38.
    expect(after.codes[0]?.kappa).toBeCloseTo(0.28 / 0.38, 12);
    expect(after.reconciliations).toBe(1);
    // The figure before reconciliation is the original one.
    expect(after.before?.codes[0]?.kappa).toBeCloseTo(0.08 / 0.38, 12);
    expect(after.before?.pooled.kappa).toBeCloseTo(0.18 / 0.38, 12);
    expect(after.methods.en).toMatch(
      /These are the figures before reconciliation; after the coders discussed and settled 1 disagreement:/,
    );
    expect(after.methods.en).toContain(`Cohen's κ = ${(0.18 / 0.38).toFixed(2)}`);
    expect(after.methods.nl).toContain(`Cohens κ = ${(0.18 / 0.38).toFixed(2).replace('.', ',')}`);
    // The coding B now has is B's, made by the reviewer's action.
    const segments = await t.p.call('segments.forSource', { sourceId: t.sourceId });
    const made = segments.find((s) => s.start === 0 && s.end === 20 && s.createdBy?.id === t.b);
    expect(made?.codings.map((k) => k.coderId)).toEqual([t.b]);
    const { rows, decisions } = await list();
    expect(rows.map((r) => [r.start, r.end])).toEqual([
      [45, 55],
      [50, 60],
    ]);
    expect(decisions[0]).toMatchObject({ decision: 'accept-a', comment: 'A volgt de codeerregel' });

    // One undoable action: undo brings B's codings and the original figures back.
    const undone = await t.p.call('history.undo', {});
    expect(undone.action).toBe('agreement.reconcile');
    const back = await compute();
    expect(back.codes[0]?.table).toEqual({ both: 10, onlyA: 20, onlyB: 10, neither: 60 });
    expect(back.before).toBeNull();
    expect((await list()).rows).toHaveLength(3);
    await t.p.call('history.redo', {});
    expect((await compute()).codes[0]?.kappa).toBeCloseTo(0.28 / 0.38, 12);
  });

  it('accept B, keep both, remove both, and a comment', async () => {
    const rows = () => list().then((l) => l.rows);
    const [boundaries, onlyB, onlyA] = await rows();
    if (!boundaries || !onlyB || !onlyA) throw new Error('three disagreements expected');
    // Accept B on X [0,30): A's [0,20) goes, A gets [10,30).
    await reconcile(boundaries, 'accept-b');
    // Keep both on Y [45,55): A gets Y there too.
    await reconcile(onlyB, 'keep-both');
    // Remove both on X [50,60): A's coding goes.
    await reconcile(onlyA, 'remove-both');
    expect(await rows()).toEqual([]);
    const r = await compute();
    // X: both [10,30) = 20 → neither 80. Y: both [45,55) + [75,95) = 30, neither 70.
    expect(r.codes[0]?.table).toEqual({ both: 20, onlyA: 0, onlyB: 0, neither: 80 });
    expect(r.codes[1]?.table).toEqual({ both: 30, onlyA: 0, onlyB: 0, neither: 70 });
    expect(r.codes[0]?.kappa).toBe(1);
    expect(r.reconciliations).toBe(3);
    // Before: exactly the coders' own codings again.
    expect(r.before?.codes[0]?.table).toEqual({ both: 10, onlyA: 20, onlyB: 10, neither: 60 });
    expect(r.before?.codes[1]?.table).toEqual({ both: 20, onlyA: 0, onlyB: 10, neither: 70 });
  });

  it('a comment stays with the disagreement; a stale passage is refused with the reason', async () => {
    const [first] = (await list()).rows;
    if (!first) throw new Error('no disagreement');
    await expect(reconcile(first, 'comment')).rejects.toThrow(/needs a text/);
    await reconcile(first, 'comment', 'Bespreken: valt "zei ze" erbinnen?');
    const again = (await list()).rows[0];
    expect(again?.comments.map((c) => [c.by, c.text])).toEqual([
      ['Bart Bos', 'Bespreken: valt "zei ze" erbinnen?'],
    ]);
    // A comment changes no coding and is no reconciliation in the figures.
    expect((await compute()).reconciliations).toBe(0);
    await expect(reconcile({ ...first, end: 29 }, 'accept-a')).rejects.toThrow(
      /no disagreement on 0–29/,
    );
  });
});

describe('export', () => {
  it('CSV and XLSX of the table, and the methods paragraph in Dutch and English', async () => {
    const input = { coderIds: [t.a, t.b], codeIds: [t.x, t.y] };
    const csv = await t.p.call('agreement.export', { ...input, format: 'csv', lang: 'en' });
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(/^scope,case,source,code,label,% agreement,Cohen's κ,/);
    expect(lines[1]).toMatch(
      /^all sources,,,brede-welvaart,Broad well-being is central,70,0\.2105/,
    );
    expect(lines[3]).toMatch(/^all sources,,,pooled,/);
    const xlsx = await t.p.call('agreement.export', { ...input, format: 'xlsx', lang: 'nl' });
    const sheets = await readXlsxFile(Buffer.from(xlsx.base64, 'base64'));
    expect(sheets.map((s) => s.sheet)).toEqual([
      'Overeenstemming',
      'Per casus',
      'Per bron',
      'Methode',
    ]);
    const first = sheets[0]?.data ?? [];
    expect(first[1]?.[3]).toBe('brede-welvaart');
    expect(Number(first[1]?.[6])).toBeCloseTo(0.08 / 0.38, 10);
    const methods = await t.p.call('agreement.export', { ...input, format: 'methods', lang: 'nl' });
    const paragraph = Buffer.from(methods.base64, 'base64').toString('utf8');
    expect(paragraph).toMatch(
      /^Interbeoordelaarsbetrouwbaarheid\. Twee codeurs \(Anna Aerts en Bart Bos\) codeerden onafhankelijk van elkaar dezelfde 1 bron \(100 tekens\)/,
    );
    expect(paragraph).toContain('op tekenniveau');
    expect(paragraph).toContain('Krippendorffs α (nominaal) = 0,47');
    expect(paragraph).toContain('Krippendorff, K. (2011)');
  });
});
