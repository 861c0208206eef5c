import { beforeAll, describe, expect, it } from 'vitest';
import { preparedTexts } from '../../../db/sql.js';
import { tempProject } from '../helpers.js';
import { caseId, id, matrixStudy } from './fixture.js';

type Study = Awaited<ReturnType<typeof matrixStudy>>;
let s: Study;
let A: string, F: string, Z: string;
beforeAll(async () => {
  s = await matrixStudy();
  A = caseId(s.p, 'achterhoek');
  F = caseId(s.p, 'foodvalley');
  Z = caseId(s.p, 'zuid-oost-drenthe');
});
const byCase = { rows: { dim: 'principle' }, cols: { dim: 'case' } } as const;

describe('matrix.cellSegments: a cell drill-down in one call', () => {
  it("reads a cell's segment ids by walking its sorted seqs through segments_id_by_seq (no temporary index of them), as one array", async () => {
    await s.p.call('matrix.cell', { spec: byCase, row: id(s.p, 'brede-welvaart'), col: A });
    const text = preparedTexts(s.p.db).find((t) => t.includes('segments_id_by_seq'));
    expect(text).toBeDefined();
    const plan = (
      s.p.db.prepare(`EXPLAIN QUERY PLAN ${text!}`).all({ seqs: '[1, 2, 3]' }) as {
        detail: string;
      }[]
    ).map((r) => r.detail);
    expect(plan[0]).toMatch(/^SCAN j VIRTUAL TABLE/);
    expect(plan[1]).toMatch(/SEARCH g USING COVERING INDEX segments_id_by_seq \(seq=\?\)/);
    expect(plan.join('\n')).not.toMatch(/LIST SUBQUERY|TEMP B-TREE/);
  });

  it("answers the cell's segments with source, codes and context, as segments.query does", async () => {
    const bw = id(s.p, 'brede-welvaart');
    const r = await s.p.call('matrix.cellSegments', { spec: byCase, row: bw, col: A });
    expect(r.total).toBe(2);
    expect(r.truncated).toBe(false);
    expect(r.segments.map((g) => g.id).sort()).toEqual([s.g1, s.g2].sort());
    const g1 = r.segments.find((g) => g.id === s.g1);
    expect(g1?.text).toBe('abcdefghij');
    expect(g1?.after).toBe('klmnopqrstuvwxyz0123456789');
    expect(g1?.sourceTitle).toBe('Interview Achterhoek 1');
    expect(g1?.caseLabel?.nl).toBe('Achterhoek');
    expect(g1?.respondentPseudonym).toBe('R1');
    expect(g1?.codes.map((c) => c.key)).toEqual([
      'brede-welvaart',
      'analytisch-inhoudelijk',
      'beleidsvorming',
    ]);
    expect(r.perCase).toEqual([{ caseId: A, count: 2 }]);
    // The same answer as the two calls it replaces.
    const { segmentIds } = await s.p.call('matrix.cell', { spec: byCase, row: bw, col: A });
    const query = await s.p.call('segments.query', { segmentIds, limit: 5000, context: 80 });
    expect(r).toEqual(query);
  });

  it('an empty cell answers no segments (not every segment of the study)', async () => {
    const r = await s.p.call('matrix.cellSegments', {
      spec: byCase,
      row: id(s.p, 'brede-welvaart'),
      col: Z,
    });
    expect(r).toEqual({ total: 0, truncated: false, segments: [], groups: [], perCase: [] });
  });

  it('keeps to the whole-matrix filter, the limit and the context asked for', async () => {
    const bw = id(s.p, 'brede-welvaart');
    const phase = await s.p.call('matrix.cellSegments', {
      spec: { ...byCase, filter: { codes: ['beleidsvorming'] } },
      row: bw,
      col: A,
    });
    expect(phase.segments.map((g) => g.id)).toEqual([s.g1]);
    const one = await s.p.call('matrix.cellSegments', {
      spec: byCase,
      row: bw,
      col: A,
      limit: 1,
      context: 0,
    });
    expect(one.total).toBe(2);
    expect(one.truncated).toBe(true);
    expect(one.segments).toHaveLength(1);
    expect(one.segments[0]?.before).toBe('');
    expect(one.segments[0]?.after).toBe('');
    const foodvalley = await s.p.call('matrix.cellSegments', {
      spec: byCase,
      row: id(s.p, 'integrale-aanpak'),
      col: F,
    });
    expect(foodvalley.segments.map((g) => g.id)).toEqual([s.g4]);
  });

  it('refuses an unknown row or column by name', async () => {
    await expect(
      s.p.call('matrix.cellSegments', { spec: byCase, row: 'nope', col: A }),
    ).rejects.toThrow(/row "nope"/);
    await expect(
      s.p.call('matrix.cellSegments', { spec: byCase, row: id(s.p, 'brede-welvaart'), col: 'x' }),
    ).rejects.toThrow(/col(umn)? "x"/);
  });

  it('on the demo study, every cell of the default matrix holds exactly its drill-down ids', async () => {
    const p = await tempProject({ demo: true });
    const spec = (await p.call('matrix.definitions.list', {}))[0]?.spec;
    if (!spec) throw new Error('the demo study has no saved matrix');
    const grid = await p.call('matrix.compute', { ...spec, includeSegments: false });
    let compared = 0;
    let paged = 0;
    for (const c of grid.cells) {
      const [{ segmentIds }, r] = await Promise.all([
        p.call('matrix.cell', { spec, row: c.row, col: c.col }),
        p.call('matrix.cellSegments', { spec, row: c.row, col: c.col }),
      ]);
      expect(r.segments.map((g) => g.id).sort()).toEqual([...segmentIds].sort());
      expect(r.total).toBe(segmentIds.length);
      compared += segmentIds.length;
      // A first page (the cell panel's) is the start of what the ids answer in the same order,
      // with the same counts, also where the cell holds more than the page.
      const page = { limit: 2, context: 60 };
      const [first, byIds] = await Promise.all([
        p.call('matrix.cellSegments', { spec, row: c.row, col: c.col, ...page }),
        segmentIds.length
          ? p.call('segments.query', { segmentIds, ...page })
          : { total: 0, truncated: false, segments: [], groups: [], perCase: [] },
      ]);
      expect(first).toEqual(byIds);
      if (segmentIds.length > 2) paged++;
    }
    expect(compared).toBeGreaterThan(20);
    expect(paged).toBeGreaterThan(5);
  });
});
