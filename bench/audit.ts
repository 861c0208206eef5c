import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAction, readerFor } from '../db/access.js';
import { codeRows } from '../db/repo/codes.js';
import { insertCoding } from '../db/repo/codings.js';
import { insertSegment } from '../db/repo/segments.js';
import { activityCount } from '../db/queries/activity.js';
import { latestChange } from '../db/history.js';
import { sourceRows } from '../db/repo/sources.js';
import { callStudy, generateStudy, openStudy, type OpenedStudy } from './generate.js';
import type { Measurement } from './harness.js';

/**
 * The audit trail (issue 15). Targets: the activity view's first page over 100,000 change-log
 * entries under 100 ms; a matrix as of a past date on the bench's 50,000-segment study (every
 * segment coded four times) under 2 s.
 *
 * The activity log is measured on a study of its own whose log holds many small actions (one
 * passage coded with two codes: three entries each), as a team's months of coding leave it; the
 * main study's log is a few huge actions. The past matrix travels in a copy of the main study
 * with a few later actions, to the moment before them, computes the matrix there (as the
 * workbench does when it shows the past) and comes back.
 */

const MATRIX = {
  rows: { dim: 'principle', split: 'category' },
  cols: { dim: 'case' },
} as const;

/** A study whose change log holds at least `entries` entries in small actions. */
function manyActions(path: string, entries: number): OpenedStudy {
  generateStudy(path, { sources: 40, segments: 0, seed: 7 });
  const o = openStudy(path);
  const db = o.session.db;
  if (!db) throw new Error('audit bench: the study did not open');
  const r = readerFor(db);
  const sources = sourceRows(r).map((s) => s.id);
  const codes = codeRows(r)
    .filter((c) => c.dimension === 'principle' || c.dimension === 'category')
    .map((c) => c.id);
  const coder = null;
  let i = 0;
  while (activityCount(r) < entries) {
    // A batch of actions per round, then the count again.
    for (let k = 0; k < 2000; k++, i++) {
      runAction(db, { name: 'coding.apply', coderId: coder, sessionId: o.session.id }, (w) => {
        const id = randomUUID();
        const start = (i * 37) % 5000;
        insertSegment(w, {
          id,
          source_id: sources[i % sources.length] as string,
          start,
          end: start + 80,
          text: 'x'.repeat(80),
          created_by: coder,
          created_at: new Date().toISOString(),
        });
        for (const code of [codes[i % codes.length], codes[(i * 7 + 3) % codes.length]])
          if (code)
            insertCoding(w, {
              id: randomUUID(),
              segment_id: id,
              code_id: code,
              coder_id: coder,
              created_at: new Date().toISOString(),
            });
      });
    }
  }
  return o;
}

export const measurements: Measurement[] = [
  (() => {
    let entries = 0;
    return {
      name: 'audit: activity first page (100,000 log entries)',
      extra: () => ({ entries }),
      setup(study) {
        const o = manyActions(join(study.dir, 'activity.casus'), study.quick ? 20_000 : 100_000);
        entries = activityCount(o.ctx.read());
        return o;
      },
      run: (_s, o) => callStudy(o as OpenedStudy, 'activity.list', { limit: 50 }),
    };
  })(),
  {
    name: 'audit: activity first page filtered by code (100,000 log entries)',
    setup(study) {
      const o = openStudy(join(study.dir, 'activity.casus'));
      const code = codeRows(o.ctx.read()).find((c) => c.dimension === 'category');
      return { o, codeId: code?.id ?? '' };
    },
    run: (_s, p) => {
      const { o, codeId } = p as { o: OpenedStudy; codeId: string };
      return callStudy(o, 'activity.list', { limit: 50, codeId });
    },
    n: 10,
  },
  (() => {
    let replayed = 0;
    return {
      name: 'audit: matrix as of a past date (travel, compute, back)',
      n: 7,
      extra: () => ({ log_entries_replayed: replayed }),
      async setup(study) {
        const path = join(study.dir, 'past.casus');
        copyFileSync(study.path, path);
        const o = openStudy(path);
        const r = o.ctx.read();
        replayed = latestChange(r);
        // The moment the study stood as generated; later actions are what the past leaves out.
        const then = new Date().toISOString();
        await new Promise((done) => setTimeout(done, 5));
        const [segment] = await callStudy(o, 'segments.forCode', {
          codeId: codeRows(r).find((c) => c.dimension === 'principle')?.id ?? '',
        });
        if (segment) await callStudy(o, 'coding.remove', { segmentId: segment.id });
        return { o, then };
      },
      async run(_s, p) {
        const { o, then } = p as { o: OpenedStudy; then: string };
        await callStudy(o, 'history.travel', { at: then });
        await callStudy(o, 'matrix.compute', { ...MATRIX, includeSegments: false });
        await callStudy(o, 'history.present', {});
      },
    };
  })(),
];
