import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { CORE_V8_FLAGS, hasCoreFlags } from '../core/server/heap.js';

/**
 * Runs `script` (the module calling this) in a child process with the core's V8 flags
 * (core/server/heap.ts), and the same arguments, when this process was started without them: they
 * size the heap, which only a process's command line can do.
 * The child shares the terminal; signals sent to this process reach it, and this process exits
 * with its code. Returns false when the flags are already in place (go on here).
 */
export function rerunWithCoreFlags(script: string): boolean {
  if (hasCoreFlags()) return false;
  const child = spawn(
    process.execPath,
    [...process.execArgv, ...CORE_V8_FLAGS, script, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // A Ctrl-C in the terminal reaches both; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) =>
    process.exit(code ?? (signal ? 128 + constants.signals[signal] : 1)),
  );
  child.on('error', (e) => {
    process.stderr.write(`casus: could not start the server process: ${e.message}\n`);
    process.exit(1);
  });
  return true;
}
