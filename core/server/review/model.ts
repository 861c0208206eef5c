import type { Reader } from '../../../db/access.js';
import { caseById } from '../../../db/repo/cases.js';
import { coderById } from '../../../db/repo/coders.js';
import {
  followUpOf,
  reviewItem,
  reviewItems,
  reviewParticipant,
  reviewParticipants,
  reviewRemarks,
  reviewSession,
  reviewSnapshots,
  remarkCountsBySession,
  openFollowUpCountsBySession,
  type FollowUpListRow,
  type ReviewItemRow,
  type ReviewParticipantRow,
  type ReviewRemarkRow,
  type ReviewSessionRow,
} from '../../../db/repo/review.js';
import type {
  RemarkCell,
  ReviewFollowUp,
  ReviewItem,
  ReviewParticipant,
  ReviewRemark,
  ReviewSession,
  ReviewSessionSummary,
} from '../../shared/contract/review.js';
import type { Coordinate } from '../../shared/contract/synthesis.js';
import { CasusError } from '../../shared/errors.js';
import { cellHistory, getCellRow } from '../matrix/synthesis.js';
import { describeCell, describeHeader } from './headers.js';
import { itemFocus, itemShow, itemSpec } from './snapshot.js';

/** Rows as the API shows them, and the lookups that fail by name. */

export function sessionRow(r: Reader, id: string): ReviewSessionRow {
  const s = reviewSession(r, id);
  if (!s) throw new CasusError('not_found', `No review session with id ${id}`);
  return s;
}

export function itemRow(r: Reader, id: string): ReviewItemRow {
  const i = reviewItem(r, id);
  if (!i) throw new CasusError('not_found', `No agenda item with id ${id}`);
  return i;
}

export function participantRow(r: Reader, id: string): ReviewParticipantRow {
  const p = reviewParticipant(r, id);
  if (!p) throw new CasusError('not_found', `No participant with id ${id}`);
  return p;
}

/** Changes to a session's preparation and record stop when it has ended. */
export function checkOpen(s: ReviewSessionRow): void {
  if (s.closed_at)
    throw new CasusError(
      'conflict',
      `The session "${s.title}" has ended (${s.closed_at.slice(0, 10)}): it is read-only; reopen it to change it`,
    );
}

export function toParticipant(r: Reader, p: ReviewParticipantRow): ReviewParticipant {
  const c = p.case_id ? caseById(r, p.case_id) : undefined;
  return {
    id: p.id,
    name: p.name,
    organisation: p.organisation,
    caseId: p.case_id,
    caseLabel: c ? { nl: c.label_nl, en: c.label_en } : null,
    role: p.role,
    listing: p.listing,
  };
}

export function toItem(
  r: Reader,
  i: ReviewItemRow,
  counts: { snapshots: number; remarks: number },
): ReviewItem {
  const spec = itemSpec(i);
  const focus = itemFocus(i);
  return {
    id: i.id,
    position: i.position,
    matrixId: i.matrix_id,
    name: { nl: i.name_nl, en: i.name_en },
    spec,
    focus,
    focusLabel:
      focus.kind === 'grid'
        ? { nl: '', en: '' }
        : focus.kind === 'row'
          ? describeHeader(r, spec.rows, focus.row)
          : describeCell(r, spec, focus.row, focus.col),
    question: i.question,
    show: itemShow(i),
    reveal: i.reveal,
    notes: i.notes,
    snapshots: counts.snapshots,
    remarks: counts.remarks,
  };
}

export function summaries(r: Reader, rows: ReviewSessionRow[]): ReviewSessionSummary[] {
  const remarks = remarkCountsBySession(r);
  const open = openFollowUpCountsBySession(r);
  return rows.map((s) => ({
    id: s.id,
    title: s.title,
    date: s.date,
    closed: s.closed_at !== null,
    items: reviewItems(r, s.id).length,
    participants: reviewParticipants(r, s.id).length,
    remarks: remarks.get(s.id) ?? 0,
    openFollowUps: open.get(s.id) ?? 0,
  }));
}

export function sessionDetail(r: Reader, id: string): ReviewSession {
  const s = sessionRow(r, id);
  const [summary] = summaries(r, [s]);
  const remarks = reviewRemarks(r, id);
  const snapshots = reviewSnapshots(r, id);
  const count = <T extends { item_id: string }>(xs: T[], item: string) =>
    xs.filter((x) => x.item_id === item).length;
  return {
    ...(summary as ReviewSessionSummary),
    participantList: reviewParticipants(r, id).map((p) => toParticipant(r, p)),
    agenda: reviewItems(r, id).map((i) =>
      toItem(r, i, { snapshots: count(snapshots, i.id), remarks: count(remarks, i.id) }),
    ),
  };
}

function remarkCell(
  r: Reader,
  item: ReviewItemRow | undefined,
  row: string | null,
  col: string | null,
  coordinate: string | null,
): RemarkCell | null {
  if (row === null || col === null) return null;
  let label = { nl: `${row} × ${col}`, en: `${row} × ${col}` };
  if (item) label = describeCell(r, itemSpec(item), row, col);
  return {
    row,
    col,
    label,
    coordinate: coordinate ? (JSON.parse(coordinate) as Coordinate) : null,
  };
}

export function toRemark(r: Reader, x: ReviewRemarkRow): ReviewRemark {
  const item = reviewItem(r, x.item_id);
  const f = followUpOf(r, x.id);
  return {
    id: x.id,
    sessionId: x.session_id,
    itemId: x.item_id,
    itemPosition: item?.position ?? 0,
    snapshotId: x.snapshot_id,
    n: x.n,
    tag: x.tag,
    text: x.text,
    participantId: x.participant_id,
    by: x.participant_id ? (reviewParticipant(r, x.participant_id)?.name ?? null) : null,
    cell: remarkCell(r, item, x.cell_row, x.cell_col, x.coordinate),
    shown: x.shown === 1,
    createdAt: x.created_at,
    followUp: f ? { id: f.id, state: f.state } : null,
  };
}

/** The synthesis version a follow-up names, as the history lists it. */
function linkedEdit(r: Reader, coordinate: string | null, seq: number | null) {
  if (coordinate === null || seq === null) return null;
  const cell = getCellRow(r, JSON.parse(coordinate) as Coordinate);
  const v = cell ? cellHistory(r, cell.id).find((h) => h.seq === seq) : undefined;
  return v
    ? { seq: v.seq, at: v.at, coder: v.coder, bodyText: v.bodyText, status: v.status }
    : null;
}

export function toFollowUp(r: Reader, f: FollowUpListRow): ReviewFollowUp {
  const item = reviewItem(r, f.item_id);
  return {
    id: f.id,
    remarkId: f.remark_id,
    sessionId: f.session_id,
    sessionTitle: f.session_title,
    sessionDate: f.session_date,
    itemId: f.item_id,
    n: f.n,
    tag: f.tag,
    text: f.text,
    by: f.participant_id ? (reviewParticipant(r, f.participant_id)?.name ?? null) : null,
    cell: remarkCell(r, item, f.cell_row, f.cell_col, f.coordinate),
    state: f.state,
    reason: f.reason,
    resolvedBy: f.resolved_by ? (coderById(r, f.resolved_by)?.name ?? null) : null,
    resolvedAt: f.resolved_at,
    edit: linkedEdit(r, f.coordinate, f.synthesis_seq),
    createdAt: f.created_at,
  };
}
