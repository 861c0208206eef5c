import writeXlsxFile from 'write-excel-file/node';
import { readerFor, type Reader } from '../../../db/access.js';
import { changeAt, historyFloor, pastDatabase } from '../../../db/history.js';
import {
  activityGroups,
  groupsEntries,
  type ActivityFilter,
} from '../../../db/queries/activity.js';
import {
  allComments,
  commentRow,
  commentsOn,
  insertComment,
  reviewCounts,
  segmentReview,
  segmentReviews,
  setSegmentReview,
  updateComment,
} from '../../../db/repo/comments.js';
import { listCoders, coderById } from '../../../db/repo/coders.js';
import { codeRow, codeRows } from '../../../db/repo/codes.js';
import { codingsOfSegment } from '../../../db/repo/codings.js';
import { validationRound } from '../../../db/repo/reports.js';
import { respondentById } from '../../../db/repo/respondents.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { sourceRow } from '../../../db/repo/sources.js';
import type { CommentRow } from '../../../db/tables.js';
import type { auditContract, CommentTarget, Thread } from '../../shared/contract/audit.js';
import { coordinateKey, type Coordinate } from '../../shared/contract/synthesis.js';
import { CasusError } from '../../shared/errors.js';
import { toCsv } from '../../shared/table/csv.js';
import { describeGroup } from '../audit/describe.js';
import { checkExport } from '../confidentiality/leak-check.js';
import { lensFor } from '../confidentiality/lens.js';
import type { ServiceContext } from '../context.js';
import { newId, now } from '../domain/ids.js';
import type { HandlersFor } from '../handlers.js';
import { computeMatrix } from '../matrix/engine.js';
import { describeCoordinate } from '../matrix/synthesis.js';

type Moment = { at: string } | { roundId: string };

/** The project as it is (the change log is the whole story, also while looking at the past). */
function present(ctx: ServiceContext): Reader {
  if (!ctx.session.db)
    throw new CasusError('no_project', 'No project is open: open or create a project first');
  return readerFor(ctx.session.db);
}

/** The change a moment stands for; refused before the history that can be rebuilt. */
function momentSeq(r: Reader, m: Moment): { seq: number; at: string } {
  let at: string;
  if ('roundId' in m) {
    const round = validationRound(r, m.roundId);
    if (!round) throw new CasusError('not_found', `No validation round with id ${m.roundId}`);
    at = round.created_at;
  } else
    at = /^\d{4}-\d{2}-\d{2}$/.test(m.at) ? `${m.at}T23:59:59.999Z` : new Date(m.at).toISOString();
  const floor = historyFloor(r);
  const seq = changeAt(r, at);
  if (seq === null || !floor)
    throw new CasusError(
      'invalid_input',
      `The project did not exist yet at ${at.slice(0, 16).replace('T', ' ')}`,
    );
  if (seq < floor.seq)
    throw new CasusError(
      'invalid_input',
      `The project's history can be rebuilt from ${floor.at.slice(0, 16).replace('T', ' ')} on (when this version of Casus first opened it); ${at.slice(0, 10)} lies before that`,
    );
  return { seq, at };
}

// --- Comments -----------------------------------------------------------------------------------

function targetKey(t: CommentTarget): { type: CommentRow['target_type']; id: string } {
  return t.type === 'cell'
    ? { type: 'cell', id: coordinateKey(t.coordinate) }
    : { type: t.type, id: t.id };
}

function checkTarget(r: Reader, t: CommentTarget): void {
  const exists =
    t.type === 'cell'
      ? Object.keys(t.coordinate).length > 0
      : t.type === 'segment'
        ? segmentRow(r, t.id)
        : t.type === 'code'
          ? codeRow(r, t.id)
          : sourceRow(r, t.id);
  if (!exists)
    throw new CasusError('not_found', `No ${t.type} ${'id' in t ? t.id : ''} to comment on`);
}

/**
 * The coders a text mentions: "@" followed by a coder's full name, the name without spaces,
 * the initials or the first name (as people type them: "@Rosa", "@RdV", "@RosadeVries"), ending
 * where a word ends.
 */
export function mentionsIn(
  coders: readonly { id: string; name: string; initials: string }[],
  text: string,
): string[] {
  const found = new Set<string>();
  const lower = text.toLowerCase();
  for (const c of coders) {
    const forms = [c.name, c.name.replace(/\s+/g, ''), c.initials, c.name.split(/\s+/)[0] ?? '']
      .map((f) => f.trim().toLowerCase())
      .filter((f) => f.length > 0);
    for (const form of forms) {
      let at = lower.indexOf(`@${form}`);
      while (at >= 0) {
        const next = lower.charAt(at + form.length + 1);
        if (!/[\p{L}\p{N}]/u.test(next)) {
          found.add(c.id);
          break;
        }
        at = lower.indexOf(`@${form}`, at + 1);
      }
    }
  }
  return [...found];
}

function threadOf(r: Reader, root: CommentRow, replies: CommentRow[]): Thread {
  const name = (id: string | null) => (id ? (coderById(r, id)?.name ?? null) : null);
  const target: CommentTarget =
    root.target_type === 'cell'
      ? { type: 'cell', coordinate: JSON.parse(root.target_id) as Coordinate }
      : { type: root.target_type, id: root.target_id };
  let where: { nl: string; en: string };
  let open: Thread['open'];
  if (target.type === 'cell') {
    where = describeCoordinate(r, target.coordinate);
    open = { kind: 'cell', coordinate: target.coordinate };
  } else if (target.type === 'code') {
    const c = codeRow(r, target.id);
    where = { nl: `code “${c?.label_nl ?? '?'}”`, en: `code “${c?.label_en ?? '?'}”` };
    open = { kind: 'code', codeId: target.id };
  } else {
    const seg = target.type === 'segment' ? segmentRow(r, target.id) : undefined;
    const sourceId = seg ? seg.source_id : target.id;
    const s = sourceRow(r, sourceId);
    const who = s?.respondent_id ? respondentById(r, s.respondent_id)?.pseudonym : undefined;
    const label = who ?? s?.title ?? '?';
    // A passage says its words; a source whole is named as one, by title and respondent.
    const whole = s && who ? `“${s.title}” (${who})` : `“${s?.title ?? '?'}”`;
    where = seg
      ? { nl: `“${seg.text.slice(0, 80)}” (${label})`, en: `“${seg.text.slice(0, 80)}” (${label})` }
      : { nl: `bron ${whole}`, en: `source ${whole}` };
    open = s
      ? { kind: 'source', sourceId, start: seg?.start ?? null, end: seg?.end ?? null }
      : null;
  }
  return {
    id: root.id,
    target,
    where,
    open,
    resolved: root.resolved_at !== null,
    resolvedBy: name(root.resolved_by),
    resolvedAt: root.resolved_at,
    comments: [root, ...replies].map((c) => ({
      id: c.id,
      author: name(c.author_id),
      text: c.text,
      mentions: (JSON.parse(c.mentions) as string[]).map((id) => name(id) ?? '?'),
      createdAt: c.created_at,
    })),
  };
}

/** Every thread (with its answers), unresolved first, then by latest comment. */
function threads(r: Reader, keep: (root: CommentRow, all: CommentRow[]) => boolean): Thread[] {
  const rows = allComments(r);
  const replies = new Map<string, CommentRow[]>();
  for (const c of rows)
    if (c.parent_id) replies.set(c.parent_id, [...(replies.get(c.parent_id) ?? []), c]);
  const roots = rows.filter((c) => !c.parent_id && keep(c, [c, ...(replies.get(c.id) ?? [])]));
  const last = (c: CommentRow) => (replies.get(c.id) ?? []).at(-1)?.created_at ?? c.created_at;
  return roots
    .sort(
      (a, b) =>
        Number(a.resolved_at !== null) - Number(b.resolved_at !== null) ||
        last(b).localeCompare(last(a)),
    )
    .map((c) => threadOf(r, c, replies.get(c.id) ?? []));
}

function requireThread(r: Reader, id: string): CommentRow {
  const c = commentRow(r, id);
  if (!c || c.parent_id) throw new CasusError('not_found', `No comment thread with id ${id}`);
  return c;
}

// --- Activity ---------------------------------------------------------------------------------

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A period's ends as the log's UTC timestamps: a bare date covers its whole day. */
function period(f: ActivityFilter): ActivityFilter {
  const { from, to, ...rest } = f;
  return {
    ...rest,
    ...(from ? { from: DATE_ONLY.test(from) ? from : new Date(from).toISOString() } : {}),
    ...(to ? { to: DATE_ONLY.test(to) ? `${to}T23:59:59.999Z` : new Date(to).toISOString() } : {}),
  };
}

function activityPage(r: Reader, f: ActivityFilter, limit: number) {
  const groups = activityGroups(r, period(f), limit + 1);
  const page = groups.slice(0, limit);
  const entries = groupsEntries(
    r,
    page.map((g) => g.group_id),
  );
  const byGroup = new Map<string, typeof entries>();
  for (const e of entries) byGroup.set(e.group_id, [...(byGroup.get(e.group_id) ?? []), e]);
  const paragraphs = new Map<string, number[]>();
  return {
    entries: page.map((g) => {
      const d = describeGroup(r, g.action, byGroup.get(g.group_id) ?? [], paragraphs);
      return {
        group: g.group_id,
        seq: g.seq,
        at: g.at,
        coder: g.coder_name,
        action: g.action,
        text: d.text,
        target: d.target,
      };
    }),
    next: groups.length > limit ? (page.at(-1)?.seq ?? null) : null,
  };
}

const STATES = ['unreviewed', 'ok', 'questioned', 'settled'] as const;

export const auditHandlers: HandlersFor<typeof auditContract> = {
  'history.travel': (m, ctx) => {
    const { seq, at } = momentSeq(present(ctx), m);
    ctx.session.travel(seq, at);
    ctx.changedAll();
    return { at, seq };
  },
  'history.present': (_input, ctx) => {
    ctx.session.present();
    ctx.changedAll();
    return { ok: true as const };
  },
  'activity.list': ({ limit, ...f }, ctx) => activityPage(present(ctx), f, limit),
  'activity.export': async ({ format, lang, pseudonymise, audience, ...f }, ctx) => {
    const r = present(ctx);
    // The audience applies on the way out: the log's words name sources, codes and cells.
    const lens = lensFor(r, audience, lang);
    const shown = (s: string) => (lens ? lens.text(s) : s);
    const rows: (string | number)[][] = [];
    const aliases = new Map<string, string>();
    const alias = (name: string | null) => {
      if (!name) return '';
      if (!pseudonymise) return shown(name);
      if (!aliases.has(name))
        aliases.set(name, `${lang === 'nl' ? 'Codeur' : 'Coder'} ${aliases.size + 1}`);
      return aliases.get(name) as string;
    };
    let before: number | undefined;
    for (;;) {
      const page = activityPage(r, { ...f, ...(before !== undefined ? { before } : {}) }, 500);
      for (const e of page.entries)
        rows.push([lens ? lens.date(e.at) : e.at, alias(e.coder), e.action, shown(e.text[lang])]);
      if (page.next === null) break;
      before = page.next;
    }
    const header =
      lang === 'nl' ? ['tijd', 'codeur', 'handeling', 'wat'] : ['time', 'coder', 'action', 'what'];
    const stamp = now().slice(0, 10);
    let file: { fileName: string; mime: string; bytes: Uint8Array };
    if (format === 'csv')
      file = {
        fileName: `audit-${stamp}.csv`,
        mime: 'text/csv',
        bytes: Buffer.from(toCsv([header, ...rows])),
      };
    else {
      const data = [
        header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
        ...rows.map((x) => x.map((value) => ({ value }))),
      ];
      file = {
        fileName: `audit-${stamp}.xlsx`,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        bytes: await writeXlsxFile(data, { sheet: 'Audit' }).toBuffer(),
      };
    }
    const check = checkExport(file.bytes, file.fileName, lens);
    return {
      fileName: file.fileName,
      mime: file.mime,
      base64: Buffer.from(file.bytes).toString('base64'),
      check,
    };
  },
  'matrix.compare': ({ spec, then }, ctx) => {
    const r = present(ctx);
    const { seq, at } = momentSeq(r, then);
    const past = pastDatabase(r, seq);
    try {
      const before = computeMatrix(readerFor(past), spec, { includeSegments: false });
      const after = computeMatrix(r, spec, { includeSegments: false });
      const old = new Map(before.cells.map((c) => [`${c.row}\n${c.col}`, c.value]));
      return {
        at,
        cells: after.cells.map((c) => {
          const t = old.get(`${c.row}\n${c.col}`) ?? 0;
          return { row: c.row, col: c.col, then: t, now: c.value, changed: t !== c.value };
        }),
      };
    } finally {
      past.close();
    }
  },
  'comments.add': ({ target, threadId, text }, ctx) => {
    if ((target === undefined) === (threadId === undefined))
      throw new CasusError(
        'invalid_input',
        'Give either a target (a new thread) or a thread to answer',
      );
    const rootId = ctx.action('comments.add', (w) => {
      let key: { type: CommentRow['target_type']; id: string };
      let parent: string | null = null;
      if (threadId) {
        const root = requireThread(w, threadId);
        if (root.resolved_at) updateComment(w, root, { resolved_at: null, resolved_by: null }); // an answer reopens it
        key = { type: root.target_type, id: root.target_id };
        parent = root.id;
      } else {
        checkTarget(w, target as CommentTarget);
        key = targetKey(target as CommentTarget);
      }
      const row = insertComment(w, {
        id: newId(),
        target_type: key.type,
        target_id: key.id,
        parent_id: parent,
        author_id: ctx.coderId(),
        text,
        mentions: JSON.stringify(mentionsIn(listCoders(w), text)),
        resolved_at: null,
        resolved_by: null,
        created_at: now(),
      });
      return parent ?? row.id;
    });
    const r = ctx.read();
    return threads(r, (c) => c.id === rootId)[0] as Thread;
  },
  'comments.list': ({ target, open }, ctx) => {
    const key = target ? targetKey(target) : null;
    return threads(
      ctx.read(),
      (c) =>
        (!key || (c.target_type === key.type && c.target_id === key.id)) &&
        (!open || c.resolved_at === null),
    );
  },
  'comments.count': ({ target }, ctx) => {
    // Only the comments table: a count that names nothing need not be read again after coding.
    const key = targetKey(target);
    const roots = commentsOn(ctx.read(), key.type, key.id).filter((c) => !c.parent_id);
    return { threads: roots.length, open: roots.filter((c) => c.resolved_at === null).length };
  },
  'comments.resolve': ({ threadId, resolved }, ctx) => {
    ctx.action(resolved ? 'comments.resolve' : 'comments.reopen', (w) => {
      const root = requireThread(w, threadId);
      updateComment(
        w,
        root,
        resolved
          ? { resolved_at: now(), resolved_by: ctx.coderId() }
          : { resolved_at: null, resolved_by: null },
      );
    });
    return threads(ctx.read(), (c) => c.id === threadId)[0] as Thread;
  },
  'comments.inbox': ({ coderId }, ctx) => {
    const r = ctx.read();
    const me = coderId ?? ctx.coderId();
    if (!me) return [];
    return threads(r, (root, all) => {
      if (all.some((c) => (JSON.parse(c.mentions) as string[]).includes(me))) return true;
      if (root.target_type !== 'segment') return false;
      const seg = segmentRow(r, root.target_id);
      return (
        seg !== undefined &&
        (seg.created_by === me || codingsOfSegment(r, seg.id).some((k) => k.coder_id === me))
      );
    });
  },
  'segments.review': ({ segmentId, state, comment }, ctx) => {
    ctx.action('segments.review', (w) => {
      if (!segmentRow(w, segmentId))
        throw new CasusError('not_found', `No segment with id ${segmentId}`);
      if (state === 'questioned' && !comment?.trim())
        throw new CasusError('invalid_input', 'Say what is questioned: a comment is needed');
      setSegmentReview(
        w,
        segmentId,
        state === 'unreviewed' ? null : { state, reviewed_by: ctx.coderId(), reviewed_at: now() },
      );
      if (comment?.trim())
        insertComment(w, {
          id: newId(),
          target_type: 'segment',
          target_id: segmentId,
          parent_id: null,
          author_id: ctx.coderId(),
          text: comment.trim(),
          mentions: JSON.stringify(mentionsIn(listCoders(w), comment)),
          resolved_at: null,
          resolved_by: null,
          created_at: now(),
        });
    });
    return { segmentId, state: segmentReview(ctx.read(), segmentId)?.state ?? 'unreviewed' };
  },
  'reviews.states': ({ segmentId }, ctx) => ({
    states: Object.fromEntries(
      segmentReviews(ctx.read())
        .filter((x) => segmentId === undefined || x.segment_id === segmentId)
        .map((x) => [x.segment_id, x.state]),
    ),
  }),
  'reviews.summary': (_input, ctx) => {
    const r = ctx.read();
    const zero = () =>
      Object.fromEntries(STATES.map((s) => [s, 0])) as Record<(typeof STATES)[number], number>;
    const coders = new Map<string | null, Record<(typeof STATES)[number], number>>();
    const codes = new Map<string, Record<(typeof STATES)[number], number>>();
    for (const row of reviewCounts(r)) {
      const state = row.state ?? 'unreviewed';
      const c = coders.get(row.coder_id) ?? zero();
      c[state] += row.n;
      coders.set(row.coder_id, c);
      const k = codes.get(row.code_id) ?? zero();
      k[state] += row.n;
      codes.set(row.code_id, k);
    }
    const codeById = new Map(codeRows(r).map((c) => [c.id, c]));
    return {
      states: Object.fromEntries(segmentReviews(r).map((x) => [x.segment_id, x.state])),
      perCoder: [...coders].map(([coderId, counts]) => ({
        coderId,
        coder: coderId ? (coderById(r, coderId)?.name ?? '?') : '—',
        counts,
      })),
      perCode: [...codes].map(([codeId, counts]) => {
        const c = codeById.get(codeId);
        return { codeId, label: { nl: c?.label_nl ?? '?', en: c?.label_en ?? '?' }, counts };
      }),
    };
  },
};
