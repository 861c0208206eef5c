import { beforeAll, describe, expect, it } from 'vitest';
import type { MatrixResult, MatrixSpec } from '../../../core/shared/contract/matrix.js';
import { caseId, id, matrixStudy } from './fixture.js';

type Study = Awaited<ReturnType<typeof matrixStudy>>;
let s: Study;
let A: string, D: string, F: string, Z: string;
beforeAll(async () => {
  s = await matrixStudy();
  A = caseId(s.p, 'achterhoek');
  D = caseId(s.p, 'den-haag-zuidwest');
  F = caseId(s.p, 'foodvalley');
  Z = caseId(s.p, 'zuid-oost-drenthe');
});

const compute = (spec: MatrixSpec) => s.p.call('matrix.compute', spec);
const cell = (m: MatrixResult, row: string, col: string) => {
  const c = m.cells.find((x) => x.row === row && x.col === col);
  if (!c) throw new Error(`no cell ${row} × ${col}`);
  return c;
};
/** Every value of one row, in case order A, D, F, Z. */
const rowValues = (m: MatrixResult, row: string) => [A, D, F, Z].map((c) => cell(m, row, c).value);
const byCase = { rows: { dim: 'principle' }, cols: { dim: 'case' } } as const;

describe('count matrix: principles × cases', () => {
  it('counts segments per cell; a segment with two principles counts in both rows', async () => {
    const m = await compute(byCase);
    expect(m.cols.map((c) => c.id)).toEqual([A, D, F, Z]);
    expect(rowValues(m, id(s.p, 'brede-welvaart'))).toEqual([2, 1, 1, 0]);
    expect(rowValues(m, id(s.p, 'integrale-aanpak'))).toEqual([0, 0, 1, 0]);
    expect(rowValues(m, id(s.p, 'regionale-afbakening'))).toEqual([1, 0, 0, 0]);
    expect(rowValues(m, id(s.p, 'opgave-regio'))).toEqual([0, 0, 0, 0]);
    expect(cell(m, id(s.p, 'brede-welvaart'), A).segments.sort()).toEqual([s.g1, s.g2].sort());
    expect(cell(m, id(s.p, 'brede-welvaart'), Z).segments).toEqual([]);
  });

  it('the "opgavegericht werken" group row aggregates its children, and can be collapsed', async () => {
    const group = id(s.p, 'opgavegericht-werken');
    const m = await compute(byCase);
    const header = m.rows.find((r) => r.id === group);
    expect(header?.group).toBe(true);
    expect(m.rows.find((r) => r.id === id(s.p, 'multi-actor'))?.groupId).toBe(group);
    expect(rowValues(m, group)).toEqual([1, 0, 1, 0]);
    const collapsed = await compute({
      ...byCase,
      rows: { dim: 'principle', collapsed: [group] },
    });
    expect(collapsed.rows.map((r) => r.id)).toEqual([
      id(s.p, 'brede-welvaart'),
      id(s.p, 'opgave-regio'),
      group,
    ]);
    expect(rowValues(collapsed, group)).toEqual([1, 0, 1, 0]);
  });

  it('measures: sources, respondents, characters (overlaps once), presence', async () => {
    const bw = id(s.p, 'brede-welvaart');
    const v = async (measure: MatrixSpec['measure']) =>
      rowValues(await compute({ ...byCase, measure }), bw);
    expect(await v('sources')).toEqual([1, 1, 1, 0]);
    // The Foodvalley segment is in a document: no respondent.
    expect(await v('respondents')).toEqual([1, 1, 0, 0]);
    // g1 [0,10) and g2 [5,15) overlap: 15 characters, not 20.
    expect(await v('chars')).toEqual([15, 12, 8, 0]);
    expect(await v('presence')).toEqual([1, 1, 1, 0]);
  });

  it('row and column percentages', async () => {
    const bw = id(s.p, 'brede-welvaart');
    const rowPct = await compute({ ...byCase, percent: 'row' });
    expect(rowValues(rowPct, bw)).toEqual([50, 25, 25, 0]);
    expect(cell(rowPct, bw, A).raw).toBe(2);
    const colPct = await compute({ ...byCase, percent: 'col' });
    // Foodvalley column: brede-welvaart 1, opgavegericht (group) 1, integrale-aanpak 1.
    expect(cell(colPct, bw, F).value).toBeCloseTo(33.3, 1);
    expect(cell(colPct, bw, Z).value).toBe(0);
  });

  it('splits each principle into the factor categories (ids joined with ":")', async () => {
    const m = await compute({
      rows: { dim: 'principle', split: 'category' },
      cols: { dim: 'case' },
    });
    const bw = id(s.p, 'brede-welvaart');
    const ai = id(s.p, 'analytisch-inhoudelijk');
    const pb = id(s.p, 'politiek-bestuurlijk');
    const inst = id(s.p, 'institutioneel');
    expect(m.rows.filter((r) => r.id.startsWith(`${bw}:`)).map((r) => r.id)).toEqual([
      `${bw}:${ai}`,
      `${bw}:${pb}`,
      `${bw}:${inst}`,
      `${bw}:_none`,
    ]);
    expect(m.rows.find((r) => r.id === `${bw}:_none`)?.label).toEqual({
      nl: '(geen factorcategorie)',
      en: '(no factor category)',
    });
    expect(m.rows[0]?.parentLabel?.nl).toBe('Brede welvaart centraal');
    expect(rowValues(m, `${bw}:${ai}`)).toEqual([1, 1, 1, 0]);
    expect(rowValues(m, `${bw}:${pb}`)).toEqual([1, 0, 0, 0]);
    expect(rowValues(m, `${bw}:${inst}`)).toEqual([0, 0, 0, 0]);
    expect(rowValues(m, `${id(s.p, 'regionale-afbakening')}:${inst}`)).toEqual([1, 0, 0, 0]);
  });

  it('keeps every segment when split: the sub-rows, with "(no category)", add up to the row', async () => {
    // A study of its own, with a passage coded by principle only.
    const own = await matrixStudy();
    const segment = await own.p.call('coding.apply', {
      sourceId: own.s2,
      start: 10,
      end: 20,
      codeIds: [id(own.p, 'brede-welvaart')],
    });
    const run = (spec: MatrixSpec) => own.p.call('matrix.compute', spec);
    const split = { rows: { dim: 'principle', split: 'category' }, cols: byCase.cols } as const;
    const unsplitM = await run(byCase);
    const splitM = await run(split);
    for (const row of unsplitM.rows)
      for (const col of unsplitM.cols) {
        const total = cell(unsplitM, row.id, col.id).value;
        const parts = splitM.rows.filter((r) => r.id.startsWith(`${row.id}:`));
        const sum = parts.reduce((a, r) => a + cell(splitM, r.id, col.id).value, 0);
        // A segment may carry two categories (it counts under both), never none and one.
        if (total === 0) expect(sum).toBe(0);
        else expect(sum).toBeGreaterThanOrEqual(total);
      }
    const bw = id(own.p, 'brede-welvaart');
    const fv = caseId(own.p, 'foodvalley');
    expect(cell(splitM, `${bw}:_none`, fv).value).toBe(1);
    expect(cell(unsplitM, bw, fv).value).toBe(2);
    // The "(no category)" cell lists exactly that passage.
    const ids = (await own.p.call('matrix.cell', { spec: split, row: `${bw}:_none`, col: fv }))
      .segmentIds;
    expect(ids).toEqual([segment.id]);
  });

  it('filters the whole matrix: phase, approved interviews only, coder, case', async () => {
    const bw = id(s.p, 'brede-welvaart');
    const ra = id(s.p, 'regionale-afbakening');
    const phase = await compute({ ...byCase, filter: { codes: ['beleidsuitvoering'] } });
    expect(rowValues(phase, bw)).toEqual([0, 0, 1, 0]);
    expect(rowValues(phase, ra)).toEqual([1, 0, 0, 0]);
    const approved = await compute({ ...byCase, filter: { approvedOnly: true } });
    expect(rowValues(approved, bw)).toEqual([2, 0, 0, 0]);
    const coder = await compute({ ...byCase, filter: { coders: ['Bea Bakker'] } });
    expect(rowValues(coder, bw)).toEqual([0, 0, 1, 0]);
    expect(rowValues(coder, ra)).toEqual([1, 0, 0, 0]);
    const both = await compute({
      ...byCase,
      filter: { codes: ['beleidsvorming', 'beleidsuitvoering'], cases: ['achterhoek'] },
    });
    // Two phases are alternatives; the case filter narrows to Achterhoek.
    expect(rowValues(both, bw)).toEqual([1, 0, 0, 0]);
    expect(both.patterns.find((p) => p.row === bw)).toMatchObject({ cases: 1, of: 1, kind: 'all' });
  });

  it('words the pattern by the columns when they are not cases: in how many phases', async () => {
    const m = await compute({ rows: { dim: 'principle' }, cols: { dim: 'phase' } });
    for (const p of m.patterns) {
      const nonEmpty = m.cells.filter((c) => c.row === p.row && c.value > 0).length;
      expect(p).toMatchObject({ over: 'phase', of: m.cols.length, cases: nonEmpty });
    }
    const bw = m.patterns.find((p) => p.row === id(s.p, 'brede-welvaart'));
    expect(bw?.cases).toBe(2);
  });

  it('marks the cross-case pattern: several cases, one case only, none', async () => {
    const m = await compute(byCase);
    const kind = (key: string) => m.patterns.find((p) => p.row === id(s.p, key));
    expect(kind('brede-welvaart')).toEqual({
      row: id(s.p, 'brede-welvaart'),
      cases: 3,
      of: 4,
      kind: 'several',
      over: 'case',
    });
    expect(kind('regionale-afbakening')?.kind).toBe('one');
    expect(kind('opgave-regio')?.kind).toBe('none');
  });

  it('other dimensions: coder, role, source type, phase', async () => {
    const bw = id(s.p, 'brede-welvaart');
    const coders = await compute({ rows: { dim: 'principle' }, cols: { dim: 'coder' } });
    expect(cell(coders, bw, s.coderA).value).toBe(3);
    expect(cell(coders, bw, s.coderB).value).toBe(1);
    const roles = await compute({ rows: { dim: 'role' }, cols: { dim: 'case' } });
    expect(cell(roles, 'programmaleiding', A).value).toBe(3);
    expect(cell(roles, 'rijksdealmaker', D).value).toBe(1);
    const types = await compute({ rows: { dim: 'sourceType' }, cols: { dim: 'phase' } });
    expect(cell(types, 'deal-text', id(s.p, 'beleidsuitvoering')).value).toBe(1);
    expect(cell(types, 'interview-report', id(s.p, 'beleidsvorming')).value).toBe(1);
  });

  it('drill-down returns the cell segments; unknown rows and filters are refused by name', async () => {
    const bw = id(s.p, 'brede-welvaart');
    const d = await s.p.call('matrix.cell', { spec: byCase, row: bw, col: A });
    expect(d.segmentIds.sort()).toEqual([s.g1, s.g2].sort());
    await expect(s.p.call('matrix.cell', { spec: byCase, row: 'nope', col: A })).rejects.toThrow(
      /row "nope"/,
    );
    await expect(compute({ ...byCase, filter: { codes: ['no-such-code'] } })).rejects.toThrow(
      /no code "no-such-code"/,
    );
    await expect(compute({ ...byCase, filter: { coders: ['Nobody'] } })).rejects.toThrow(
      /no coder "Nobody"/,
    );
    await expect(
      compute({ rows: { dim: 'case', split: 'case' }, cols: { dim: 'principle' } }),
    ).rejects.toThrow(/split case by itself/);
  });

  it('ships the two Regio Deals matrices as saved definitions, and saves new ones', async () => {
    const defs = await s.p.call('matrix.definitions.list', {});
    expect(defs.map((d) => d.name.en)).toEqual(['Principles × cases', 'Factors × cases']);
    expect(defs[0]?.spec.rows).toEqual({ dim: 'principle', split: 'category' });
    const saved = await s.p.call('matrix.definitions.save', {
      name: { nl: 'Fasen', en: 'Phases' },
      spec: { rows: { dim: 'phase' }, cols: { dim: 'case' }, measure: 'sources' },
    });
    expect((await s.p.call('matrix.definitions.list', {})).map((d) => d.id)).toContain(saved.id);
    await expect(
      s.p.call('matrix.definitions.save', {
        name: { nl: 'x', en: 'x' },
        spec: { ...byCase, filter: { codes: ['unknown'] } },
      }),
    ).rejects.toThrow(/no code "unknown"/);
  });
});
