import { callStudy as call, openStudy, type OpenedStudy as Opened } from './generate.js';
import type { Measurement } from './harness.js';

const DEFAULT = { rows: { dim: 'principle', split: 'category' }, cols: { dim: 'case' } } as const;

/**
 * Targets (issue 5): the principles×category × cases matrix under 100 ms, a cell drill-down
 * (its segment ids, then the segments themselves) under 50 ms (p95).
 */
export const measurements: Measurement[] = [
  {
    name: 'matrix.compute principles×category × cases',
    setup: (study) => openStudy(study.path),
    run: (_s, o) => call(o as Opened, 'matrix.compute', DEFAULT),
  },
  {
    name: 'matrix drill-down: cell ids + segments.query',
    setup: async (study) => {
      const o = openStudy(study.path);
      const m = await call(o, 'matrix.compute', DEFAULT);
      const busiest = [...m.cells].sort((a, b) => b.segments.length - a.segments.length)[0];
      return { o, segmentIds: busiest?.segments.slice(0, 1000) ?? [] };
    },
    run: (_s, p) => {
      const { o, segmentIds } = p as { o: Opened; segmentIds: string[] };
      return call(o, 'segments.query', { segmentIds, limit: 1000 });
    },
  },
];
