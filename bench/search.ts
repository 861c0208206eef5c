import { statSync } from 'node:fs';
import { callStudy as call, openStudy, type OpenedStudy as Opened } from './generate.js';
import { RANK_AT_MOST } from '../core/shared/contract/search.js';
import { indexedWords } from '../db/queries/fulltext.js';
import { summary, type Measurement } from './harness.js';

/** Times of the inside-word search after a word search (ms), for its line's extra figures. */
let afterWords: number[] = [];

/** Waits until the connection keeps the word index's words (a worker reads them). */
async function wordsKept(o: Opened): Promise<void> {
  const until = Date.now() + 60_000;
  while (indexedWords(o.ctx.read(), { read: false }) === undefined) {
    if (Date.now() > until) throw new Error('the word list did not arrive within a minute');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const search = (name: string, query: string, insideWords = false): Measurement => {
  // What the last run answered: how many hits, and whether they came in source order.
  let seen: Record<string, number> = {};
  return {
    name: `search.query top-50 with snippets: ${name}`,
    cpu: true,
    setup: async (study) => {
      const o = openStudy(study.path);
      // As between a user's searches: the first search has a worker read the word index's words
      // (core/server/search/fulltext.ts), kept once they arrive; the first searches after
      // opening have lines of their own below.
      await call(o, 'search.query', { query, insideWords, limit: 50 });
      await wordsKept(o);
      return o;
    },
    run: async (_s, o) => {
      const r = await call(o as Opened, 'search.query', { query, insideWords, limit: 50 });
      seen = { hits: r.total, in_source_order: r.order === 'sources' ? 1 : 0 };
      return r;
    },
    floor: (_s, o) => rawSearch(o as Opened, query, insideWords),
    extra: () => seen,
  };
};

/**
 * The floor of a search: the raw FTS5 query, its count per case (which the search view shows),
 * and its first 50 with snippets in the order the service uses: best first, or in source order
 * beyond RANK_AT_MOST matches.
 */
function rawSearch(o: Opened, query: string, insideWords: boolean) {
  const db = o.session.db!;
  const fts = insideWords ? 'blocks_trigram' : 'blocks_fts';
  const perCase = db
    .prepare(
      `SELECT s.case_id, count(*) AS n FROM ${fts} f JOIN blocks b ON b.id = f.rowid
         JOIN sources s ON s.id = b.source_id
       WHERE f.${fts} MATCH ? GROUP BY s.case_id`,
    )
    .all(query) as { n: number }[];
  const total = perCase.reduce((sum, c) => sum + c.n, 0);
  const top = db
    .prepare(
      `SELECT rowid, snippet(${fts}, 0, '[', ']', '…', 12) AS snippet FROM ${fts}
       WHERE ${fts} MATCH ? ORDER BY ${total > RANK_AT_MOST ? 'rowid' : 'rank'} LIMIT 50`,
    )
    .all(query);
  return { top, perCase };
}

/**
 * The floor of a retrieval: the first 1,000 segments (in source order) that carry any of
 * `codes` (or a code below one), in a case if given, with their codes; grouped by code in JS
 * if asked. Plain SQL on the same indexes, without the service's counts per case or checks.
 */
function rawRetrieval(o: Opened, q: { codes: string[]; caseId?: string; group?: boolean }) {
  const db = o.session.db!;
  const rows = db
    .prepare(
      `WITH RECURSIVE wanted(id) AS (SELECT value FROM json_each(@codes)
         UNION SELECT c.id FROM codes c JOIN wanted w ON c.parent_id = w.id)
       SELECT g.id, g.source_id, g.start, g.end, g.text, g.created_by, g.created_at
       FROM segments g JOIN sources s INDEXED BY sources_listing ON s.id = g.source_id
       WHERE g.seq IN (SELECT k.segment_seq FROM codings k INDEXED BY codings_code
                       WHERE k.code_id IN (SELECT id FROM wanted))
         AND (@caseId IS NULL OR s.case_id = @caseId)
       ORDER BY s.sort, s.title, g.start, g.id LIMIT 1000`,
    )
    .all({ codes: JSON.stringify(q.codes), caseId: q.caseId ?? null }) as { id: string }[];
  const codings = db
    .prepare(
      `SELECT segment_id, code_id, coder_id FROM codings INDEXED BY codings_segment
       WHERE segment_id IN (SELECT value FROM json_each(@ids))`,
    )
    .all({ ids: JSON.stringify(rows.map((r) => r.id)) }) as {
    segment_id: string;
    code_id: string;
  }[];
  if (!q.group) return { rows, codings };
  const groups = new Map<string, string[]>();
  for (const k of codings) groups.set(k.code_id, [...(groups.get(k.code_id) ?? []), k.segment_id]);
  return { rows, groups };
}

/** Sizes of the two full-text indexes, in pages of the project file (dbstat). */
let sizes: Record<string, number> = {};

/**
 * Targets (issue 7): p95 under 50 ms for ranked top-50 search with snippets; under 100 ms for a
 * retrieval of up to 1,000 segments.
 */
export const measurements: Measurement[] = [
  search('1 word', 'samenwerking'),
  search('2-word phrase', '"brede welvaart"'),
  search('prefix', 'verantw*'),
  search('boolean', '(zorg OR huisarts) NOT landbouw'),
  search('inside words (trigram)', 'welvaart', true),
  {
    // Inside-word search answers from the word index's words once it has read them, per
    // connection and state of that index (db/queries/fulltext.ts, indexedWords): the first
    // search after opening the project or an import walks the trigram index, and a worker reads
    // the words after it answers. Each run opens the study anew (~15 ms at 10,000 sources) and
    // searches.
    name: 'search.query top-50 with snippets: inside words, first on a new connection',
    n: 5,
    cpu: true,
    run: async (study) => {
      const o = openStudy(study.path);
      try {
        return await call(o, 'search.query', { query: 'welvaart', insideWords: true, limit: 50 });
      } finally {
        o.session.close();
      }
    },
  },
  {
    // What a user meets: a search by words first (any search starts the worker that reads the
    // words), then, once the worker is done, the first search inside words: `search_` figures.
    name: 'search.query top-50 with snippets: inside words, first after a word search',
    n: 5,
    extra: () => {
      const out = summary('search', afterWords);
      afterWords = [];
      return out;
    },
    run: async (study) => {
      const o = openStudy(study.path);
      try {
        await call(o, 'search.query', { query: 'welvaart', limit: 50 });
        await wordsKept(o);
        const t0 = performance.now();
        await call(o, 'search.query', { query: 'welvaart', insideWords: true, limit: 50 });
        afterWords.push(performance.now() - t0);
      } finally {
        o.session.close();
      }
    },
  },
  {
    name: 'search.query inside words: reading the words of the word index (once per change)',
    n: 5,
    cpu: true,
    run: (study) => {
      const o = openStudy(study.path);
      try {
        return indexedWords(o.ctx.read())?.length;
      } finally {
        o.session.close();
      }
    },
  },
  {
    name: 'segments.query (one principle × one case, up to 1,000)',
    cpu: true,
    // 60 runs: the p95 of 20 is their second-slowest, one garbage collection decides it.
    n: 60,
    // The floor: the same segments and their codes by one hand-written SQL query each.
    floor: (_s, p) => {
      const { o, principle, caseId } = p as { o: Opened; principle: string; caseId: string };
      return rawRetrieval(o, { codes: [principle], caseId });
    },
    setup: async (study) => {
      const o = openStudy(study.path);
      const codes = await call(o, 'codes.tree', {});
      const cases = await call(o, 'cases.list', {});
      return {
        o,
        principle: codes.find((c) => c.key === 'multi-actor')?.id ?? '',
        caseId: cases[0]?.id ?? '',
      };
    },
    run: (_s, p) => {
      const { o, principle, caseId } = p as { o: Opened; principle: string; caseId: string };
      return call(o, 'segments.query', { principles: [principle], caseIds: [caseId], limit: 1000 });
    },
  },
  {
    name: 'segments.query (any of 3 codes, first 1,000, grouped by code)',
    cpu: true,
    n: 60,
    setup: async (study) => {
      const o = openStudy(study.path);
      const codes = await call(o, 'codes.tree', {});
      return { o, ids: codes.filter((c) => c.dimension === 'category').map((c) => c.id) };
    },
    run: (_s, p) => {
      const { o, ids } = p as { o: Opened; ids: string[] };
      return call(o, 'segments.query', { anyCodes: ids, limit: 1000, groupBy: 'code' });
    },
    floor: (_s, p) => {
      const { o, ids } = p as { o: Opened; ids: string[] };
      return rawRetrieval(o, { codes: ids, group: true });
    },
  },
  {
    name: 'index size: word (blocks_fts) vs trigram (blocks_trigram)',
    n: 1,
    run: (study) => {
      const o = openStudy(study.path);
      try {
        const db = o.session.db!;
        const size = (pattern: string) =>
          (
            db
              .prepare(
                "SELECT coalesce(sum(pgsize), 0) AS b FROM dbstat WHERE name LIKE ? ESCAPE '\\'",
              )
              .get(pattern) as { b: number }
          ).b;
        sizes = {
          block_text_kb: Math.round(size('blocks') / 1024),
          word_index_kb: Math.round(size('blocks\\_fts%') / 1024),
          trigram_index_kb: Math.round(size('blocks\\_trigram%') / 1024),
          file_kb: Math.round(statSync(study.path).size / 1024),
        };
      } finally {
        o.session.close();
      }
    },
    extra: () => sizes,
  },
];
