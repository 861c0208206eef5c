import { beforeAll, describe, expect, it } from 'vitest';
import type { MatrixSpec } from '../../../core/shared/contract/matrix.js';
import { caseId, id, matrixStudy } from './fixture.js';

/**
 * A synthesis belongs to its cell of the study's cube (issue 11): every view that resolves to the
 * same coordinate shows it, and no other view does.
 */
type Study = Awaited<ReturnType<typeof matrixStudy>>;
let s: Study;
let fv: string;
let ach: string;
let ml: string;
let factor: string;
let formation: string;
let implementation: string;
const text = (bodyText: string) => ({
  body: JSON.stringify({
    root: {
      type: 'root',
      version: 1,
      children: [
        { type: 'paragraph', version: 1, children: [{ type: 'text', text: bodyText, version: 1 }] },
      ],
    },
  }),
  bodyText,
});
const spec = (rows: string, cols: string, filter: MatrixSpec['filter'] = {}): MatrixSpec =>
  ({ rows: { dim: rows }, cols: { dim: cols }, filter }) as MatrixSpec;
const get = (view: MatrixSpec, row: string, col: string) =>
  s.p.call('matrix.synthesis.get', { at: { spec: view, row, col } });
const save = (view: MatrixSpec, row: string, col: string, body: string) =>
  s.p.call('matrix.synthesis.save', { at: { spec: view, row, col }, ...text(body) });

beforeAll(async () => {
  s = await matrixStudy();
  fv = caseId(s.p, 'foodvalley');
  ach = caseId(s.p, 'achterhoek');
  ml = id(s.p, 'multi-level');
  factor = id(s.p, 'factor');
  formation = id(s.p, 'beleidsvorming');
  implementation = id(s.p, 'beleidsuitvoering');
});

describe('a synthesis is stored by its full coordinate', () => {
  it('written with cases = Foodvalley, it does not appear when the filter says Achterhoek', async () => {
    const foodvalleyOnly = spec('principle', 'facet', { cases: [fv] });
    const written = await save(foodvalleyOnly, ml, factor, 'Het Rijk schoof laat aan.');
    expect(written.coordinate).toEqual({ principle: ml, facet: factor, case: fv });
    expect(written.label.en).toBe('Cooperation: multi-level × Factor × Foodvalley');

    const achterhoekOnly = spec('principle', 'facet', { cases: [ach] });
    const other = await get(achterhoekOnly, ml, factor);
    expect(other).toMatchObject({ bodyText: '', status: 'empty', id: null, finer: [] });
    expect(other.coordinate).toEqual({ principle: ml, facet: factor, case: ach });
  });

  it('shows in every view that resolves to the same coordinate, whatever the layout', async () => {
    // Cases as columns, facet from the filter: the same cube cell.
    const transposed = spec('principle', 'case', { codes: [factor] });
    const same = await get(transposed, ml, fv);
    expect(same.bodyText).toBe('Het Rijk schoof laat aan.');
    expect(same.notWritable).toBeNull();
    // By coordinate, as the CLI and reports ask for it.
    const direct = await s.p.call('matrix.synthesis.get', {
      at: { coordinate: { case: fv, facet: factor, principle: ml } },
    });
    expect(direct.id).toBe(same.id);
    // The framework grid of the transposed view marks that cell, and only that one.
    const view = await s.p.call('matrix.synthesis.forView', { spec: transposed });
    expect(view.cells.map((c) => [c.row, c.col, c.cell?.bodyText, c.finer])).toEqual([
      [ml, fv, 'Het Rijk schoof laat aan.', 0],
    ]);
  });

  it('a coarser view shows no text of its own, and lists the finer synthesis read-only', async () => {
    const coarse = spec('principle', 'case');
    const cell = await get(coarse, ml, fv);
    expect(cell.coordinate).toEqual({ principle: ml, case: fv });
    expect(cell.bodyText).toBe('');
    expect(cell.finer.map((f) => [f.coordinate, f.bodyText])).toEqual([
      [{ principle: ml, facet: factor, case: fv }, 'Het Rijk schoof laat aan.'],
    ]);
    const grid = await s.p.call('matrix.synthesis.forView', { spec: coarse });
    expect(grid.cells.map((c) => [c.row, c.col, c.cell, c.finer])).toEqual([[ml, fv, null, 1]]);
    // Writing there is a statement about the coarser cell: it does not touch the finer one.
    await save(coarse, ml, fv, 'Over alle facetten heen.');
    expect((await get(coarse, ml, fv)).bodyText).toBe('Over alle facetten heen.');
    expect((await get(spec('principle', 'case', { codes: [factor] }), ml, fv)).bodyText).toBe(
      'Het Rijk schoof laat aan.',
    );
  });

  it('keeps phases apart, and a view that combines both phases is read-only', async () => {
    const inFormation = spec('principle', 'case', { codes: [formation] });
    const inImplementation = spec('principle', 'case', { codes: [implementation] });
    await save(inFormation, ml, ach, 'Vorming: de regio trok.');
    await save(inImplementation, ml, ach, 'Uitvoering: het Rijk trok.');
    expect((await get(inFormation, ml, ach)).bodyText).toBe('Vorming: de regio trok.');
    expect((await get(inImplementation, ml, ach)).bodyText).toBe('Uitvoering: het Rijk trok.');

    const both = spec('principle', 'case', { codes: [formation, implementation] });
    const combined = await get(both, ml, ach);
    expect(combined.notWritable).toEqual({ kind: 'several', dimension: 'phase' });
    expect(combined.finer.map((f) => f.bodyText).sort()).toEqual([
      'Uitvoering: het Rijk trok.',
      'Vorming: de regio trok.',
    ]);
    await expect(save(both, ml, ach, 'x')).rejects.toThrow(
      /combines several values of phase: choose one/,
    );
  });

  it('split rows fix both dimensions; a coder axis takes no synthesis', async () => {
    const split = {
      rows: { dim: 'principle', split: 'category' },
      cols: { dim: 'case' },
    } as MatrixSpec;
    const pb = id(s.p, 'politiek-bestuurlijk');
    const c = await save(split, `${ml}:${pb}`, fv, 'Bestuurlijk getouwtrek.');
    expect(c.coordinate).toEqual({ principle: ml, category: pb, case: fv });
    await expect(save(split, ml, fv, 'x')).rejects.toThrow(/split row names two values/);

    const byCoder = spec('principle', 'coder');
    const cell = await get(byCoder, ml, s.coderA);
    expect(cell.notWritable).toEqual({ kind: 'axis', dimension: 'coder' });
    await expect(save(byCoder, ml, s.coderA, 'x')).rejects.toThrow(/coder as an axis/);
  });

  it('refuses a row or column of the wrong dimension by name', async () => {
    await expect(save(spec('principle', 'case'), fv, ml, 'x')).rejects.toThrow(
      /is not a principle here/,
    );
  });
});
