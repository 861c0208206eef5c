import type { Reader } from '../../../db/access.js';
import { caseRows } from '../../../db/repo/cases.js';
import {
  deleteFollowUp,
  deleteReviewItem,
  deleteReviewParticipant,
  deleteReviewRemark,
  deleteReviewSession,
  deleteReviewSnapshot,
  followUp,
  followUpOf,
  followUps,
  followUpsAtCoordinate,
  followUpsOnCells,
  insertFollowUp,
  insertReviewItem,
  insertReviewParticipant,
  insertReviewRemark,
  insertReviewSession,
  insertReviewSnapshot,
  itemSnapshots,
  latestSnapshot,
  nextRemarkNumber,
  reviewItems,
  reviewParticipants,
  reviewRemark,
  reviewRemarks,
  reviewSessions,
  reviewSnapshots,
  updateFollowUp,
  updateReviewItem,
  updateReviewParticipant,
  updateReviewRemark,
  updateReviewSession,
  type FollowUpListRow,
  type ReviewItemRow,
  type ReviewRemarkRow,
  type ReviewSessionRow,
  type ReviewSnapshotRow,
} from '../../../db/repo/review.js';
import type { Writer } from '../../../db/access.js';
import {
  FOLLOW_UP_TAGS,
  SnapshotContent,
  type AudienceState,
  type RemarkTag,
  type ReviewSnapshot,
  type reviewContract,
} from '../../shared/contract/review.js';
import { coordinateKey, type Coordinate } from '../../shared/contract/synthesis.js';
import { CasusError } from '../../shared/errors.js';
import { namedCase, resolveNamed } from '../../shared/resolve.js';
import { clampFrame, framesOf } from '../../shared/review/frames.js';
import type { Audience } from '../../shared/contract/confidentiality.js';
import { lensFor } from '../confidentiality/lens.js';
import type { ServiceContext } from '../context.js';
import { newId, now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import {
  cellCoordinate,
  cellHistory,
  getCellRow,
  resolveAt,
  viewFrame,
} from '../matrix/synthesis.js';
import { computeMatrix } from '../matrix/engine.js';
import {
  chooseMatrix,
  closeUp,
  focusColumns,
  headersOf,
  placeItem,
  resolveFocus,
} from '../review/agenda.js';
import { resolveHeader, type HeaderLike } from '../review/headers.js';
import { checkShowing, snapshotForLens } from '../review/audience.js';
import { liveHub } from '../review/live.js';
import { buildMinutes } from '../review/minutes.js';
import {
  checkOpen,
  itemRow,
  participantRow,
  sessionDetail,
  sessionRow,
  summaries,
  toFollowUp,
  toItem,
  toParticipant,
  toRemark,
} from '../review/model.js';
import {
  buildSnapshot,
  focusedCols,
  focusedRows,
  forAudience,
  itemFocus,
  itemSpec,
} from '../review/snapshot.js';

type Showing = Extract<AudienceState, { kind: 'showing' }>;

const isFollowUpTag = (t: RemarkTag) => FOLLOW_UP_TAGS.includes(t);

/** Snapshots read back: parsed once per id (a presenter step must be quick). */
const parsed = new Map<string, { content: SnapshotContent; frames: number }>();
function snapshotContent(s: ReviewSnapshotRow) {
  let hit = parsed.get(s.id);
  if (!hit) {
    const content = SnapshotContent.parse(JSON.parse(s.content));
    hit = { content, frames: framesOf(content).length };
    if (parsed.size > 200) parsed.clear();
    parsed.set(s.id, hit);
  }
  return hit;
}

const toSnapshot = (s: ReviewSnapshotRow): ReviewSnapshot => ({
  id: s.id,
  itemId: s.item_id,
  takenAt: s.taken_at,
  content: snapshotContent(s).content,
});

function takeSnapshot(w: Writer, item: ReviewItemRow): ReviewSnapshotRow {
  const at = now();
  return insertReviewSnapshot(w, {
    id: newId(),
    session_id: item.session_id,
    item_id: item.id,
    taken_at: at,
    content: JSON.stringify(buildSnapshot(w, item, at)),
  });
}

/** An item of a session by id or agenda position. */
function sessionItem(r: Reader, session: ReviewSessionRow, ref: string | number): ReviewItemRow {
  const items = reviewItems(r, session.id);
  const item =
    typeof ref === 'number'
      ? items.find((i) => i.position === ref)
      : items.find((i) => i.id === ref);
  if (!item)
    throw new CasusError(
      'not_found',
      typeof ref === 'number'
        ? `The session "${session.title}" has no item ${ref} (its agenda has ${items.length})`
        : `The session "${session.title}" has no agenda item with id ${ref}`,
    );
  return item;
}

const ROOM = new Set(['', 'room', 'the room', 'zaal', 'de zaal']);

/** A participant of the session by id or name; null (or "the room") for the room as a whole. */
function participantOf(r: Reader, sessionId: string, by: string | null | undefined): string | null {
  if (by === null || by === undefined || ROOM.has(by.trim().toLowerCase())) return null;
  const people = reviewParticipants(r, sessionId).map((p) => ({
    id: p.id,
    names: [p.name],
    display: `"${p.name}"`,
  }));
  return resolveNamed(people, by, 'participant of this session').id;
}

/**
 * The cell a remark is about, checked against what the item shows (its snapshot, or its matrix
 * when it was not shown yet), with its coordinate in the cube: null where the view's cells take
 * no synthesis of their own (a coder axis, several values of a dimension combined).
 */
function remarkCell(
  r: Reader,
  item: ReviewItemRow,
  cell: { row: string; col: string },
): { row: string; col: string; coordinate: string | null } {
  const spec = itemSpec(item);
  const snap = latestSnapshot(r, item.id);
  let rows: HeaderLike[];
  let cols: HeaderLike[];
  if (snap) {
    const c = snapshotContent(snap).content;
    rows = c.rows.map((x) => ({ id: x.id, label: x.label, parentLabel: x.parent?.label ?? null }));
    cols = c.cols.map((x) => ({ id: x.id, label: x.hidden ?? x.label, parentLabel: null }));
  } else {
    const h = headersOf(r, spec);
    const focus = itemFocus(item);
    rows = focusedRows(h.rows, focus);
    cols = focusedCols(r, spec, h.cols, focus);
  }
  const row = resolveHeader(r, rows, cell.row, 'row', { allowGroup: false });
  const col = resolveHeader(r, cols, cell.col, 'column', { allowGroup: false });
  const frame = viewFrame(r, spec);
  const coordinate = frame.notWritable
    ? null
    : coordinateKey(cellCoordinate(r, spec, frame, row, col));
  return { row, col, coordinate };
}

function remarkFollowUp(w: Writer, remark: ReviewRemarkRow): void {
  insertFollowUp(w, {
    id: newId(),
    remark_id: remark.id,
    coordinate: remark.coordinate,
    state: 'open',
    reason: '',
    synthesis_seq: null,
    resolved_by: null,
    resolved_at: null,
    created_at: remark.created_at,
  });
}

function followUpRow(r: Reader, id: string): FollowUpListRow {
  const row = followUps(r).find((f) => f.id === id);
  if (!row) throw new CasusError('not_found', `No follow-up with id ${id}`);
  return row;
}

/** The audience state for an item at a frame; takes the item's snapshot the first time. */
function present(
  ctx: ServiceContext,
  input: {
    sessionId: string;
    itemId: string;
    frame: number;
    footerRemarkId: string | null;
    lang: 'nl' | 'en';
    audience: Audience;
  },
): AudienceState {
  const r = ctx.read();
  const session = sessionRow(r, input.sessionId);
  checkOpen(session);
  const item = sessionItem(r, session, input.itemId);
  let snap = latestSnapshot(r, item.id);
  const footer = input.footerRemarkId ? reviewRemark(r, input.footerRemarkId) : undefined;
  if (input.footerRemarkId && (!footer || footer.session_id !== session.id))
    throw new CasusError('not_found', `No remark with id ${input.footerRemarkId} in this session`);
  if (!snap || (footer && footer.shown === 0))
    ctx.action('review.present', (w) => {
      if (!snap) snap = takeSnapshot(w, item);
      if (footer && footer.shown === 0) updateReviewRemark(w, footer, { shown: 1 });
    });
  if (!snap) throw new CasusError('internal', 'The snapshot was not taken');
  const { content, frames } = snapshotContent(snap);
  const items = reviewItems(r, session.id);
  // The room sees the project through its audience's lens (none for the team).
  const lens = lensFor(r, input.audience, input.lang);
  const text = (s: string) => (lens ? lens.text(s) : s);
  const state: Omit<Showing, 'seq'> = {
    kind: 'showing',
    lang: input.lang,
    audience: lens ? lens.audience : { kind: 'team', hideCases: false },
    session: {
      id: session.id,
      title: text(session.title),
      date: lens ? lens.date(session.date) : session.date,
    },
    item: { id: item.id, position: item.position, count: items.length },
    snapshotId: snap.id,
    snapshot: lens ? snapshotForLens(forAudience(content), lens) : forAudience(content),
    frame: clampFrame(input.frame, frames),
    frames,
    footer: footer
      ? {
          remarkId: footer.id,
          tag: footer.tag,
          text: text(footer.text),
          by: footer.participant_id
            ? (() => {
                const name = reviewParticipants(r, session.id).find(
                  (p) => p.id === footer.participant_id,
                )?.name;
                return name === undefined ? null : text(name);
              })()
            : null,
        }
      : null,
  };
  if (lens) checkShowing(state, lens);
  return liveHub(ctx.session).show(state);
}

export const reviewHandlers: HandlersFor<typeof reviewContract> = {
  'review.sessions.list': (_input, ctx) => {
    const r = ctx.read();
    return summaries(r, reviewSessions(r));
  },
  'review.sessions.get': ({ id }, ctx) => sessionDetail(ctx.read(), id),
  'review.sessions.create': ({ title, date }, ctx) => {
    const id = ctx.action('review.sessions.create', (w) => {
      const at = now();
      return insertReviewSession(w, {
        id: newId(),
        title: title.trim(),
        date,
        closed_at: null,
        created_by: ctx.coderId(),
        created_at: at,
        updated_at: at,
      }).id;
    });
    return sessionDetail(ctx.read(), id);
  },
  'review.sessions.update': ({ id, title, date, closed }, ctx) => {
    ctx.action('review.sessions.update', (w) => {
      const s = sessionRow(w, id);
      if ((title !== undefined || date !== undefined) && closed !== false) checkOpen(s);
      updateReviewSession(w, s, {
        ...(title !== undefined ? { title: title.trim() } : {}),
        ...(date !== undefined ? { date } : {}),
        ...(closed === true && !s.closed_at ? { closed_at: now() } : {}),
        ...(closed === false ? { closed_at: null } : {}),
        updated_at: now(),
      });
    });
    // An ended session is no longer on the room's screens.
    const hub = liveHub(ctx.session);
    const live = hub.current();
    if (closed === true && live.kind === 'showing' && live.session.id === id) hub.stop();
    return sessionDetail(ctx.read(), id);
  },
  'review.sessions.delete': ({ id }, ctx) => {
    ctx.action('review.sessions.delete', (w) => {
      const s = sessionRow(w, id);
      const remarks = reviewRemarks(w, id);
      if (remarks.length)
        throw new CasusError(
          'conflict',
          `The session "${s.title}" has ${remarks.length} remark${remarks.length === 1 ? '' : 's'}: it is part of the study's record and is not deleted`,
        );
      for (const snap of reviewSnapshots(w, id)) deleteReviewSnapshot(w, snap);
      for (const i of reviewItems(w, id)) deleteReviewItem(w, i);
      for (const p of reviewParticipants(w, id)) deleteReviewParticipant(w, p);
      deleteReviewSession(w, s);
    });
    const hub = liveHub(ctx.session);
    const live = hub.current();
    if (live.kind === 'showing' && live.session.id === id) hub.stop();
    return { deleted: true };
  },

  'review.participants.save': (
    { sessionId, id, name, organisation, caseRef, role, listing },
    ctx,
  ) => {
    const row = ctx.action('review.participants.save', (w) => {
      const s = sessionRow(w, sessionId);
      checkOpen(s);
      let caseId: string | null = null;
      if (caseRef) {
        const named = caseRows(w).map((c) =>
          namedCase({ id: c.id, key: c.key, label: { nl: c.label_nl, en: c.label_en } }),
        );
        caseId = resolveNamed(named, caseRef, 'case').id;
      }
      const fields = {
        name: name.trim(),
        organisation: organisation.trim(),
        case_id: caseId,
        role: role.trim(),
        listing,
      };
      if (!fields.name) throw new CasusError('invalid_input', 'A participant needs a name');
      if (id) {
        const before = participantRow(w, id);
        if (before.session_id !== sessionId)
          throw new CasusError('invalid_input', `Participant ${id} belongs to another session`);
        return updateReviewParticipant(w, before, fields);
      }
      const others = reviewParticipants(w, sessionId);
      return insertReviewParticipant(w, {
        id: newId(),
        session_id: sessionId,
        ...fields,
        sort: others.reduce((m, p) => Math.max(m, p.sort), 0) + 1,
        created_at: now(),
      });
    });
    return toParticipant(ctx.read(), row);
  },
  'review.participants.remove': ({ id }, ctx) => {
    ctx.action('review.participants.remove', (w) => {
      const p = participantRow(w, id);
      checkOpen(sessionRow(w, p.session_id));
      const said = reviewRemarks(w, p.session_id).filter((x) => x.participant_id === id);
      if (said.length)
        throw new CasusError(
          'conflict',
          `${p.name} made ${said.length} remark${said.length === 1 ? '' : 's'} in this session (${said.map((x) => `#${x.n}`).join(', ')}); attribute ${said.length === 1 ? 'it' : 'them'} to someone else first`,
        );
      deleteReviewParticipant(w, p);
    });
    return { removed: true };
  },

  'review.items.add': (
    { sessionId, matrix, question, focus, show, reveal, notes, position },
    ctx,
  ) => {
    const r = ctx.read();
    const choice = chooseMatrix(r, matrix);
    const resolved = resolveFocus(r, choice.spec, focus);
    const row = ctx.action('review.items.add', (w) => {
      const s = sessionRow(w, sessionId);
      checkOpen(s);
      const count = reviewItems(w, sessionId).length;
      const item = insertReviewItem(w, {
        id: newId(),
        session_id: sessionId,
        position: count + 1,
        matrix_id: choice.matrixId,
        name_nl: choice.name.nl,
        name_en: choice.name.en,
        spec: JSON.stringify(choice.spec),
        ...focusColumns(resolved),
        question: question?.trim() ?? '',
        show_counts: show?.counts === false ? 0 : 1,
        show_syntheses: (show?.syntheses ?? choice.framework) ? 1 : 0,
        quotes: show?.quotes ?? 0,
        hide_cases: show?.hideCases ? 1 : 0,
        reveal: reveal ?? 'all',
        notes: notes ?? '',
        created_at: now(),
      });
      const placed = placeItem(w, sessionId, item, position ?? count + 1);
      return placed.find((i) => i.id === item.id) ?? item;
    });
    return toItem(ctx.read(), row, { snapshots: 0, remarks: 0 });
  },
  'review.items.update': ({ id, question, focus, show, reveal, notes }, ctx) => {
    const r = ctx.read();
    const before = itemRow(r, id);
    const resolved = focus ? resolveFocus(r, itemSpec(before), focus) : undefined;
    const row = ctx.action('review.items.update', (w) => {
      const current = itemRow(w, id);
      // Notes are the presenter's own: they may be written during and after the session.
      const onlyNotes =
        question === undefined && !focus && !show && reveal === undefined && notes !== undefined;
      if (!onlyNotes) checkOpen(sessionRow(w, current.session_id));
      return updateReviewItem(w, current, {
        ...(question !== undefined ? { question: question.trim() } : {}),
        ...(resolved ? focusColumns(resolved) : {}),
        ...(show?.counts !== undefined ? { show_counts: show.counts ? 1 : 0 } : {}),
        ...(show?.syntheses !== undefined ? { show_syntheses: show.syntheses ? 1 : 0 } : {}),
        ...(show?.quotes !== undefined ? { quotes: show.quotes } : {}),
        ...(show?.hideCases !== undefined ? { hide_cases: show.hideCases ? 1 : 0 } : {}),
        ...(reveal !== undefined ? { reveal } : {}),
        ...(notes !== undefined ? { notes } : {}),
      });
    });
    const r2 = ctx.read();
    return toItem(r2, row, {
      snapshots: itemSnapshots(r2, id).length,
      remarks: reviewRemarks(r2, row.session_id).filter((x) => x.item_id === id).length,
    });
  },
  'review.items.move': ({ id, position }, ctx) => {
    const sessionId = ctx.action('review.items.move', (w) => {
      const item = itemRow(w, id);
      checkOpen(sessionRow(w, item.session_id));
      placeItem(w, item.session_id, item, position);
      return item.session_id;
    });
    return sessionDetail(ctx.read(), sessionId).agenda;
  },
  'review.items.remove': ({ id }, ctx) => {
    ctx.action('review.items.remove', (w) => {
      const item = itemRow(w, id);
      checkOpen(sessionRow(w, item.session_id));
      const remarks = reviewRemarks(w, item.session_id).filter((x) => x.item_id === id);
      if (remarks.length)
        throw new CasusError(
          'conflict',
          `Item ${item.position} has ${remarks.length} remark${remarks.length === 1 ? '' : 's'} of the room: it stays on the agenda`,
        );
      const live = liveHub(ctx.session).current();
      if (live.kind === 'showing' && live.item.id === id)
        throw new CasusError('conflict', `Item ${item.position} is on the room's screen now`);
      // A snapshot without remarks records nothing the room said: it goes with the item.
      for (const snap of itemSnapshots(w, id)) deleteReviewSnapshot(w, snap);
      deleteReviewItem(w, item);
      closeUp(w, item.session_id);
    });
    return { removed: true };
  },

  'review.present': (input, ctx) => present(ctx, input),
  'review.stop': (_input, ctx) => liveHub(ctx.session).stop(),
  'review.live': (_input, ctx) => liveHub(ctx.session).current(),

  'review.snapshots.list': ({ sessionId }, ctx) => {
    const r = ctx.read();
    sessionRow(r, sessionId);
    return reviewSnapshots(r, sessionId).map(toSnapshot);
  },
  'review.snapshots.refresh': ({ itemId }, ctx) => {
    const snap = ctx.action('review.snapshots.refresh', (w) => {
      const item = itemRow(w, itemId);
      checkOpen(sessionRow(w, item.session_id));
      return takeSnapshot(w, item);
    });
    // A room looking at this item sees the new snapshot at once.
    const live = liveHub(ctx.session).current();
    if (live.kind === 'showing' && live.item.id === itemId)
      present(ctx, {
        sessionId: live.session.id,
        itemId,
        frame: live.frame,
        footerRemarkId: live.footer?.remarkId ?? null,
        lang: live.lang,
        audience: live.audience,
      });
    return toSnapshot(snap);
  },

  'review.remarks.list': ({ sessionId }, ctx) => {
    const r = ctx.read();
    sessionRow(r, sessionId);
    return reviewRemarks(r, sessionId).map((x) => toRemark(r, x));
  },
  'review.remarks.add': ({ sessionId, item, tag, text, by, cell }, ctx) => {
    const r = ctx.read();
    const session = sessionRow(r, sessionId);
    checkOpen(session);
    const it = sessionItem(r, session, item);
    const participant = participantOf(r, sessionId, by);
    const where = cell ? remarkCell(r, it, cell) : null;
    const row = ctx.action('review.remarks.add', (w) => {
      const remark = insertReviewRemark(w, {
        id: newId(),
        session_id: sessionId,
        item_id: it.id,
        snapshot_id: latestSnapshot(w, it.id)?.id ?? null,
        n: nextRemarkNumber(w, sessionId),
        tag,
        text: text.trim(),
        participant_id: participant,
        cell_row: where?.row ?? null,
        cell_col: where?.col ?? null,
        coordinate: where?.coordinate ?? null,
        shown: 0,
        created_by: ctx.coderId(),
        created_at: now(),
      });
      if (isFollowUpTag(tag)) remarkFollowUp(w, remark);
      return remark;
    });
    return toRemark(ctx.read(), row);
  },
  'review.remarks.update': ({ id, tag, text, by, cell }, ctx) => {
    const r = ctx.read();
    const before = reviewRemark(r, id);
    if (!before) throw new CasusError('not_found', `No remark with id ${id}`);
    checkOpen(sessionRow(r, before.session_id));
    const participant = by !== undefined ? participantOf(r, before.session_id, by) : undefined;
    const where =
      cell === undefined
        ? undefined
        : cell === null
          ? null
          : remarkCell(r, itemRow(r, before.item_id), cell);
    const row = ctx.action('review.remarks.update', (w) => {
      const current = reviewRemark(w, id) ?? before;
      const f = followUpOf(w, id);
      const nextTag = tag ?? current.tag;
      const moved = where !== undefined && (where?.coordinate ?? null) !== current.coordinate;
      if (f && f.state !== 'open' && (!isFollowUpTag(nextTag) || moved))
        throw new CasusError(
          'conflict',
          `Remark #${current.n} has a follow-up that is ${f.state} already: reopen it before changing its tag or cell`,
        );
      const after = updateReviewRemark(w, current, {
        ...(tag !== undefined ? { tag } : {}),
        ...(text !== undefined ? { text: text.trim() } : {}),
        ...(participant !== undefined ? { participant_id: participant } : {}),
        ...(where !== undefined
          ? {
              cell_row: where?.row ?? null,
              cell_col: where?.col ?? null,
              coordinate: where?.coordinate ?? null,
            }
          : {}),
      });
      if (f && !isFollowUpTag(nextTag)) deleteFollowUp(w, f);
      else if (f && moved) updateFollowUp(w, f, { coordinate: after.coordinate });
      else if (!f && isFollowUpTag(nextTag)) remarkFollowUp(w, after);
      return after;
    });
    return toRemark(ctx.read(), row);
  },
  'review.remarks.remove': ({ id }, ctx) => {
    ctx.action('review.remarks.remove', (w) => {
      const remark = reviewRemark(w, id);
      if (!remark) throw new CasusError('not_found', `No remark with id ${id}`);
      checkOpen(sessionRow(w, remark.session_id));
      const f = followUpOf(w, id);
      if (f && f.state !== 'open')
        throw new CasusError(
          'conflict',
          `Remark #${remark.n} has a follow-up that is ${f.state}: it stays on record`,
        );
      if (f) deleteFollowUp(w, f);
      deleteReviewRemark(w, remark);
    });
    const hub = liveHub(ctx.session);
    const live = hub.current();
    if (live.kind === 'showing' && live.footer?.remarkId === id)
      present(ctx, {
        sessionId: live.session.id,
        itemId: live.item.id,
        frame: live.frame,
        footerRemarkId: null,
        lang: live.lang,
        audience: live.audience,
      });
    return { removed: true };
  },

  'review.followups.list': ({ state, sessionId, at }, ctx) => {
    const r = ctx.read();
    const rows = at
      ? followUpsAtCoordinate(r, coordinateKey(resolveAt(r, at).coordinate))
      : followUps(r);
    return rows
      .filter((f) => (!state || f.state === state) && (!sessionId || f.session_id === sessionId))
      .map((f) => toFollowUp(r, f));
  },
  'review.followups.forView': ({ spec }, ctx) => {
    const r = ctx.read();
    const onCells = followUpsOnCells(r);
    // Most views of most projects have none: no matrix to compute then.
    if (onCells.length === 0) return [];
    const counts = new Map<string, { open: number; total: number }>();
    for (const f of onCells) {
      const c = counts.get(f.coordinate as string) ?? { open: 0, total: 0 };
      c.total++;
      if (f.state === 'open') c.open++;
      counts.set(f.coordinate as string, c);
    }
    const frame = viewFrame(r, spec);
    if (frame.notWritable) return [];
    const m = computeMatrix(r, spec, { includeSegments: false });
    const out: { row: string; col: string; open: number; total: number }[] = [];
    for (const row of m.rows)
      for (const col of m.cols) {
        const c = counts.get(coordinateKey(cellCoordinate(r, spec, frame, row.id, col.id)));
        if (c) out.push({ row: row.id, col: col.id, ...c });
      }
    return out;
  },
  'review.followups.setState': ({ id, state, reason, synthesisSeq }, ctx) => {
    ctx.action('review.followups.setState', (w) => {
      const f = followUp(w, id);
      if (!f) throw new CasusError('not_found', `No follow-up with id ${id}`);
      if (state === 'dismissed' && !reason?.trim())
        throw new CasusError('invalid_input', 'A follow-up is dismissed with a reason: say why');
      let seq: number | null = null;
      if (state === 'done' && f.coordinate) {
        const cell = getCellRow(w, JSON.parse(f.coordinate) as Coordinate);
        const versions = cell ? cellHistory(w, cell.id) : [];
        if (synthesisSeq !== undefined) {
          if (!versions.some((v) => v.seq === synthesisSeq))
            throw new CasusError(
              'not_found',
              `Version ${synthesisSeq} is not a version of the synthesis of this follow-up's cell`,
            );
          seq = synthesisSeq;
        } else {
          // The latest edit of the cell's synthesis since the remark was made settles it.
          seq = versions.find((v) => v.at >= f.created_at)?.seq ?? null;
        }
      } else if (synthesisSeq !== undefined) {
        throw new CasusError(
          'invalid_input',
          f.coordinate
            ? 'A synthesis version settles a follow-up that is done'
            : 'This follow-up is on an agenda item, not on a cell with a synthesis',
        );
      }
      updateFollowUp(w, f, {
        state,
        // Done may carry a note; open again clears what closed it.
        reason: state === 'open' ? '' : (reason ?? '').trim(),
        synthesis_seq: seq,
        resolved_by: state === 'open' ? null : ctx.coderId(),
        resolved_at: state === 'open' ? null : now(),
      });
    });
    return toFollowUp(ctx.read(), followUpRow(ctx.read(), id));
  },

  'review.minutes': ({ sessionId, format, lang, audience }, ctx) =>
    buildMinutes(ctx.read(), sessionId, format, lang, audience),
};
