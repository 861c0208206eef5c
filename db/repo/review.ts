import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type {
  ReviewFollowUpRow,
  ReviewItemRow,
  ReviewParticipantRow,
  ReviewRemarkRow,
  ReviewSessionRow,
  ReviewSnapshotRow,
} from '../tables.js';

export type {
  FollowUpState,
  ReviewFollowUpRow,
  ReviewItemRow,
  ReviewParticipantRow,
  ReviewRemarkRow,
  ReviewSessionRow,
  ReviewSnapshotRow,
  ReviewTag,
} from '../tables.js';

// Sessions

const sessions = sql.rows<ReviewSessionRow>(
  'SELECT * FROM review_sessions ORDER BY date DESC, created_at DESC',
);
const sessionById = sql.rows<ReviewSessionRow, { id: string }>(
  'SELECT * FROM review_sessions WHERE id = @id',
);

export const reviewSessions = (r: Reader): ReviewSessionRow[] => reading(r).all(sessions);
export const reviewSession = (r: Reader, id: string): ReviewSessionRow | undefined =>
  reading(r).get(sessionById, { id });

export const insertReviewSession = (w: Writer, row: ReviewSessionRow) =>
  writing(w).insert('review_sessions', row);
export const updateReviewSession = (
  w: Writer,
  before: ReviewSessionRow,
  patch: Partial<Omit<ReviewSessionRow, 'id'>>,
) => writing(w).update('review_sessions', before, patch);
export const deleteReviewSession = (w: Writer, row: ReviewSessionRow) =>
  writing(w).remove('review_sessions', row);

// Participants

const participantsOf = sql.rows<ReviewParticipantRow, { session: string }>(
  'SELECT * FROM review_participants WHERE session_id = @session ORDER BY sort, created_at',
);
const participantById = sql.rows<ReviewParticipantRow, { id: string }>(
  'SELECT * FROM review_participants WHERE id = @id',
);

export const reviewParticipants = (r: Reader, sessionId: string): ReviewParticipantRow[] =>
  reading(r).all(participantsOf, { session: sessionId });
export const reviewParticipant = (r: Reader, id: string): ReviewParticipantRow | undefined =>
  reading(r).get(participantById, { id });

export const insertReviewParticipant = (w: Writer, row: ReviewParticipantRow) =>
  writing(w).insert('review_participants', row);
export const updateReviewParticipant = (
  w: Writer,
  before: ReviewParticipantRow,
  patch: Partial<Omit<ReviewParticipantRow, 'id' | 'session_id'>>,
) => writing(w).update('review_participants', before, patch);
export const deleteReviewParticipant = (w: Writer, row: ReviewParticipantRow) =>
  writing(w).remove('review_participants', row);

// Agenda items

const itemsOf = sql.rows<ReviewItemRow, { session: string }>(
  'SELECT * FROM review_items WHERE session_id = @session ORDER BY position, created_at',
);
const itemById = sql.rows<ReviewItemRow, { id: string }>(
  'SELECT * FROM review_items WHERE id = @id',
);

/** A session's agenda in order. */
export const reviewItems = (r: Reader, sessionId: string): ReviewItemRow[] =>
  reading(r).all(itemsOf, { session: sessionId });
export const reviewItem = (r: Reader, id: string): ReviewItemRow | undefined =>
  reading(r).get(itemById, { id });

export const insertReviewItem = (w: Writer, row: ReviewItemRow) =>
  writing(w).insert('review_items', row);
export const updateReviewItem = (
  w: Writer,
  before: ReviewItemRow,
  patch: Partial<Omit<ReviewItemRow, 'id' | 'session_id'>>,
) => writing(w).update('review_items', before, patch);
export const deleteReviewItem = (w: Writer, row: ReviewItemRow) =>
  writing(w).remove('review_items', row);

// Snapshots

const snapshotsOfSession = sql.rows<ReviewSnapshotRow, { session: string }>(
  'SELECT * FROM review_snapshots WHERE session_id = @session ORDER BY taken_at, id',
);
const snapshotsOfItem = sql.rows<ReviewSnapshotRow, { item: string }>(
  'SELECT * FROM review_snapshots WHERE item_id = @item ORDER BY taken_at, id',
);
const latestOfItem = sql.rows<ReviewSnapshotRow, { item: string }>(
  'SELECT * FROM review_snapshots WHERE item_id = @item ORDER BY taken_at DESC, id DESC LIMIT 1',
);
const snapshotById = sql.rows<ReviewSnapshotRow, { id: string }>(
  'SELECT * FROM review_snapshots WHERE id = @id',
);

export const reviewSnapshots = (r: Reader, sessionId: string): ReviewSnapshotRow[] =>
  reading(r).all(snapshotsOfSession, { session: sessionId });
export const itemSnapshots = (r: Reader, itemId: string): ReviewSnapshotRow[] =>
  reading(r).all(snapshotsOfItem, { item: itemId });
/** The snapshot the room sees of an item now: its latest. */
export const latestSnapshot = (r: Reader, itemId: string): ReviewSnapshotRow | undefined =>
  reading(r).get(latestOfItem, { item: itemId });
export const reviewSnapshot = (r: Reader, id: string): ReviewSnapshotRow | undefined =>
  reading(r).get(snapshotById, { id });

export const insertReviewSnapshot = (w: Writer, row: ReviewSnapshotRow) =>
  writing(w).insert('review_snapshots', row);
export const deleteReviewSnapshot = (w: Writer, row: ReviewSnapshotRow) =>
  writing(w).remove('review_snapshots', row);

// Remarks

const remarksOf = sql.rows<ReviewRemarkRow, { session: string }>(
  'SELECT * FROM review_remarks WHERE session_id = @session ORDER BY n',
);
const remarkById = sql.rows<ReviewRemarkRow, { id: string }>(
  'SELECT * FROM review_remarks WHERE id = @id',
);
const lastN = sql.values<number, { session: string }>(
  'SELECT coalesce(max(n), 0) FROM review_remarks WHERE session_id = @session',
);
const remarkCounts = sql.rows<{ session_id: string; remarks: number }>(
  'SELECT session_id, count(*) AS remarks FROM review_remarks GROUP BY session_id',
);

/** A session's remarks in the order they were made. */
export const reviewRemarks = (r: Reader, sessionId: string): ReviewRemarkRow[] =>
  reading(r).all(remarksOf, { session: sessionId });
export const reviewRemark = (r: Reader, id: string): ReviewRemarkRow | undefined =>
  reading(r).get(remarkById, { id });
/** The number the next remark of a session gets. */
export const nextRemarkNumber = (r: Reader, sessionId: string): number =>
  (reading(r).get(lastN, { session: sessionId }) ?? 0) + 1;
export const remarkCountsBySession = (r: Reader): Map<string, number> =>
  new Map(
    reading(r)
      .all(remarkCounts)
      .map((x) => [x.session_id, x.remarks]),
  );

export const insertReviewRemark = (w: Writer, row: ReviewRemarkRow) =>
  writing(w).insert('review_remarks', row);
export const updateReviewRemark = (
  w: Writer,
  before: ReviewRemarkRow,
  patch: Partial<Omit<ReviewRemarkRow, 'id' | 'session_id' | 'n'>>,
) => writing(w).update('review_remarks', before, patch);
export const deleteReviewRemark = (w: Writer, row: ReviewRemarkRow) =>
  writing(w).remove('review_remarks', row);

// Follow-ups

/** A follow-up with what the lists show beside it: its remark and session. */
export interface FollowUpListRow extends ReviewFollowUpRow {
  session_id: string;
  session_title: string;
  session_date: string;
  item_id: string;
  n: number;
  tag: ReviewRemarkRow['tag'];
  text: string;
  participant_id: string | null;
  cell_row: string | null;
  cell_col: string | null;
}

const FOLLOW_UPS = `SELECT f.*, r.session_id, s.title AS session_title, s.date AS session_date,
    r.item_id, r.n, r.tag, r.text, r.participant_id, r.cell_row, r.cell_col
  FROM review_followups f
  JOIN review_remarks r ON r.id = f.remark_id
  JOIN review_sessions s ON s.id = r.session_id`;
const ORDER = 'ORDER BY s.date, s.created_at, r.n';
const followUpsAll = sql.rows<FollowUpListRow>(`${FOLLOW_UPS} ${ORDER}`);
const followUpsAt = sql.rows<FollowUpListRow, { coordinate: string }>(
  `${FOLLOW_UPS} WHERE f.coordinate = @coordinate ${ORDER}`,
);
const followUpsWithCell = sql.rows<FollowUpListRow>(
  `${FOLLOW_UPS} WHERE f.coordinate IS NOT NULL ${ORDER}`,
);
const followUpById = sql.rows<ReviewFollowUpRow, { id: string }>(
  'SELECT * FROM review_followups WHERE id = @id',
);
const followUpOfRemark = sql.rows<ReviewFollowUpRow, { remark: string }>(
  'SELECT * FROM review_followups WHERE remark_id = @remark',
);
const openCounts = sql.rows<{ session_id: string; open: number }>(
  `SELECT r.session_id, count(*) AS open FROM review_followups f
   JOIN review_remarks r ON r.id = f.remark_id WHERE f.state = 'open' GROUP BY r.session_id`,
);
const openAt = sql.values<number, { coordinate: string }>(
  `SELECT count(*) FROM review_followups WHERE coordinate = @coordinate AND state = 'open'`,
);

/** Every follow-up, by session date and remark order. */
export const followUps = (r: Reader): FollowUpListRow[] => reading(r).all(followUpsAll);
/** The follow-ups on one cell of the cube (its canonical coordinate key). */
export const followUpsAtCoordinate = (r: Reader, coordinate: string): FollowUpListRow[] =>
  reading(r).all(followUpsAt, { coordinate });
/** The follow-ups that lie on a cell (not on an item as a whole). */
export const followUpsOnCells = (r: Reader): FollowUpListRow[] => reading(r).all(followUpsWithCell);
export const followUp = (r: Reader, id: string): ReviewFollowUpRow | undefined =>
  reading(r).get(followUpById, { id });
export const followUpOf = (r: Reader, remarkId: string): ReviewFollowUpRow | undefined =>
  reading(r).get(followUpOfRemark, { remark: remarkId });
export const openFollowUpCountsBySession = (r: Reader): Map<string, number> =>
  new Map(
    reading(r)
      .all(openCounts)
      .map((x) => [x.session_id, x.open]),
  );
/** How many follow-ups on a cell are still open. */
export const openFollowUpsAt = (r: Reader, coordinate: string): number =>
  reading(r).get(openAt, { coordinate }) ?? 0;

export const insertFollowUp = (w: Writer, row: ReviewFollowUpRow) =>
  writing(w).insert('review_followups', row);
export const updateFollowUp = (
  w: Writer,
  before: ReviewFollowUpRow,
  patch: Partial<Omit<ReviewFollowUpRow, 'id' | 'remark_id'>>,
) => writing(w).update('review_followups', before, patch);
export const deleteFollowUp = (w: Writer, row: ReviewFollowUpRow) =>
  writing(w).remove('review_followups', row);
