import {
  addPair,
  BinaryPatterns,
  cohensKappa,
  emptyPair,
  pairTotal,
  percentOf,
  pooledKappa,
  type PairTable,
  type ReasonCode,
} from './measures.js';
import {
  coveredLength,
  mergeIntervals,
  overlapLength,
  overlapShare,
  sweepCoverage,
  touches,
  type Interval,
} from './intervals.js';

/**
 * From codings to agreement units. Three kinds of unit:
 * - `char`: every character of a source (NVivo's unit): coded by A, by B, both or neither;
 * - `segment`: the passages the coders coded, one coder's segment matched to the other's when
 *   they overlap by at least a share (MAXQDA's unit); an unmatched segment is a unit of its own;
 * - `block`: the source's blocks (paragraphs): did the coder apply the code anywhere in it.
 * A coder who made no coding in a source has no value for its units (missing data): such units
 * count for α when at least two coders have a value, and for κ only when both coders have one.
 */

export type AgreementUnit = 'char' | 'segment' | 'block';

/** One coder applied one (chosen) code to a range of a source. */
export interface CodingFact {
  coderId: string;
  codeId: string;
  sourceId: string;
  start: number;
  end: number;
}

export interface UnitSource {
  id: string;
  /** Characters (UTF-16 code units) of its text. */
  length: number;
  /** Its text blocks (no page breaks). */
  blocks: readonly Interval[];
  /** The chosen coders who coded anything in it. */
  coders: ReadonlySet<string>;
}

/** The counts behind one figure: the 2×2 table (two coders) and the value patterns (α). */
export interface Tally {
  pair: PairTable | null;
  patterns: BinaryPatterns;
}

export const emptyTally = (twoCoders: boolean): Tally => ({
  pair: twoCoders ? emptyPair() : null,
  patterns: new BinaryPatterns(),
});

export function addTally(into: Tally, t: Tally): Tally {
  if (into.pair && t.pair) addPair(into.pair, t.pair);
  into.patterns.addAll(t.patterns);
  return into;
}

export interface AgreementSpec {
  unit: AgreementUnit;
  /** Minimal overlap share (0–1] for two segments to be one unit. */
  overlap: number;
  coders: readonly string[];
  codes: readonly string[];
}

/** source id → code id → tally */
export type Tallies = Map<string, Map<string, Tally>>;

/** Counts every unit of every source for every code. */
export function tallyUnits(
  spec: AgreementSpec,
  sources: readonly UnitSource[],
  facts: readonly CodingFact[],
): Tallies {
  const bySource = new Map<string, CodingFact[]>();
  for (const f of facts) {
    const list = bySource.get(f.sourceId);
    if (list) list.push(f);
    else bySource.set(f.sourceId, [f]);
  }
  const out: Tallies = new Map();
  for (const s of sources) {
    const present = spec.coders.filter((c) => s.coders.has(c));
    const facts = bySource.get(s.id) ?? [];
    out.set(
      s.id,
      spec.unit === 'segment'
        ? segmentTallies(spec, s, present, facts)
        : coverageTallies(spec, s, present, facts),
    );
  }
  return out;
}

/** Per code and present coder: the merged ranges they applied it to. */
function rangesByCode(
  spec: AgreementSpec,
  facts: readonly CodingFact[],
): Map<string, Map<string, Interval[]>> {
  const out = new Map<string, Map<string, Interval[]>>();
  for (const code of spec.codes) out.set(code, new Map());
  for (const f of facts) {
    const byCoder = out.get(f.codeId);
    if (!byCoder) continue;
    const list = byCoder.get(f.coderId);
    if (list) list.push([f.start, f.end]);
    else byCoder.set(f.coderId, [[f.start, f.end]]);
  }
  for (const byCoder of out.values())
    for (const [c, list] of byCoder) byCoder.set(c, mergeIntervals(list));
  return out;
}

/** Character and block units: each coder's value is whether their ranges cover the unit. */
function coverageTallies(
  spec: AgreementSpec,
  source: UnitSource,
  present: readonly string[],
  facts: readonly CodingFact[],
): Map<string, Tally> {
  const two = spec.coders.length === 2;
  const [a, b] = spec.coders as [string, string];
  const pairable = two && present.length === 2;
  const out = new Map<string, Tally>();
  for (const [code, byCoder] of rangesByCode(spec, facts)) {
    const t = emptyTally(two);
    const ranges = present.map((c) => byCoder.get(c) ?? []);
    if (spec.unit === 'char') {
      if (pairable && t.pair) {
        const ra = byCoder.get(a) ?? [];
        const rb = byCoder.get(b) ?? [];
        const both = overlapLength(ra, rb);
        const la = coveredLength(ra);
        const lb = coveredLength(rb);
        t.pair.both = both;
        t.pair.onlyA = la - both;
        t.pair.onlyB = lb - both;
        t.pair.neither = source.length - la - lb + both;
      }
      if (present.length >= 2)
        sweepCoverage(ranges, source.length, (k, w) => t.patterns.add(present.length, k, w));
    } else {
      for (const [start, end] of source.blocks) {
        if (end <= start) continue;
        const values = ranges.map((r) => touches(r, start, end));
        const k = values.filter(Boolean).length;
        if (present.length >= 2) t.patterns.add(present.length, k);
        if (pairable && t.pair) {
          const va = values[present.indexOf(a)];
          const vb = values[present.indexOf(b)];
          if (va && vb) t.pair.both++;
          else if (va) t.pair.onlyA++;
          else if (vb) t.pair.onlyB++;
          else t.pair.neither++;
        }
      }
    }
    out.set(code, t);
  }
  return out;
}

interface CoderSegment {
  start: number;
  end: number;
  codes: Set<string>;
}

/** One coder's segments in a source: their ranges, each with the chosen codes applied there. */
function coderSegments(facts: readonly CodingFact[], coder: string): CoderSegment[] {
  const byRange = new Map<string, CoderSegment>();
  for (const f of facts) {
    if (f.coderId !== coder) continue;
    const key = `${f.start}:${f.end}`;
    const seg = byRange.get(key) ?? { start: f.start, end: f.end, codes: new Set<string>() };
    seg.codes.add(f.codeId);
    byRange.set(key, seg);
  }
  return [...byRange.values()].sort((x, y) => x.start - y.start || x.end - y.end);
}

/**
 * Pairs A's and B's segments whose overlap share is at least `min`, best overlaps first; each
 * segment is in at most one pair. Returns the units: pairs and unmatched segments.
 */
export function matchSegments<T extends { start: number; end: number }>(
  as: readonly T[],
  bs: readonly T[],
  min: number,
): { a: T | null; b: T | null; share: number }[] {
  const candidates: { i: number; j: number; share: number }[] = [];
  let from = 0;
  for (let i = 0; i < as.length; i++) {
    const x = as[i] as T;
    // Both lists are sorted by start: what ends before x starts overlaps no later x either.
    while (from < bs.length && (bs[from] as T).end <= x.start) from++;
    for (let j = from; j < bs.length; j++) {
      const y = bs[j] as T;
      if (y.start >= x.end) break;
      const share = overlapShare([x.start, x.end], [y.start, y.end]);
      if (share >= min && share > 0) candidates.push({ i, j, share });
    }
  }
  candidates.sort((p, q) => q.share - p.share || p.i - q.i || p.j - q.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const units: { a: T | null; b: T | null; share: number }[] = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    units.push({ a: as[c.i] as T, b: bs[c.j] as T, share: c.share });
  }
  as.forEach((x, i) => usedA.has(i) || units.push({ a: x, b: null, share: 0 }));
  bs.forEach((y, j) => usedB.has(j) || units.push({ a: null, b: y, share: 0 }));
  return units;
}

/** Segment units (two coders): for each unit and code, whether each coder applied it there. */
function segmentTallies(
  spec: AgreementSpec,
  source: UnitSource,
  present: readonly string[],
  facts: readonly CodingFact[],
): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const code of spec.codes) out.set(code, emptyTally(true));
  if (present.length < 2) return out;
  const [a, b] = spec.coders as [string, string];
  const units = matchSegments(coderSegments(facts, a), coderSegments(facts, b), spec.overlap);
  for (const code of spec.codes) {
    const t = out.get(code) as Tally;
    const pair = t.pair as PairTable;
    for (const u of units) {
      const va = u.a?.codes.has(code) ?? false;
      const vb = u.b?.codes.has(code) ?? false;
      if (va && vb) pair.both++;
      else if (va) pair.onlyA++;
      else if (vb) pair.onlyB++;
      else pair.neither++;
    }
    t.patterns = BinaryPatterns.fromPair(pair);
  }
  return out;
}

// --- Figures ----------------------------------------------------------------------------------

/** What a table row shows: percent agreement, κ and α with the reasons they are undefined. */
export interface Figures {
  /** 0–100; null without units. */
  percent: number | null;
  kappa: number | null;
  kappaReason: ReasonCode | null;
  alpha: number | null;
  alphaReason: ReasonCode | null;
  /** Units with values of at least two coders. */
  units: number;
  /** Two coders: both, only A, only B, neither. */
  table: PairTable | null;
}

/** The figures of one code (summed over sources). */
export function codeFigures(t: Tally, coders: number): Figures {
  const alpha = t.patterns.alpha();
  if (coders === 2 && t.pair) {
    const kappa = cohensKappa(t.pair);
    return {
      percent: percentOf(t.pair),
      kappa: kappa.value,
      kappaReason: kappa.reason,
      alpha: alpha.value,
      alphaReason: alpha.reason,
      units: pairTotal(t.pair),
      table: { ...t.pair },
    };
  }
  return {
    percent: t.patterns.percent(),
    kappa: null,
    kappaReason: 'not-two-coders',
    alpha: alpha.value,
    alphaReason: alpha.reason,
    units: t.patterns.units(),
    table: null,
  };
}

/**
 * The pooled figures over several codes' tallies: κ pooled as De Vries et al. (2008), α over
 * every (unit, code) pair, percent agreement over the same pairs. `units` is the number of units
 * (each counted once, not once per code).
 */
export function pooledFigures(tallies: readonly Tally[], coders: number): Figures {
  const patterns = new BinaryPatterns();
  for (const t of tallies) patterns.addAll(t.patterns);
  const alpha = patterns.alpha();
  const first = tallies[0];
  if (coders === 2) {
    const tables = tallies.map((t) => t.pair ?? emptyPair());
    const kappa = pooledKappa(tables);
    const sum = tables.reduce((s, t) => addPair(s, t), emptyPair());
    return {
      percent: percentOf(sum),
      kappa: kappa.value,
      kappaReason: kappa.reason,
      alpha: alpha.value,
      alphaReason: alpha.reason,
      units: first?.pair ? pairTotal(first.pair) : 0,
      table: sum,
    };
  }
  return {
    percent: patterns.percent(),
    kappa: null,
    kappaReason: 'not-two-coders',
    alpha: alpha.value,
    alphaReason: alpha.reason,
    units: first ? first.patterns.units() : 0,
    table: null,
  };
}
