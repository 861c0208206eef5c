import { describe, expect, it } from 'vitest';
import { newId, now } from '../../../core/server/domain/ids.js';
import { codeRange } from '../../../core/server/domain/segments.js';
import { preparedTexts } from '../../../db/sql.js';
import { addSource, codeId, smallStudy } from './fixture.js';

/**
 * search.query and segments.query compute counts, ranking and the listed page in separate
 * statements (issue 7). These tests pin what must not change: ties, counts, and that a limited
 * page is exactly the start of the whole ordered list.
 */
describe('search and retrieval: ties, counts and pages', async () => {
  const { p, coder } = await smallStudy();
  const db = p.db;
  const welvaart = codeId(p, 'brede-welvaart');
  const integraal = codeId(p, 'integrale-aanpak');

  // Two cases that sort equal, and sources whose paragraphs score equal for "tranche".
  const addCase = (key: string, sort: number) => {
    const id = newId();
    p.ctx.action('test.addCase', () =>
      db
        .prepare(
          'INSERT INTO cases (id, key, label_nl, label_en, sort, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(id, key, key, key, sort, now()),
    );
    return id;
  };
  const zCase = addCase('zz-later', 50);
  const aCase = addCase('aa-later', 50);
  const same = 'De tranche komt later dan gepland.';
  const t1 = addSource(p, { title: 'Tranche 1', caseKey: 'zz-later', paragraphs: [same, same] });
  const t2 = addSource(p, { title: 'Tranche 2', caseKey: 'aa-later', paragraphs: [same] });
  const t3 = addSource(p, { title: 'Tranche 3', paragraphs: [same, 'Iets anders.', same] });

  it('ranks equal scores in block order, with and without filters', async () => {
    const blocks = (
      db
        .prepare(
          `SELECT b.id FROM blocks b JOIN sources s ON s.id = b.source_id
           WHERE s.title LIKE 'Tranche%' AND b.text = ? ORDER BY b.id`,
        )
        .all(same) as { id: number }[]
    ).map((b) => b.id);
    expect(blocks).toHaveLength(5);
    const all = await p.call('search.query', { query: 'tranche' });
    expect(new Set(all.hits.map((h) => h.score)).size).toBe(1);
    expect(all.hits.map((h) => h.blockId)).toEqual(blocks);
    const first = await p.call('search.query', { query: 'tranche', limit: 2 });
    expect(first.hits.map((h) => h.blockId)).toEqual(blocks.slice(0, 2));
    expect(first.total).toBe(5);
    const filtered = await p.call('search.query', {
      query: 'tranche',
      filters: { caseIds: [zCase, aCase] },
      limit: 2,
    });
    expect(filtered.hits.map((h) => h.blockId)).toEqual(blocks.slice(0, 2));
    expect(filtered.total).toBe(3);
  });

  it('counts hits per case (no case first, then by case id) and totals them', async () => {
    const r = await p.call('search.query', { query: 'tranche', limit: 1 });
    expect(r.perCase).toEqual(
      [
        { caseId: null, count: 2 },
        { caseId: zCase, count: 2 },
        { caseId: aCase, count: 1 },
      ].sort((a, b) => ((a.caseId ?? '') < (b.caseId ?? '') ? -1 : 1)),
    );
    expect(r.total).toBe(5);
    expect(r.hits).toHaveLength(1);
    const only = await p.call('search.query', {
      query: 'tranche',
      filters: { caseIds: [aCase] },
    });
    expect(only.perCase).toEqual([{ caseId: aCase, count: 1 }]);
    expect(only.hits.map((h) => h.sourceId)).toEqual([t2]);
  });

  it('highlights prefix matches in the returned hits', async () => {
    const r = await p.call('search.query', { query: 'verpleeg*' });
    const words = r.hits.flatMap((h) =>
      h.snippet.highlights.map((x) => h.snippet.text.slice(x.start, x.end)),
    );
    expect(words.sort()).toEqual(['Verpleegkundigen', 'verpleegkundige']);
  });

  it('lists a limited page as the start of the whole ordered list, ties between sources included', async () => {
    // Two sources with the same title and sort: their segments interleave by offset.
    p.ctx.action('test.code', (w) => {
      for (const [sourceId, start] of [
        [t1, 0],
        [t1, 35],
        [t2, 3],
        [t3, 0],
        [t3, 60],
      ] as const) {
        codeRange(w, {
          sourceId,
          start,
          end: start + 10,
          codeIds: [welvaart],
          coderId: coder,
        });
      }
      codeRange(w, {
        sourceId: t2,
        start: 20,
        end: 30,
        codeIds: [integraal],
        coderId: coder,
      });
    });
    db.prepare("UPDATE sources SET title = 'Tranche', sort = 7 WHERE id IN (?, ?)").run(t1, t2);
    for (const sort of ['case', 'source', 'date'] as const) {
      const whole = await p.call('segments.query', { sort, limit: 10000 });
      for (const limit of [1, 2, 3, 4, 5, 7]) {
        const page = await p.call('segments.query', { sort, limit });
        expect(page.segments.map((s) => s.id)).toEqual(
          whole.segments.slice(0, limit).map((s) => s.id),
        );
        expect(page.total).toBe(whole.total);
        expect(page.perCase).toEqual(whole.perCase);
        expect(page.truncated).toBe(whole.total > limit);
      }
    }
    const bySource = await p.call('segments.query', {
      sort: 'source',
      sourceIds: [t1, t2],
      limit: 3,
    });
    expect(bySource.segments.map((s) => [s.sourceId, s.start])).toEqual([
      [t1, 0],
      [t2, 3],
      [t2, 20],
    ]);
    const coded = await p.call('segments.query', {
      anyCodes: [welvaart],
      noneCodes: [integraal],
      caseIds: [zCase, aCase],
      limit: 2,
    });
    expect(coded.total).toBe(3);
    expect(coded.segments.map((s) => [s.sourceId, s.start])).toEqual([
      [t1, 0],
      [t2, 3],
    ]);
  });

  it('orders the counts per case by case sort, no case first, equal sorts by case id', async () => {
    const r = await p.call('segments.query', { limit: 1 });
    const order = r.perCase.map((c) => c.caseId);
    expect(order[0]).toBeNull();
    const later = order.filter((id) => id === zCase || id === aCase);
    expect(later).toEqual([zCase, aCase].sort());
    expect(order.slice(-2)).toEqual(later);
    expect(r.perCase.reduce((n, c) => n + c.count, 0)).toBe(r.total);
  });

  it('reads through the search indexes (EXPLAIN QUERY PLAN of the statements it runs)', async () => {
    await p.call('search.query', { query: 'tranche' });
    await p.call('search.query', { query: 'tranch*' });
    await p.call('search.query', { query: 'tranche', order: 'sources' });
    await p.call('segments.query', { anyCodes: [welvaart], limit: 2 });
    const seen = preparedTexts(db);
    const plan = (needle: string) => {
      const sql = seen.find((s) => s.includes(needle));
      expect(sql, needle).toBeDefined();
      const named = [...new Set(sql!.match(/@\w+/g) ?? [])];
      const params = named.length
        ? [Object.fromEntries(named.map((n) => [n.slice(1), '[]']))]
        : (sql!.match(/\?/g) ?? []).map(() => '[]');
      return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    };
    // By relevance without filters: every match's id and score in FTS5's own walk, from the
    // full-text index alone (no sort step, no block read).
    const best = plan('SELECT rowid, rank FROM blocks_fts WHERE');
    expect(best).toMatch(/^SCAN blocks_fts VIRTUAL TABLE/);
    expect(best).not.toMatch(/TEMP B-TREE|\bblocks\b/);
    // In source order: FTS5's rowid order, which stops at the limit, and no score.
    const inSourceOrder = plan('ORDER BY blocks_fts.rowid LIMIT ?');
    expect(inSourceOrder).toMatch(/^SCAN blocks_fts VIRTUAL TABLE/);
    expect(inSourceOrder).toMatch(/SEARCH b USING INTEGER PRIMARY KEY/);
    expect(inSourceOrder).not.toMatch(/TEMP B-TREE/);
    expect(seen.find((s) => s.includes('ORDER BY blocks_fts.rowid LIMIT ?'))).not.toMatch(/rank/);
    // Counting reads the matched ids from the full-text index alone; the sources' runs of block
    // ids come from the small covering index of first blocks (migration 024), in its order.
    expect(plan('group_concat(rowid) FROM blocks_fts')).not.toMatch(/\bblocks\b/);
    const runs = plan('FROM blocks b INDEXED BY blocks_first');
    expect(runs).toMatch(/^SCAN b USING COVERING INDEX blocks_first/);
    expect(runs).not.toMatch(/TEMP B-TREE/);
    // The chosen blocks' highlights: a seek per rowid handed to FTS5 (`=` in its index string),
    // or for a prefix FTS5's rowid order from the first chosen (`>`), no sort step, so the LIMIT
    // ends the walk at the last chosen.
    expect(plan('blocks_fts.rowid = CAST(@id AS INTEGER)')).toMatch(
      /^SCAN blocks_fts VIRTUAL TABLE INDEX \d+:=M/,
    );
    const span = plan('ORDER BY blocks_fts.rowid LIMIT @n');
    expect(span).toMatch(/^SCAN blocks_fts VIRTUAL TABLE INDEX \d+:M\d+>/);
    expect(span).not.toMatch(/TEMP B-TREE/);
    expect(plan('count(*) AS n FROM segments')).toMatch(/COVERING INDEX segments_order/);
    expect(plan('FROM codings INDEXED BY codings_segment')).toMatch(
      /COVERING INDEX codings_segment/,
    );
  });
});
