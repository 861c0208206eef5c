import type { Reader, Writer } from '../../../db/access.js';
import { caseById, caseRows } from '../../../db/repo/cases.js';
import { entityVersions } from '../../../db/repo/changelog.js';
import { coderById } from '../../../db/repo/coders.js';
import { codeRow, codeRows } from '../../../db/repo/codes.js';
import { respondentById } from '../../../db/repo/respondents.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { sourceRow } from '../../../db/repo/sources.js';
import {
  insertSynthesisCell,
  synthesisCell,
  synthesisCells,
  updateSynthesisCell,
  type SynthesisCellRow,
} from '../../../db/repo/syntheses.js';
import { vocabulary } from '../../../db/repo/vocabulary.js';
import type { AxisDimension, ParsedMatrixSpec } from '../../shared/contract/matrix.js';
import {
  coordinateKey,
  CUBE_DIMENSIONS,
  isFinerThan,
  type Coordinate,
  type CubeDimension,
  type NotWritable,
  type SynthesisAt,
  type SynthesisCell,
} from '../../shared/contract/synthesis.js';
import { CasusError } from '../../shared/errors.js';
import { citationsIn } from '../../shared/matrix/citations.js';
import { NO_VALUE } from '../../shared/matrix/words.js';
import { namedCase, namedCode, resolveNamed } from '../../shared/resolve.js';
import { newId, now } from '../domain/ids.js';

export type CellRow = SynthesisCellRow;

/** A reference as stored: enough to show the quote even after its segment is gone. */
export interface StoredRef {
  segmentId: string;
  sourceId: string;
  start: number;
  end: number;
  quote: string;
}

/**
 * The references of a body: those its markers place, in marker order (so [1] comes first in the
 * text), then the ones not placed yet, in the order they were cited. A marker for a segment not
 * cited yet cites it.
 */
export function refsInMarkerOrder(
  refs: StoredRef[],
  body: string,
  cite: (segmentId: string) => StoredRef,
): StoredRef[] {
  const byId = new Map(refs.map((x) => [x.segmentId, x]));
  const marked = citationsIn(body);
  const placed = marked.map((id) => byId.get(id) ?? cite(id));
  const inText = new Set(marked);
  return [...placed, ...refs.filter((x) => !inText.has(x.segmentId))];
}

export function parseRefs(json: string): StoredRef[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? (v as StoredRef[]) : [];
}

const isCube = (d: AxisDimension): d is CubeDimension =>
  (CUBE_DIMENSIONS as readonly string[]).includes(d);

/** What a matrix view fixes before its rows and columns: the dimensions its filter pins down. */
export interface ViewFrame {
  fixed: Coordinate;
  notWritable: NotWritable | null;
}

/**
 * The dimensions a view's filter fixes. One code of a dimension fixes it; several combine values
 * (the view aggregates, and takes no synthesis of its own); one case fixes the case unless cases
 * are an axis. Coders and "approved only" narrow the evidence, not the cell: they fix nothing.
 */
export function viewFrame(r: Reader, spec: ParsedMatrixSpec): ViewFrame {
  const axes = [spec.rows.dim, spec.rows.split, spec.cols.dim, spec.cols.split].filter(
    (d): d is AxisDimension => d !== undefined,
  );
  const fixed: Coordinate = {};
  let notWritable: NotWritable | null = null;
  const axis = axes.find((d) => !isCube(d));
  if (axis) notWritable = { kind: 'axis', dimension: axis };
  const codes = codeRows(r).map((c) => ({
    ...namedCode({ id: c.id, key: c.key, label: { nl: c.label_nl, en: c.label_en } }),
    dimension: c.dimension,
  }));
  const byDim = new Map<CubeDimension, Set<string>>();
  for (const ref of spec.filter.codes ?? []) {
    const c = resolveNamed(codes, ref, 'code');
    const set = byDim.get(c.dimension) ?? new Set<string>();
    set.add(c.id);
    byDim.set(c.dimension, set);
  }
  if (spec.filter.cases?.length && !axes.includes('case')) {
    const cases = caseRows(r).map((c) =>
      namedCase({ id: c.id, key: c.key, label: { nl: c.label_nl, en: c.label_en } }),
    );
    byDim.set('case', new Set(spec.filter.cases.map((ref) => resolveNamed(cases, ref, 'case').id)));
  }
  for (const [dim, values] of byDim) {
    if (axes.includes(dim)) notWritable ??= { kind: 'overlap', dimension: dim };
    else if (values.size > 1) notWritable ??= { kind: 'several', dimension: dim };
    else fixed[dim] = [...values][0] as string;
  }
  return { fixed, notWritable };
}

/** Checks that a header value belongs to its dimension; fails naming both. */
function checkValue(r: Reader, dim: AxisDimension, value: string, key: string, side: string) {
  const ok =
    dim === 'case'
      ? caseById(r, value) !== undefined
      : dim === 'coder'
        ? coderById(r, value) !== undefined
        : dim === 'sourceType' || dim === 'role'
          ? value.length > 0
          : codeRow(r, value)?.dimension === dim;
  if (!ok)
    throw new CasusError('not_found', `Matrix ${side} "${key}": "${value}" is not a ${dim} here`);
}

/** The values a row or column header fixes (a split header fixes two dimensions). */
function headerValues(
  r: Reader,
  axis: ParsedMatrixSpec['rows'],
  key: string,
  side: 'row' | 'col',
): [AxisDimension, string][] {
  if (!axis.split) {
    checkValue(r, axis.dim, key, key, side);
    return [[axis.dim, key]];
  }
  const i = key.indexOf(':');
  if (i < 0)
    throw new CasusError(
      'invalid_input',
      `Matrix ${side} "${key}": a split ${side} names two values, "a:b"`,
    );
  const pairs: [AxisDimension, string][] = [
    [axis.dim, key.slice(0, i)],
    [axis.split, key.slice(i + 1)],
  ];
  for (const [d, v] of pairs)
    if (d !== axis.split || v !== NO_VALUE) checkValue(r, d, v, key, side);
  return pairs;
}

/** The coordinate of one cell of a view (with the frame already resolved). */
export function cellCoordinate(
  r: Reader,
  spec: ParsedMatrixSpec,
  frame: ViewFrame,
  row: string,
  col: string,
): Coordinate {
  const c: Coordinate = { ...frame.fixed };
  for (const [d, v] of [
    ...headerValues(r, spec.rows, row, 'row'),
    ...headerValues(r, spec.cols, col, 'col'),
  ])
    if (isCube(d)) c[d] = v;
  return c;
}

/** Where a call points: a coordinate, and whether a synthesis may be written there. */
export function resolveAt(
  r: Reader,
  at: SynthesisAt,
): { coordinate: Coordinate; notWritable: NotWritable | null } {
  if ('coordinate' in at) {
    for (const d of CUBE_DIMENSIONS) {
      const v = at.coordinate[d];
      if (v !== undefined) checkValue(r, d, v, coordinateKey(at.coordinate), 'coordinate');
    }
    if (Object.keys(at.coordinate).length === 0)
      throw new CasusError('invalid_input', 'A synthesis coordinate needs at least one dimension');
    return { coordinate: at.coordinate, notWritable: null };
  }
  const frame = viewFrame(r, at.spec);
  const coordinate = cellCoordinate(r, at.spec, frame, at.row, at.col);
  const unassigned = CUBE_DIMENSIONS.find((d) => coordinate[d] === NO_VALUE);
  return {
    coordinate,
    notWritable:
      frame.notWritable ?? (unassigned ? { kind: 'unassigned', dimension: unassigned } : null),
  };
}

/** The coordinate in words, in both languages: its values in cube order. */
export function describeCoordinate(r: Reader, c: Coordinate): { nl: string; en: string } {
  const vocab = vocabulary(r);
  const parts = CUBE_DIMENSIONS.flatMap((d) => {
    const v = c[d];
    if (v === undefined) return [];
    if (d === 'case') {
      const x = caseById(r, v);
      return [x ? { nl: x.label_nl, en: x.label_en } : { nl: v, en: v }];
    }
    if (d === 'sourceType' || d === 'role') {
      const kind = d === 'role' ? 'role' : 'document-type';
      const x = vocab.find((w) => w.kind === kind && w.key === v);
      return [x ? { nl: x.label_nl, en: x.label_en } : { nl: v, en: v }];
    }
    const x = codeRow(r, v);
    return [x ? { nl: x.label_nl, en: x.label_en } : { nl: v, en: v }];
  });
  return {
    nl: parts.map((p) => p.nl).join(' × '),
    en: parts.map((p) => p.en).join(' × '),
  };
}

/** The cell as the API shows it: references numbered, resolved against current segments. */
export function toCell(r: Reader, coordinate: Coordinate, c: CellRow | undefined): SynthesisCell {
  const coderName = (id: string | null) => (id ? (coderById(r, id)?.name ?? null) : null);
  const placed = new Set(c ? citationsIn(c.body) : []);
  const refs = c
    ? parseRefs(c.refs).map((ref, i) => {
        // A recoded (or resized) segment keeps its id: show it as it is now.
        const live = segmentRow(r, ref.segmentId);
        const sourceId = live?.source_id ?? ref.sourceId;
        const s = sourceRow(r, sourceId);
        const respondent = s?.respondent_id ? respondentById(r, s.respondent_id) : undefined;
        return {
          n: i + 1,
          segmentId: ref.segmentId,
          sourceId,
          start: live?.start ?? ref.start,
          end: live?.end ?? ref.end,
          quote: live?.text ?? ref.quote,
          sourceTitle: s?.title ?? '',
          respondent: respondent?.pseudonym ?? null,
          deleted: !live,
          placed: placed.has(ref.segmentId),
        };
      })
    : [];
  return {
    id: c?.id ?? null,
    coordinate,
    label: describeCoordinate(r, coordinate),
    body: c?.body ?? '',
    bodyText: c?.body_text ?? '',
    status: c?.status ?? 'empty',
    statusBy: coderName(c?.status_by ?? null),
    statusAt: c?.status_at ?? null,
    updatedBy: coderName(c?.updated_by ?? null),
    updatedAt: c?.updated_at ?? null,
    refs,
  };
}

/** A stored cell as the API shows it. */
export const storedCell = (r: Reader, c: CellRow): SynthesisCell =>
  toCell(r, JSON.parse(c.coordinate) as Coordinate, c);

export const getCellRow = (r: Reader, coordinate: Coordinate): CellRow | undefined =>
  synthesisCell(r, coordinateKey(coordinate));

/** Inserts or updates the cell of a coordinate inside an action. */
export function writeCell(
  w: Writer,
  coordinate: Coordinate,
  coderId: string | null,
  change: (current: CellRow) => Partial<CellRow>,
): CellRow {
  const before = getCellRow(w, coordinate);
  const at = now();
  const base: CellRow = before ?? {
    id: newId(),
    coordinate: coordinateKey(coordinate),
    body: '',
    body_text: '',
    status: 'empty',
    status_by: null,
    status_at: null,
    refs: '[]',
    updated_by: coderId,
    updated_at: at,
    created_at: at,
  };
  const {
    id: _id,
    coordinate: _c,
    ...patch
  } = {
    ...change(base),
    updated_by: coderId,
    updated_at: at,
  };
  return before
    ? updateSynthesisCell(w, before, patch)
    : insertSynthesisCell(w, { ...base, ...patch });
}

/** Every version of a cell from the change log, newest first. */
export function cellHistory(r: Reader, cellId: string) {
  return entityVersions(r, 'synthesis_cells', cellId)
    .filter((v) => v.after !== null)
    .map((v) => {
      const after = JSON.parse(v.after as string) as CellRow;
      return {
        seq: v.seq,
        at: v.at,
        coder: v.coder_name,
        action: v.action,
        bodyText: after.body_text,
        status: after.status,
        refCount: parseRefs(after.refs).length,
        row: after,
      };
    });
}

/** What one cell of a view shows: its own synthesis and the finer ones it aggregates. */
export interface ViewCell {
  row: string;
  col: string;
  own: SynthesisCell | null;
  finer: CellRow[];
}

/**
 * The syntheses of a view's cells. A cell shows the synthesis written under exactly its
 * coordinate; where the view combines several values of a dimension (see viewFrame) it has none
 * of its own, and every synthesis inside it counts as finer.
 */
export function viewSyntheses(
  r: Reader,
  spec: ParsedMatrixSpec,
  headers: { rows: readonly { id: string }[]; cols: readonly { id: string }[] },
): { notWritable: NotWritable | null; cells: ViewCell[] } {
  const frame = viewFrame(r, spec);
  const stored = synthesisCellsOf(r);
  const byKey = new Map(stored.map((s) => [s.row.coordinate, s.row]));
  const cells: ViewCell[] = [];
  for (const row of headers.rows)
    for (const col of headers.cols) {
      const coordinate = cellCoordinate(r, spec, frame, row.id, col.id);
      const key = coordinateKey(coordinate);
      const own = frame.notWritable ? undefined : byKey.get(key);
      const finer = stored
        .filter(
          (s) =>
            isFinerThan(s.coordinate, coordinate) ||
            (frame.notWritable !== null && s.row.coordinate === key),
        )
        .map((s) => s.row);
      if (own || finer.length)
        cells.push({
          row: row.id,
          col: col.id,
          own: own ? toCell(r, coordinate, own) : null,
          finer,
        });
    }
  return { notWritable: frame.notWritable, cells };
}

function synthesisCellsOf(r: Reader) {
  return synthesisCells(r).map((row) => ({
    row,
    coordinate: JSON.parse(row.coordinate) as Coordinate,
  }));
}

/** The syntheses finer than a coordinate (or, where a view aggregates, also its own). */
export function finerSyntheses(
  r: Reader,
  coordinate: Coordinate,
  includeSame: boolean,
): SynthesisCell[] {
  const key = coordinateKey(coordinate);
  return synthesisCellsOf(r)
    .filter(
      (s) => isFinerThan(s.coordinate, coordinate) || (includeSame && s.row.coordinate === key),
    )
    .map((s) => toCell(r, s.coordinate, s.row));
}
