import type { Db } from '../../../db/open.js';
import { NO_VALUE, noValueLabel } from '../../../core/shared/matrix/words.js';
import type {
  AxisDimension,
  AxisSpec,
  MatrixHeader,
  MatrixResult,
  ParsedMatrixSpec,
} from '../../../core/shared/contract/matrix.js';

/**
 * A deliberately naive matrix: every segment and coding read into memory, every cell a filter
 * over all segments. Slow and obvious, it is what the SQL engine is checked against. Filter
 * references must be ids here. Reading order: sources by (sort, title), then segments by
 * (start, end); exact ties by source id, then segment id.
 */
type Bi = { nl: string; en: string };
interface Code {
  id: string;
  parentId: string | null;
  dimension: string;
  label: Bi;
  depth: number;
}
interface Seg {
  id: string;
  sourceId: string;
  start: number;
  end: number;
  caseId: string | null;
  documentType: string;
  respondentId: string | null;
  role: string | null;
  codes: Set<string>;
  coders: Set<string>;
}
interface Value {
  id: string;
  label: Bi;
  group: boolean;
  groupId: string | null;
  depth: number;
  hidden: boolean;
  has: (s: Seg) => boolean;
}

const CODE_DIMS = ['principle', 'category', 'phase', 'facet', 'free'];

export function referenceMatrix(db: Db, spec: ParsedMatrixSpec): MatrixResult {
  const rows = db
    .prepare(
      'SELECT id, parent_id, dimension, label_nl, label_en FROM codes ORDER BY sort, label_nl',
    )
    .all() as {
    id: string;
    parent_id: string | null;
    dimension: string;
    label_nl: string;
    label_en: string;
  }[];
  const codes: Code[] = [];
  const walk = (parent: string | null, depth: number) => {
    for (const r of rows.filter((x) => x.parent_id === parent)) {
      codes.push({
        id: r.id,
        parentId: r.parent_id,
        dimension: r.dimension,
        label: { nl: r.label_nl, en: r.label_en },
        depth,
      });
      walk(r.id, depth + 1);
    }
  };
  walk(null, 0);
  const byId = new Map(codes.map((c) => [c.id, c]));
  const ancestors = (id: string) => {
    const out: string[] = [];
    for (let c = byId.get(id); c; c = c.parentId ? byId.get(c.parentId) : undefined) out.push(c.id);
    return out;
  };

  const f = spec.filter;
  const codings = db.prepare('SELECT segment_id, code_id, coder_id FROM codings').all() as {
    segment_id: string;
    code_id: string;
    coder_id: string | null;
  }[];
  const all = (
    db
      .prepare(
        `SELECT g.id, g.source_id, g.start, g.end, s.case_id, s.document_type, s.kind,
                s.validation, s.respondent_id, r.role
         FROM segments g JOIN sources s ON s.id = g.source_id
         LEFT JOIN respondents r ON r.id = s.respondent_id
         ORDER BY s.sort, s.title, g.start, g.end, s.id, g.id`,
      )
      .all() as {
      id: string;
      source_id: string;
      start: number;
      end: number;
      case_id: string | null;
      document_type: string;
      kind: string;
      validation: string | null;
      respondent_id: string | null;
      role: string | null;
    }[]
  ).map((g) => {
    const mine = codings.filter(
      (c) =>
        c.segment_id === g.id &&
        (!f.coders?.length || (c.coder_id !== null && f.coders.includes(c.coder_id))),
    );
    return {
      row: g,
      coded: mine.length > 0,
      seg: {
        id: g.id,
        sourceId: g.source_id,
        start: g.start,
        end: g.end,
        caseId: g.case_id,
        documentType: g.document_type,
        respondentId: g.respondent_id,
        role: g.role,
        codes: new Set(mine.flatMap((c) => ancestors(c.code_id))),
        coders: new Set(mine.flatMap((c) => (c.coder_id ? [c.coder_id] : []))),
      } satisfies Seg,
    };
  });
  const groups = new Map<string, string[]>();
  for (const id of f.codes ?? []) {
    const d = byId.get(id)?.dimension ?? '';
    groups.set(d, [...(groups.get(d) ?? []), id]);
  }
  const segments = all
    .filter(
      ({ row, coded, seg }) =>
        coded &&
        (!f.cases?.length || (row.case_id !== null && f.cases.includes(row.case_id))) &&
        (!f.approvedOnly || (row.kind === 'interview' && row.validation === 'approved')) &&
        [...groups.values()].every((g) => g.some((w) => seg.codes.has(w))),
    )
    .map((x) => x.seg);

  const plain = (id: string, label: Bi, has: (s: Seg) => boolean): Value => ({
    id,
    label,
    group: false,
    groupId: null,
    depth: 0,
    hidden: false,
    has,
  });
  const vocab = (kind: string, pick: (s: Seg) => string | null): Value[] => {
    const keys = (
      db
        .prepare('SELECT key, label_nl, label_en FROM vocabulary WHERE kind = ? ORDER BY sort')
        .all(kind) as { key: string; label_nl: string; label_en: string }[]
    ).map((v) => ({ id: v.key, label: { nl: v.label_nl, en: v.label_en } }));
    for (const s of segments) {
      const v = pick(s);
      if (v && !keys.some((k) => k.id === v)) keys.push({ id: v, label: { nl: v, en: v } });
    }
    return keys.map((k) => plain(k.id, k.label, (s) => pick(s) === k.id));
  };
  const values = (dim: AxisDimension, collapsed: string[]): Value[] => {
    if (CODE_DIMS.includes(dim)) {
      const mine = codes.filter((c) => c.dimension === dim);
      return mine.map((c) => {
        const sameDimAncestors = ancestors(c.id)
          .slice(1)
          .filter((a) => byId.get(a)?.dimension === dim);
        return {
          id: c.id,
          label: c.label,
          group: mine.some((x) => x.parentId === c.id),
          groupId: sameDimAncestors[0] ?? null,
          depth: c.depth,
          hidden: sameDimAncestors.some((a) => collapsed.includes(a)),
          has: (s: Seg) => s.codes.has(c.id),
        };
      });
    }
    if (dim === 'case')
      return (
        db.prepare('SELECT id, label_nl, label_en FROM cases ORDER BY sort, label_nl').all() as {
          id: string;
          label_nl: string;
          label_en: string;
        }[]
      ).map((c) => plain(c.id, { nl: c.label_nl, en: c.label_en }, (s) => s.caseId === c.id));
    if (dim === 'sourceType') return vocab('document-type', (s) => s.documentType);
    if (dim === 'role') return vocab('role', (s) => s.role);
    return (
      db.prepare('SELECT id, name FROM coders ORDER BY created_at, name').all() as {
        id: string;
        name: string;
      }[]
    ).map((c) => plain(c.id, { nl: c.name, en: c.name }, (s) => s.coders.has(c.id)));
  };
  const side = (a: AxisSpec): { header: MatrixHeader; has: (s: Seg) => boolean }[] => {
    const first = values(a.dim, a.collapsed ?? []).filter((v) => !v.hidden);
    const head = (v: Value) => ({ group: v.group, groupId: v.groupId, depth: v.depth });
    if (!a.split)
      return first.map((v) => ({
        header: { id: v.id, label: v.label, parentLabel: null, ...head(v) },
        has: v.has,
      }));
    const split = a.split;
    const second = values(split, []);
    // Split by a code dimension: a "(no …)" sub-row for segments without a code of it.
    const none = (s: Seg) => ![...s.codes].some((id) => byId.get(id)?.dimension === split);
    return first.flatMap((v) => [
      ...second.map((w) => ({
        header: { id: `${v.id}:${w.id}`, label: w.label, parentLabel: v.label, ...head(v) },
        has: (s: Seg) => v.has(s) && w.has(s),
      })),
      ...(CODE_DIMS.includes(split)
        ? [
            {
              header: {
                id: `${v.id}:${NO_VALUE}`,
                label: noValueLabel(split),
                parentLabel: v.label,
                ...head(v),
              },
              has: (s: Seg) => v.has(s) && none(s),
            },
          ]
        : []),
    ]);
  };
  const rowSide = side(spec.rows);
  const colSide = side(spec.cols);

  const measure = (segs: Seg[]): number => {
    switch (spec.measure) {
      case 'segments':
        return segs.length;
      case 'presence':
        return segs.length > 0 ? 1 : 0;
      case 'sources':
        return new Set(segs.map((s) => s.sourceId)).size;
      case 'respondents':
        return new Set(segs.flatMap((s) => (s.respondentId ? [s.respondentId] : []))).size;
      case 'chars': {
        // Count every covered character position once.
        const covered = new Set<string>();
        for (const s of segs)
          for (let i = s.start; i < s.end; i++) covered.add(`${s.sourceId}@${i}`);
        return covered.size;
      }
    }
  };
  const grid = rowSide.map((r) => colSide.map((c) => segments.filter((s) => r.has(s) && c.has(s))));
  const raw = grid.map((row) => row.map(measure));
  const rowTotal = raw.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotal = colSide.map((_, ci) => raw.reduce((a, row) => a + (row[ci] ?? 0), 0));
  const cells = rowSide.flatMap((r, ri) =>
    colSide.map((c, ci) => {
      const v = raw[ri]?.[ci] ?? 0;
      const total = spec.percent === 'row' ? rowTotal[ri] : colTotal[ci];
      const value = spec.percent === 'none' ? v : total ? Math.round((v / total) * 1000) / 10 : 0;
      return {
        row: r.header.id,
        col: c.header.id,
        value,
        raw: v,
        segments: (grid[ri]?.[ci] ?? []).map((s) => s.id),
      };
    }),
  );
  const nCases = (db.prepare('SELECT count(*) AS n FROM cases').get() as { n: number }).n;
  const of = f.cases?.length ? f.cases.length : nCases;
  const over = spec.cols.dim;
  const colValue = (id: string) => (spec.cols.split ? (id.split(':')[0] ?? id) : id);
  const patterns = rowSide.map((r, ri) => {
    const cases =
      over === 'case'
        ? new Set(
            (grid[ri] ?? []).flatMap((segs) => segs.flatMap((s) => (s.caseId ? [s.caseId] : []))),
          ).size
        : new Set(
            colSide.filter((_, ci) => (raw[ri]?.[ci] ?? 0) > 0).map((c) => colValue(c.header.id)),
          ).size;
    const total = over === 'case' ? of : new Set(colSide.map((c) => colValue(c.header.id))).size;
    const kind: 'all' | 'several' | 'one' | 'none' =
      cases === 0 ? 'none' : cases >= total ? 'all' : cases === 1 ? 'one' : 'several';
    return { row: r.header.id, cases, of: total, kind, over };
  });
  return {
    rows: rowSide.map((r) => r.header),
    cols: colSide.map((c) => c.header),
    cells,
    patterns,
    max: Math.max(0, ...cells.map((c) => c.value)),
    measure: spec.measure,
    percent: spec.percent,
  };
}
