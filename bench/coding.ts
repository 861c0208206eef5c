import type { ServiceContext } from '../core/server/context.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import type { Measurement } from './harness.js';
import { openStudy } from './generate.js';
import { reportProject } from './viewer.js';

async function call(ctx: ServiceContext, method: string, input: unknown): Promise<unknown> {
  const r = await dispatch(method, input, ctx, CLI_CALLER);
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value;
}

/** Coding through dispatch on the generated study (the viewer in Chromium: bench/viewer.ts). */
export const measurements: Measurement[] = [
  {
    name: 'coding.apply 4 codes (dispatch, generated study)',
    cpu: true,
    n: 50,
    async setup(study) {
      const opened = openStudy(study.path);
      const source = opened.session.db
        ?.prepare('SELECT id, text_length FROM sources LIMIT 1')
        .get() as {
        id: string;
        text_length: number;
      };
      const codes = (await call(opened.ctx, 'codes.tree', {})) as { id: string }[];
      return { ...opened, source, codeIds: codes.slice(0, 4).map((c) => c.id) };
    },
    async run(_s, prepared, i) {
      const p = prepared as {
        ctx: ServiceContext;
        source: { id: string; text_length: number };
        codeIds: string[];
      };
      const start = (i * 7) % Math.max(p.source.text_length - 20, 1);
      await call(p.ctx, 'coding.apply', {
        sourceId: p.source.id,
        start,
        end: start + 10,
        codeIds: p.codeIds,
      });
    },
  },
];

/** How many codings a session has made before its undo state is read (a long day's coding). */
const SESSION_CODINGS = 500;

/**
 * What the workbench reads after every write: the undo state of a session that has coded
 * SESSION_CODINGS passages in a 300-page report. It must not grow with the session.
 */
measurements.push({
  name: `history.state after ${SESSION_CODINGS} codings in the session, 300-page source (dispatch)`,
  cpu: true,
  n: 50,
  warmup: 5,
  async setup(study) {
    const project = await reportProject(study.dir, 300, 0);
    const opened = openStudy(project.path);
    const codes = (await call(opened.ctx, 'codes.tree', {})) as { id: string }[];
    await call(opened.ctx, 'sources.get', { id: project.bigId });
    for (let i = 0; i < SESSION_CODINGS; i++) {
      const start = 100 + i * 1500;
      await call(opened.ctx, 'coding.apply', {
        sourceId: project.bigId,
        start,
        end: start + 60,
        codeIds: [codes[i % codes.length]?.id],
      });
    }
    return opened;
  },
  async run(_s, prepared) {
    const { ctx } = prepared as { ctx: ServiceContext };
    await call(ctx, 'history.state', {});
  },
});
