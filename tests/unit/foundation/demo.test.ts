import { describe, expect, it } from 'vitest';
import { tempProject } from '../helpers.js';

describe('the built-in demo study', () => {
  it('has, for every case, interviews with different respondent roles and a document, all coded', async () => {
    const p = await tempProject({ demo: true });
    const [cases, sources, respondents, codes] = await Promise.all([
      p.call('cases.list', {}),
      p.call('sources.list', {}),
      p.call('respondents.list', {}),
      p.call('codes.tree', {}),
    ]);
    const principles = codes.filter(
      (c) => c.dimension === 'principle' && c.key !== 'opgavegericht-werken',
    );
    for (const c of cases) {
      const own = sources.filter((s) => s.caseId === c.id);
      const interviews = own.filter((s) => s.kind === 'interview');
      expect(interviews.length, c.key).toBeGreaterThanOrEqual(3);
      expect(own.filter((s) => s.kind === 'document').length, c.key).toBeGreaterThanOrEqual(1);
      const roles = new Set(interviews.map((s) => s.respondentRole));
      expect(roles.size, `${c.key} respondent roles`).toBeGreaterThanOrEqual(3);
      for (const s of own) expect(s.segmentCount, s.title).toBeGreaterThan(0);
      // Pseudonyms only: respondents are named like ACH-R1.
      for (const r of respondents.filter((x) => x.caseId === c.id))
        expect(r.pseudonym).toMatch(/^[A-Z]{2,3}-R\d+$/);
    }
    for (const pr of principles) expect(pr.segmentCount, pr.key ?? pr.id).toBeGreaterThan(0);
  });

  it('stores each source as immutable plain text whose segments quote it exactly', async () => {
    const p = await tempProject({ demo: true });
    const sources = await p.call('sources.list', {});
    const db = p.db;
    for (const s of sources) {
      const full = await p.call('sources.get', { id: s.id });
      expect(full.text).not.toMatch(/\r/);
      expect(full.text.normalize('NFC')).toBe(full.text);
      expect(full.blocks.length).toBeGreaterThan(3);
      const segments = db
        .prepare('SELECT start, end, text FROM segments WHERE source_id = ?')
        .all(s.id) as {
        start: number;
        end: number;
        text: string;
      }[];
      for (const g of segments) expect(full.text.slice(g.start, g.end)).toBe(g.text);
    }
  });

  it('has framework-matrix syntheses in the default matrix, each citing passages that are in its cell', async () => {
    const p = await tempProject({ demo: true });
    const [defs, cells] = await Promise.all([
      p.call('matrix.definitions.list', {}),
      p.call('matrix.synthesis.list', {}),
    ]);
    const spec = defs[0]?.spec;
    if (!spec) throw new Error('the demo study has no saved matrix');
    expect(cells.length).toBeGreaterThanOrEqual(3);
    const grid = await p.call('matrix.compute', { ...spec, includeSegments: false });
    for (const c of cells) {
      // Every synthesis is a cell of the default grid (principle:category × case) and cites only
      // that cell's passages.
      const row = `${c.coordinate.principle}:${c.coordinate.category}`;
      const col = c.coordinate.case ?? '';
      expect(Object.keys(c.coordinate).sort()).toEqual(['case', 'category', 'principle']);
      expect(grid.rows.some((r) => r.id === row)).toBe(true);
      expect(grid.cols.some((x) => x.id === col)).toBe(true);
      expect(c.bodyText.length).toBeGreaterThan(40);
      expect(c.refs.length).toBeGreaterThanOrEqual(2);
      const { segmentIds } = await p.call('matrix.cell', { spec, row, col });
      for (const r of c.refs) {
        expect(segmentIds).toContain(r.segmentId);
        expect(r.deleted).toBe(false);
      }
      const shown = await p.call('matrix.synthesis.get', { at: { spec, row, col } });
      expect(shown.id).toBe(c.id);
    }
    expect(new Set(cells.map((c) => c.status)).size).toBeGreaterThanOrEqual(2);
  });
});
