/**
 * `npm run torture -- [--kills N] [--seed S] [--json] [--fresh-every K]`: SIGKILLs the core worker
 * (worker.ts) and the real `casus` command at random moments while they import, code, uncode,
 * undo, redo, merge codes and import new versions, and after every kill checks the project
 * (invariants.ts), opens it the normal way and acts on it (reopen.ts). One project takes the kills
 * until a fresh one is started (every K kills), so damage would accumulate where it can.
 *
 * Prints a summary; on the first broken invariant it stops, keeps the project as the kill left it
 * in a named folder and exits 1.
 */
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { createContext } from '../../core/server/context.js';
import { dispatch } from '../../core/server/dispatch.js';
import { CLI_CALLER } from '../../core/server/files/access.js';
import { Session } from '../../core/server/session.js';
import { cliRound } from './cli-round.js';
import { coreRound } from './core-round.js';
import {
  checkProject,
  logMark,
  type AckedGroup,
  type LogEntry,
  type LogMark,
  type Promises,
} from './invariants.js';
import { Random } from './random.js';
import { reopenAndAct } from './reopen.js';
import { uncommittedFrames } from './wal.js';

interface Options {
  kills: number;
  seed: number;
  json: boolean;
  freshEvery: number;
  /** Share of kills that hit the `casus` command rather than the core worker. */
  cliShare: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      kills: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
      'fresh-every': { type: 'string' },
      'cli-share': { type: 'string' },
    },
  });
  const int = (name: string, v: string | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a whole number, not "${v}"`);
    return Number(v);
  };
  const share = values['cli-share'] === undefined ? 0.25 : Number(values['cli-share']);
  if (!(share >= 0 && share <= 1)) throw new Error('--cli-share must be between 0 and 1');
  return {
    kills: int('kills', values.kills, 50),
    seed: int('seed', values.seed, Math.floor(Math.random() * 2 ** 31)),
    json: values.json === true,
    freshEvery: Math.max(1, int('fresh-every', values['fresh-every'], 25)),
    cliShare: share,
  };
}

const sidecars = (path: string) => [path, `${path}-wal`, `${path}-shm`];

/** Copies a project as it lies on disk (the file and its write-ahead log) into `dir`. */
function copyProject(path: string, dir: string, withShm = false): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const target = join(dir, 'project.casus');
  const [file, wal, shm] = sidecars(path) as [string, string, string];
  copyFileSync(file, target);
  if (existsSync(wal)) copyFileSync(wal, `${target}-wal`);
  if (withShm && existsSync(shm)) copyFileSync(shm, `${target}-shm`);
  return target;
}

/** The change log of the project on disk (read after the reopening step closed it). */
function readLog(path: string): LogEntry[] {
  const db = new Database(path, { fileMustExist: true });
  try {
    return db.prepare('SELECT * FROM change_log ORDER BY seq').all() as LogEntry[];
  } finally {
    db.close();
  }
}

async function createProject(path: string): Promise<void> {
  const session = new Session({ remember: false });
  try {
    const r = await dispatch(
      'project.create',
      { path, template: 'regio-deals', demo: false },
      createContext(session),
      CLI_CALLER,
    );
    if (!r.ok) throw new Error(`cannot create the project: ${r.error.message}`);
  } finally {
    session.close();
  }
}

interface Failure {
  kill: number;
  where: string;
  inFlight: string | null;
  problems: string[];
  kept: string;
}

/** One kill and what it left: the promises to check, the problems seen, the transcript. */
interface Round {
  target: 'worker' | 'casus';
  promises: Promises;
  problems: string[];
  inFlight: string | null;
  moment: string;
  /** Acknowledged writes, by action. */
  acked: Map<string, number>;
  transcript: string;
}

async function casusKill(
  rng: Random,
  env: { root: string },
  project: string,
  filesDir: string,
): Promise<Round> {
  const round = await cliRound({
    root: env.root,
    project,
    filesDir,
    rng,
    delay: rng.int(20, 4000),
  });
  return {
    target: 'casus',
    promises: round.promises,
    problems: round.fault ? [round.fault] : [],
    inFlight: round.inFlight,
    moment: round.moment,
    acked: new Map([['casus (command line)', round.ops]]),
    transcript: round.commands
      .map(
        (c) =>
          `$ casus ${c.args.join(' ')}\n${c.out}${c.err}${c.killed ? '[SIGKILL]' : `[exit ${String(c.code)}]`}\n`,
      )
      .join('\n'),
  };
}

async function workerKill(
  rng: Random,
  env: { worker: string },
  project: string,
  filesDir: string,
): Promise<Round> {
  // Most kills come at a random moment after the project is open; some while it opens, some
  // aimed inside the long transaction of a large import.
  const when = rng.weighted({ ready: 70, spawn: 12, aim: 18 });
  const round = await coreRound({
    worker: env.worker,
    project,
    seed: rng.int(1, 2 ** 31),
    filesDir,
    delay: when === 'aim' ? rng.int(0, 1200) : rng.int(20, when === 'spawn' ? 600 : 1500),
    fromSpawn: when === 'spawn',
    aim: when === 'aim',
  });
  const problems: string[] = [];
  const acked: AckedGroup[] = [];
  const byAction = new Map<string, number>();
  let session: string | null = null;
  for (const l of round.lines) {
    if (l.t === 'ready') session = l.session;
    if (l.t === 'ack') {
      acked.push(l);
      byAction.set(l.action, (byAction.get(l.action) ?? 0) + 1);
    }
    if (l.t === 'fault') problems.push(`worker fault in ${l.op} (operation ${l.n}): ${l.message}`);
  }
  if (!round.killed && problems.length === 0)
    problems.push(`the worker stopped by itself: ${round.stderr.trim() || 'no output'}`);
  return {
    target: 'worker',
    promises: { kind: 'core', session, acked },
    problems,
    inFlight: round.inFlight,
    moment: round.moment,
    acked: byAction,
    transcript: `${round.lines.map((l) => JSON.stringify(l)).join('\n')}\n${round.stderr}`,
  };
}

export async function runTorture(
  argv: string[],
  env: { root: string; worker: string },
): Promise<number> {
  const opts = options(argv);
  const rng = new Random(opts.seed);
  const started = performance.now();
  const base = mkdtempSync(join(tmpdir(), 'casus-torture-'));
  const filesDir = join(base, 'files');
  mkdirSync(filesDir);
  const totals = {
    worker: 0,
    casus: 0,
    projects: 0,
    acknowledged: 0,
    checks: 0,
    /** Kills that came after a commit and before its acknowledgement. */
    unacknowledged: 0,
    /** Kills that left pages of an unfinished transaction in the write-ahead log. */
    torn: 0,
  };
  const byAction = new Map<string, number>();
  const moments = new Map<string, number>();
  let failure: Failure | null = null;
  let project = '';
  let mark: LogMark | null = null;
  const log = (line: string) => {
    if (!opts.json) process.stdout.write(`${line}\n`);
  };
  log(`torture: ${opts.kills} kills, seed ${opts.seed}`);

  try {
    for (let kill = 1; kill <= opts.kills; kill++) {
      if ((kill - 1) % opts.freshEvery === 0) {
        if (project) rmSync(join(project, '..'), { recursive: true, force: true });
        totals.projects++;
        const dir = join(base, `project-${totals.projects}`);
        mkdirSync(dir);
        project = join(dir, 'study.casus');
        await createProject(project);
        mark = logMark(readLog(project));
      }
      const began = performance.now();
      const round = rng.chance(opts.cliShare)
        ? await casusKill(rng, env, project, filesDir)
        : await workerKill(rng, env, project, filesDir);
      totals[round.target]++;
      moments.set(round.moment, (moments.get(round.moment) ?? 0) + 1);
      for (const [action, n] of round.acked) {
        byAction.set(action, (byAction.get(action) ?? 0) + n);
        totals.acknowledged += n;
      }

      // The project as the kill left it, kept until the checks pass; they run on another copy.
      const asFound = join(base, 'as-found');
      copyProject(project, asFound, true);
      if (uncommittedFrames(`${project}-wal`) > 0) totals.torn++;
      const checked = checkProject(copyProject(project, join(base, 'check')), mark, round.promises);
      if (checked.unacknowledged > 0) totals.unacknowledged++;
      const problems = [...round.problems];
      for (const r of checked.results) {
        if (r.problems.length === 0) totals.checks++;
        else problems.push(...r.problems.map((p) => `${r.name}: ${p}`));
      }
      if (problems.length === 0) {
        const reopened = await reopenAndAct(project, rng);
        if (reopened.length === 0) totals.checks++;
        problems.push(...reopened);
      }
      if (problems.length > 0) {
        const kept = join(env.root, '.tmp', 'torture', `failed-seed${opts.seed}-kill${kill}`);
        rmSync(kept, { recursive: true, force: true });
        cpSync(asFound, kept, { recursive: true });
        writeFileSync(join(kept, 'problems.txt'), `${problems.join('\n')}\n`);
        writeFileSync(join(kept, 'transcript.txt'), round.transcript);
        const where = round.target === 'casus' ? 'the casus command' : 'the core worker';
        failure = { kill, where, inFlight: round.inFlight, problems, kept };
        break;
      }
      mark = logMark(readLog(project));
      const acked = [...round.acked.values()].reduce((a, b) => a + b, 0);
      log(
        `kill ${kill}/${opts.kills}: ${round.target}, ${acked} acknowledged, killed during ` +
          `${round.inFlight ?? 'start-up or between calls'}; ${checked.results.length + 1} checks ` +
          `passed (${((performance.now() - began) / 1000).toFixed(1)} s)`,
      );
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }

  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const summary = {
    kills: totals.worker + totals.casus,
    workerKills: totals.worker,
    casusKills: totals.casus,
    projects: totals.projects,
    seed: opts.seed,
    acknowledged: totals.acknowledged,
    byAction: Object.fromEntries(
      [...byAction].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]),
    ),
    killedDuring: Object.fromEntries([...moments].sort((a, b) => b[1] - a[1])),
    checksPassed: totals.checks,
    killedBetweenCommitAndAcknowledgement: totals.unacknowledged,
    killedInsideTransaction: totals.torn,
    seconds,
    failure,
  };
  if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    log('');
    log(
      `${summary.kills} kills (${summary.workerKills} of the core worker, ${summary.casusKills} of the casus command) on ${summary.projects} project(s) in ${seconds} s`,
    );
    log(
      `operations acknowledged: ${summary.acknowledged} (${Object.entries(summary.byAction)
        .map(([a, n]) => `${a} ${n}`)
        .join(', ')})`,
    );
    log(
      `killed during: ${Object.entries(summary.killedDuring)
        .map(([a, n]) => `${a} ${n}`)
        .join(', ')}`,
    );
    log(`invariant checks passed: ${summary.checksPassed}`);
    log(
      `kills between a commit and its acknowledgement: ${totals.unacknowledged}; ` +
        `kills that left an unfinished transaction in the write-ahead log: ${totals.torn}`,
    );
  }
  if (failure) {
    const say = (line: string) => process.stderr.write(`${line}\n`);
    say(`\ntorture: FAILED at kill ${failure.kill} (${failure.where}), seed ${opts.seed}`);
    say(`  operation in progress: ${failure.inFlight ?? 'none (start-up or between calls)'}`);
    for (const p of failure.problems) say(`  - ${p}`);
    say(`  the project as the kill left it, with the transcript: ${failure.kept}`);
    say(`  again with: npm run torture -- --kills ${opts.kills} --seed ${opts.seed}`);
    return 1;
  }
  return 0;
}
