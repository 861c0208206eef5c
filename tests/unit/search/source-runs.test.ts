import { describe, expect, it } from 'vitest';
import type { SearchFilters } from '../../../core/shared/contract/search.js';
import { compileQuery, parseQuery } from '../../../core/server/search/query.js';
import { wordStandIn } from '../../../core/server/search/word-standin.js';
import {
  bestOf,
  countPerRun,
  findMatches,
  hasPrefixTerm,
  indexedWords,
} from '../../../db/queries/fulltext.js';
import { addSource, smallStudy } from './fixture.js';

/**
 * search.query counts its matches per case by the runs of block ids the sources hold (migration
 * 024) instead of looking each match's block up. These tests pin that the answer is the one a
 * plain join gives: the same total, counts per case, hits in the same order with the same scores
 * and highlights, whatever the query, filters and order, and after sources are removed and added.
 */

describe('countPerRun', () => {
  const starts = [1, 5, 9, 20];
  it('counts each id in the run that starts at or before it', () => {
    expect([...countPerRun('1,2,5,8,9,25', starts)]).toEqual([2, 2, 1, 1]);
  });
  it('skips runs without matches, and ids far past the last start', () => {
    expect([...countPerRun('3,30,1000000', starts)]).toEqual([1, 0, 0, 2]);
  });
  it('places ids that come out of order, and leaves out ids before the first run', () => {
    expect([...countPerRun('25,2,19,4', starts)]).toEqual([2, 0, 1, 1]);
    expect([...countPerRun('1,6', [5, 9])]).toEqual([1, 0]);
  });
  it('counts nothing in an empty list or without runs', () => {
    expect([...countPerRun('', starts)]).toEqual([0, 0, 0, 0]);
    expect([...countPerRun('1,2', [])]).toEqual([]);
  });
});

describe('bestOf', () => {
  it('takes the first pairs by score, ties in id order, whatever order they come in', () => {
    const scored: [number, number][] = [
      [4, -2],
      [6, -1],
      [2, -1],
      [9, -1],
      [1, 0],
      [3, 0],
    ];
    expect(bestOf(scored, 2)).toEqual([
      [4, -2],
      [2, -1],
    ]);
    expect(bestOf(scored, 4)).toEqual([
      [4, -2],
      [2, -1],
      [6, -1],
      [9, -1],
    ]);
    expect(bestOf([...scored].reverse(), 5)).toEqual([
      [4, -2],
      [2, -1],
      [6, -1],
      [9, -1],
      [1, 0],
    ]);
    expect(bestOf(scored, 10)).toHaveLength(6);
    expect(bestOf([], 3)).toEqual([]);
  });
});

describe('hasPrefixTerm', () => {
  it('sees a * after a literal, not one inside it', () => {
    expect(hasPrefixTerm('"verantw"*')).toBe(true);
    expect(hasPrefixTerm('("zorg" OR "huis"*)')).toBe(true);
    expect(hasPrefixTerm('"a*b"')).toBe(false);
    expect(hasPrefixTerm('"zeg ""ja*"" nu"')).toBe(false);
    expect(hasPrefixTerm('NEAR("zorg" "huisarts", 3)')).toBe(false);
  });
});

/** A deterministic sequence of numbers in [0, 1). */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const WORDS = [
  'subsidie',
  'zorg',
  'huisarts',
  'landbouw',
  'verantwoording',
  'verantwoordelijk',
  'brede',
  'welvaart',
  'bredewelvaartsopgave',
  'regio',
  'samenwerking',
  'gemeente',
  'de',
  'het',
  'en',
  'Coöperatie',
  'COÖPERATIEF',
  'café',
  'omgevingsbeleid',
  'Beleid',
  'covid19',
  '2019',
];

describe('search.query counts and lists matches as a plain join does', async () => {
  const { p } = await smallStudy();
  const db = p.db;
  const caseIds = (db.prepare('SELECT id FROM cases ORDER BY key').all() as { id: string }[]).map(
    (c) => c.id,
  );
  const caseKeys = (db.prepare('SELECT key FROM cases ORDER BY key').all() as { key: string }[])
    .map((c) => c.key)
    .slice(0, 3);
  const next = random(19);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  let paragraphs = 0;
  // One paragraph in 40 ends with a rare word.
  const paragraph = () =>
    Array.from({ length: 3 + Math.floor(next() * 12) }, () => pick(WORDS)).join(' ') +
    (++paragraphs % 40 === 0 ? ' kwartiermakers.' : '.');
  const added: string[] = [];
  const addMany = (n: number, from: number) => {
    for (let i = from; i < from + n; i++) {
      const interview = i % 3 === 0;
      added.push(
        addSource(p, {
          title: `Bron ${i}`,
          caseKey: i % 5 === 4 ? undefined : pick(caseKeys),
          date: `20${10 + (i % 12)}-0${1 + (i % 9)}-1${i % 10}`,
          documentType: interview ? undefined : pick(['minutes', 'deal-text', 'other']),
          respondent: interview
            ? { pseudonym: `R-${i}`, role: pick(['wethouder', 'programmaleiding']) }
            : undefined,
          paragraphs: Array.from({ length: i % 11 === 0 ? 0 : 1 + (i % 9) }, paragraph),
        }),
      );
    }
  };
  addMany(40, 0);
  // Removed sources leave gaps in the block ids; later ones start after the last id.
  p.ctx.action('test.removeSources', () => {
    for (const id of [added[3], added[17], added[39]])
      db.prepare('DELETE FROM sources WHERE id = ?').run(id);
  });
  addMany(10, 40);

  interface Match {
    id: number;
    score: number;
    marked: string;
    case_id: string | null;
    document_type: string;
    kind: string;
    date: string | null;
    role: string | null;
  }
  /** Every match of a compiled expression with its source, by a plain join. */
  const allMatches = (match: string, insideWords: boolean): Match[] => {
    const t = insideWords ? 'blocks_trigram' : 'blocks_fts';
    return db
      .prepare(
        `SELECT f.rowid AS id, f.rank AS score, highlight(${t}, 0, '[', ']') AS marked,
           s.case_id, s.document_type, s.kind, s.date, r.role
         FROM ${t} f JOIN blocks b ON b.id = f.rowid JOIN sources s ON s.id = b.source_id
           LEFT JOIN respondents r ON r.id = s.respondent_id
         WHERE f.${t} MATCH ?`,
      )
      .all(match) as Match[];
  };
  const passes = (m: Match, f: SearchFilters) =>
    (!f.caseIds || f.caseIds.includes(m.case_id as string)) &&
    (!f.documentTypes || f.documentTypes.includes(m.document_type)) &&
    (!f.kinds || f.kinds.includes(m.kind as 'interview')) &&
    (!f.roles || f.roles.includes(m.role as string)) &&
    (!f.dateFrom || (m.date !== null && m.date >= f.dateFrom)) &&
    (!f.dateTo || (m.date !== null && m.date <= f.dateTo));
  /** The matched words of a highlighted block, as [start, end) in the block's text. */
  const marks = (marked: string) => {
    const out: [number, number][] = [];
    let plain = 0;
    let open = -1;
    for (const ch of marked) {
      if (ch === '[') open = plain;
      else if (ch === ']') out.push([open, plain]);
      else plain += ch.length;
    }
    return out;
  };

  const queries: [string, boolean][] = [
    ['subsidie', false],
    ['verantw*', false],
    ['"brede welvaart"', false],
    ['(zorg OR huisarts) NOT landbouw', false],
    ['zorg NEAR/3 huisarts', false],
    ['welvaart', true],
    ['arts', true],
    ['onvindbaar', false],
    ['"brede welvaart" OR verantw*', false],
    ['coöperatie', false],
    // Inside words: a substring across a word boundary, diacritics and case folded, a very
    // common and a rare one, a phrase, and AND/NOT of substrings.
    ['"de welv"', true],
    ['cooperati', true],
    ['OÖPERATIEF', true],
    ['afe', true],
    ['ing', true],
    ['kwartiermaker', true],
    ['wel NOT arts', true],
    ['zorg NEAR/2 welvaart', true],
    // Plain substrings, answered from the word index's words (see below): in a compound and as a
    // whole word, in upper case, with digits, in no word at all, and combined.
    ['beleid', true],
    ['BELEID NOT omgeving', true],
    ['VID19', true],
    ['201', true],
    ['xyzzy', true],
    ['onvindbaar OR welvaart', true],
    ['(arts AND beleid) OR cooperatie', true],
    ['kwartiermaker NOT xyzzy', true],
    ['xyzzy AND arts', true],
    // A phrase of words and NEAR are ranked first (and counted on the way).
    ['"brede welvaart" OR "de regio"', false],
    ['"zorg huisarts" NOT subsidie', false],
  ];
  /** The queries the word index answers inside words: plain substrings, no NEAR. */
  const standIns = new Set([
    'welvaart',
    'arts',
    'cooperati',
    'afe',
    'ing',
    'kwartiermaker',
    'wel NOT arts',
    'beleid',
    'BELEID NOT omgeving',
    'VID19',
    '201',
    'xyzzy',
    'onvindbaar OR welvaart',
    '(arts AND beleid) OR cooperatie',
    'kwartiermaker NOT xyzzy',
    'xyzzy AND arts',
  ]);
  const filters: SearchFilters[] = [
    {},
    { caseIds: [caseIds[0] as string] },
    { caseIds: [caseIds[2] as string, caseIds[1] as string] },
    { roles: ['wethouder'] },
    { documentTypes: ['minutes', 'other'] },
    { kinds: ['interview'] },
    { dateFrom: '2014-01-01', dateTo: '2019-12-31' },
  ];

  it('has sources enough to tell runs apart, some of them empty or removed', () => {
    const blocks = db.prepare('SELECT count(*) AS n FROM blocks').get() as { n: number };
    expect(blocks.n).toBeGreaterThan(200);
    const max = db.prepare('SELECT max(id) AS n FROM blocks').get() as { n: number };
    expect(max.n).toBeGreaterThan(blocks.n);
  });

  it('answers plain substrings inside words from the word index, the others from trigrams', () => {
    const words = indexedWords(p.ctx.read());
    expect(words).toContain('omgevingsbeleid');
    for (const [query] of queries.filter(([, inside]) => inside)) {
      const standIn = wordStandIn(parseQuery(query), words ?? []);
      expect(standIn !== undefined, query).toBe(standIns.has(query));
    }
    expect(wordStandIn(parseQuery('xyzzy'), words ?? [])).toBeNull();
    expect(wordStandIn(parseQuery('beleid'), words ?? [])).toBe('("beleid" OR "omgevingsbeleid")');
  });

  it('ranks a phrase first, and past the limit gives that up for counts and source order', () => {
    for (const query of ['"brede welvaart"', 'zorg NEAR/3 huisarts', '"de regio" OR verantw*']) {
      const match = compileQuery(query, false);
      for (const f of filters) {
        const matches = allMatches(match, false).filter((m) => passes(m, f));
        for (const rankAtMost of [0, 2, matches.length - 1, matches.length, 10_000]) {
          const label = `${query} ${JSON.stringify(f)} ${rankAtMost}`;
          const r = findMatches(p.ctx.read(), {
            match,
            insideWords: false,
            filters: f,
            limit: 5,
            order: 'auto',
            rankAtMost,
            rankFirst: true,
          });
          const ranked = matches.length <= rankAtMost;
          expect(r.order, label).toBe(ranked ? 'relevance' : 'sources');
          expect(
            r.perCase.reduce((sum, c) => sum + c.n, 0),
            label,
          ).toBe(matches.length);
          const expected = ranked
            ? [...matches].sort((a, b) => a.score - b.score || a.id - b.id)
            : [...matches].sort((a, b) => a.id - b.id);
          expect(
            r.blocks.map((b) => [b.id, b.score]),
            label,
          ).toEqual(expected.slice(0, 5).map((m) => [m.id, ranked ? m.score : null]));
        }
      }
    }
  });

  for (const [query, insideWords] of queries) {
    it(`${insideWords ? 'inside words: ' : ''}${query}`, async () => {
      // The words a search reads after the first one inside words (so that all these use them).
      if (insideWords) indexedWords(p.ctx.read());
      for (const f of filters) {
        for (const order of ['auto', 'relevance', 'sources'] as const) {
          const r = await p.call('search.query', {
            query,
            insideWords,
            filters: f,
            order,
            limit: 7,
          });
          const matches = allMatches(r.match, insideWords).filter((m) => passes(m, f));
          const label = `${query} ${JSON.stringify(f)} ${order}`;
          // Every query but those in no block finds something in the whole study.
          if (
            Object.keys(f).length === 0 &&
            !['onvindbaar', 'xyzzy', 'xyzzy AND arts'].includes(query)
          ) {
            expect(matches.length, label).toBeGreaterThan(0);
          }
          expect(r.total, label).toBe(matches.length);
          const perCase = new Map<string | null, number>();
          for (const m of matches) perCase.set(m.case_id, (perCase.get(m.case_id) ?? 0) + 1);
          expect(r.perCase, label).toEqual(
            [...perCase]
              .sort(([a], [b]) => (a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1))
              .map(([caseId, count]) => ({ caseId, count })),
          );
          const ranked =
            r.order === 'relevance'
              ? [...matches].sort((a, b) => a.score - b.score || a.id - b.id)
              : [...matches].sort((a, b) => a.id - b.id);
          const expected = ranked.slice(0, 7);
          expect(
            r.hits.map((h) => [h.blockId, h.score]),
            label,
          ).toEqual(expected.map((m) => [m.id, r.order === 'relevance' ? m.score : null]));
          r.hits.forEach((h, i) => {
            const local = h.matches.map((x) => [x.start - h.block.start, x.end - h.block.start]);
            expect(local, label).toEqual(marks((expected[i] as Match).marked));
          });
        }
      }
    });
  }
});

describe('the runs of block ids', async () => {
  const { p } = await smallStudy();
  const db = p.db;

  it('are kept whole: a block that does not follow its predecessor is refused', () => {
    const source = addSource(p, { title: 'Los', paragraphs: ['Een.', 'Twee.'] });
    addSource(p, { title: 'Daarna', paragraphs: ['Drie.'] });
    const insert = (seq: number) =>
      p.ctx.action('test.addBlock', () =>
        db
          .prepare(
            `INSERT INTO blocks (source_id, seq, type, start, end, text)
             VALUES (?, ?, 'paragraph', 0, 4, 'Vier')`,
          )
          .run(source, seq),
      );
    expect(() => insert(2)).toThrow(/the blocks of a source are inserted together/);
    const blocks = db
      .prepare('SELECT seq FROM blocks WHERE source_id = ? ORDER BY seq')
      .all(source) as { seq: number }[];
    expect(blocks.map((b) => b.seq)).toEqual([0, 1]);
  });
});
