import type { Db } from '../../../db/open.js';
import type { CodedSegment } from '../../shared/contract/coding.js';

interface SegmentJoinRow {
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

const SEGMENT_SQL = `
  SELECT g.id, g.source_id, g.start, g.end, g.text, g.created_at,
         c.id AS coder_id, c.name AS coder_name, c.initials AS coder_initials, c.color AS coder_color,
         m.id AS memo_id, m.body_text AS memo_text
  FROM segments g
  LEFT JOIN coders c ON c.id = g.created_by
  LEFT JOIN memos m ON m.target_type = 'segment' AND m.target_id = g.id`;

/** Segments with codes, coder and memo; `where` filters `g` (segments). */
export function codedSegments(db: Db, where: string, ...params: string[]): CodedSegment[] {
  const rows = db
    .prepare(`${SEGMENT_SQL} WHERE ${where} ORDER BY g.source_id, g.start, g.end, g.created_at`)
    .all(...params) as SegmentJoinRow[];
  if (rows.length === 0) return [];
  const codings = db
    .prepare(
      `SELECT k.id, k.segment_id, k.code_id, k.coder_id, k.created_at FROM codings k
       JOIN segments g ON g.id = k.segment_id WHERE ${where} ORDER BY k.created_at`,
    )
    .all(...params) as {
    id: string;
    segment_id: string;
    code_id: string;
    coder_id: string | null;
    created_at: string;
  }[];
  const bySegment = new Map<string, CodedSegment['codings']>();
  for (const k of codings) {
    const list = bySegment.get(k.segment_id) ?? [];
    list.push({ codingId: k.id, codeId: k.code_id, coderId: k.coder_id, createdAt: k.created_at });
    bySegment.set(k.segment_id, list);
  }
  return rows.map((r) => ({
    id: r.id,
    sourceId: r.source_id,
    start: r.start,
    end: r.end,
    text: r.text,
    createdAt: r.created_at,
    createdBy: r.coder_id
      ? {
          id: r.coder_id,
          name: r.coder_name ?? '',
          initials: r.coder_initials ?? '',
          color: r.coder_color ?? '#BBBBBB',
        }
      : null,
    codings: bySegment.get(r.id) ?? [],
    memo: r.memo_id ? { id: r.memo_id, bodyText: r.memo_text ?? '' } : null,
  }));
}

export function codedSegment(db: Db, id: string): CodedSegment | undefined {
  return codedSegments(db, 'g.id = ?', id)[0];
}
