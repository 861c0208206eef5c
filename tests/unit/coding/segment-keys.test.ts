import { describe, expect, it } from 'vitest';
import { codingProject, TEXT } from './fixture.js';

/**
 * Segments have an integer key beside their id (migration 011) that retrieval and matrices join
 * on. Undo must put a removed segment back under the same key, or its codings would point at
 * another segment (or none) and retrieval by code would lose it.
 */
describe('the integer key of a segment', () => {
  it('comes back with the segment on undo, so retrieval and the matrix find it again', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const end = TEXT.indexOf('\n');
    const seg = await p.call('coding.apply', {
      sourceId,
      start: 0,
      end,
      codeIds: [byKey('multi-actor'), byKey('praktijk')],
    });
    // A later segment takes the next key; the removed one's key must not be handed out again.
    const seqOf = (id: string) =>
      (p.db.prepare('SELECT seq FROM segments WHERE id = ?').get(id) as { seq: number } | undefined)
        ?.seq;
    const before = seqOf(seg.id);
    expect(before).toBeTypeOf('number');
    await p.call('coding.remove', { segmentId: seg.id });
    expect(seqOf(seg.id)).toBeUndefined();
    await p.call('history.undo', {});
    expect(seqOf(seg.id)).toBe(before);
    const codings = p.db
      .prepare('SELECT segment_seq FROM codings WHERE segment_id = ?')
      .all(seg.id) as { segment_seq: number }[];
    expect(codings).toEqual([{ segment_seq: before }, { segment_seq: before }]);

    const found = await p.call('segments.query', { principles: [byKey('multi-actor')] });
    expect(found.segments.map((s) => s.id)).toEqual([seg.id]);
    const m = await p.call('matrix.compute', {
      rows: { dim: 'principle' },
      cols: { dim: 'facet' },
      includeSegments: true,
    });
    const cell = m.cells.find((c) => c.row === byKey('multi-actor') && c.col === byKey('praktijk'));
    expect(cell?.segments).toEqual([seg.id]);
  });

  it('is never reused: a segment coded after a removal gets a new key, and undo still fits', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const line = TEXT.indexOf('\n');
    const first = await p.call('coding.apply', {
      sourceId,
      start: 0,
      end: line,
      codeIds: [byKey('praktijk')],
    });
    await p.call('coding.remove', { segmentId: first.id });
    await p.call('coding.apply', {
      sourceId,
      start: line + 1,
      end: line + 10,
      codeIds: [byKey('factor')],
    });
    const seqs = p.db.prepare('SELECT id, seq FROM segments').all() as {
      id: string;
      seq: number;
    }[];
    expect(seqs).toHaveLength(1);
    // Undo the new coding and the removal: the first segment returns beside nothing else.
    await p.call('history.undo', {});
    await p.call('history.undo', {});
    const back = p.db.prepare('SELECT id, seq FROM segments ORDER BY seq').all() as {
      id: string;
      seq: number;
    }[];
    expect(back.map((r) => r.id)).toEqual([first.id]);
    expect(back[0]?.seq).toBeLessThan(seqs[0]?.seq ?? 0);
    const found = await p.call('segments.query', { facets: [byKey('praktijk')] });
    expect(found.segments.map((s) => s.id)).toEqual([first.id]);
  });
});
