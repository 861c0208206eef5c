/**
 * One kill of the real command line: `node bin/casus.mjs` imports, codes, uncodes and imports new
 * versions, one command after another, until a random moment when the command under way gets
 * SIGKILL. What the commands printed before that is what they promised.
 */
import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { createContext } from '../../core/server/context.js';
import { dispatch } from '../../core/server/dispatch.js';
import { CLI_CALLER } from '../../core/server/files/access.js';
import { Session } from '../../core/server/session.js';
import type { Contract, InputOf, Method, OutputOf } from '../../core/shared/contract/index.js';
import { rangeProblem } from '../../core/shared/text/offsets.js';
import { randomRange, writeDocument, writeVersion } from './documents.js';
import type { Promises } from './invariants.js';
import type { Random } from './random.js';

/** What the commands are chosen from, read through the normal API before the round. */
interface Model {
  cases: string[];
  codes: string[];
  /** Sources with their text; `current`: no newer version yet. */
  sources: { id: string; text: string; current: boolean }[];
  segments: string[];
}

async function readModel(project: string, rng: Random): Promise<Model> {
  const session = new Session({ remember: false });
  const ctx = createContext(session);
  const call = async <K extends Method>(m: K, input: InputOf<Contract, K>) => {
    const r = await dispatch(m, input, ctx, CLI_CALLER);
    if (!r.ok) throw new Error(`${m}: ${r.error.message}`);
    return r.value as OutputOf<Contract, K>;
  };
  try {
    await call('project.open', { path: project });
    const all = await call('sources.list', {});
    const chosen = all.filter(() => rng.chance(0.5)).slice(0, 8);
    const sources = [];
    const segments: string[] = [];
    for (const s of chosen) {
      sources.push({
        id: s.id,
        text: (await call('sources.get', { id: s.id })).text,
        current: s.replacedById === null,
      });
      for (const seg of await call('segments.forSource', { sourceId: s.id })) segments.push(seg.id);
    }
    return {
      cases: (await call('cases.list', {})).map((c) => c.key),
      codes: (await call('codes.tree', {})).map((c) => c.id),
      sources,
      segments,
    };
  } finally {
    session.close();
  }
}

export interface CliCommandRun {
  args: string[];
  out: string;
  err: string;
  code: number | null;
  killed: boolean;
}

export interface CliRound {
  commands: CliCommandRun[];
  promises: Extract<Promises, { kind: 'cli' }>;
  /** A command that failed by itself (not killed): the run fails. */
  fault: string | null;
  inFlight: string | null;
  /** The killed command in a word or two, for the summary. */
  moment: string;
  ops: number;
}

function runCommand(
  root: string,
  args: string[],
  onSpawn: (kill: () => void) => void,
): Promise<CliCommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'casus.mjs'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let killed = false;
    onSpawn(() => {
      killed = true;
      child.kill('SIGKILL');
    });
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ args, out, err, code, killed }));
  });
}

/** A command in a line: file names without their folder, the project left out. */
function describe(args: string[]): string {
  const [name, , ...rest] = args;
  return `casus ${name} ${rest.map((a) => (a.includes('/') ? basename(a) : a)).join(' ')}`;
}

const ID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export async function cliRound(opts: {
  root: string;
  project: string;
  filesDir: string;
  rng: Random;
  delay: number;
}): Promise<CliRound> {
  const { rng, project, filesDir } = opts;
  const model = await readModel(project, rng);
  const promises: CliRound['promises'] = { kind: 'cli', claims: [], writes: 0, undetermined: [] };
  const claim = (c: CliRound['promises']['claims'][number]) => {
    promises.claims = promises.claims.filter((x) => !(x.table === c.table && x.id === c.id));
    promises.claims.push(c);
  };
  const commands: CliCommandRun[] = [];
  let killNow: (() => void) | null = null;
  let deadline = false;
  const timer = setTimeout(() => {
    deadline = true;
    killNow?.();
  }, opts.delay);
  let n = 0;
  let fault: string | null = null;
  let killed = false;
  while (!killed && !fault) {
    const kind = rng.weighted({ import: 30, code: 45, uncode: 10, version: 15 });
    let args: string[];
    const coded = model.sources.filter((s) => s.text.trim() !== '');
    if (kind === 'code' && coded.length && model.codes.length) {
      const s = rng.pick(coded);
      const range = randomRange(rng, s.text, (a, b) => rangeProblem(s.text, a, b) === null);
      if (!range) continue;
      const codes = [...new Set([rng.pick(model.codes), rng.pick(model.codes)])];
      args = ['code', project, '--source', s.id, '--start', String(range.start)];
      args.push('--end', String(range.end), '--codes', codes.join(','));
      if (rng.chance(0.2)) args.push('--memo', `CLI memo ${n} 😀`);
    } else if (kind === 'uncode' && model.segments.length) {
      const seg = rng.pick(model.segments);
      args = ['uncode', project, '--segment', seg];
    } else if (kind === 'version' && model.sources.some((s) => s.current)) {
      const s = rng.pick(model.sources.filter((x) => x.current));
      const file = writeVersion(filesDir, rng, `cli-${Date.now()}-${n}`, s.text);
      args = ['import', project, file, '--new-version-of', s.id, '--allow-unanchored'];
    } else {
      const files = [];
      for (let i = rng.int(1, 3); i > 0; i--) {
        files.push(
          await writeDocument(filesDir, rng, `cli-${Date.now()}-${n}-${i}`, {
            format: rng.pick(['txt', 'md', 'docx'] as const),
            large: rng.chance(0.04),
          }),
        );
      }
      args = ['import', project, ...files, '--case', rng.pick(model.cases)];
    }
    n++;
    const run = await runCommand(opts.root, args, (kill) => {
      killNow = kill;
      // The moment came between two commands: this one dies as it starts.
      if (deadline) kill();
    });
    killed = run.killed;
    killNow = null;
    commands.push(run);
    // Whole lines only: a line the kill cut off was never acknowledged.
    for (const line of run.out.split('\n').slice(0, -1)) {
      let m: RegExpMatchArray | null;
      if ((m = line.match(new RegExp(`^\\[\\d+/\\d+\\] imported: .* → (${ID}) "`)))) {
        claim({ table: 'sources', id: m[1]!, present: true });
        promises.writes++;
      } else if (args[0] === 'code' && (m = line.match(new RegExp(`^(${ID})\\t(.*)$`)))) {
        claim({ table: 'segments', id: m[1]!, present: true, text: JSON.parse(m[2]!) as string });
        model.segments.push(m[1]!);
        promises.writes++;
      } else if ((m = line.match(/^Removed \d+ coding\(s\)(; the segment is gone)?/))) {
        const seg = args[3]!;
        claim({ table: 'segments', id: seg, present: !m[1] });
        model.segments = model.segments.filter((s) => s !== seg);
        promises.writes++;
      } else if ((m = line.match(new RegExp(`^new version: (${ID}) \\(previous: (${ID})\\)`)))) {
        claim({ table: 'sources', id: m[1]!, present: true, previous: m[2]! });
        const old = model.sources.find((s) => s.id === m![2]);
        if (old) old.current = false;
        promises.writes++;
      }
    }
    if (run.killed) {
      // The uncode under way may or may not have taken its segment.
      if (args[0] === 'uncode') promises.undetermined.push(args[3]!);
    } else if (run.code !== 0) {
      fault = `casus ${args[0]} exited ${String(run.code)}: ${run.err.trim() || run.out.trim()}`;
    }
  }
  clearTimeout(timer);
  const last = commands.at(-1);
  return {
    commands,
    promises,
    fault,
    inFlight: last?.killed ? describe(last.args) : null,
    moment: last?.killed
      ? `casus ${last.args[0]}${last.args.includes('--new-version-of') ? ' --new-version-of' : ''}`
      : 'casus (none)',
    ops: promises.writes,
  };
}
