import type { Reader } from '../../../db/access.js';
import {
  codedSegmentRowids,
  dataVersion,
  matrixSources,
  segmentIdsByRowid,
  segmentIdsPerSource,
  segmentsPerCode,
  segmentsPerCoder,
  segmentsSpokenBy,
} from '../../../db/queries/matrix.js';
import { caseRows } from '../../../db/repo/cases.js';
import { listCoders } from '../../../db/repo/coders.js';
import { codeRows } from '../../../db/repo/codes.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import type {
  AxisDimension,
  AxisSpec,
  MatrixCell,
  MatrixHeader,
  MatrixResult,
  ParsedMatrixSpec,
  PatternKind,
} from '../../shared/contract/matrix.js';
import { CasusError } from '../../shared/errors.js';
import { NO_VALUE, noValueLabel } from '../../shared/matrix/words.js';

/*
 * The matrix engine. The data layer (db/queries/matrix.ts) hands back one JSON array per code (its
 * segments' rowids) and one per source (its segments in text order), so JavaScript never
 * materialises a row per segment or coding. Segments are then numbered densely
 * and every dimension becomes, per segment, a short list of value indices in typed arrays; one
 * pass over the segments in reading order fills the cells. Segment ids are only read when the
 * caller asks for them (CLI JSON, drill-down), and a drill-down reads only its own cell's.
 */

type Bi = { nl: string; en: string };

interface CodeInfo {
  id: string;
  parentId: string | null;
  key: string | null;
  dimension: string;
  label: Bi;
  depth: number;
}

/** A value of one dimension and its header facts. */
interface AxisValue {
  id: string;
  label: Bi;
  group: boolean;
  groupId: string | null;
  depth: number;
  hidden: boolean;
}

const CODE_DIMS: ReadonlySet<AxisDimension> = new Set([
  'principle',
  'category',
  'phase',
  'facet',
  'free',
]);
const isCodeDim = (d: AxisDimension) => CODE_DIMS.has(d);

function loadCodes(db: Reader): CodeInfo[] {
  const rows = codeRows(db);
  const children = new Map<string | null, typeof rows>();
  for (const r of rows) children.set(r.parent_id, [...(children.get(r.parent_id) ?? []), r]);
  const out: CodeInfo[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const r of children.get(parent) ?? []) {
      out.push({
        id: r.id,
        parentId: r.parent_id,
        key: r.key,
        dimension: r.dimension,
        label: { nl: r.label_nl, en: r.label_en },
        depth,
      });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

/** Resolves a code reference (id or key or label) or fails naming it. */
function resolveCode(codes: CodeInfo[], ref: string): CodeInfo {
  const lower = ref.toLowerCase();
  const byId = codes.find((c) => c.id === ref);
  if (byId) return byId;
  const hits = codes.filter(
    (c) =>
      c.key?.toLowerCase() === lower ||
      c.label.nl.toLowerCase() === lower ||
      c.label.en.toLowerCase() === lower,
  );
  if (hits.length === 0) throw new CasusError('not_found', `Filter: no code "${ref}"`);
  if (hits.length > 1)
    throw new CasusError(
      'invalid_input',
      `Filter: "${ref}" matches ${hits.length} codes; use its id`,
    );
  return hits[0] as CodeInfo;
}

function resolveRef(rows: { id: string; names: string[] }[], ref: string, what: string): string {
  const lower = ref.toLowerCase();
  const hit = rows.find((r) => r.id === ref || r.names.some((n) => n.toLowerCase() === lower));
  if (!hit) throw new CasusError('not_found', `Filter: no ${what} "${ref}"`);
  return hit.id;
}

/** The whole-matrix filter with its references resolved to ids. */
interface Filter {
  coderIds: string[] | null;
  caseIds: string[] | null;
  approvedOnly: boolean;
  /** Speaker roles of transcript turns a segment must overlap (sorted); null for any. */
  speakerRoles: string[] | null;
  /** Per dimension of the filter codes: the codes any of which a segment must have. */
  codeGroups: Set<string>[];
}

function resolveFilter(db: Reader, codes: CodeInfo[], f: ParsedMatrixSpec['filter']): Filter {
  const coderIds = f.coders?.length
    ? [
        ...new Set(
          f.coders.map((ref) =>
            resolveRef(
              listCoders(db).map((c) => ({ id: c.id, names: [c.name, c.initials] })),
              ref,
              'coder',
            ),
          ),
        ),
      ]
    : null;
  const caseIds = f.cases?.length
    ? [
        ...new Set(
          f.cases.map((ref) =>
            resolveRef(
              caseRows(db).map((c) => ({ id: c.id, names: [c.key, c.label_nl, c.label_en] })),
              ref,
              'case',
            ),
          ),
        ),
      ]
    : null;
  // Codes of one dimension are alternatives; every dimension named must match.
  const groups = new Map<string, Set<string>>();
  for (const ref of f.codes ?? []) {
    const c = resolveCode(codes, ref);
    const set = groups.get(c.dimension) ?? new Set<string>();
    set.add(c.id);
    groups.set(c.dimension, set);
  }
  return {
    coderIds,
    caseIds,
    approvedOnly: f.approvedOnly === true,
    speakerRoles: f.speakerRoles?.length ? [...new Set(f.speakerRoles)].sort() : null,
    codeGroups: [...groups.values()],
  };
}

/**
 * What the engine reads from SQLite, kept per connection while the data stays the same: a grid,
 * its drill-downs and a change of measure or grouping then share one read. Any committed change
 * (PRAGMA data_version for other connections, total_changes() for this one) starts afresh, and
 * nothing is kept from inside a transaction (it might roll back).
 */
const memory = new WeakMap<Reader, { version: string; values: Map<string, unknown> }>();

/** The values kept for this connection's current data, or null inside a transaction. */
function kept(db: Reader): Map<string, unknown> | null {
  const version = dataVersion(db);
  if (version === null) return null;
  let m = memory.get(db);
  if (m?.version !== version) {
    m = { version, values: new Map() };
    memory.set(db, m);
  }
  return m.values;
}

function memo<T>(db: Reader, key: string, load: () => T): T {
  const m = kept(db);
  if (m?.has(key)) return m.get(key) as T;
  const value = load();
  m?.set(key, value);
  return value;
}

/** Forgets what was read from this connection (benchmarks use it to time a cold computation). */
export function forgetMatrixData(db: Reader): void {
  memory.delete(db);
}

/** One source that passes the source-level filters, with its segments in text order. */
interface SourceRow {
  id: string;
  sort: number;
  title: string;
  caseId: string | null;
  documentType: string;
  role: string | null;
  respondentId: string | null;
  /** Segment rowids in text order: by (start, end), ties by id. */
  rowids: number[];
  starts: number[] | null;
  ends: number[] | null;
}

const sourcesKey = (f: Filter) => JSON.stringify([f.caseIds, f.approvedOnly]);

function loadSources(db: Reader, f: Filter, spans: boolean): SourceRow[] {
  return memo(db, `sources ${sourcesKey(f)} ${spans}`, () => readSources(db, f, spans));
}

function readSources(db: Reader, f: Filter, spans: boolean): SourceRow[] {
  return matrixSources(db, f, spans).map((r) => ({
    id: r[0],
    sort: r[1],
    title: r[2],
    caseId: r[3],
    documentType: r[4],
    role: r[5],
    respondentId: r[6],
    rowids: r[7],
    starts: spans ? (r[8] ?? []) : null,
    ends: spans ? (r[9] ?? []) : null,
  }));
}

/** Segment rowid → dense index (position in reading order of the loaded sources), or -1. */
class DenseIndex {
  private readonly table: Int32Array | null;
  private readonly map: Map<number, number> | null;
  constructor(
    sources: SourceRow[],
    readonly size: number,
  ) {
    let max = 0;
    for (const s of sources) for (const r of s.rowids) if (r > max) max = r;
    if (max <= size * 8 + 1_000_000) {
      this.table = new Int32Array(max + 1).fill(-1);
      this.map = null;
      let n = 0;
      for (const s of sources) for (const r of s.rowids) this.table[r] = n++;
    } else {
      this.table = null;
      this.map = new Map();
      let n = 0;
      for (const s of sources) for (const r of s.rowids) this.map.set(r, n++);
    }
  }
  get(rowid: number): number {
    if (this.table) return rowid < this.table.length ? (this.table[rowid] as number) : -1;
    return this.map?.get(rowid) ?? -1;
  }
}

/** Per code (or coder): the rowids of its segments, after the coder filter. */
function codeLists(db: Reader, codeIds: string[], f: Filter): Map<string, number[]> {
  const m = kept(db);
  const key = (code: string) => `code ${JSON.stringify(f.coderIds)} ${code}`;
  const read = readCodeLists(
    db,
    codeIds.filter((c) => !m?.has(key(c))),
    f,
  );
  return new Map(
    codeIds.map((c) => {
      const list = (m?.get(key(c)) as number[] | undefined) ?? read.get(c) ?? [];
      m?.set(key(c), list);
      return [c, list];
    }),
  );
}

function readCodeLists(db: Reader, codeIds: string[], f: Filter): Map<string, number[]> {
  const out = new Map<string, number[]>();
  if (codeIds.length === 0) return out;
  for (const [id, list] of segmentsPerCode(db, codeIds, f.coderIds))
    out.set(id, JSON.parse(list) as number[]);
  return out;
}

function coderLists(db: Reader, f: Filter): Map<string, number[]> {
  return memo(db, `coders ${JSON.stringify(f.coderIds)}`, () => readCoderLists(db, f));
}

function readCoderLists(db: Reader, f: Filter): Map<string, number[]> {
  return new Map(
    segmentsPerCoder(db, f.coderIds).map(([id, list]) => [id, JSON.parse(list) as number[]]),
  );
}

/** Rowids of the segments with at least one coding that passes the coder filter. */
function codedSegments(db: Reader, f: Filter): number[] {
  return memo(db, `coded ${JSON.stringify(f.coderIds)}`, () => readCodedSegments(db, f));
}

function readCodedSegments(db: Reader, f: Filter): number[] {
  return JSON.parse(codedSegmentRowids(db, f.coderIds)) as number[];
}

/** Rowids of the segments in turns of the filter's speaker roles ("respondent's words only"). */
function spokenSegments(db: Reader, roles: string[]): number[] {
  return memo(
    db,
    `spoken ${JSON.stringify(roles)}`,
    () => JSON.parse(segmentsSpokenBy(db, roles)) as number[],
  );
}

/** Per segment, the indices of the dimension values it belongs to (compressed rows). */
class Members {
  readonly start: Int32Array;
  readonly values: Int32Array;
  constructor(n: number, segs: Int32Array, vals: Int32Array) {
    // A counting sort in place (no second array of n: at 250,000 segments the copies cost more
    // than the counting): counts, their running sums (each segment's first slot), then each
    // value put at its segment's next slot, which leaves start[i] at i's end: shifted back.
    const start = new Int32Array(n + 1);
    const values = new Int32Array(segs.length);
    for (let i = 0; i < segs.length; i++) start[(segs[i] as number) + 1]!++;
    for (let i = 0; i < n; i++) start[i + 1]! += start[i] as number;
    for (let i = 0; i < segs.length; i++) values[start[segs[i] as number]!++] = vals[i] as number;
    start.copyWithin(1, 0, n);
    start[0] = 0;
    this.start = start;
    this.values = values;
  }

  /** Per value, its segments ascending (compressed rows), built on the first drill-down. */
  private byValue: { start: Int32Array; segs: Int32Array } | null = null;

  /** The segments that hold value `v`, ascending. */
  holdersOf(v: number): Int32Array {
    if (!this.byValue) {
      const { start, values } = this;
      let nv = 0;
      for (const x of values) if (x >= nv) nv = x + 1;
      const at = new Int32Array(nv + 1);
      for (const x of values) at[x + 1]!++;
      for (let i = 0; i < nv; i++) at[i + 1]! += at[i] as number;
      const next = at.slice(0, nv);
      const segs = new Int32Array(values.length);
      // Segments in ascending order, so each value's list comes out ascending.
      for (let i = 0; i < start.length - 1; i++)
        for (let k = start[i] as number; k < (start[i + 1] as number); k++)
          segs[next[values[k] as number]!++] = i;
      this.byValue = { start: at, segs };
    }
    const { start, segs } = this.byValue;
    return v + 1 < start.length ? segs.subarray(start[v], start[v + 1]) : EMPTY;
  }

  /** The segments that hold at least one value, ascending. */
  holders(): Int32Array {
    const n = this.start.length - 1;
    const out = new Int32Array(this.values.length);
    let m = 0;
    for (let i = 0; i < n; i++)
      if ((this.start[i + 1] as number) > (this.start[i] as number)) out[m++] = i;
    return out.subarray(0, m);
  }
}

/** How a dimension's values are found for one segment. */
type Lookup = { kind: 'segment'; members: Members } | { kind: 'source'; bySource: Int32Array }; // value index per loaded source, -1 for none

interface Dim {
  values: AxisValue[];
  lookup: Lookup;
}

interface Side {
  headers: MatrixHeader[];
  /** Writes the header indices of one segment into out; returns how many. */
  fill(seg: number, src: number, out: Int32Array): number;
  /** Capacity `out` needs. */
  capacity: number;
  /** Whether `fill` depends on the source only (dimensions of sources): the same for its segments. */
  perSource: boolean;
  /**
   * The segments (ascending) among which are all that `fill` gives header `index`: those of the
   * sources with that value of a source dimension, or those holding a value of a code or coder
   * dimension (only the wanted values are read for a target cell).
   */
  holders(index: number): Int32Array;
}

function valuesOf(dim: Dim, seg: number, src: number, out: Int32Array): number {
  if (dim.lookup.kind === 'source') {
    const v = dim.lookup.bySource[src] as number;
    if (v < 0) return 0;
    out[0] = v;
    return 1;
  }
  const m = dim.lookup.members;
  const a = m.start[seg] as number;
  const b = m.start[seg + 1] as number;
  for (let i = a; i < b; i++) out[i - a] = m.values[i] as number;
  return b - a;
}

export interface ComputeOptions {
  /** Segment ids per cell (default true): the CLI's JSON and exports need them, a grid does not. */
  includeSegments?: boolean;
}

export interface Computed extends MatrixResult {
  /** Cell segments (when computed with includeSegments). */
  bucket(row: string, col: string): string[] | undefined;
}

interface Target {
  row: string;
  col: string;
}

interface Run {
  rows: MatrixHeader[];
  cols: MatrixHeader[];
  /** Raw measure per cell, row-major (empty when only a target cell was wanted). */
  raw: Float64Array;
  /** Cases per row (cross-case pattern). */
  rowCases: Int32Array;
  /** Dense segment indices per cell in reading order (only when lists were wanted). */
  lists: Map<number, number[]> | null;
  sources: SourceRow[];
  /** Dense index → source position and offset within it. */
  denseSource: Int32Array;
  denseOffset: Int32Array;
  /** Number of cases in the project. */
  nCases: number;
  /** Which sources were loaded (the source-level filter). */
  sourcesKey: string;
}

/** The spec resolved against the project: codes, filter, and which values a run needs. */
interface Axes {
  codes: CodeInfo[];
  codeById: Map<string, CodeInfo>;
  filter: Filter;
  /** Descendants-or-self of every code: a segment coded with a child belongs to its ancestors. */
  descendants: Map<string, string[]>;
  dimsUsed: AxisDimension[];
  /** Whether the filtered set must be listed ("segments with a coding by the coder filter"). */
  needCoded: boolean;
  /** Whether a value's memberships are needed: all are, or only the target cell's. */
  isWanted(d: AxisDimension, v: string): boolean;
  /** Whether every value of a dimension is needed (a whole grid, or a "no value" target). */
  wantsAll(d: AxisDimension): boolean;
}

/** Step 1: resolve the axes and the filter. */
function resolveAxes(db: Reader, spec: ParsedMatrixSpec, target: Target | null): Axes {
  const codes = loadCodes(db);
  const codeById = new Map(codes.map((c) => [c.id, c]));
  const filter = resolveFilter(db, codes, spec.filter);
  for (const side of [spec.rows, spec.cols])
    if (side.split && side.split === side.dim)
      throw new CasusError('invalid_input', `Cannot split ${side.dim} by itself`);

  const descendants = new Map<string, string[]>(codes.map((c) => [c.id, []]));
  for (const c of codes)
    for (let a: CodeInfo | undefined = c; a; a = a.parentId ? codeById.get(a.parentId) : undefined)
      descendants.get(a.id)?.push(c.id);

  const dimsUsed = [spec.rows.dim, spec.rows.split, spec.cols.dim, spec.cols.split].filter(
    (d): d is AxisDimension => d !== undefined,
  );
  const implies = (s: AxisSpec) =>
    [s.dim, s.split].some((d) => d !== undefined && (isCodeDim(d) || d === 'coder'));
  const vocabUsed = dimsUsed.some((d) => d === 'sourceType' || d === 'role');
  // The filtered set is "segments with a coding that passes the coder filter"; when the axes
  // (or the code filter) already demand such a coding, that set need not be listed.
  const needCoded =
    filter.codeGroups.length === 0 && (!(implies(spec.rows) || implies(spec.cols)) || vocabUsed);

  // Which values' memberships are needed: all, or only those of the target cell.
  const targetIds = (s: AxisSpec, key: string): Map<AxisDimension, string> => {
    const m = new Map<AxisDimension, string>();
    if (!s.split) m.set(s.dim, key);
    else {
      const i = key.indexOf(':');
      if (i >= 0) {
        m.set(s.dim, key.slice(0, i));
        m.set(s.split, key.slice(i + 1));
      }
    }
    return m;
  };
  const wanted = new Map<AxisDimension, Set<string> | 'all'>();
  for (const d of dimsUsed) wanted.set(d, target ? new Set() : 'all');
  if (target)
    for (const [s, key] of [
      [spec.rows, target.row],
      [spec.cols, target.col],
    ] as const)
      for (const [d, v] of targetIds(s, key)) {
        const w = wanted.get(d);
        // "No value" is known only by knowing every value a segment has.
        if (v === NO_VALUE) wanted.set(d, 'all');
        else if (w instanceof Set) w.add(v);
      }
  const isWanted = (d: AxisDimension, v: string) => {
    const w = wanted.get(d);
    return w === 'all' || (w?.has(v) ?? false);
  };
  const wantsAll = (d: AxisDimension) => wanted.get(d) === 'all';
  return { codes, codeById, filter, descendants, dimsUsed, needCoded, isWanted, wantsAll };
}

/**
 * Step 2: load the facts: the sources that pass the filter, with their segments (and spans when
 * the measure counts characters, or when sources tie on (sort, title) and their segments must
 * interleave by position).
 */
function loadFacts(
  db: Reader,
  filter: Filter,
  spec: ParsedMatrixSpec,
  target: Target | null,
): { sources: SourceRow[]; ties: boolean } {
  let sources = loadSources(db, filter, spec.measure === 'chars' && !target);
  let ties = false;
  for (let i = 1; i < sources.length; i++) {
    const a = sources[i - 1] as SourceRow;
    const b = sources[i] as SourceRow;
    if (a.sort === b.sort && a.title === b.title) ties = true;
  }
  if (ties && !sources.some((s) => s.starts)) sources = loadSources(db, filter, true);
  return { sources, ties };
}

/** The loaded segments numbered densely, source by source in text order. */
interface DenseSegments {
  n: number;
  /** Dense index → source position and offset within it. */
  denseSource: Int32Array;
  denseOffset: Int32Array;
  /** Source position → dense index of its first segment (one more entry: n). */
  sourceStart: Int32Array;
  /** Seq lists → dense indices (segments outside the loaded sources dropped). */
  toDense(m: Map<string, number[]>): Map<string, Int32Array>;
}

const EMPTY = new Int32Array(0);

/**
 * The dense numbering of loaded sources, kept with them: the sources are kept while the data is
 * unchanged (memo), so a drill-down after its grid numbers 250,000 segments once, not again.
 */
const numbered = new WeakMap<SourceRow[], DenseSegments>();

function denseSegmentsOf(sources: SourceRow[]): DenseSegments {
  let segs = numbered.get(sources);
  if (!segs) {
    segs = numberSegments(sources);
    numbered.set(sources, segs);
  }
  return segs;
}

/** Step 3: the dense index of the loaded segments. */
function numberSegments(sources: SourceRow[]): DenseSegments {
  const n = sources.reduce((t, s) => t + s.rowids.length, 0);
  const dense = new DenseIndex(sources, n);
  const denseSource = new Int32Array(n);
  const denseOffset = new Int32Array(n);
  const sourceStart = new Int32Array(sources.length + 1);
  let k = 0;
  sources.forEach((s, si) => {
    sourceStart[si] = k;
    for (let j = 0; j < s.rowids.length; j++) {
      denseSource[k] = si;
      denseOffset[k++] = j;
    }
  });
  // Kept per list: the lists read from SQLite are kept while the data is unchanged, too.
  const converted = new WeakMap<number[], Int32Array>();
  const toDense = (m: Map<string, number[]>) => {
    const out = new Map<string, Int32Array>();
    for (const [key, rowids] of m) {
      let d = converted.get(rowids);
      if (!d) {
        const all = new Int32Array(rowids.length);
        let j = 0;
        for (const r of rowids) {
          const i = dense.get(r);
          if (i >= 0) all[j++] = i;
        }
        d = all.subarray(0, j);
        converted.set(rowids, d);
      }
      out.set(key, d);
    }
    return out;
  };
  sourceStart[sources.length] = n;
  return { n, denseSource, denseOffset, sourceStart, toDense };
}

/** The codes whose segment lists a run reads: those of the code filter and the wanted values. */
function neededCodes(axes: Axes): string[] {
  const { codes, descendants, filter } = axes;
  const needed = new Set<string>();
  for (const g of filter.codeGroups)
    for (const w of g) for (const d of descendants.get(w) ?? []) needed.add(d);
  for (const d of axes.dimsUsed)
    if (isCodeDim(d))
      for (const c of codes)
        if (c.dimension === d && axes.isWanted(d, c.id))
          for (const x of descendants.get(c.id) ?? []) needed.add(x);
  return [...needed];
}

/** The filtered segment set: coded (by the coder filter) and passing every code group. */
function filteredSet(
  db: Reader,
  axes: Axes,
  segs: DenseSegments,
  lists: Map<string, Int32Array>,
): Uint8Array {
  const { n } = segs;
  const inSet = new Uint8Array(n);
  if (axes.needCoded) {
    const coded = segs.toDense(new Map([['', codedSegments(db, axes.filter)]])).get('') ?? EMPTY;
    for (const i of coded) inSet[i] = 1;
  } else inSet.fill(1);
  for (const g of axes.filter.codeGroups) {
    const has = new Uint8Array(n);
    for (const w of g)
      for (const d of axes.descendants.get(w) ?? [])
        for (const i of lists.get(d) ?? EMPTY) has[i] = 1;
    for (let i = 0; i < n; i++) if (!has[i]) inSet[i] = 0;
  }
  const roles = axes.filter.speakerRoles;
  if (roles) {
    const has = new Uint8Array(n);
    const spoken = segs.toDense(new Map([['', spokenSegments(db, roles)]])).get('') ?? EMPTY;
    for (const i of spoken) has[i] = 1;
    for (let i = 0; i < n; i++) if (!has[i]) inSet[i] = 0;
  }
  return inSet;
}

/**
 * Reading order when sources tie on (sort, title): their segments interleave by (start, end).
 * Dense index → ordinal.
 */
function readingOrder(sources: SourceRow[], n: number): Int32Array {
  const ordinal = new Int32Array(n);
  let k = 0;
  let base = 0;
  for (let i = 0; i < sources.length;) {
    let j = i + 1;
    const a = sources[i] as SourceRow;
    while (j < sources.length && sources[j]?.sort === a.sort && sources[j]?.title === a.title) j++;
    const group: { d: number; start: number; end: number }[] = [];
    for (let x = i; x < j; x++) {
      const s = sources[x] as SourceRow;
      s.rowids.forEach((_rowid, o) =>
        group.push({ d: base + o, start: s.starts?.[o] ?? 0, end: s.ends?.[o] ?? 0 }),
      );
      base += s.rowids.length;
    }
    group.sort((p, q) => p.start - q.start || p.end - q.end || p.d - q.d);
    for (const g of group) ordinal[g.d] = k++;
    i = j;
  }
  return ordinal;
}

/** Per source, the reading position of its first segment in the filtered set, or -1. */
function firstUsed(sources: SourceRow[], inSet: Uint8Array, ordinal: Int32Array | null): number[] {
  const first: number[] = [];
  let base = 0;
  for (const s of sources) {
    let at = -1;
    for (let o = 0; o < s.rowids.length; o++)
      if (inSet[base + o]) {
        at = ordinal ? (ordinal[base + o] as number) : base + o;
        break;
      }
    first.push(at);
    base += s.rowids.length;
  }
  return first;
}

const plainValue = (id: string, label: Bi): AxisValue => ({
  id,
  label,
  group: false,
  groupId: null,
  depth: 0,
  hidden: false,
});

/**
 * A grid's complete lookups (every value of a dimension), kept with its sources while the data
 * is unchanged (as the dense numbering is): a drill-down after its grid uses them rather than
 * building its own over every segment again. Keyed by what else they depend on: the filter
 * (coders, speaker roles, codes), the dimension and its collapsed groups.
 */
const keptDims = new WeakMap<SourceRow[], Map<string, Dim>>();

const filterKey = (f: Filter) =>
  JSON.stringify([f.coderIds, f.speakerRoles, f.codeGroups.map((g) => [...g].sort())]);

/** Step 4: each dimension's values and how a segment's values are looked up. */
class DimensionLookups {
  private readonly cache = new Map<string, Dim>();

  constructor(
    private readonly db: Reader,
    private readonly axes: Axes,
    private readonly sources: SourceRow[],
    private readonly segs: DenseSegments,
    private readonly lists: Map<string, Int32Array>,
    /** Per source, the first reading position in the filtered set (for values in use). */
    private readonly sourceFirst: number[],
  ) {}

  /** Source position → dense index of its first segment. */
  get sourceStart(): Int32Array {
    return this.segs.sourceStart;
  }

  dimFor(d: AxisDimension, collapsed: Set<string>): Dim {
    const cacheKey = `${d}\n${[...collapsed].sort().join(',')}`;
    let whole = keptDims.get(this.sources);
    const wholeKey = `${filterKey(this.axes.filter)}\n${cacheKey}`;
    const hit = this.cache.get(cacheKey) ?? whole?.get(wholeKey);
    if (hit) return hit;
    const dim = this.build(d, collapsed);
    this.cache.set(cacheKey, dim);
    if (this.axes.wantsAll(d)) {
      if (!whole) keptDims.set(this.sources, (whole = new Map()));
      whole.set(wholeKey, dim);
    }
    return dim;
  }

  private build(d: AxisDimension, collapsed: Set<string>): Dim {
    const { db, axes } = this;
    switch (d) {
      case 'principle':
      case 'category':
      case 'phase':
      case 'facet':
      case 'free':
        return this.codeDim(d, collapsed);
      case 'case':
        return this.sourceDim(
          caseRows(db).map((c) => plainValue(c.id, { nl: c.label_nl, en: c.label_en })),
          (s) => s.caseId,
        );
      case 'sourceType':
        return this.sourceDim(
          this.vocabValues('document-type', (s) => s.documentType),
          (s) => s.documentType,
        );
      case 'role':
        return this.sourceDim(
          this.vocabValues('role', (s) => s.role),
          (s) => s.role,
        );
      case 'coder': {
        const byCoder = this.segs.toDense(coderLists(db, axes.filter));
        return this.segmentDim(
          listCoders(db).map((c) => plainValue(c.id, { nl: c.name, en: c.name })),
          (v) => (axes.isWanted('coder', v.id) ? [byCoder.get(v.id) ?? EMPTY] : []),
        );
      }
    }
  }

  /** A code dimension: its codes as values, a collapsed group hiding the codes under it. */
  private codeDim(d: AxisDimension, collapsed: Set<string>): Dim {
    const { codeById, descendants } = this.axes;
    const ofDim = this.axes.codes.filter((c) => c.dimension === d);
    const ids = new Set(ofDim.map((c) => c.id));
    const parents = new Set(ofDim.map((c) => c.parentId).filter((p) => p !== null));
    const values = ofDim.map((c) => {
      // Hidden when any ancestor of the same dimension is collapsed.
      let hidden = false;
      let groupId: string | null = null;
      for (let p = c.parentId; p; p = codeById.get(p)?.parentId ?? null) {
        if (!ids.has(p)) continue;
        groupId ??= p;
        if (collapsed.has(p)) hidden = true;
      }
      return {
        id: c.id,
        label: c.label,
        group: parents.has(c.id),
        groupId,
        depth: c.depth,
        hidden,
      };
    });
    return this.segmentDim(values, (v) =>
      v.hidden || !this.axes.isWanted(d, v.id)
        ? []
        : (descendants.get(v.id) ?? []).map((x) => this.lists.get(x) ?? EMPTY),
    );
  }

  /** Values held per segment (codes, coders): compressed rows of value indices. */
  private segmentDim(values: AxisValue[], listsOf: (v: AxisValue) => Int32Array[]): Dim {
    const { n } = this.segs;
    const per = values.map(listsOf);
    let total = 0;
    for (const ls of per) for (const l of ls) total += l.length;
    const segs = new Int32Array(total);
    const vals = new Int32Array(total);
    let m = 0;
    const stamp = new Int32Array(n).fill(-1);
    per.forEach((ls, vi) => {
      for (const list of ls)
        for (let k = 0; k < list.length; k++) {
          const i = list[k] as number;
          if (stamp[i] !== vi) {
            stamp[i] = vi;
            segs[m] = i;
            vals[m++] = vi;
          }
        }
    });
    return {
      values,
      lookup: {
        kind: 'segment',
        members: new Members(n, segs.subarray(0, m), vals.subarray(0, m)),
      },
    };
  }

  /** Values held per source (case, document type, role): one value index per source. */
  private sourceDim(values: AxisValue[], pick: (s: SourceRow) => string | null): Dim {
    const index = new Map(values.map((v, i) => [v.id, i]));
    const bySource = new Int32Array(this.sources.length).fill(-1);
    this.sources.forEach((s, si) => {
      const v = pick(s);
      bySource[si] = v === null ? -1 : (index.get(v) ?? -1);
    });
    return { values, lookup: { kind: 'source', bySource } };
  }

  private vocabValues(kind: 'role' | 'document-type', pick: (s: SourceRow) => string | null) {
    const values = vocabulary(this.db, kind).map((v) =>
      plainValue(v.key, { nl: v.label_nl, en: v.label_en }),
    );
    const known = new Set(values.map((v) => v.id));
    // Values outside the vocabulary (older imports) still get a header rather than vanishing,
    // in the order the filtered segments first show them.
    const used = this.sources
      .map((s, si) => ({ v: pick(s), first: this.sourceFirst[si] as number }))
      .filter((u) => u.first >= 0 && u.v !== null)
      .sort((a, b) => a.first - b.first);
    for (const u of used)
      if (u.v && !known.has(u.v)) {
        known.add(u.v);
        values.push(plainValue(u.v, { nl: u.v, en: u.v }));
      }
    return values;
  }
}

/** The values in both ascending lists, ascending. */
function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let m = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x < y) i++;
    else if (y < x) j++;
    else {
      out[m++] = x;
      i++;
      j++;
    }
  }
  return out.subarray(0, m);
}

/**
 * Side.holders for a side whose first dimension is `first` and whose header `index` lies under
 * that dimension's visible value `index / perValue`.
 */
function holdersOf(dims: DimensionLookups, first: Dim, pos: Int32Array, perValue: number) {
  return (index: number): Int32Array => {
    const at = Math.floor(index / perValue);
    if (first.lookup.kind === 'segment') {
      // The one value shown at that position: only its segments can be under it.
      const v = pos.indexOf(at);
      return v < 0 ? EMPTY : first.lookup.members.holdersOf(v);
    }
    const { bySource } = first.lookup;
    const starts = dims.sourceStart;
    const chosen: number[] = [];
    let total = 0;
    for (let si = 0; si < bySource.length; si++) {
      const v = bySource[si] as number;
      if (v >= 0 && pos[v] === at) {
        chosen.push(si);
        total += (starts[si + 1] as number) - (starts[si] as number);
      }
    }
    const out = new Int32Array(total);
    let m = 0;
    for (const si of chosen)
      for (let d = starts[si] as number; d < (starts[si + 1] as number); d++) out[m++] = d;
    return out;
  };
}

/** One side of the matrix (rows or columns): its headers and each segment's header indices. */
function axisSide(dims: DimensionLookups, s: AxisSpec): Side {
  const first = dims.dimFor(s.dim, new Set(s.collapsed ?? []));
  // Header position of each value, -1 when hidden.
  const position = (values: AxisValue[]) => {
    const pos = new Int32Array(values.length).fill(-1);
    let k = 0;
    values.forEach((v, i) => {
      if (!v.hidden) pos[i] = k++;
    });
    return { pos, count: k };
  };
  const visible = first.values.filter((v) => !v.hidden);
  const p1 = position(first.values);
  const buf1 = new Int32Array(Math.max(1, first.values.length));
  if (!s.split) {
    return {
      headers: visible.map((v) => ({
        id: v.id,
        label: v.label,
        parentLabel: null,
        group: v.group,
        groupId: v.groupId,
        depth: v.depth,
      })),
      capacity: Math.max(1, first.values.length),
      perSource: first.lookup.kind === 'source',
      holders: holdersOf(dims, first, p1.pos, 1),
      fill: (seg, src, out) => {
        const k = valuesOf(first, seg, src, buf1);
        let m = 0;
        for (let i = 0; i < k; i++) {
          const p = p1.pos[buf1[i] as number] as number;
          if (p >= 0) out[m++] = p;
        }
        return m;
      },
    };
  }
  const second = dims.dimFor(s.split, new Set());
  const inner = second.values.filter((v) => !v.hidden);
  const p2 = position(second.values);
  const buf2 = new Int32Array(Math.max(1, second.values.length));
  // A segment without a code of the split dimension goes to its value's "(no …)" sub-row, the
  // last of each group, so the split rows always add up to the unsplit row.
  const none = isCodeDim(s.split);
  const stride = p2.count + (none ? 1 : 0);
  const headers: MatrixHeader[] = [];
  for (const a of visible) {
    const under = { parentLabel: a.label, group: a.group, groupId: a.groupId, depth: a.depth };
    for (const b of inner) headers.push({ id: `${a.id}:${b.id}`, label: b.label, ...under });
    if (none) headers.push({ id: `${a.id}:${NO_VALUE}`, label: noValueLabel(s.split), ...under });
  }
  const outerHolders = holdersOf(dims, first, p1.pos, Math.max(1, stride));
  return {
    headers,
    capacity: Math.max(1, first.values.length * (second.values.length + 1)),
    perSource: first.lookup.kind === 'source' && second.lookup.kind === 'source',
    holders: (index) => {
      const outer = outerHolders(index);
      // A sub-row of a value held per segment: only segments holding that value too.
      const b = index % Math.max(1, stride);
      const v = b < p2.count ? p2.pos.indexOf(b) : -1;
      return v >= 0 && second.lookup.kind === 'segment'
        ? intersect(outer, second.lookup.members.holdersOf(v))
        : outer;
    },
    fill: (seg, src, out) => {
      const ka = valuesOf(first, seg, src, buf1);
      if (ka === 0) return 0;
      const kb = valuesOf(second, seg, src, buf2);
      let m = 0;
      for (let i = 0; i < ka; i++) {
        const a = p1.pos[buf1[i] as number] as number;
        if (a < 0) continue;
        if (kb === 0 && none) out[m++] = a * stride + p2.count;
        for (let j = 0; j < kb; j++) {
          const b = p2.pos[buf2[j] as number] as number;
          if (b >= 0) out[m++] = a * stride + b;
        }
      }
      return m;
    },
  };
}

/** The index of the target cell (row-major), or a clear error when it is not in the matrix. */
function targetCellOf(rowSide: Side, colSide: Side, target: Target): number {
  const r = rowSide.headers.findIndex((h) => h.id === target.row);
  if (r < 0) throw new CasusError('not_found', `Matrix row "${target.row}" is not in this matrix`);
  const c = colSide.headers.findIndex((h) => h.id === target.col);
  if (c < 0)
    throw new CasusError('not_found', `Matrix column "${target.col}" is not in this matrix`);
  return r * colSide.headers.length + c;
}

/** What the count pass gathers per cell (row-major), as the measure needs it. */
interface Tally {
  segCount: Int32Array;
  srcCount: Int32Array;
  respondents: Map<number, Set<string>> | null;
  chars: { start: Float64Array; end: Float64Array; total: Float64Array } | null;
  rowCases: Int32Array;
  nCases: number;
  /** Dense segment indices per cell (only when lists were wanted). */
  cellLists: Map<number, number[]> | null;
}

/**
 * Step 5 for a target cell (a drill-down): its segments in text order. Only the segments that
 * hold a value of a side's first dimension can be in it, so only those are visited (a cell of a
 * code holds a fraction of the segments, and the target run reads only the target's codes).
 */
function targetPass(
  inSet: Uint8Array,
  denseSource: Int32Array,
  sides: { rows: Side; cols: Side },
  targetCell: number,
): Tally {
  const { rows: rowSide, cols: colSide } = sides;
  const nc = colSide.headers.length;
  const list: number[] = [];
  const rbuf = new Int32Array(rowSide.capacity);
  const cbuf = new Int32Array(colSide.capacity);
  const visit = (seg: number) => {
    if (!inSet[seg]) return;
    const si = denseSource[seg] as number;
    const kr = rowSide.fill(seg, si, rbuf);
    if (kr === 0) return;
    const kc = colSide.fill(seg, si, cbuf);
    for (let i = 0; i < kr; i++)
      for (let j = 0; j < kc; j++)
        if ((rbuf[i] as number) * nc + (cbuf[j] as number) === targetCell) list.push(seg);
  };
  // Only segments that are candidates of both sides (a principle's segments in a case's sources).
  const byRow = rowSide.holders(Math.floor(targetCell / nc));
  const byCol = colSide.holders(targetCell % nc);
  const both = intersect(byRow, byCol);
  for (const seg of both) visit(seg);
  const none = new Int32Array(0);
  return {
    segCount: none,
    srcCount: none,
    respondents: null,
    chars: null,
    rowCases: none,
    nCases: 0,
    cellLists: new Map([[targetCell, list]]),
  };
}

/** Step 5: one pass over the filtered segments, source by source, in text order. */
function countPass(
  db: Reader,
  sources: SourceRow[],
  inSet: Uint8Array,
  sides: { rows: Side; cols: Side },
  measure: ParsedMatrixSpec['measure'],
  lists: boolean,
): Tally {
  const { rows: rowSide, cols: colSide } = sides;
  const nr = rowSide.headers.length;
  const nc = colSide.headers.length;
  const allCases = caseRows(db).map((c) => c.id);
  const caseIndex = new Map(allCases.map((c, i) => [c, i]));
  const sourceCase = Int32Array.from(sources, (s) =>
    s.caseId ? (caseIndex.get(s.caseId) ?? -1) : -1,
  );
  const nCases = allCases.length;
  const rowCaseSeen = new Uint8Array(nr * nCases);
  const rowCases = new Int32Array(nr);
  const cells = nr * nc;
  const segCount = new Int32Array(cells);
  // Sources come one after another, so "a new source for this cell" is a change of source.
  const lastSource =
    measure === 'sources' || measure === 'respondents' ? new Int32Array(cells).fill(-1) : null;
  const srcCount = new Int32Array(measure === 'sources' ? cells : 0);
  const respondents = measure === 'respondents' ? new Map<number, Set<string>>() : null;
  // Distinct characters: per cell the interval being merged and the total so far; within a
  // source segments arrive by start, so overlapping segments of one source count once.
  const chars =
    measure === 'chars'
      ? {
          src: new Int32Array(cells).fill(-1),
          start: new Float64Array(cells),
          end: new Float64Array(cells),
          total: new Float64Array(cells),
        }
      : null;
  const cellLists = lists ? new Map<number, number[]>() : null;
  const rbuf = new Int32Array(rowSide.capacity);
  const cbuf = new Int32Array(colSide.capacity);
  let seg = 0;
  for (let si = 0; si < sources.length; si++) {
    const s = sources[si] as SourceRow;
    const caseIdx = sourceCase[si] as number;
    const len = s.rowids.length;
    // A side of source dimensions (cases, say) gives a source's segments the same headers: found
    // once per source, and a source without any (no case) is passed over whole.
    const krSource = rowSide.perSource && len > 0 ? rowSide.fill(seg, si, rbuf) : -1;
    const kcSource = colSide.perSource && len > 0 ? colSide.fill(seg, si, cbuf) : -1;
    if (krSource === 0 || kcSource === 0) {
      seg += len;
      continue;
    }
    for (let o = 0; o < len; o++, seg++) {
      if (!inSet[seg]) continue;
      const kr = krSource >= 0 ? krSource : rowSide.fill(seg, si, rbuf);
      if (kr === 0) continue;
      const kc = kcSource >= 0 ? kcSource : colSide.fill(seg, si, cbuf);
      if (kc === 0) continue;
      for (let i = 0; i < kr; i++) {
        const r = rbuf[i] as number;
        if (caseIdx >= 0 && !rowCaseSeen[r * nCases + caseIdx]) {
          rowCaseSeen[r * nCases + caseIdx] = 1;
          rowCases[r]!++;
        }
        for (let j = 0; j < kc; j++) {
          const cell = r * nc + (cbuf[j] as number);
          segCount[cell]!++;
          if (cellLists) {
            const l = cellLists.get(cell);
            if (l) l.push(seg);
            else cellLists.set(cell, [seg]);
          }
          if (lastSource && lastSource[cell] !== si) {
            lastSource[cell] = si;
            if (respondents) {
              if (s.respondentId !== null) {
                const set = respondents.get(cell);
                if (set) set.add(s.respondentId);
                else respondents.set(cell, new Set([s.respondentId]));
              }
            } else srcCount[cell]!++;
          }
          if (chars) {
            const st = s.starts?.[o] ?? 0;
            const en = s.ends?.[o] ?? 0;
            if (chars.src[cell] !== si || st > (chars.end[cell] as number)) {
              chars.total[cell]! += (chars.end[cell] as number) - (chars.start[cell] as number);
              chars.src[cell] = si;
              chars.start[cell] = st;
              chars.end[cell] = en;
            } else if (en > (chars.end[cell] as number)) chars.end[cell] = en;
          }
        }
      }
    }
  }
  return { segCount, srcCount, respondents, chars, rowCases, nCases, cellLists };
}

/** Step 6: the raw measure of every cell from the tally. */
function measures(t: Tally, measure: ParsedMatrixSpec['measure']): Float64Array {
  const cells = t.segCount.length;
  const raw = new Float64Array(cells);
  for (let cell = 0; cell < cells; cell++) {
    const k = t.segCount[cell] as number;
    raw[cell] =
      measure === 'segments'
        ? k
        : measure === 'presence'
          ? k > 0
            ? 1
            : 0
          : measure === 'sources'
            ? (t.srcCount[cell] as number)
            : measure === 'respondents'
              ? (t.respondents?.get(cell)?.size ?? 0)
              : t.chars
                ? (t.chars.total[cell] as number) +
                  (t.chars.end[cell] as number) -
                  (t.chars.start[cell] as number)
                : 0;
  }
  return raw;
}

/**
 * One computation: resolve axes → load facts → dense index → filtered set → dimension lookups →
 * count pass → measures.
 */
function run(db: Reader, spec: ParsedMatrixSpec, wantLists: boolean, target: Target | null): Run {
  const axes = resolveAxes(db, spec, target);
  const { sources, ties } = loadFacts(db, axes.filter, spec, target);
  const segs = denseSegmentsOf(sources);
  const lists = segs.toDense(codeLists(db, neededCodes(axes), axes.filter));
  const inSet = filteredSet(db, axes, segs, lists);
  // Reading order: sources by (sort, title), then segments by (start, end).
  const ordinal = ties ? readingOrder(sources, segs.n) : null;
  const dims = new DimensionLookups(
    db,
    axes,
    sources,
    segs,
    lists,
    firstUsed(sources, inSet, ordinal),
  );
  const rows = axisSide(dims, spec.rows);
  const cols = axisSide(dims, spec.cols);
  const tally = target
    ? targetPass(inSet, segs.denseSource, { rows, cols }, targetCellOf(rows, cols, target))
    : countPass(db, sources, inSet, { rows, cols }, spec.measure, wantLists);
  const raw = measures(tally, spec.measure);
  if (ordinal && tally.cellLists)
    for (const l of tally.cellLists.values())
      l.sort((a, b) => (ordinal[a] as number) - (ordinal[b] as number));
  return {
    rows: rows.headers,
    cols: cols.headers,
    raw,
    rowCases: tally.rowCases,
    lists: tally.cellLists,
    sources,
    denseSource: segs.denseSource,
    denseOffset: segs.denseOffset,
    nCases: tally.nCases,
    sourcesKey: sourcesKey(axes.filter),
  };
}

/** The ids of segments given by dense index, read from the sources or by rowid. */
function segmentIds(db: Reader, r: Run, dense: number[]): string[] {
  return segmentIdsByRowid(
    db,
    dense.map((d) => denseSegment(r, d).seq),
  );
}

/** A dense segment number's source and integer key (segments.seq). */
function denseSegment(r: Run, d: number): { source: SourceRow; seq: number } {
  const source = r.sources[r.denseSource[d] as number] as SourceRow;
  return { source, seq: source.rowids[r.denseOffset[d] as number] as number };
}

/** Computes the whole matrix. Every (row, column) pair is a cell, empty ones included. */
export function computeMatrix(
  db: Reader,
  spec: ParsedMatrixSpec,
  opts: ComputeOptions = {},
): Computed {
  const withSegments = opts.includeSegments ?? true;
  const r = run(db, spec, withSegments, null);
  const nc = r.cols.length;
  const idsOf = withSegments ? allSegmentIds(db, r) : null;
  const rowTotal = new Float64Array(r.rows.length);
  const colTotal = new Float64Array(nc);
  r.raw.forEach((v, cell) => {
    rowTotal[Math.floor(cell / nc)]! += v;
    colTotal[cell % nc]! += v;
  });
  const cells: MatrixCell[] = [];
  let max = 0;
  const buckets = new Map<string, string[]>();
  r.rows.forEach((row, ri) =>
    r.cols.forEach((col, ci) => {
      const cell = ri * nc + ci;
      const v = r.raw[cell] as number;
      // Percentages of the row's (column's) sum, so a row adds up to 100.
      const total = spec.percent === 'row' ? rowTotal[ri] : colTotal[ci];
      const value = spec.percent === 'none' ? v : total ? Math.round((v / total) * 1000) / 10 : 0;
      max = Math.max(max, value);
      const segments = idsOf ? (r.lists?.get(cell) ?? []).map(idsOf) : [];
      if (idsOf && segments.length) buckets.set(`${row.id}\n${col.id}`, segments);
      cells.push({ row: row.id, col: col.id, value, raw: v, segments });
    }),
  );
  const casesFilter = spec.filter.cases?.length ? spec.filter.cases.length : null;
  const of = casesFilter ?? r.nCases;
  // Over cases when the columns are cases; otherwise over the columns' values (a split column's
  // first value), so "in all" never claims cases the columns do not show.
  const over = spec.cols.dim;
  const colValue = (id: string) => (spec.cols.split ? id.slice(0, id.indexOf(':')) : id);
  const colValues = new Set(r.cols.map((c) => colValue(c.id)));
  const patterns = r.rows.map((row, ri) => {
    let n: number;
    let total: number;
    if (over === 'case') {
      n = r.rowCases[ri] as number;
      total = of;
    } else {
      const seen = new Set<string>();
      r.cols.forEach((col, ci) => {
        if ((r.raw[ri * nc + ci] as number) > 0) seen.add(colValue(col.id));
      });
      n = seen.size;
      total = colValues.size;
    }
    const kind: PatternKind = n === 0 ? 'none' : n >= total ? 'all' : n === 1 ? 'one' : 'several';
    return { row: row.id, cases: n, of: total, kind, over };
  });
  return {
    rows: r.rows,
    cols: r.cols,
    cells,
    patterns,
    max,
    measure: spec.measure,
    percent: spec.percent,
    bucket: (row, col) =>
      idsOf
        ? (buckets.get(`${row}\n${col}`) ?? (cellExists(r, row, col) ? [] : undefined))
        : undefined,
  };
}

function cellExists(r: Run, row: string, col: string): boolean {
  return r.rows.some((h) => h.id === row) && r.cols.some((h) => h.id === col);
}

/** Dense index → segment id for every loaded segment (ids read per source, in one query). */
function allSegmentIds(db: Reader, r: Run): (d: number) => string {
  const ids = loadSourceIds(db, r);
  return (d) => (ids[r.denseSource[d] as number] as string[])[r.denseOffset[d] as number] as string;
}

function loadSourceIds(db: Reader, r: Run): string[][] {
  return memo(db, `ids ${r.sourcesKey}`, () => readSourceIds(db, r.sources));
}

function readSourceIds(db: Reader, sources: SourceRow[]): string[][] {
  const rows = segmentIdsPerSource(
    db,
    sources.map((s) => s.id),
  );
  return sources.map((s) => JSON.parse(rows.get(s.id) ?? '[]') as string[]);
}

/** The segment ids of one cell (drill-down), in reading order; unknown rows/columns refused. */
export function cellSegments(
  db: Reader,
  spec: ParsedMatrixSpec,
  row: string,
  col: string,
): string[] {
  const r = run(db, spec, true, { row, col });
  return segmentIds(db, r, [...(r.lists?.values() ?? [])].flat());
}

/**
 * One cell's segments as their integer keys (segments.seq) per source, for reading a page of
 * them on the server (matrix.cellSegments): the count, the counts per case and the order need no
 * more than this, where spelling out a busy cell's 14,000 ids at 10,000 sources and finding them
 * again by those ids cost most of the drill-down. Unknown rows/columns refused.
 */
export function cellSegmentsBySource(
  db: Reader,
  spec: ParsedMatrixSpec,
  row: string,
  col: string,
): Map<string, number[]> {
  const r = run(db, spec, true, { row, col });
  const bySource = new Map<string, number[]>();
  for (const d of [...(r.lists?.values() ?? [])].flat()) {
    const { source, seq } = denseSegment(r, d);
    const list = bySource.get(source.id);
    if (list) list.push(seq);
    else bySource.set(source.id, [seq]);
  }
  return bySource;
}
