import { exitQuietlyOnClosedPipe } from './closed-pipe.js';
import { runCli } from './main.js';

exitQuietlyOnClosedPipe(process.stdout, process.stderr);

const code = await runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
});
// `serve` never returns; everything else exits with its code once output is flushed.
process.exitCode = code;
