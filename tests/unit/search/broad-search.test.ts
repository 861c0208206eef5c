import { describe, expect, it } from 'vitest';
import { RANK_AT_MOST } from '../../../core/shared/contract/search.js';
import { addSource, smallStudy } from './fixture.js';

/**
 * A common word in a programme of thousands of sources matches hundreds of thousands of blocks;
 * ranking all of them is what makes such a search slow. Above RANK_AT_MOST matches the hits come
 * in source order unless relevance is asked for, and the answer says which order it is.
 */
describe('search.query on a query that matches very many blocks', async () => {
  const { p } = await smallStudy();
  // Paragraphs that score differently for "subsidie": one, two or three mentions.
  const paragraphs = Array.from(
    { length: RANK_AT_MOST + 1 },
    (_, i) =>
      `Alinea ${i}: de subsidie${i % 7 === 0 ? ' en nog eens subsidie, subsidie' : ''} is verleend.`,
  );
  const first = addSource(p, { title: 'Breed A', paragraphs: paragraphs.slice(0, 6000) });
  const second = addSource(p, { title: 'Breed B', paragraphs: paragraphs.slice(6000) });

  it('lists them in source order, with the exact total and counts per case', async () => {
    const r = await p.call('search.query', { query: 'subsidie', limit: 50 });
    expect(r.order).toBe('sources');
    expect(r.total).toBe(RANK_AT_MOST + 1);
    expect(r.perCase.reduce((n, c) => n + c.count, 0)).toBe(RANK_AT_MOST + 1);
    expect(r.hits).toHaveLength(50);
    // Listed as the sources run, so no score is computed.
    expect(r.hits.every((h) => h.score === null)).toBe(true);
    // The first source from its start, paragraph after paragraph.
    expect(r.hits.every((h) => h.sourceId === first)).toBe(true);
    expect(r.hits.map((h) => h.snippet.text.match(/^Alinea (\d+)/)?.[1])).toEqual(
      Array.from({ length: 50 }, (_, i) => String(i)),
    );
  });

  it('ranks them by relevance when asked, best first', async () => {
    const r = await p.call('search.query', { query: 'subsidie', limit: 50, order: 'relevance' });
    expect(r.order).toBe('relevance');
    expect(r.total).toBe(RANK_AT_MOST + 1);
    const scores = r.hits.map((h) => h.score ?? NaN);
    expect(scores.every(Number.isFinite)).toBe(true);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    // The paragraphs with three mentions come first.
    expect(r.hits.every((h) => (h.snippet.text.match(/subsidie/g) ?? []).length === 3)).toBe(true);
  });

  it('source order under a filter keeps to the filtered sources', async () => {
    const caseless = await p.call('search.query', {
      query: 'subsidie',
      limit: 20,
      order: 'sources',
      filters: { documentTypes: ['interview'] },
    });
    expect(caseless.order).toBe('sources');
    expect(caseless.hits.some((h) => h.sourceId === first || h.sourceId === second)).toBe(false);
  });

  it('still ranks a query with fewer matches by relevance', async () => {
    const r = await p.call('search.query', { query: '"Alinea 70"' });
    expect(r.order).toBe('relevance');
    expect(r.total).toBe(1);
  });
});
