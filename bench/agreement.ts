import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { codeRange } from '../core/server/domain/segments.js';
import { runAction, type Writer } from '../db/access.js';
import { openProjectDb } from '../db/open.js';
import { insertCoder, listCoders } from '../db/repo/coders.js';
import { codeRows } from '../db/repo/codes.js';
import { allCodings, insertCoding } from '../db/repo/codings.js';
import { allSegments, insertSegment } from '../db/repo/segments.js';
import { getSourceText, sourceRows } from '../db/repo/sources.js';
import { callStudy, openStudy, type OpenedStudy } from './generate.js';
import type { BenchStudy, Measurement } from './harness.js';

/**
 * Team coding (issue 16; targets under 2 s): Cohen's κ and Krippendorff's α for all principle
 * codes over the generated study double-coded by a second coder, and merging a coder's copy of
 * the study that holds 500 new codings. Each works on its own copy of the study file, so the
 * other suites see the study as generated.
 */

/** A consistent copy of the study (what its WAL holds included). */
function copyStudy(study: BenchStudy, name: string): string {
  const path = join(study.dir, name);
  const db = new Database(study.path, { readonly: true });
  db.exec(`VACUUM INTO '${path.replaceAll("'", "''")}'`);
  db.close();
  return path;
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One logged action on a project file, as a script would make it. */
function act<T>(path: string, name: string, fn: (w: Writer) => T): T {
  const db = openProjectDb(path);
  try {
    return runAction(db, { name, coderId: null, sessionId: null }, fn).value;
  } finally {
    db.close();
  }
}

/**
 * A second coder double-codes every segment with a principle, as two researchers do: mostly the
 * same passage (a quarter with boundaries moved up to 20 characters) and mostly (80 %) the same
 * principle.
 */
function addSecondCoder(path: string): string[] {
  const rand = rng(7);
  return act(path, 'coding.apply', (w) => {
    const first = listCoders(w)[0]?.id ?? '';
    const second = randomUUID();
    const at = new Date().toISOString();
    insertCoder(w, {
      id: second,
      name: 'Second Coder',
      initials: 'SC',
      color: '#EE6677',
      created_at: at,
    });
    const principles = codeRows(w)
      .filter((c) => c.dimension === 'principle' && c.key !== 'opgavegericht-werken')
      .map((c) => c.id);
    const isPrinciple = new Set(principles);
    const principleOf = new Map<string, string>();
    for (const k of allCodings(w))
      if (isPrinciple.has(k.code_id)) principleOf.set(k.segment_id, k.code_id);
    const lengths = new Map(sourceRows(w).map((s) => [s.id, s.text_length]));
    const texts = new Map<string, string>();
    for (const s of allSegments(w)) {
      const length = lengths.get(s.source_id) ?? s.end;
      const shift = rand() < 0.75 ? 0 : Math.floor(rand() * 41) - 20;
      const start = Math.max(0, s.start + shift);
      const end = Math.min(length, Math.max(start + 1, s.end + shift));
      const text = texts.get(s.source_id) ?? getSourceText(w, s.source_id) ?? '';
      texts.set(s.source_id, text);
      const same = rand() < 0.8 ? principleOf.get(s.id) : undefined;
      const principle = same ?? (principles[Math.floor(rand() * principles.length)] as string);
      const id = randomUUID();
      insertSegment(w, {
        id,
        source_id: s.source_id,
        start,
        end,
        text: text.slice(start, end),
        created_by: second,
        created_at: at,
      });
      insertCoding(w, {
        id: randomUUID(),
        segment_id: id,
        code_id: principle,
        coder_id: second,
        created_at: at,
      });
    }
    return [first, second];
  });
}

interface Doubled {
  o: OpenedStudy;
  coders: string[];
}

/** One double-coded copy, shared by the κ measurements. */
let doubled: Doubled | null = null;
function doubleCoded(study: BenchStudy): Doubled {
  if (!doubled) {
    const path = copyStudy(study, 'agreement.casus');
    const coders = addSecondCoder(path);
    doubled = { o: openStudy(path), coders };
  }
  return doubled;
}

let copies = 0;

/** A laptop copy with 500 codings of a third coder, and the office copy to merge it into. */
async function laptopCopy(study: BenchStudy) {
  const n = ++copies;
  const laptop = copyStudy(study, `laptop-${n}.casus`);
  const office = copyStudy(study, `office-${n}.casus`);
  const rand = rng(11);
  act(laptop, 'coding.apply', (w) => {
    const coder = randomUUID();
    insertCoder(w, {
      id: coder,
      name: 'Laptop Coder',
      initials: 'LC',
      color: '#228833',
      created_at: new Date().toISOString(),
    });
    const principles = codeRows(w)
      .filter((c) => c.dimension === 'principle')
      .map((c) => c.id);
    const sources = sourceRows(w);
    for (let i = 0; i < 500; i++) {
      const s = sources[Math.floor(rand() * sources.length)];
      if (!s) continue;
      const start = Math.floor(rand() * (s.text_length - 300));
      codeRange(w, {
        sourceId: s.id,
        start,
        end: start + 40 + Math.floor(rand() * 200),
        codeIds: [principles[Math.floor(rand() * principles.length)] as string],
        coderId: coder,
      });
    }
  });
  return { o: openStudy(office), laptop };
}

type Laptop = Awaited<ReturnType<typeof laptopCopy>>;
const applied: number[] = [];
let mergedCodings = 0;
const undone: number[] = [];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.floor((s.length - 1) / 2)] ?? 0) * 100) / 100;
};

/**
 * The floor of κ: one SQL read of what every figure is computed from, the two coders' codings of
 * the principles with their segments' sources and ranges.
 */
function rawCodings({ o, coders }: Doubled) {
  return o.session
    .db!.prepare(
      `SELECT g.source_id, g.start, g.end, k.coder_id, k.code_id
       FROM codes c JOIN codings k INDEXED BY codings_code ON k.code_id = c.id
         JOIN segments g ON g.seq = k.segment_seq
       WHERE c.dimension = 'principle' AND k.coder_id IN (?, ?)`,
    )
    .raw(true)
    .all(...coders);
}

const kappa = (unit: 'char' | 'segment' | 'block', n: number): Measurement => ({
  name: `agreement.compute principles, two coders, ${unit} level`,
  n,
  setup: doubleCoded,
  run: (_s, p) => {
    const { o, coders } = p as Doubled;
    return callStudy(o, 'agreement.compute', { coderIds: coders, dimension: 'principle', unit });
  },
  floor: (_s, p) => rawCodings(p as Doubled),
});

export const measurements: Measurement[] = [
  kappa('char', 5),
  kappa('block', 3),
  kappa('segment', 3),
  {
    name: 'merge.preview of a copy with 500 new codings',
    n: 3,
    setup: laptopCopy,
    run: (_s, p) => callStudy((p as Laptop).o, 'merge.preview', { filePath: (p as Laptop).laptop }),
  },
  {
    // Each run merges and then undoes the merge, so the next merges the same copy again; the
    // times of each step are reported apart.
    name: 'merge.apply of a copy with 500 new codings (+ merge.undo)',
    n: 3,
    setup: laptopCopy,
    run: async (_s, p) => {
      const { o, laptop } = p as Laptop;
      let t = performance.now();
      const merged = await callStudy(o, 'merge.apply', { filePath: laptop });
      applied.push(performance.now() - t);
      mergedCodings = merged.counts.codings.added;
      t = performance.now();
      await callStudy(o, 'merge.undo', { mergeId: merged.mergeId ?? '' });
      undone.push(performance.now() - t);
    },
    extra: () => ({
      apply_median_ms: median(applied),
      undo_median_ms: median(undone),
      codings_merged: mergedCodings,
    }),
  },
];
