import type { Reader, Writer } from '../../../db/access.js';
import { openFollowUpsAt } from '../../../db/repo/review.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { synthesisCells } from '../../../db/repo/syntheses.js';
import {
  coordinateKey,
  type Coordinate,
  type SynthesisAt,
  type synthesisContract,
} from '../../shared/contract/synthesis.js';
import { CasusError } from '../../shared/errors.js';
import type { ServiceContext } from '../context.js';
import { now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import { computeMatrix } from '../matrix/engine.js';
import {
  cellHistory,
  finerSyntheses,
  getCellRow,
  parseRefs,
  refsInMarkerOrder,
  resolveAt,
  storedCell,
  toCell,
  viewSyntheses,
  writeCell,
  type CellRow,
  type StoredRef,
} from '../matrix/synthesis.js';

/** Where a write points; refused where the view combines several cells. */
function writableAt(r: Reader, at: SynthesisAt): Coordinate {
  const { coordinate, notWritable } = resolveAt(r, at);
  if (notWritable)
    throw new CasusError(
      'invalid_input',
      notWritable.kind === 'axis'
        ? `A synthesis belongs to a cell of the study's dimensions; this view has ${notWritable.dimension} as an axis`
        : notWritable.kind === 'several'
          ? `This view combines several values of ${notWritable.dimension}: choose one (or none) to write a synthesis`
          : notWritable.kind === 'unassigned'
            ? `This row holds the passages without a ${notWritable.dimension}: write a synthesis in a cell with one, or in the matrix without the split`
            : `This view filters ${notWritable.dimension}, which is also an axis: remove that filter to write a synthesis`,
      notWritable,
    );
  return coordinate;
}

/** One write action on the cell `at` points to; returns the cell as the API shows it. */
function writeAt(
  ctx: ServiceContext,
  name: string,
  at: SynthesisAt,
  fn: (w: Writer, coordinate: Coordinate) => CellRow,
) {
  const { coordinate, row } = ctx.action(name, (w) => {
    const c = writableAt(w, at);
    return { coordinate: c, row: fn(w, c) };
  });
  return toCell(ctx.read(), coordinate, row);
}

/** A passage as a synthesis cites it; fails naming the segment when it does not exist. */
function storedRef(r: Reader, segmentId: string): StoredRef {
  const seg = segmentRow(r, segmentId);
  if (!seg) throw new CasusError('not_found', `No segment with id ${segmentId}`);
  return {
    segmentId: seg.id,
    sourceId: seg.source_id,
    start: seg.start,
    end: seg.end,
    quote: seg.text,
  };
}

export const synthesisHandlers: HandlersFor<typeof synthesisContract> = {
  'matrix.synthesis.list': (_input, ctx) => {
    const r = ctx.read();
    return synthesisCells(r).map((c) => storedCell(r, c));
  },
  'matrix.synthesis.forView': ({ spec }, ctx) => {
    const r = ctx.read();
    const m = computeMatrix(r, spec, { includeSegments: false });
    const view = viewSyntheses(r, spec, m);
    return {
      notWritable: view.notWritable,
      cells: view.cells.map((c) => ({
        row: c.row,
        col: c.col,
        cell: c.own,
        finer: c.finer.length,
      })),
    };
  },
  'matrix.synthesis.get': ({ at }, ctx) => {
    const r = ctx.read();
    const { coordinate, notWritable } = resolveAt(r, at);
    const own = notWritable ? undefined : getCellRow(r, coordinate);
    return {
      ...toCell(r, coordinate, own),
      notWritable,
      finer: finerSyntheses(r, coordinate, notWritable !== null),
    };
  },
  'matrix.synthesis.save': ({ at, body, bodyText }, ctx) => {
    if (body !== '') {
      try {
        const parsed = JSON.parse(body) as { root?: unknown };
        if (typeof parsed !== 'object' || parsed === null || !('root' in parsed)) throw new Error();
      } catch {
        throw new CasusError('invalid_input', 'The synthesis body is not editor JSON');
      }
    }
    return writeAt(ctx, 'matrix.synthesis.save', at, (w, c) =>
      writeCell(w, c, ctx.coderId(), (cur) => ({
        body,
        body_text: bodyText,
        // The list under the text follows the markers in it; a marker cites its passage.
        refs: JSON.stringify(
          refsInMarkerOrder(parseRefs(cur.refs), body, (segmentId) => storedRef(w, segmentId)),
        ),
        // Writing something in an empty cell makes it a draft.
        ...(cur.status === 'empty' && bodyText.trim()
          ? { status: 'draft' as const, status_by: ctx.coderId(), status_at: now() }
          : {}),
      })),
    );
  },
  'matrix.synthesis.setStatus': ({ at, status }, ctx) =>
    writeAt(ctx, 'matrix.synthesis.setStatus', at, (w, c) => {
      // A cell is reviewed once the room's follow-ups on it are closed (issue 14).
      const open = status === 'reviewed' ? openFollowUpsAt(w, coordinateKey(c)) : 0;
      if (open > 0)
        throw new CasusError(
          'conflict',
          `This cell has ${open} open follow-up${open === 1 ? '' : 's'} from a group review: mark ${open === 1 ? 'it' : 'them'} done or dismissed before the cell is reviewed`,
        );
      return writeCell(w, c, ctx.coderId(), () => ({
        status,
        status_by: ctx.coderId(),
        status_at: now(),
      }));
    }),
  'matrix.synthesis.cite': ({ at, segmentId }, ctx) =>
    writeAt(ctx, 'matrix.synthesis.cite', at, (w, c) => {
      const ref = storedRef(w, segmentId);
      const current = getCellRow(w, c);
      if (current && parseRefs(current.refs).some((x) => x.segmentId === segmentId)) return current;
      return writeCell(w, c, ctx.coderId(), (cur) => ({
        refs: JSON.stringify([...parseRefs(cur.refs), ref]),
      }));
    }),
  'matrix.synthesis.uncite': ({ at, segmentId }, ctx) =>
    writeAt(ctx, 'matrix.synthesis.uncite', at, (w, c) => {
      const current = getCellRow(w, c);
      if (!current || !parseRefs(current.refs).some((x) => x.segmentId === segmentId))
        throw new CasusError('not_found', `This synthesis does not cite segment ${segmentId}`);
      return writeCell(w, c, ctx.coderId(), (cur) => ({
        refs: JSON.stringify(parseRefs(cur.refs).filter((x) => x.segmentId !== segmentId)),
      }));
    }),
  'matrix.synthesis.history': ({ at }, ctx) => {
    const r = ctx.read();
    const { coordinate } = resolveAt(r, at);
    const current = getCellRow(r, coordinate);
    if (!current) return [];
    return cellHistory(r, current.id).map(({ row: _row, ...v }) => v);
  },
  'matrix.synthesis.restore': ({ at, seq }, ctx) =>
    writeAt(ctx, 'matrix.synthesis.restore', at, (w, c) => {
      const current = getCellRow(w, c);
      const version = current ? cellHistory(w, current.id).find((v) => v.seq === seq) : undefined;
      if (!version) throw new CasusError('not_found', `This synthesis has no version ${seq}`);
      return writeCell(w, c, ctx.coderId(), () => ({
        body: version.row.body,
        body_text: version.row.body_text,
        status: version.row.status,
        status_by: version.row.status_by,
        status_at: version.row.status_at,
        refs: version.row.refs,
      }));
    }),
};
