import { fileURLToPath } from 'node:url';
import { exitQuietlyOnClosedPipe } from './closed-pipe.js';
import { runCli } from './main.js';
import { rerunWithCoreFlags } from './with-core-flags.js';

exitQuietlyOnClosedPipe(process.stdout, process.stderr);

// `serve` runs the core for the workbench, with the heap it is sized for; other commands run once.
if (!(process.argv[2] === 'serve' && rerunWithCoreFlags(fileURLToPath(import.meta.url)))) {
  const code = await runCli(process.argv.slice(2), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  });
  // `serve` never returns; everything else exits with its code once output is flushed.
  process.exitCode = code;
}
