/**
 * The torture run's worker: opens a project as every host does (Session, dispatch) and works on
 * it as fast as it can — imports, coding, uncoding, undo and redo, new codes, merges, new versions
 * of sources, reconciling two coders' disagreements — until the driver kills it with SIGKILL.
 * After each call it prints what the call committed (protocol.ts); the driver then checks that
 * the project kept every printed promise.
 *
 * Run by main.ts: `node worker.js <project.casus> <seed> <folder for generated files> [aim]`;
 * with `aim` it mostly imports large documents, with a small page cache (long transactions that
 * write to the log before they commit, for kills aimed inside them).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { createContext, type ServiceContext } from '../../core/server/context.js';
import { dispatch } from '../../core/server/dispatch.js';
import { CLI_CALLER } from '../../core/server/files/access.js';
import { Session } from '../../core/server/session.js';
import type { Contract, InputOf, Method, OutputOf } from '../../core/shared/contract/index.js';
import { CasusError } from '../../core/shared/errors.js';
import { rangeProblem } from '../../core/shared/text/offsets.js';
import { randomRange, writeDocument, writeVersion, type Format } from './documents.js';
import type { Claim, WorkerLine } from './protocol.js';
import { Random } from './random.js';
import { sineWav } from '../support/wav.js';

const [path = '', seedArg = '1', filesDir = '.', mode] = process.argv.slice(2);
const aim = mode === 'aim';
const rng = new Random(Number(seedArg));
const session = new Session({ remember: false });
let current = 0;

/** The context every host makes, saying when each action's transaction starts. */
function announcing(c: ServiceContext): ServiceContext {
  return {
    ...c,
    action(name, fn) {
      print({ t: 'tx', n: current, action: name });
      return c.action(name, fn);
    },
    forCall: () => announcing(c.forCall()),
  };
}
const ctx = announcing(createContext(session));

// The driver closes our stdin when it goes away: never outlive it.
process.stdin.on('close', () => process.exit(0));
process.stdin.resume();

function print(line: WorkerLine): void {
  // Synchronous on a pipe: once written, the driver has it even if we die on the next line.
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function call<K extends Method>(
  method: K,
  input: InputOf<Contract, K>,
): Promise<OutputOf<Contract, K>> {
  const envelope = await dispatch(method, input, ctx, CLI_CALLER);
  if (!envelope.ok)
    throw new CasusError(envelope.error.code, envelope.error.message, envelope.error.details);
  return envelope.value as OutputOf<Contract, K>;
}

/** The raw connection, to read back what each call committed (the test's own bookkeeping). */
function db(): Database.Database {
  if (!session.db) throw new Error('no project open');
  return session.db;
}

const texts = new Map<string, string>();
async function textOf(sourceId: string): Promise<string> {
  let text = texts.get(sourceId);
  if (text === undefined) {
    text = (await call('sources.get', { id: sourceId })).text;
    texts.set(sourceId, text);
  }
  return text;
}

type Outcome = { wrote: true } | { wrote: false; why: string };
const WROTE: Outcome = { wrote: true };
const none = (why: string): Outcome => ({ wrote: false, why });

let counter = 0;
const fileName = () => `${session.id.slice(0, 8)}-${++counter}`;

async function importFile(): Promise<Outcome> {
  const format = rng.pick<Format>(['txt', 'md', 'docx']);
  const file = await writeDocument(filesDir, rng, fileName(), {
    format,
    large: rng.chance(aim ? 0.7 : 0.06),
  });
  const cases = await call('cases.list', {});
  const interview = rng.chance(0.3);
  const roles = interview ? await call('vocabulary.list', {}) : null;
  const r = await call('import.file', {
    file: { fileName: file.split('/').pop() ?? file, path: file },
    caseId: cases.length && rng.chance(0.9) ? rng.pick(cases).id : null,
    documentType: interview ? 'interview-report' : 'other',
    respondent:
      interview && roles
        ? { pseudonym: `R${rng.int(1, 20)}`, role: rng.pick(roles.roles).key, organisation: '' }
        : null,
  });
  if (r.status === 'failed') throw new Error(`import failed: ${r.message}`);
  return r.status === 'imported' ? WROTE : none('duplicate');
}

async function code(): Promise<Outcome> {
  const sources = await call('sources.list', {});
  if (sources.length === 0) return importFile();
  const codes = await call('codes.tree', {});
  const codeIds = [...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(codes).id))];
  const memo = rng.chance(0.2) ? { memo: `Memo ${counter} 🌍 “coöperatie”` } : {};
  const withSegments = sources.filter((s) => s.segmentCount > 0);
  if (withSegments.length && rng.chance(0.15)) {
    const segments = await call('segments.forSource', { sourceId: rng.pick(withSegments).id });
    if (segments.length) {
      await call('coding.apply', { segmentId: rng.pick(segments).id, codeIds, ...memo });
      return WROTE;
    }
  }
  const source = rng.pick(sources);
  const text = await textOf(source.id);
  const range = randomRange(rng, text, (a, b) => rangeProblem(text, a, b) === null);
  if (!range) return none('no valid range found');
  await call('coding.apply', { sourceId: source.id, ...range, codeIds, ...memo });
  return WROTE;
}

async function uncode(): Promise<Outcome> {
  const sources = (await call('sources.list', {})).filter((s) => s.segmentCount > 0);
  if (sources.length === 0) return code();
  const segments = await call('segments.forSource', { sourceId: rng.pick(sources).id });
  if (segments.length === 0) return none('no segments');
  const segment = rng.pick(segments);
  const some = segment.codings.length > 1 && rng.chance(0.5);
  await call('coding.remove', {
    segmentId: segment.id,
    ...(some ? { codeIds: [rng.pick(segment.codings).codeId] } : {}),
  });
  return WROTE;
}

async function history(which: 'undo' | 'redo'): Promise<Outcome> {
  try {
    await call(`history.${which}`, {});
    return WROTE;
  } catch (e) {
    // Nothing to undo, or another change depends on it: the user is told, nothing is written.
    if (e instanceof CasusError && e.code === 'conflict') return none(e.message);
    throw e;
  }
}

async function newCode(): Promise<Outcome> {
  const n = rng.int(1, 999);
  await call('codes.create', {
    dimension: 'free',
    label: { nl: `Vrije code ${n} ✓`, en: `Free code ${n}` },
  });
  return WROTE;
}

async function merge(): Promise<Outcome> {
  const free = (await call('codes.tree', {})).filter(
    (c) => c.dimension === 'free' && c.parentId === null,
  );
  if (free.length < 2) return newCode();
  const from = rng.pick(free);
  const into = rng.pick(free.filter((c) => c.id !== from.id));
  await call('codes.merge', { fromId: from.id, intoId: into.id });
  return WROTE;
}

async function newVersion(): Promise<Outcome> {
  const current = (await call('sources.list', {})).filter(
    (s) => s.replacedById === null && s.characters < 300_000,
  );
  if (current.length === 0) return importFile();
  const source = rng.pick(current);
  const file = writeVersion(filesDir, rng, fileName(), await textOf(source.id));
  try {
    const r = await call('import.newVersion', {
      sourceId: source.id,
      file: { fileName: file.split('/').pop() ?? file, path: file },
      allowUnanchored: true,
    });
    return r.status === 'imported' ? WROTE : none(r.message);
  } catch (e) {
    if (e instanceof CasusError && e.code === 'conflict') return none(e.message);
    throw e;
  }
}

/** A WebVTT interview of a few cues between two voices, mapped to an interviewer and a respondent. */
async function importTranscript(): Promise<Outcome> {
  const name = fileName();
  const stamp = (s: number) =>
    `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
  const cues = Array.from({ length: rng.int(2, 12) }, (_, i) => {
    const voice = i % 2 === 0 ? 'Vraagsteller Een' : 'Spreker Twee';
    return `${stamp(i * 3)} --> ${stamp(i * 3 + 2)}\n<v ${voice}>Zin ${i} van ${name}, “coöperatie” 🌍.</v>`;
  });
  const file = join(filesDir, `${name}.vtt`);
  writeFileSync(file, `WEBVTT\n\n${cues.join('\n\n')}\n`);
  const roles = await call('vocabulary.list', {});
  const r = await call('transcripts.import', {
    file: { fileName: `${name}.vtt`, path: file },
    caseId: null,
    speakers: [
      { name: 'Vraagsteller Een', as: 'interviewer' },
      {
        name: 'Spreker Twee',
        as: 'respondent',
        respondent: { pseudonym: `T${rng.int(1, 10)}`, role: rng.pick(roles.roles).key },
      },
    ],
  });
  if (r.status === 'failed') throw new Error(`transcript import failed: ${r.message}`);
  return r.status === 'imported' ? WROTE : none('duplicate');
}

/** Codes every turn of the respondent of a transcript. */
async function codeSpeaker(): Promise<Outcome> {
  const transcripts = (await call('sources.list', {})).filter((s) =>
    s.originalName.endsWith('.vtt'),
  );
  if (transcripts.length === 0) return importTranscript();
  const codes = await call('codes.tree', {});
  const r = await call('transcripts.codeSpeaker', {
    sourceId: rng.pick(transcripts).id,
    speaker: 'R',
    codeIds: [rng.pick(codes).id],
  });
  return r.codingsAdded > 0 ? WROTE : none('every turn had the code already');
}

/** Attaches a recording (a short tone) to a transcript, or replaces the one it has. */
async function attachRecording(): Promise<Outcome> {
  const transcripts = (await call('sources.list', {})).filter((s) =>
    s.originalName.endsWith('.vtt'),
  );
  if (transcripts.length === 0) return importTranscript();
  const file = join(filesDir, `${fileName()}.wav`);
  writeFileSync(file, sineWav(rng.int(1, 3), rng.int(200, 900)));
  await call('media.attach', {
    sourceId: rng.pick(transcripts).id,
    file: { fileName: 'opname.wav', path: file },
  });
  return WROTE;
}

async function addCoder(): Promise<Outcome> {
  const coder = await call('coders.create', { name: `Coder ${session.id.slice(0, 8)}` });
  await call('session.setCoder', { coderId: coder.id });
  return WROTE;
}

/** Settles a disagreement between two coders (team coding), as the reconciliation list does. */
async function reconcile(): Promise<Outcome> {
  const coders = await call('coders.list', {});
  // Workers add coders now and then (one per session), so a second one comes.
  if (coders.length < 2) return none('only one coder so far');
  const a = rng.pick(coders);
  const b = rng.pick(coders.filter((c) => c.id !== a.id));
  const pair = { coderA: a.id, coderB: b.id };
  const found = await call('agreement.disagreements', pair);
  if (found.rows.length === 0) return none('the two coders do not disagree anywhere');
  const row = rng.pick(found.rows);
  const decision = rng.pick([
    'accept-a',
    'accept-b',
    'keep-both',
    'remove-both',
    'comment',
  ] as const);
  try {
    await call('agreement.reconcile', {
      ...pair,
      sourceId: row.sourceId,
      codeId: row.codeId,
      start: row.start,
      end: row.end,
      decision,
      comment: decision === 'comment' ? 'Besproken ✓' : '',
    });
    return WROTE;
  } catch (e) {
    // Another worker changed those codings since the list was read: the user is told to reload.
    if (e instanceof CasusError && e.code === 'conflict') return none(e.message);
    throw e;
  }
}

/** A term for the register (confidentiality); a repeat is refused as a conflict. */
async function addName(): Promise<Outcome> {
  const n = rng.int(1, 999);
  try {
    await call('names.add', {
      kind: 'place',
      term: `Plaats ${n}`,
      replacement: `[plaats ${String.fromCharCode(65 + (n % 26))}]`,
    });
    return WROTE;
  } catch (e) {
    if (e instanceof CasusError && e.code === 'conflict') return none(e.message);
    throw e;
  }
}

const OPS = {
  import: importFile,
  code,
  uncode,
  undo: () => history('undo'),
  redo: () => history('redo'),
  newCode,
  merge,
  version: newVersion,
  reconcile,
  transcript: importTranscript,
  codeSpeaker,
  recording: attachRecording,
  name: addName,
};
const WEIGHTS: Record<keyof typeof OPS, number> = {
  import: aim ? 40 : 7,
  code: 36,
  uncode: 8,
  undo: 16,
  redo: 4,
  newCode: 6,
  merge: 8,
  version: 5,
  reconcile: 4,
  transcript: aim ? 0 : 3,
  codeSpeaker: 3,
  recording: aim ? 0 : 2,
  name: 2,
};

const lastSeq = () =>
  (db()
    .prepare('SELECT coalesce(max(seq), 0) FROM change_log WHERE session_id = ?')
    .pluck()
    .get(session.id) as number) ?? 0;

/** The groups this session committed after `seq` (one call is at most one action). */
function groupsAfter(seq: number): { group_id: string; action: string; n: number }[] {
  return db()
    .prepare(
      `SELECT group_id, min(action) AS action, count(*) AS n FROM change_log
       WHERE session_id = ? AND seq > ? GROUP BY group_id ORDER BY min(seq)`,
    )
    .all(session.id, seq) as { group_id: string; action: string; n: number }[];
}

/** What a group left: for each row it touched, whether the row is there after it. */
function claimsOf(group: string): Claim[] {
  const rows = db()
    .prepare(
      `SELECT entity, entity_id, after IS NOT NULL AS present FROM change_log
       WHERE group_id = ? AND entity <> 'history' ORDER BY seq`,
    )
    .all(group) as { entity: string; entity_id: string; present: 0 | 1 }[];
  const last = new Map<string, Claim>();
  for (const r of rows) last.set(`${r.entity}\n${r.entity_id}`, [r.entity, r.entity_id, r.present]);
  return [...last.values()];
}

async function run(n: number, op: string, fn: () => Promise<Outcome>): Promise<void> {
  current = n;
  print({ t: 'begin', n, op });
  const before = lastSeq();
  let outcome: Outcome;
  try {
    outcome = await fn();
  } catch (e) {
    print({ t: 'fault', n, op, message: e instanceof Error ? e.message : String(e) });
    process.exit(3);
  }
  const groups = groupsAfter(before);
  if (groups.length > 1) {
    print({ t: 'fault', n, op, message: `one call committed ${groups.length} groups` });
    process.exit(3);
  }
  const g = groups[0];
  if (!g) {
    print({ t: 'none', n, op, why: outcome.wrote ? 'nothing changed' : outcome.why });
    return;
  }
  print({
    t: 'ack',
    n,
    op,
    action: g.action,
    group: g.group_id,
    entries: g.n,
    claims: claimsOf(g.group_id),
  });
}

const opened = await dispatch('project.open', { path }, ctx, CLI_CALLER);
if (!opened.ok) {
  print({ t: 'fault', n: 0, op: 'open', message: opened.error.message });
  process.exit(3);
}
// Aimed at long transactions: a small page cache makes them spill pages into the write-ahead log
// before they commit (as on a machine short of memory), so the kill finds half a transaction there.
if (aim) db().pragma('cache_size = 64');
print({ t: 'ready', session: session.id });
let n = 0;
const coders = await call('coders.list', {});
if (coders.length === 0 || rng.chance(0.2)) await run(++n, 'coder', addCoder);
else await call('session.setCoder', { coderId: rng.pick(coders).id });
for (;;) {
  const op = rng.weighted(WEIGHTS);
  await run(++n, op, OPS[op]);
}
