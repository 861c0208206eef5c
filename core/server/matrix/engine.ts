import type { Db } from '../../../db/open.js';
import type {
  AxisDimension,
  AxisSpec,
  MatrixCell,
  MatrixHeader,
  MatrixResult,
  ParsedMatrixSpec,
} from '../../shared/contract/matrix.js';
import { CasusError } from '../../shared/errors.js';

type Bi = { nl: string; en: string };

interface Seg {
  id: string;
  sourceId: string;
  start: number;
  end: number;
  caseId: string | null;
  documentType: string;
  respondentId: string | null;
  role: string | null;
  /** Code ids after the coder filter, with their ancestors (for group aggregation). */
  codes: Set<string>;
  coders: Set<string>;
}

interface CodeInfo {
  id: string;
  parentId: string | null;
  key: string | null;
  dimension: string;
  label: Bi;
  depth: number;
}

/** A value of one dimension: its header and which segments belong to it. */
interface AxisValue {
  id: string;
  label: Bi;
  group: boolean;
  groupId: string | null;
  depth: number;
  hidden: boolean;
}

interface Axis {
  values: AxisValue[];
  members(seg: Seg): string[];
}

export interface Loaded {
  codes: CodeInfo[];
  codeById: Map<string, CodeInfo>;
  segments: Seg[];
}

function loadCodes(db: Db): CodeInfo[] {
  const rows = db
    .prepare(
      'SELECT id, parent_id, key, dimension, label_nl, label_en FROM codes ORDER BY sort, label_nl',
    )
    .all() as {
    id: string;
    parent_id: string | null;
    key: string | null;
    dimension: string;
    label_nl: string;
    label_en: string;
  }[];
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

/** Loads the segments that pass the whole-matrix filter, with everything the axes need. */
export function loadSegments(db: Db, spec: ParsedMatrixSpec): Loaded {
  const codes = loadCodes(db);
  const codeById = new Map(codes.map((c) => [c.id, c]));
  const f = spec.filter;

  const coderIds = f.coders?.length
    ? new Set(
        f.coders.map((ref) =>
          resolveRef(
            (
              db.prepare('SELECT id, name, initials FROM coders').all() as {
                id: string;
                name: string;
                initials: string;
              }[]
            ).map((c) => ({ id: c.id, names: [c.name, c.initials] })),
            ref,
            'coder',
          ),
        ),
      )
    : null;
  const caseIds = f.cases?.length
    ? new Set(
        f.cases.map((ref) =>
          resolveRef(
            (
              db.prepare('SELECT id, key, label_nl, label_en FROM cases').all() as {
                id: string;
                key: string;
                label_nl: string;
                label_en: string;
              }[]
            ).map((c) => ({ id: c.id, names: [c.key, c.label_nl, c.label_en] })),
            ref,
            'case',
          ),
        ),
      )
    : null;
  // Codes of one dimension are alternatives; every dimension named must match.
  const codeGroups = new Map<string, Set<string>>();
  for (const ref of f.codes ?? []) {
    const c = resolveCode(codes, ref);
    const set = codeGroups.get(c.dimension) ?? new Set<string>();
    set.add(c.id);
    codeGroups.set(c.dimension, set);
  }

  const rows = db
    .prepare(
      `SELECT g.id, g.source_id, g.start, g.end, s.case_id, s.document_type, s.kind, s.validation,
              s.respondent_id, r.role
       FROM segments g JOIN sources s ON s.id = g.source_id
       LEFT JOIN respondents r ON r.id = s.respondent_id
       ORDER BY s.sort, s.title, g.start, g.end`,
    )
    .raw()
    .all() as [
    string,
    string,
    number,
    number,
    string | null,
    string,
    string,
    string | null,
    string | null,
    string | null,
  ][];
  const codings = db.prepare('SELECT segment_id, code_id, coder_id FROM codings').raw().all() as [
    string,
    string,
    string | null,
  ][];
  const bySeg = new Map<string, { codes: Set<string>; coders: Set<string> }>();
  for (const [segId, codeId, coderId] of codings) {
    if (coderIds && (!coderId || !coderIds.has(coderId))) continue;
    let entry = bySeg.get(segId);
    if (!entry) {
      entry = { codes: new Set(), coders: new Set() };
      bySeg.set(segId, entry);
    }
    // A segment coded with a child also belongs to its parent (the group row).
    for (let c = codeById.get(codeId); c; c = c.parentId ? codeById.get(c.parentId) : undefined)
      entry.codes.add(c.id);
    if (coderId) entry.coders.add(coderId);
  }

  const segments: Seg[] = [];
  for (const [id, sourceId, start, end, caseId, docType, kind, validation, respId, role] of rows) {
    const entry = bySeg.get(id);
    if (!entry) continue;
    if (caseIds && (!caseId || !caseIds.has(caseId))) continue;
    if (f.approvedOnly && (kind !== 'interview' || validation !== 'approved')) continue;
    let pass = true;
    for (const wanted of codeGroups.values()) {
      if (![...wanted].some((w) => entry.codes.has(w))) {
        pass = false;
        break;
      }
    }
    if (!pass) continue;
    segments.push({
      id,
      sourceId,
      start,
      end,
      caseId,
      documentType: docType,
      respondentId: respId,
      role,
      codes: entry.codes,
      coders: entry.coders,
    });
  }
  return { codes, codeById, segments };
}

function codeAxis(loaded: Loaded, dim: AxisDimension, collapsed: Set<string>): Axis {
  const codes = loaded.codes.filter((c) => c.dimension === dim);
  const ids = new Set(codes.map((c) => c.id));
  const parents = new Set(codes.map((c) => c.parentId).filter((p): p is string => p !== null));
  const values = codes.map((c) => {
    // Hidden when any ancestor of the same dimension is collapsed.
    let hidden = false;
    let groupId: string | null = null;
    for (let p = c.parentId; p; p = loaded.codeById.get(p)?.parentId ?? null) {
      if (!ids.has(p)) continue;
      groupId ??= p;
      if (collapsed.has(p)) hidden = true;
    }
    return { id: c.id, label: c.label, group: parents.has(c.id), groupId, depth: c.depth, hidden };
  });
  return {
    values,
    members: (seg) => [...seg.codes].filter((id) => ids.has(id)),
  };
}

function vocabAxis(
  db: Db,
  kind: 'role' | 'document-type',
  used: Iterable<string | null>,
  pick: (s: Seg) => string | null,
): Axis {
  const vocab = db
    .prepare('SELECT key, label_nl, label_en FROM vocabulary WHERE kind = ? ORDER BY sort')
    .all(kind) as { key: string; label_nl: string; label_en: string }[];
  const values: AxisValue[] = vocab.map((v) => ({
    id: v.key,
    label: { nl: v.label_nl, en: v.label_en },
    group: false,
    groupId: null,
    depth: 0,
    hidden: false,
  }));
  const known = new Set(values.map((v) => v.id));
  // Values outside the vocabulary (older imports) still get a column rather than vanishing.
  for (const u of used) {
    if (u && !known.has(u)) {
      known.add(u);
      values.push({
        id: u,
        label: { nl: u, en: u },
        group: false,
        groupId: null,
        depth: 0,
        hidden: false,
      });
    }
  }
  return {
    values,
    members: (s) => {
      const v = pick(s);
      return v ? [v] : [];
    },
  };
}

function axisFor(db: Db, loaded: Loaded, dim: AxisDimension, collapsed: Set<string>): Axis {
  switch (dim) {
    case 'principle':
    case 'category':
    case 'phase':
    case 'facet':
    case 'free':
      return codeAxis(loaded, dim, collapsed);
    case 'case': {
      const cases = db
        .prepare('SELECT id, label_nl, label_en FROM cases ORDER BY sort, label_nl')
        .all() as { id: string; label_nl: string; label_en: string }[];
      return {
        values: cases.map((c) => ({
          id: c.id,
          label: { nl: c.label_nl, en: c.label_en },
          group: false,
          groupId: null,
          depth: 0,
          hidden: false,
        })),
        members: (s) => (s.caseId ? [s.caseId] : []),
      };
    }
    case 'sourceType':
      return vocabAxis(
        db,
        'document-type',
        loaded.segments.map((s) => s.documentType),
        (s) => s.documentType,
      );
    case 'role':
      return vocabAxis(
        db,
        'role',
        loaded.segments.map((s) => s.role),
        (s) => s.role,
      );
    case 'coder': {
      const coders = db.prepare('SELECT id, name FROM coders ORDER BY created_at, name').all() as {
        id: string;
        name: string;
      }[];
      return {
        values: coders.map((c) => ({
          id: c.id,
          label: { nl: c.name, en: c.name },
          group: false,
          groupId: null,
          depth: 0,
          hidden: false,
        })),
        members: (s) => [...s.coders],
      };
    }
  }
}

/** Headers of one side, with a split dimension expanded under each value. */
function buildSide(
  db: Db,
  loaded: Loaded,
  spec: AxisSpec,
): { headers: MatrixHeader[]; members: (s: Seg) => string[] } {
  const collapsed = new Set(spec.collapsed ?? []);
  const first = axisFor(db, loaded, spec.dim, collapsed);
  const visible = first.values.filter((v) => !v.hidden);
  if (!spec.split) {
    const shown = new Set(visible.map((v) => v.id));
    return {
      headers: visible.map((v) => ({
        id: v.id,
        label: v.label,
        parentLabel: null,
        group: v.group,
        groupId: v.groupId,
        depth: v.depth,
      })),
      members: (s) => first.members(s).filter((id) => shown.has(id)),
    };
  }
  if (spec.split === spec.dim)
    throw new CasusError('invalid_input', `Cannot split ${spec.dim} by itself`);
  const second = axisFor(db, loaded, spec.split, new Set());
  const inner = second.values.filter((v) => !v.hidden);
  const headers: MatrixHeader[] = [];
  for (const a of visible)
    for (const b of inner)
      headers.push({
        id: `${a.id}:${b.id}`,
        label: b.label,
        parentLabel: a.label,
        group: a.group,
        groupId: a.groupId,
        depth: a.depth,
      });
  const shownA = new Set(visible.map((v) => v.id));
  const shownB = new Set(inner.map((v) => v.id));
  return {
    headers,
    members: (s) => {
      const as = first.members(s).filter((id) => shownA.has(id));
      if (as.length === 0) return [];
      const bs = second.members(s).filter((id) => shownB.has(id));
      return as.flatMap((a) => bs.map((b) => `${a}:${b}`));
    },
  };
}

/** Distinct characters covered: overlapping segments of one source count once. */
function coveredChars(segs: Seg[]): number {
  const sorted = [...segs].sort((x, y) =>
    x.sourceId === y.sourceId ? x.start - y.start : x.sourceId < y.sourceId ? -1 : 1,
  );
  let total = 0;
  let src: string | null = null;
  let curStart = 0;
  let curEnd = 0;
  for (const s of sorted) {
    if (s.sourceId !== src || s.start > curEnd) {
      total += curEnd - curStart;
      src = s.sourceId;
      curStart = s.start;
      curEnd = s.end;
    } else if (s.end > curEnd) curEnd = s.end;
  }
  return total + (curEnd - curStart);
}

function measureOf(segs: Seg[], measure: ParsedMatrixSpec['measure']): number {
  switch (measure) {
    case 'segments':
      return segs.length;
    case 'sources':
      return new Set(segs.map((s) => s.sourceId)).size;
    case 'respondents':
      return new Set(segs.map((s) => s.respondentId).filter((r) => r !== null)).size;
    case 'chars':
      return coveredChars(segs);
    case 'presence':
      return segs.length > 0 ? 1 : 0;
  }
}

export interface Computed extends MatrixResult {
  /** Cell segments by `${row}\n${col}`. */
  bucket(row: string, col: string): string[] | undefined;
}

/** Computes the whole matrix. Every (row, column) pair is a cell, empty ones included. */
export function computeMatrix(db: Db, spec: ParsedMatrixSpec): Computed {
  const loaded = loadSegments(db, spec);
  const rowSide = buildSide(db, loaded, spec.rows);
  const colSide = buildSide(db, loaded, spec.cols);
  const buckets = new Map<string, Seg[]>();
  const rowCases = new Map<string, Set<string>>();
  for (const s of loaded.segments) {
    const rs = rowSide.members(s);
    if (rs.length === 0) continue;
    const cs = colSide.members(s);
    if (cs.length === 0) continue;
    for (const r of rs) {
      if (s.caseId) {
        const set = rowCases.get(r) ?? new Set<string>();
        set.add(s.caseId);
        rowCases.set(r, set);
      }
      for (const c of cs) {
        const k = `${r}\n${c}`;
        const list = buckets.get(k);
        if (list) list.push(s);
        else buckets.set(k, [s]);
      }
    }
  }
  const cells: MatrixCell[] = [];
  const raw = new Map<string, number>();
  const rowTotal = new Map<string, number>();
  const colTotal = new Map<string, number>();
  for (const r of rowSide.headers)
    for (const c of colSide.headers) {
      const segs = buckets.get(`${r.id}\n${c.id}`) ?? [];
      const v = measureOf(segs, spec.measure);
      raw.set(`${r.id}\n${c.id}`, v);
      rowTotal.set(r.id, (rowTotal.get(r.id) ?? 0) + v);
      colTotal.set(c.id, (colTotal.get(c.id) ?? 0) + v);
    }
  let max = 0;
  for (const r of rowSide.headers)
    for (const c of colSide.headers) {
      const k = `${r.id}\n${c.id}`;
      const v = raw.get(k) ?? 0;
      // Percentages of the row's (column's) sum, so a row adds up to 100.
      const total = spec.percent === 'row' ? rowTotal.get(r.id) : colTotal.get(c.id);
      const value = spec.percent === 'none' ? v : total ? Math.round((v / total) * 1000) / 10 : 0;
      max = Math.max(max, value);
      cells.push({
        row: r.id,
        col: c.id,
        value,
        raw: v,
        segments: (buckets.get(k) ?? []).map((s) => s.id),
      });
    }
  const allCases = (db.prepare('SELECT id FROM cases').all() as { id: string }[]).map((c) => c.id);
  const casesFilter = spec.filter.cases?.length ? spec.filter.cases.length : null;
  const of = casesFilter ?? allCases.length;
  const patterns = rowSide.headers.map((r) => {
    const n = rowCases.get(r.id)?.size ?? 0;
    const kind: 'all' | 'several' | 'one' | 'none' =
      n === 0 ? 'none' : n >= of ? 'all' : n === 1 ? 'one' : 'several';
    return { row: r.id, cases: n, of, kind };
  });
  return {
    rows: rowSide.headers,
    cols: colSide.headers,
    cells,
    patterns,
    max,
    measure: spec.measure,
    percent: spec.percent,
    bucket: (row, col) => buckets.get(`${row}\n${col}`)?.map((s) => s.id),
  };
}
