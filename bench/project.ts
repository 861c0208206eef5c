import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { createContext } from '../core/server/context.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { Session } from '../core/server/session.js';
import type { Measurement } from './harness.js';
import { openStudy } from './generate.js';

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
    setup: (study) => openStudy(study.path),
    async run(_study, prepared) {
      const { ctx } = prepared as ReturnType<typeof openStudy>;
      const r = await dispatch('sources.list', {}, ctx, CLI_CALLER);
      if (!r.ok) throw new Error(r.error.message);
    },
  },
];
