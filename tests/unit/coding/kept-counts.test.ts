import { describe, expect, it } from 'vitest';
import { addSource, codingProject, TEXT } from './fixture.js';
import type { TestProject } from '../helpers.js';

/**
 * The segment counts of the source list and the counts of the code tree come from tables that
 * triggers keep (migration 022). After every kind of write they must equal a fresh recount.
 */
function recounted(p: TestProject) {
  const perSource = new Map(
    (
      p.db.prepare('SELECT source_id, count(*) AS n FROM segments GROUP BY source_id').all() as {
        source_id: string;
        n: number;
      }[]
    ).map((r) => [r.source_id, r.n]),
  );
  const perCode = new Map(
    (
      p.db
        .prepare(
          `SELECT k.code_id, count(*) AS codings, count(DISTINCT g.source_id) AS sources
           FROM codings k JOIN segments g ON g.seq = k.segment_seq GROUP BY k.code_id`,
        )
        .all() as { code_id: string; codings: number; sources: number }[]
    ).map((r) => [r.code_id, r]),
  );
  return { perSource, perCode };
}

/** The seqs kept per (code, source) (migration 025), and the same recounted from the codings. */
function expectSeqsRight(p: TestProject) {
  const kept = p.db
    .prepare('SELECT code_id, source_id, n, seqs FROM code_source_counts ORDER BY 1, 2')
    .raw()
    .all();
  const recount = p.db
    .prepare(
      `SELECT k.code_id, g.source_id, count(*), json_group_array(k.segment_seq ORDER BY k.segment_seq)
       FROM codings k JOIN segments g ON g.seq = k.segment_seq GROUP BY 1, 2 ORDER BY 1, 2`,
    )
    .raw()
    .all();
  expect(kept).toEqual(recount);
  // Each source's segments' seqs in text order (migration 027), as a recount gives them.
  expect(
    p.db.prepare('SELECT source_id, n, seqs FROM source_segment_counts ORDER BY 1').raw().all(),
  ).toEqual(
    p.db
      .prepare(
        `SELECT source_id, count(*), json_group_array(seq ORDER BY start, "end", id)
         FROM segments GROUP BY 1 ORDER BY 1`,
      )
      .raw()
      .all(),
  );
}

async function expectCountsRight(p: TestProject) {
  expectSeqsRight(p);
  const { perSource, perCode } = recounted(p);
  const sources = await p.call('sources.list', {});
  expect(sources.length).toBeGreaterThan(0);
  for (const s of sources) expect(s.segmentCount, s.title).toBe(perSource.get(s.id) ?? 0);
  const codes = await p.call('codes.tree', {});
  for (const c of codes) {
    expect(c.segmentCount, c.key ?? c.id).toBe(perCode.get(c.id)?.codings ?? 0);
    expect(c.sourceCount, c.key ?? c.id).toBe(perCode.get(c.id)?.sources ?? 0);
  }
  return { sources, codes };
}

const lineOf = (n: number) => {
  const lines = TEXT.split('\n');
  const start = lines.slice(0, n).reduce((a, l) => a + l.length + 1, 0);
  return { start, end: start + (lines[n] as string).length };
};

describe('kept counts of the source list and the code tree', () => {
  it('follow coding, uncoding, merging, deleting a code and undo', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const other = addSource(p, TEXT, 'Tweede verslag');
    const a = await p.call('coding.apply', {
      sourceId,
      ...lineOf(0),
      codeIds: [byKey('praktijk'), byKey('factor')],
    });
    await p.call('coding.apply', { sourceId, ...lineOf(1), codeIds: [byKey('praktijk')] });
    await p.call('coding.apply', { sourceId: other, ...lineOf(2), codeIds: [byKey('factor')] });
    const { sources, codes } = await expectCountsRight(p);
    expect(sources.find((s) => s.id === sourceId)?.segmentCount).toBe(2);
    const praktijk = codes.find((c) => c.id === byKey('praktijk'));
    expect([praktijk?.segmentCount, praktijk?.sourceCount]).toEqual([2, 1]);
    const factor = codes.find((c) => c.id === byKey('factor'));
    expect([factor?.segmentCount, factor?.sourceCount]).toEqual([2, 2]);

    await p.call('coding.remove', { segmentId: a.id, codeIds: [byKey('factor')] });
    await expectCountsRight(p);
    await p.call('codes.merge', { fromId: byKey('factor'), intoId: byKey('praktijk') });
    await expectCountsRight(p);
    await p.call('history.undo', {});
    await expectCountsRight(p);
    await p.call('coding.remove', { segmentId: a.id });
    const after = await expectCountsRight(p);
    expect(after.sources.find((s) => s.id === sourceId)?.segmentCount).toBe(1);
    await p.call('history.undo', {});
    await expectCountsRight(p);
    await p.call('codes.delete', { id: byKey('praktijk') });
    await expectCountsRight(p);
    await p.call('history.undo', {});
    await p.call('history.redo', {});
    await expectCountsRight(p);
  });

  it("keep a source's segments in text order when a passage is widened or narrowed", async () => {
    const { p, sourceId, byKey } = await codingProject();
    const first = lineOf(0);
    const second = lineOf(1);
    const codeIds = [byKey('praktijk')];
    const a = await p.call('coding.apply', {
      sourceId,
      start: first.start + 5,
      end: first.end,
      codeIds,
    });
    const b = await p.call('coding.apply', { sourceId, ...second, codeIds });
    await expectCountsRight(p);
    // The matrix lists a cell's segments in text order.
    const inOrder = async () =>
      (
        await p.call('matrix.compute', { rows: { dim: 'facet' }, cols: { dim: 'sourceType' } })
      ).cells.flatMap((c) => c.segments);
    expect(await inOrder()).toEqual([a.id, b.id]);
    // Widened to start before the other: it comes first.
    await p.call('segments.update', { id: b.id, start: first.start, end: second.end });
    await expectCountsRight(p);
    expect(await inOrder()).toEqual([b.id, a.id]);
    await p.call('segments.update', { id: b.id, ...second });
    await expectCountsRight(p);
    expect(await inOrder()).toEqual([a.id, b.id]);
    await p.call('history.undo', {});
    await expectCountsRight(p);
    expect(await inOrder()).toEqual([b.id, a.id]);
    await p.call('history.undo', {});
    await expectCountsRight(p);
    expect(await inOrder()).toEqual([a.id, b.id]);
  });

  it("follow segments moved to another source (a new version's), in and out of text order", async () => {
    const { p, sourceId, byKey } = await codingProject();
    const other = addSource(p, TEXT, 'Tweede verslag');
    const third = addSource(p, TEXT, 'Derde verslag');
    const codeIds = [byKey('praktijk')];
    const part = { start: lineOf(0).start + 3, end: lineOf(0).end };
    for (const span of [lineOf(2), lineOf(0), part, lineOf(1)])
      await p.call('coding.apply', { sourceId, ...span, codeIds });
    await p.call('coding.apply', { sourceId: other, ...lineOf(1), codeIds });
    await expectCountsRight(p);
    const move = p.db.prepare('UPDATE segments SET source_id = ? WHERE id = ?');
    const ids = (order: string) =>
      p.db
        .prepare(`SELECT id FROM segments WHERE source_id = ? ORDER BY ${order}`)
        .pluck()
        .all(sourceId) as string[];
    // The first two in text order to a source of their own (appended), then the rest backwards
    // into one that already has a segment between them (placed by reading the source again).
    for (const id of ids('start').slice(0, 2)) move.run(third, id);
    await expectCountsRight(p);
    for (const id of ids('start DESC')) move.run(other, id);
    await expectCountsRight(p);
    expect(
      p.db.prepare('SELECT count(*) FROM segments WHERE source_id = ?').pluck().get(sourceId),
    ).toBe(0);
  });

  it('lose a deleted segment with its codings, and a deleted source', async () => {
    const { p, sourceId, byKey } = await codingProject();
    const other = addSource(p, TEXT, 'Tweede verslag');
    for (const id of [sourceId, other])
      await p.call('coding.apply', {
        sourceId: id,
        ...lineOf(0),
        codeIds: [byKey('praktijk'), byKey('factor')],
      });
    // Deleted by the database's cascades (no repository removes the codings first).
    p.db.prepare('DELETE FROM segments WHERE source_id = ?').run(other);
    await expectCountsRight(p);
    p.db.prepare('DELETE FROM sources WHERE id = ?').run(sourceId);
    const { codes } = await expectCountsRight(p);
    expect(codes.find((c) => c.id === byKey('praktijk'))?.segmentCount).toBe(0);
    expect(p.db.prepare('SELECT count(*) AS n FROM code_source_counts').get()).toEqual({ n: 0 });
    expect(p.db.prepare('SELECT count(*) AS n FROM source_segment_counts').get()).toEqual({ n: 0 });
  });
});
