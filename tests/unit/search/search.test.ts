import { describe, expect, it } from 'vitest';
import { CasusError } from '../../../core/shared/errors.js';
import { codeId, smallStudy } from './fixture.js';

describe('search.query', async () => {
  const { p, achterhoek, foodvalley } = await smallStudy();
  const caseId = (key: string) =>
    (p.db.prepare('SELECT id FROM cases WHERE key = ?').get(key) as { id: string }).id;

  it('folds case and diacritics: cooperatie finds coöperatie', async () => {
    const r = await p.call('search.query', { query: 'COOPERATIE' });
    expect(r.total).toBe(1);
    const hit = r.hits[0];
    expect(hit?.sourceId).toBe(achterhoek);
    const { text, highlights } = hit!.snippet;
    expect(highlights.map((h) => text.slice(h.start, h.end))).toEqual(['coöperatie']);
  });

  it('returns hits with source offsets of the matched words and counts per case', async () => {
    const r = await p.call('search.query', { query: '"brede welvaart"' });
    expect(r.total).toBe(2);
    expect(r.perCase).toHaveLength(2);
    const src = p.db.prepare('SELECT id, text FROM sources').all() as {
      id: string;
      text: string;
    }[];
    for (const h of r.hits) {
      const text = src.find((s) => s.id === h.sourceId)!.text;
      expect(text.slice(h.hit.start, h.hit.end).toLowerCase()).toBe('brede welvaart');
    }
  });

  it('prefix, NOT and NEAR narrow the hits', async () => {
    expect((await p.call('search.query', { query: 'verpleeg*' })).total).toBe(2);
    expect((await p.call('search.query', { query: 'verpleeg* NOT huisarts' })).total).toBe(1);
    expect((await p.call('search.query', { query: 'huisarts NEAR/2 verpleegkundige' })).total).toBe(
      1,
    );
  });

  it('finds parts of Dutch compounds only when searching inside words', async () => {
    expect((await p.call('search.query', { query: 'arts' })).total).toBe(0);
    const inside = await p.call('search.query', { query: 'arts', insideWords: true });
    // huisarts, and welvaartsopgave hides an "arts" too.
    expect(inside.total).toBe(2);
    expect(inside.hits.some((h) => h.snippet.text.includes('huisarts'))).toBe(true);
    const w = await p.call('search.query', { query: 'welvaart', insideWords: true });
    expect(w.total).toBe(3); // including bredewelvaartsopgave
    const h = w.hits.find((x) => x.snippet.text.includes('bredewelvaartsopgave'))!;
    expect(h.snippet.highlights.map((r) => h.snippet.text.slice(r.start, r.end))).toEqual([
      'welvaart',
    ]);
  });

  it('filters by case, document type, respondent role and date', async () => {
    const q = 'brede welvaart';
    expect(
      (
        await p.call('search.query', { query: q, filters: { caseIds: [caseId('foodvalley')] } })
      ).hits.map((h) => h.sourceId),
    ).toEqual([foodvalley]);
    expect(
      (await p.call('search.query', { query: q, filters: { documentTypes: ['deal-text'] } })).total,
    ).toBe(1);
    expect(
      (await p.call('search.query', { query: q, filters: { roles: ['programmaleiding'] } })).hits[0]
        ?.sourceId,
    ).toBe(achterhoek);
    expect(
      (await p.call('search.query', { query: q, filters: { dateFrom: '2020-01-01' } })).total,
    ).toBe(1);
  });

  it('answers a malformed query with an explanation', async () => {
    await expect(p.call('search.query', { query: 'zorg AND' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/AND at the end needs a word after it/),
    });
    await expect(p.call('search.query', { query: 'ab', insideWords: true })).rejects.toBeInstanceOf(
      CasusError,
    );
  });

  it('keeps both indexes in step with inserts and deletes of sources', async () => {
    const db = p.db;
    const before = (await p.call('search.query', { query: 'zorgverleners' })).total;
    expect(before).toBe(1);
    p.ctx.action('test.delete', () =>
      db.prepare('DELETE FROM sources WHERE id = ?').run(foodvalley),
    );
    expect((await p.call('search.query', { query: 'zorgverleners' })).total).toBe(0);
    expect((await p.call('search.query', { query: 'zorgverlener', insideWords: true })).total).toBe(
      0,
    );
    // The FTS5 integrity check compares each index with the blocks table.
    db.exec("INSERT INTO blocks_fts (blocks_fts, rank) VALUES ('integrity-check', 1)");
    db.exec("INSERT INTO blocks_trigram (blocks_trigram, rank) VALUES ('integrity-check', 1)");
  });

  it('codeId helper finds template codes', () => {
    expect(codeId(p, 'brede-welvaart')).toBeTruthy();
  });
});
