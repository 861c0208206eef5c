import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addSource, smallStudy } from './fixture.js';

/**
 * search.query keeps every source's run of block ids and what the filters test per connection
 * (db/queries/fulltext.ts, sourceRuns). These tests pin that a search after any change to the
 * sources counts as a plain join over the project as it is then.
 */
describe('search.query counts after the sources change', async () => {
  const { p } = await smallStudy({ file: true });
  const db = p.db;
  const cases = (db.prepare('SELECT id FROM cases ORDER BY key').all() as { id: string }[]).map(
    (c) => c.id,
  );
  const [first, second] = cases as [string, string];

  /** Counts per case of a word by a plain join, under a case filter if given. */
  const plain = (word: string, caseIds?: string[]) => {
    const rows = db
      .prepare(
        `SELECT s.case_id AS caseId, count(*) AS count FROM blocks_fts f
           JOIN blocks b ON b.id = f.rowid JOIN sources s ON s.id = b.source_id
         WHERE f.blocks_fts MATCH ? GROUP BY s.case_id ORDER BY s.case_id`,
      )
      .all(`"${word}"`) as { caseId: string | null; count: number }[];
    return caseIds ? rows.filter((r) => r.caseId !== null && caseIds.includes(r.caseId)) : rows;
  };
  const search = async (word: string, caseIds?: string[]) => {
    const r = await p.call('search.query', {
      query: word,
      filters: caseIds ? { caseIds } : {},
    });
    return r.perCase;
  };
  const agrees = async (word: string) => {
    expect(await search(word)).toEqual(plain(word));
    expect(await search(word, [second])).toEqual(plain(word, [second]));
  };

  it('counts a new source, a source moved to another case and a removed source', async () => {
    const a = addSource(p, {
      title: 'Kwartier A',
      caseKey: undefined,
      paragraphs: ['De kwartiermaker begint.', 'De kwartiermaker stopt.'],
    });
    await agrees('kwartiermaker');
    expect((await search('kwartiermaker')).reduce((n, c) => n + c.count, 0)).toBe(2);
    p.ctx.action('test.move', () =>
      db.prepare('UPDATE sources SET case_id = ? WHERE id = ?').run(second, a),
    );
    await agrees('kwartiermaker');
    expect(await search('kwartiermaker', [second])).toEqual([{ caseId: second, count: 2 }]);
    const b = addSource(p, {
      title: 'Kwartier B',
      caseKey: undefined,
      paragraphs: ['Een kwartiermaker.'],
    });
    p.ctx.action('test.move', () =>
      db.prepare('UPDATE sources SET case_id = ? WHERE id = ?').run(first, b),
    );
    await agrees('kwartiermaker');
    p.ctx.action('test.remove', () => db.prepare('DELETE FROM sources WHERE id = ?').run(a));
    await agrees('kwartiermaker');
    expect(await search('kwartiermaker')).toEqual([{ caseId: first, count: 1 }]);
  });

  it('counts what another connection to the project changed', async () => {
    // Kept by the search before the other connection writes.
    expect(await search('kwartiermaker')).toEqual([{ caseId: first, count: 1 }]);
    const other = new Database(p.path);
    try {
      other.prepare("UPDATE sources SET case_id = ? WHERE title = 'Kwartier B'").run(second);
    } finally {
      other.close();
    }
    await agrees('kwartiermaker');
    expect(await search('kwartiermaker')).toEqual([{ caseId: second, count: 1 }]);
  });
});
