import type { CodedSegment } from '../../core/shared/contract/coding.js';
import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { SegmentRow } from '../tables.js';

export type { SegmentRow } from '../tables.js';

const byId = sql.rows<SegmentRow, { id: string }>('SELECT * FROM segments WHERE id = @id');
const ofSource = sql.rows<SegmentRow, { sourceId: string }>(
  'SELECT * FROM segments WHERE source_id = @sourceId ORDER BY start, end, id',
);
const sameRange = sql.rows<
  SegmentRow,
  { sourceId: string; start: number; end: number; coder: string | null }
>(
  `SELECT * FROM segments WHERE source_id = @sourceId AND start = @start AND end = @end
     AND created_by IS @coder ORDER BY created_at LIMIT 1`,
);

export const segmentRow = (r: Reader, id: string): SegmentRow | undefined =>
  reading(r).get(byId, { id });
/** A source's segments in text order. */
export const segmentsOfSource = (r: Reader, sourceId: string): SegmentRow[] =>
  reading(r).all(ofSource, { sourceId });
/** This coder's segment with exactly this range, if there is one. */
export const segmentWithRange = (
  r: Reader,
  args: { sourceId: string; start: number; end: number; coderId: string | null },
): SegmentRow | undefined => reading(r).get(sameRange, { ...args, coder: args.coderId });

/** A segment to insert: SQLite gives it its `seq` (undo passes the one it had). */
export type NewSegment = Omit<SegmentRow, 'seq'> & { seq?: number };

export function insertSegment(w: Writer, row: NewSegment): SegmentRow {
  return writing(w).insert('segments', row as SegmentRow);
}

export function updateSegment(
  w: Writer,
  before: SegmentRow,
  patch: Partial<Omit<SegmentRow, 'id' | 'seq'>>,
): SegmentRow {
  return writing(w).update('segments', before, patch);
}

export function deleteSegment(w: Writer, row: SegmentRow): void {
  writing(w).remove('segments', row);
}

// --- The coded-segment read model: a segment with its codings, coder and memo ----------------

interface JoinRow {
  id: string;
  source_id: string;
  start: number;
  end: number;
  text: string;
  created_at: string;
  coder_id: string | null;
  coder_name: string | null;
  coder_initials: string | null;
  coder_color: string | null;
  memo_id: string | null;
  memo_text: string | null;
}
interface CodingJoin {
  id: string;
  segment_id: string;
  code_id: string;
  coder_id: string | null;
  created_at: string;
}

const SEGMENTS = `
  SELECT g.id, g.source_id, g.start, g.end, g.text, g.created_at,
         c.id AS coder_id, c.name AS coder_name, c.initials AS coder_initials, c.color AS coder_color,
         m.id AS memo_id, m.body_text AS memo_text
  FROM segments g
  LEFT JOIN coders c ON c.id = g.created_by
  LEFT JOIN memos m ON m.target_type = 'segment' AND m.target_id = g.id`;
const SEGMENT_ORDER = 'ORDER BY g.source_id, g.start, g.end, g.created_at';
const CODINGS = `SELECT k.id, k.segment_id, k.code_id, k.coder_id, k.created_at FROM codings k
  JOIN segments g ON g.id = k.segment_id`;

/** The segments of one selection (by source, by code, or one) with their codings, together. */
const selections = {
  source: {
    segments: sql.rows<JoinRow, { v: string }>(
      `${SEGMENTS} WHERE g.source_id = @v ${SEGMENT_ORDER}`,
    ),
    codings: sql.rows<CodingJoin, { v: string }>(
      `${CODINGS} WHERE g.source_id = @v ORDER BY k.created_at`,
    ),
  },
  code: {
    segments: sql.rows<JoinRow, { v: string }>(
      `${SEGMENTS} WHERE g.id IN (SELECT segment_id FROM codings WHERE code_id = @v) ${SEGMENT_ORDER}`,
    ),
    codings: sql.rows<CodingJoin, { v: string }>(
      `${CODINGS} WHERE g.id IN (SELECT segment_id FROM codings WHERE code_id = @v)
       ORDER BY k.created_at`,
    ),
  },
  one: {
    segments: sql.rows<JoinRow, { v: string }>(`${SEGMENTS} WHERE g.id = @v`),
    codings: sql.rows<CodingJoin, { v: string }>(
      `${CODINGS} WHERE g.id = @v ORDER BY k.created_at`,
    ),
  },
};

function coded(r: Reader, by: keyof typeof selections, v: string): CodedSegment[] {
  const db = reading(r);
  const rows = db.all(selections[by].segments, { v });
  if (rows.length === 0) return [];
  const bySegment = new Map<string, CodedSegment['codings']>();
  for (const k of db.all(selections[by].codings, { v })) {
    const list = bySegment.get(k.segment_id) ?? [];
    list.push({ codingId: k.id, codeId: k.code_id, coderId: k.coder_id, createdAt: k.created_at });
    bySegment.set(k.segment_id, list);
  }
  return rows.map((x) => ({
    id: x.id,
    sourceId: x.source_id,
    start: x.start,
    end: x.end,
    text: x.text,
    createdAt: x.created_at,
    createdBy: x.coder_id
      ? {
          id: x.coder_id,
          name: x.coder_name ?? '',
          initials: x.coder_initials ?? '',
          color: x.coder_color ?? '#BBBBBB',
        }
      : null,
    codings: bySegment.get(x.id) ?? [],
    memo: x.memo_id ? { id: x.memo_id, bodyText: x.memo_text ?? '' } : null,
  }));
}

/** A source's coded segments in text order, for the viewer. */
export const codedSegmentsOfSource = (r: Reader, sourceId: string) => coded(r, 'source', sourceId);
/** The segments coded with one code (directly). */
export const codedSegmentsOfCode = (r: Reader, codeId: string) => coded(r, 'code', codeId);
export const codedSegment = (r: Reader, id: string): CodedSegment | undefined =>
  coded(r, 'one', id)[0];

const everything = sql.rows<SegmentRow>(
  'SELECT * FROM segments ORDER BY source_id, start, end, created_at',
);
/** Every segment, by source and position. */
export const allSegments = (r: Reader): SegmentRow[] => reading(r).all(everything);
const ids = sql.values<string>('SELECT id FROM segments');
/** The ids of every segment. */
export const allSegmentIds = (r: Reader): string[] => reading(r).all(ids);
