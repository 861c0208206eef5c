/**
 * One kill of the core worker: start it on the project, let it work for a random while, SIGKILL
 * it, and collect what it printed.
 */
import { spawn } from 'node:child_process';
import { parseLines, type WorkerLine } from './protocol.js';

export interface CoreRound {
  lines: WorkerLine[];
  stderr: string;
  /** False when the worker stopped by itself (a fault) before the kill. */
  killed: boolean;
  /** The operation under way when the kill came, if any. */
  inFlight: string | null;
  /** The same in a word or two, for the summary's count of where kills landed. */
  moment: string;
  ops: number;
}

export function coreRound(opts: {
  worker: string;
  project: string;
  seed: number;
  filesDir: string;
  /** Milliseconds to let the worker run. */
  delay: number;
  /** Count the delay from the start of the process (the kill may land while it opens the project). */
  fromSpawn: boolean;
  /**
   * Count the delay from the start of the first import's transaction instead: the worker then
   * mostly imports large documents, and the kill lands inside a long transaction.
   */
  aim: boolean;
}): Promise<CoreRound> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [opts.worker, opts.project, String(opts.seed), opts.filesDir, ...(opts.aim ? ['aim'] : [])],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let killed = false;
    let timer: NodeJS.Timeout | null = null;
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    const arm = () => {
      timer ??= setTimeout(kill, opts.delay);
    };
    // A worker that never gets going is killed too (and the round fails on what it printed).
    const stuck = setTimeout(kill, 60_000);
    if (opts.fromSpawn) arm();
    let scanned = 0;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (timer) return;
      if (!opts.aim) {
        if (out.includes('"t":"ready"')) arm();
        return;
      }
      // Only whole lines: the first transaction of an import arms the timer.
      const end = out.lastIndexOf('\n') + 1;
      if (/"t":"tx"[^\n]*"action":"import\./.test(out.slice(scanned, end))) arm();
      scanned = end;
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      if (timer) clearTimeout(timer);
      clearTimeout(stuck);
      const lines = parseLines(out);
      const done = new Set(
        lines.flatMap((l) => (l.t === 'ack' || l.t === 'none' || l.t === 'fault' ? [l.n] : [])),
      );
      const open = lines.filter((l) => l.t === 'begin' && !done.has(l.n)).at(-1);
      const tx = open && 'n' in open && lines.find((l) => l.t === 'tx' && l.n === open.n);
      resolve({
        lines,
        stderr: err,
        killed,
        inFlight:
          open && open.t === 'begin'
            ? `${open.op} (operation ${open.n}${tx && tx.t === 'tx' ? `, after ${tx.action} began its transaction` : ''})`
            : null,
        moment:
          open && open.t === 'begin'
            ? `${open.op}${tx ? ' (in its transaction)' : ''}`
            : 'start-up',
        ops: lines.filter((l) => l.t === 'ack').length,
      });
    });
  });
}
