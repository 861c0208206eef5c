import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { createContext } from '../core/server/context.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { Session } from '../core/server/session.js';
import type { Measurement } from './harness.js';
import { callStudy, openStudy, type OpenedStudy } from './generate.js';

/** What sources.list answers, as one plain SQL query reads it: the floor of its line. */
const RAW_LIST = `SELECT s.id, s.case_id, s.title, s.kind, s.document_type, s.date, s.respondent_id,
              r.pseudonym, r.role, s.validation, s.original_name, s.text_length, s.created_at,
              s.previous_version_id, coalesce(k.n, 0) AS segment_count,
              (SELECT n.id FROM sources n WHERE n.previous_version_id = s.id
               ORDER BY n.created_at DESC LIMIT 1) AS replaced_by_id
       FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id
         LEFT JOIN cases c ON c.id = s.case_id
         LEFT JOIN source_segment_counts k ON k.source_id = s.id
       ORDER BY c.sort NULLS FIRST, s.sort, s.title`;

/** The foundation's measurements: create, open, list sources. */
export const measurements: Measurement[] = [
  {
    name: 'project.create (regio-deals template)',
    n: 10,
    async run(study, _p, i) {
      const path = join(study.dir, `create-${i}.casus`);
      const session = new Session({ remember: false });
      await dispatch(
        'project.create',
        { path, template: 'regio-deals' },
        createContext(session),
        CLI_CALLER,
      );
      session.close();
      rmSync(path, { force: true });
    },
  },
  {
    name: 'project.open (generated study)',
    cpu: true,
    n: 10,
    run(study) {
      const { session, ctx } = openStudy(study.path);
      return dispatch('project.info', {}, ctx, CLI_CALLER).then(() => session.close());
    },
  },
  {
    name: 'sources.list (all sources)',
    cpu: true,
    // Its p95 is contested (the target is 10 ms): of 20 runs it is the second slowest. The first
    // ~15 calls after opening take 8 to 37 ms while V8 compiles the listing: a steady state is timed.
    n: 60,
    warmup: 20,
    setup: (study) => {
      const opened = openStudy(study.path);
      return { ...opened, raw: opened.session.db!.prepare(RAW_LIST) };
    },
    floor: (_s, prepared) => (prepared as { raw: { all(): unknown[] } }).raw.all(),
    async run(_study, prepared) {
      const { ctx } = prepared as ReturnType<typeof openStudy>;
      const r = await dispatch('sources.list', {}, ctx, CLI_CALLER);
      if (!r.ok) throw new Error(r.error.message);
    },
  },
  {
    // Re-read after every coding action (the code tree shows each code's counts).
    name: 'codes.tree (with counts)',
    cpu: true,
    setup: (study) => openStudy(study.path),
    run: (_s, o) => callStudy(o as OpenedStudy, 'codes.tree', {}),
  },
  {
    // What the server reads when the viewer opens a source (SourcePane, SourceText): the source
    // with its text and blocks, and its segments with their codes. The busiest source.
    name: 'source open, server reads (sources.get + segments.forSource)',
    cpu: true,
    setup: async (study) => {
      const o = openStudy(study.path);
      const list = await callStudy(o, 'sources.list', {});
      const busiest = [...list].sort((a, b) => b.segmentCount - a.segmentCount)[0];
      return { o, id: busiest?.id ?? '' };
    },
    run: async (_s, p) => {
      const { o, id } = p as { o: OpenedStudy; id: string };
      await callStudy(o, 'sources.get', { id });
      return callStudy(o, 'segments.forSource', { sourceId: id });
    },
  },
];
