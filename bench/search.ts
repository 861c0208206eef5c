import { statSync } from 'node:fs';
import { callStudy as call, openStudy, type OpenedStudy as Opened } from './generate.js';
import type { Measurement } from './harness.js';

const search = (name: string, query: string, insideWords = false): Measurement => ({
  name: `search.query top-50 with snippets: ${name}`,
  setup: (study) => openStudy(study.path),
  run: (_s, o) => call(o as Opened, 'search.query', { query, insideWords, limit: 50 }),
});

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
    name: 'segments.query (one principle × one case, up to 1,000)',
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
    setup: async (study) => {
      const o = openStudy(study.path);
      const codes = await call(o, 'codes.tree', {});
      return { o, ids: codes.filter((c) => c.dimension === 'category').map((c) => c.id) };
    },
    run: (_s, p) => {
      const { o, ids } = p as { o: Opened; ids: string[] };
      return call(o, 'segments.query', { anyCodes: ids, limit: 1000, groupBy: 'code' });
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
