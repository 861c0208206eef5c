import { fileURLToPath } from 'node:url';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configDir } from '../core/server/config.js';
import { Session } from '../core/server/session.js';
import { exitQuietlyOnClosedPipe } from './closed-pipe.js';
import { serveSession } from './commands/serve.js';
import { parseStartArgs, START_USAGE, type StartArgs } from './start-args.js';
import { rerunWithCoreFlags } from './with-core-flags.js';

exitQuietlyOnClosedPipe(process.stdout, process.stderr);

/** Browser mode of `npm start`: the given project, or the demo study in the user's config dir. */
async function main(): Promise<void> {
  let args: StartArgs;
  try {
    args = parseStartArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`casus: ${(e as Error).message}\nusage: ${START_USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`usage: ${START_USAGE}\n`);
    process.exit(0);
  }
  const session = new Session({ remember: true, announce: 'workbench', autoSnapshots: true });
  try {
    if (args.project) {
      session.open(args.project);
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
  try {
    await serveSession(session, {
      port: args.port,
      open: args.open,
      out: (t) => process.stdout.write(`${t}\n`),
    });
  } catch (e) {
    session.close();
    process.stderr.write(`casus: ${(e as Error).message}\n`);
    process.exit(1);
  }
}

if (!rerunWithCoreFlags(fileURLToPath(import.meta.url))) await main();
