import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  HEAT_PALETTE,
  heatColors,
  heatScale,
  maxFor,
  type MatrixResult,
} from '../../../core/shared/contract/matrix.js';
import { reviewStudy } from '../review/fixture.js';

/**
 * A parent code's row is the sum of its children. On one scale with them its cells took the dark
 * shades and left the children, which the cases are compared on, pale: group rows are shaded on
 * a scale of their own, in the grid, the exports and the group review alike.
 */
const SPEC = {
  rows: { dim: 'principle', split: 'category' },
  cols: { dim: 'case' },
} as const;

function maxima(m: MatrixResult) {
  const group = new Set(m.rows.filter((r) => r.group).map((r) => r.id));
  let leaves = 0;
  let groups = 0;
  for (const c of m.cells)
    if (group.has(c.row)) groups = Math.max(groups, c.value);
    else leaves = Math.max(leaves, c.value);
  return { leaves, groups };
}

describe('heat scales of group rows and the rest', () => {
  it('shades each kind of row against its own largest value', async () => {
    const { p } = await reviewStudy();
    const m = await p.call('matrix.compute', SPEC);
    const { leaves, groups } = maxima(m);
    // The demo's "Opgavegericht werken" sums its four sub-principles: far above any of them.
    expect(groups).toBeGreaterThan(leaves);
    expect(heatScale(m)).toEqual({ max: leaves, groupMax: groups });
    const darkest = HEAT_PALETTE[HEAT_PALETTE.length - 1];
    const top = (group: boolean, max: number) => {
      const rowIds = new Set(m.rows.filter((r) => r.group === group).map((r) => r.id));
      return m.cells.find((c) => rowIds.has(c.row) && c.value === max)!;
    };
    // The busiest child is as dark as the busiest parent.
    for (const [group, max] of [
      [false, leaves],
      [true, groups],
    ] as const) {
      const cell = top(group, max);
      const row = m.rows.find((r) => r.id === cell.row)!;
      expect(heatColors(cell.value, maxFor(heatScale(m), row))?.bg).toBe(darkest);
    }
    // Rows all of one kind keep one scale.
    const leafOnly = { rows: m.rows.filter((r) => !r.group), cells: m.cells };
    expect(heatScale(leafOnly).groupMax).toBeNull();
    const groupOnly = {
      rows: m.rows.filter((r) => r.group),
      cells: m.cells.filter((c) => m.rows.find((r) => r.id === c.row)?.group),
    };
    expect(heatScale(groupOnly)).toEqual({ max: groups, groupMax: null });
  });

  it('says so in the SVG and DOCX exports and bolds the group rows', async () => {
    const { p } = await reviewStudy();
    const m = await p.call('matrix.compute', SPEC);
    const { leaves, groups } = maxima(m);
    const file = async (format: 'svg' | 'docx' | 'html') =>
      Buffer.from(
        (await p.call('matrix.export', { spec: SPEC, format, lang: 'nl', title: 'T' })).base64,
        'base64',
      );
    const svg = (await file('svg')).toString('utf8');
    expect(svg).toContain(`fill="#000">${leaves}</text>`);
    expect(svg).toContain(`kleuren op een eigen schaal: 0 … ${groups}</text>`);
    expect(svg).toMatch(/font-weight="bold" fill="#000">Opgavegericht werken — /);
    // Both the busiest child cell and the busiest parent cell take the darkest fill.
    const darkest = (HEAT_PALETTE[HEAT_PALETTE.length - 1] ?? '').toUpperCase();
    expect(svg.toUpperCase().split(`FILL="${darkest}" STROKE="#555" STROKE-WIDTH`).length).toBe(
      1 +
        m.cells.filter((c) => {
          const row = m.rows.find((r) => r.id === c.row)!;
          return c.value === (row.group ? groups : leaves);
        }).length,
    );
    const docx = strFromU8(unzipSync(new Uint8Array(await file('docx')))['word/document.xml']!);
    expect(docx).toContain('kleuren op een eigen schaal.');
    expect((await file('html')).toString('utf8')).toContain('kleuren op een eigen schaal.');
  });

  it('shades the XLSX counts as the grid does and explains both scales in the legend sheet', async () => {
    const { p } = await reviewStudy();
    const m = await p.call('matrix.compute', SPEC);
    const scale = heatScale(m);
    const { base64 } = await p.call('matrix.export', { spec: SPEC, format: 'xlsx', lang: 'nl' });
    const files = unzipSync(new Uint8Array(Buffer.from(base64, 'base64')));
    const text = (name: string) => strFromU8(files[name] as Uint8Array);
    // Each style's fill colour, by the style's index (styles.xml: fills, then cellXfs).
    const styles = text('xl/styles.xml');
    const fills = [
      ...(/<fills[^>]*>(.*?)<\/fills>/s.exec(styles)?.[1] ?? '').matchAll(/<fill>(.*?)<\/fill>/gs),
    ].map((f) => /fgColor rgb="FF([0-9A-F]{6})"/i.exec(f[1] ?? '')?.[1]?.toUpperCase() ?? null);
    const xfs = [
      ...(/<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)?.[1] ?? '').matchAll(/<xf\b([^>]*)>/g),
    ].map((x) => {
      const fill = /fillId="(\d+)"/.exec(x[1] ?? '')?.[1];
      return fill === undefined ? null : (fills[Number(fill)] ?? null);
    });
    // The counts sheet's numbers (cells without t="s") in reading order, with their fill.
    const shaded = [
      ...text('xl/worksheets/sheet1.xml').matchAll(
        /<c r="[A-Z]+\d+"( s="(\d+)")?><v>([^<]+)<\/v><\/c>/g,
      ),
    ].map((c) => ({
      value: Number(c[3]),
      fill: c[2] === undefined ? null : (xfs[Number(c[2])] ?? null),
    }));
    // What the grid shows, row by row, for the non-empty cells.
    const byKey = new Map(m.cells.map((c) => [`${c.row}\n${c.col}`, c.value]));
    const want = m.rows.flatMap((r) =>
      m.cols
        .map((c) => byKey.get(`${r.id}\n${c.id}`) ?? 0)
        .filter((v) => v !== 0)
        .map((v) => ({
          value: v,
          fill: heatColors(v, maxFor(scale, r))?.bg.slice(1).toUpperCase() ?? null,
        })),
    );
    expect(shaded).toEqual(want);
    expect(shaded.some((c) => c.fill === HEAT_PALETTE[HEAT_PALETTE.length - 1]?.slice(1))).toBe(
      true,
    );
    const legend = text('xl/sharedStrings.xml');
    expect(legend).toContain('Kleur: hoe donkerder, hoe meer; een lege cel is nul.');
    expect(legend).toContain('kleuren op een eigen schaal.');
  });

  it('shows the room the same shades and both scales in the legend', async () => {
    const { p, session } = await reviewStudy();
    const m = await p.call('matrix.compute', SPEC);
    const { leaves, groups } = maxima(m);
    const item = await p.call('review.items.add', { sessionId: session.id, matrix: 'framework' });
    const { content } = await p.call('review.snapshots.refresh', { itemId: item.id });
    expect(content.maxShown).toBe(String(leaves));
    expect(content.groupMaxShown).toBe(String(groups));
    const groupRows = new Set(content.rows.filter((r) => r.group).map((r) => r.id));
    expect(groupRows.size).toBeGreaterThan(0);
    for (const c of content.cells) {
      const row = m.rows.find((r) => r.id === c.row)!;
      expect(groupRows.has(c.row)).toBe(row.group);
      const want = heatColors(c.value, row.group ? groups : leaves)?.bg ?? null;
      expect(c.heat === null ? null : HEAT_PALETTE[c.heat]).toBe(want);
    }
  });
});
