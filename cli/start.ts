import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { configDir } from '../core/server/config.js';
import { Session } from '../core/server/session.js';
import { exitQuietlyOnClosedPipe } from './closed-pipe.js';
import { serveSession } from './commands/serve.js';

exitQuietlyOnClosedPipe(process.stdout, process.stderr);

/** Browser mode of `npm start`: the given project, or the demo study in the user's config dir. */
const { positionals, values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    'no-open': { type: 'boolean' },
    port: { type: 'string' },
    browser: { type: 'boolean' },
  },
  allowPositionals: true,
});
const session = new Session({ remember: true, announce: 'workbench', autoSnapshots: true });
try {
  if (positionals[0]) {
    session.open(positionals[0]);
  } else {
    mkdirSync(configDir(), { recursive: true });
    const demo = join(configDir(), 'demo.casus');
    if (existsSync(demo)) session.open(demo);
    else await session.create(demo, { template: 'regio-deals', demo: true });
  }
} catch (e) {
  process.stderr.write(`casus: ${(e as Error).message}\n`);
  process.exit(1);
}
await serveSession(session, {
  port: values.port ? Number(values.port) : undefined,
  open: values['no-open'] !== true,
  out: (t) => process.stdout.write(`${t}\n`),
});
