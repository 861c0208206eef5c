import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { CommentRow, CommentTarget, ReviewState, SegmentReviewRow } from '../tables.js';

const byId = sql.rows<CommentRow, { id: string }>('SELECT * FROM comments WHERE id = @id');
const all = sql.rows<CommentRow>('SELECT * FROM comments ORDER BY created_at, id');
const ofTarget = sql.rows<CommentRow, { type: string; id: string }>(
  'SELECT * FROM comments WHERE target_type = @type AND target_id = @id ORDER BY created_at, id',
);

export const commentRow = (r: Reader, id: string): CommentRow | undefined =>
  reading(r).get(byId, { id });
/** Every comment, oldest first (threads are assembled by the caller). */
export const allComments = (r: Reader): CommentRow[] => reading(r).all(all);
export const commentsOn = (r: Reader, type: CommentTarget, id: string): CommentRow[] =>
  reading(r).all(ofTarget, { type, id });

export function insertComment(w: Writer, row: CommentRow): CommentRow {
  return writing(w).insert('comments', row);
}
export function updateComment(
  w: Writer,
  before: CommentRow,
  patch: Partial<Pick<CommentRow, 'resolved_at' | 'resolved_by'>>,
): CommentRow {
  return writing(w).update('comments', before, patch);
}

const reviewOf = sql.rows<SegmentReviewRow, { id: string }>(
  'SELECT * FROM segment_reviews WHERE segment_id = @id',
);
const reviews = sql.rows<SegmentReviewRow>('SELECT * FROM segment_reviews');
const countsBy = sql.rows<{
  coder_id: string | null;
  code_id: string;
  state: ReviewState | null;
  n: number;
}>(
  `SELECT k.coder_id, k.code_id, v.state, count(*) AS n
   FROM codings k LEFT JOIN segment_reviews v ON v.segment_id = k.segment_id
   GROUP BY k.coder_id, k.code_id, v.state`,
);

export const segmentReview = (r: Reader, segmentId: string): SegmentReviewRow | undefined =>
  reading(r).get(reviewOf, { id: segmentId });
export const segmentReviews = (r: Reader): SegmentReviewRow[] => reading(r).all(reviews);
/** Codings counted per coder, code and review state of their segment (null: unreviewed). */
export const reviewCounts = (r: Reader) => reading(r).all(countsBy);

/** Sets (or, with state null, clears) a segment's review state. */
export function setSegmentReview(
  w: Writer,
  segmentId: string,
  next: Omit<SegmentReviewRow, 'segment_id'> | null,
): void {
  const before = segmentReview(w, segmentId);
  const tx = writing(w);
  if (!next) {
    if (before) tx.remove('segment_reviews', before);
    return;
  }
  if (before) tx.update('segment_reviews', before, next);
  else tx.insert('segment_reviews', { segment_id: segmentId, ...next });
}
