import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createContext } from '../core/server/context.js';
import { dispatch } from '../core/server/dispatch.js';
import { CLI_CALLER } from '../core/server/files/access.js';
import { Session } from '../core/server/session.js';
import type { Measurement } from './harness.js';

const CASUS = fileURLToPath(new URL('../bin/casus.mjs', import.meta.url));

/** Runs `casus <args>` as a user does, a new Node process each time; a failure throws. */
function casus(args: string[], env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, [CASUS, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`casus ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

const envFor = (dir: string) => ({ ...process.env, CASUS_CONFIG_DIR: join(dir, 'cli-config') });

/** Start-up of the `casus` command: the whole process, from spawn to exit. */
export const measurements: Measurement[] = [
  {
    name: 'CLI start: casus help',
    n: 20,
    run: (study) => casus(['help'], envFor(study.dir)),
  },
  {
    name: 'CLI start: casus info (demo study, 20 sources)',
    n: 20,
    async setup(study) {
      const path = join(study.dir, 'cli-demo.casus');
      const session = new Session({ remember: false });
      const r = await dispatch(
        'project.create',
        { path, template: 'regio-deals', demo: true },
        createContext(session),
        CLI_CALLER,
      );
      session.close();
      if (!r.ok) throw new Error(r.error.message);
      return path;
    },
    run: (study, path) => casus(['info', path as string], envFor(study.dir)),
  },
];
