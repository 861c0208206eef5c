import type { Reader, Writer } from '../../../db/access.js';
import { coderById } from '../../../db/repo/coders.js';
import {
  childCodes,
  codeRow,
  codeSubtree,
  codeUsage,
  deleteCode,
  getCode,
  insertCode,
  nextCodeSort,
  updateCode,
  type CodeRow,
} from '../../../db/repo/codes.js';
import {
  codingOf,
  codingsOfCode,
  codingsOfSegment,
  deleteCoding,
  updateCoding,
} from '../../../db/repo/codings.js';
import { caseById } from '../../../db/repo/cases.js';
import {
  deleteMemo,
  memoListing,
  memoOf,
  memosOf,
  PROJECT_MEMO_TARGET,
  type MemoListing as MemoListingRow,
  type MemoRow,
} from '../../../db/repo/memos.js';
import { projectSettings, updateSettings } from '../../../db/repo/project.js';
import {
  codedSegment,
  codedSegmentsOfCode,
  codedSegmentsOfSource,
  segmentRow,
  updateSegment,
  type SegmentRow,
} from '../../../db/repo/segments.js';
import { sourceRow } from '../../../db/repo/sources.js';
import type {
  CodedSegment,
  codingContract,
  Memo,
  MemoListing,
} from '../../shared/contract/coding.js';
import type { Code } from '../../shared/contract/schemas.js';
import { CasusError } from '../../shared/errors.js';
import { describeTop, historyStacks, reverseGroup } from '../coding/history.js';
import type { ServiceContext } from '../context.js';
import { newId, now } from '../domain/ids.js';
import { editorState, paragraphNode, topLevelNodes } from '../domain/memo-body.js';
import { writeMemo } from '../domain/memos.js';
import {
  addCodings,
  checkedRange,
  codeRange,
  dropSegment,
  removeCodings,
} from '../domain/segments.js';
import type { HandlersFor } from '../handlers.js';
import { snapshotBefore } from '../snapshots/before.js';

type MemoTarget = Memo['targetType'];

const toMemo = (r: MemoRow): Memo => ({
  id: r.id,
  targetType: r.target_type as MemoTarget,
  targetId: r.target_id,
  body: r.body,
  bodyText: r.body_text,
  authorId: r.author_id,
  updatedAt: r.updated_at,
});

const shorten = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;

/** A memo for the overview: its target named in both languages, where to open it. */
function toListing(r: MemoListingRow): MemoListing {
  const same = (s: string | null) => ({ nl: s ?? '', en: s ?? '' });
  const label =
    r.target_type === 'project'
      ? same(r.project_name)
      : r.target_type === 'source' || r.target_type === 'segment'
        ? same(r.source_title)
        : { nl: r.label_nl ?? '', en: r.label_en || r.label_nl || '' };
  return {
    id: r.id,
    targetType: r.target_type as MemoTarget,
    targetId: r.target_id,
    target: {
      label,
      sourceId:
        r.target_type === 'source'
          ? r.target_id
          : r.target_type === 'segment'
            ? r.segment_source_id
            : null,
      range:
        r.segment_start !== null && r.segment_end !== null
          ? { start: r.segment_start, end: r.segment_end }
          : null,
      quote: r.segment_text === null ? null : shorten(r.segment_text, 200),
    },
    author: r.author_id && r.author_name ? { id: r.author_id, name: r.author_name } : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    text: shorten(r.body_text.trim(), 600),
  };
}

/** What a merge did, in both languages, for the target code's memo. */
function mergeNote(
  r: Reader,
  from: CodeRow,
  codings: number,
  duplicates: number,
  coderId: string | null,
): string[] {
  const coder = coderId ? coderById(r, coderId) : undefined;
  const day = now().slice(0, 10);
  const by = coder ? ` (${coder.initials})` : '';
  return [
    `Samengevoegd op ${day}${by}: “${from.label_nl}” met ${codings} codering(en), waarvan ${duplicates} dubbel.`,
    `Merged on ${day}${by}: “${from.label_en}” with ${codings} coding(s), ${duplicates} of them duplicates.`,
  ];
}

function requireSegment(r: Reader, id: string): SegmentRow {
  const seg = segmentRow(r, id);
  if (!seg) throw new CasusError('not_found', `No segment with id ${id}`);
  return seg;
}

function requireCodeRow(r: Reader, id: string, what = 'code'): CodeRow {
  const row = codeRow(r, id);
  if (!row) throw new CasusError('not_found', `No ${what} with id ${id}`);
  return row;
}

/** The code to merge, when merging it into `intoId` is possible. */
function checkMerge(r: Reader, fromId: string, intoId: string): CodeRow {
  const from = requireCodeRow(r, fromId, 'code to merge');
  requireCodeRow(r, intoId, 'code to merge into');
  if (fromId === intoId) throw new CasusError('invalid_input', 'Cannot merge a code into itself');
  if (codeSubtree(r, fromId).some((c) => c.id === intoId))
    throw new CasusError(
      'invalid_input',
      `Cannot merge "${from.label_nl}" into one of its own sub-codes`,
    );
  return from;
}

function requireCode(r: Reader, id: string): Code {
  const code = getCode(r, id);
  if (!code) throw new CasusError('not_found', `No code with id ${id}`);
  return code;
}

function readSegment(r: Reader, id: string): CodedSegment {
  const seg = codedSegment(r, id);
  if (!seg) throw new CasusError('internal', `Segment ${id} could not be read back`);
  return seg;
}

function deletePreview(r: Reader, id: string) {
  requireCodeRow(r, id);
  const ids = codeSubtree(r, id).map((c) => c.id);
  return { codes: ids.length, ...codeUsage(r, ids) };
}

type Favourites = Record<string, string>;
const favouritesOf = (settings: Record<string, unknown>): Favourites =>
  (settings.favourites as Favourites | undefined) ?? {};

function favourites(r: Reader): { digit: number; codeId: string }[] {
  return Object.entries(favouritesOf(projectSettings(r)))
    .map(([d, codeId]) => ({ digit: Number(d), codeId }))
    .filter((f) => f.digit >= 1 && f.digit <= 9 && codeRow(r, f.codeId))
    .sort((a, b) => a.digit - b.digit);
}

/** Takes a code off every favourite digit (a merged or deleted code). */
function dropFavourite(w: Writer, codeId: string): void {
  const fav = favouritesOf(projectSettings(w));
  if (!Object.values(fav).includes(codeId)) return;
  updateSettings(w, (s) => ({
    ...s,
    favourites: Object.fromEntries(Object.entries(fav).filter(([, c]) => c !== codeId)),
  }));
}

function undoRedo(ctx: ServiceContext, which: 'undo' | 'redo') {
  const sessionId = ctx.session.id;
  const s = historyStacks(ctx.read(), sessionId, ctx.coderId());
  const target = (which === 'undo' ? s.undo : s.redo).at(-1);
  // Described before it is reversed: what the researcher saw when they did it.
  const described = describeTop(ctx.read(), s, which);
  if (!target || !described)
    throw new CasusError('conflict', which === 'undo' ? 'Nothing to undo' : 'Nothing to redo');
  ctx.action(`history.${which}`, (w) => reverseGroup(w, target));
  const step = which === 'undo' ? -1 : 1;
  return {
    action: described.action,
    step: described,
    undoable: s.undo.length + step,
    redoable: s.redo.length - step,
  };
}

const MEMO_TARGET_EXISTS: Record<MemoTarget, ((r: Reader, id: string) => unknown) | null> = {
  project: null,
  case: caseById,
  source: sourceRow,
  code: codeRow,
  segment: segmentRow,
};

export const codingHandlers: HandlersFor<typeof codingContract> = {
  'coding.apply': (input, ctx) => {
    const segmentId = ctx.action('coding.apply', (w) => {
      for (const id of input.codeIds) requireCodeRow(w, id);
      let segId: string;
      if (input.segmentId) {
        if (input.sourceId !== undefined || input.start !== undefined || input.end !== undefined)
          throw new CasusError(
            'invalid_input',
            'Give either a segment or a source with start and end, not both',
          );
        segId = requireSegment(w, input.segmentId).id;
        addCodings(w, segId, input.codeIds, ctx.coderId());
      } else {
        if (input.sourceId === undefined || input.start === undefined || input.end === undefined)
          throw new CasusError(
            'invalid_input',
            'coding.apply needs a segment id, or a source id with start and end',
          );
        segId = codeRange(w, {
          sourceId: input.sourceId,
          start: input.start,
          end: input.end,
          codeIds: input.codeIds,
          coderId: ctx.coderId(),
        }).segment.id;
      }
      if (input.memo !== undefined && input.memo.trim() !== '')
        writeMemo(w, {
          type: 'segment',
          id: segId,
          body: '',
          bodyText: input.memo,
          author: ctx.coderId(),
        });
      return segId;
    });
    return readSegment(ctx.read(), segmentId);
  },
  'coding.inVivo': ({ sourceId, start, end }, ctx) => {
    const { codeId, segId } = ctx.action('coding.inVivo', (w) => {
      const text = checkedRange(w, sourceId, start, end);
      const label = text.slice(start, end).replace(/\s+/g, ' ').trim().slice(0, 80);
      const row = insertCode(w, {
        id: newId(),
        parent_id: null,
        key: null,
        dimension: 'free',
        label_nl: label,
        label_en: label,
        description_nl: '',
        description_en: '',
        color: '#BBBBBB',
        sort: nextCodeSort(w, null),
        created_at: now(),
      });
      const r = codeRange(w, { sourceId, start, end, codeIds: [row.id], coderId: ctx.coderId() });
      return { codeId: row.id, segId: r.segment.id };
    });
    const r = ctx.read();
    return { segment: readSegment(r, segId), code: requireCode(r, codeId) };
  },
  'coding.remove': ({ segmentId, codeIds }, ctx) =>
    ctx.action('coding.remove', (w) => {
      const segment = requireSegment(w, segmentId);
      const all = codingsOfSegment(w, segmentId);
      if (codeIds) {
        for (const id of codeIds) {
          requireCodeRow(w, id);
          if (!all.some((k) => k.code_id === id))
            throw new CasusError('not_found', `Segment ${segmentId} is not coded with code ${id}`);
        }
      }
      const doomed = codeIds ? all.filter((k) => codeIds.includes(k.code_id)) : all;
      return { removed: doomed.length, segmentDeleted: removeCodings(w, segment, doomed) };
    }),
  'coding.favourites': (_input, ctx) => favourites(ctx.read()),
  'coding.setFavourite': ({ digit, codeId }, ctx) => {
    ctx.action('coding.setFavourite', (w) => {
      if (codeId) requireCodeRow(w, codeId);
      updateSettings(w, (settings) => {
        const fav = { ...favouritesOf(settings) };
        if (codeId) {
          // A code sits on one digit only.
          for (const [d, c] of Object.entries(fav)) if (c === codeId) delete fav[d];
          fav[String(digit)] = codeId;
        } else delete fav[String(digit)];
        return { ...settings, favourites: fav };
      });
    });
    return favourites(ctx.read());
  },
  'segments.forSource': ({ sourceId }, ctx) => {
    const r = ctx.read();
    if (!sourceRow(r, sourceId)) throw new CasusError('not_found', `No source with id ${sourceId}`);
    return codedSegmentsOfSource(r, sourceId);
  },
  'segments.forCode': ({ codeId }, ctx) => {
    const r = ctx.read();
    requireCodeRow(r, codeId);
    return codedSegmentsOfCode(r, codeId);
  },
  'segments.update': ({ id, start, end }, ctx) => {
    ctx.action('segments.update', (w) => {
      const before = requireSegment(w, id);
      const text = checkedRange(w, before.source_id, start, end);
      updateSegment(w, before, { start, end, text: text.slice(start, end) });
    });
    return readSegment(ctx.read(), id);
  },
  'codes.merge': ({ fromId, intoId }, ctx) => {
    // Checked before the snapshot (a refused merge needs none), and again in the transaction.
    checkMerge(ctx.read(), fromId, intoId);
    snapshotBefore(ctx, 'codes.merge');
    ctx.action('codes.merge', (w) => {
      const from = checkMerge(w, fromId, intoId);
      const codings = codingsOfCode(w, fromId);
      let duplicates = 0;
      for (const k of codings) {
        if (codingOf(w, k.segment_id, intoId)) {
          duplicates++;
          // The segment already carries the target code: the duplicate collapses.
          deleteCoding(w, k);
        } else updateCoding(w, k, { code_id: intoId });
      }
      for (const c of childCodes(w, fromId)) updateCode(w, c, { parent_id: intoId });
      // One memo per code: the merged code's memo is appended to the target's, followed by a
      // note of what was merged (as ATLAS.ti does), so the code's history stays readable.
      const fromMemos = memosOf(w, 'code', fromId);
      const into = memoOf(w, 'code', intoId);
      const note = mergeNote(w, from, codings.length, duplicates, ctx.coderId());
      const nodes = [
        ...(into ? topLevelNodes(into.body, into.body_text) : []),
        ...fromMemos.flatMap((m) => topLevelNodes(m.body, m.body_text)),
        ...note.map(paragraphNode),
      ];
      const text = [into?.body_text, ...fromMemos.map((m) => m.body_text), ...note]
        .filter((x) => x)
        .join('\n\n');
      for (const m of fromMemos) deleteMemo(w, m);
      writeMemo(w, {
        type: 'code',
        id: intoId,
        body: editorState(nodes),
        bodyText: text,
        author: ctx.coderId(),
      });
      dropFavourite(w, fromId);
      deleteCode(w, from);
    });
    return requireCode(ctx.read(), intoId);
  },
  'codes.move': ({ id, parentId, index }, ctx) => {
    ctx.action('codes.move', (w) => {
      const code = requireCodeRow(w, id);
      if (parentId !== null) {
        requireCodeRow(w, parentId, 'parent code');
        if (codeSubtree(w, id).some((c) => c.id === parentId))
          throw new CasusError(
            'invalid_input',
            `Cannot move "${code.label_nl}" under itself or one of its sub-codes`,
          );
      }
      const siblings = childCodes(w, parentId).filter((c) => c.id !== id);
      const at = Math.min(index ?? siblings.length, siblings.length);
      siblings.splice(at, 0, code);
      siblings.forEach((s, sort) => updateCode(w, s, { parent_id: parentId, sort }));
    });
    return requireCode(ctx.read(), id);
  },
  'codes.deletePreview': ({ id }, ctx) => deletePreview(ctx.read(), id),
  'codes.delete': ({ id }, ctx) => {
    requireCodeRow(ctx.read(), id);
    snapshotBefore(ctx, 'codes.delete');
    return ctx.action('codes.delete', (w) => {
      const preview = deletePreview(w, id);
      const codes = codeSubtree(w, id);
      const touched = new Map<string, SegmentRow>();
      for (const c of codes) {
        for (const k of codingsOfCode(w, c.id)) {
          const seg = segmentRow(w, k.segment_id);
          if (seg) touched.set(seg.id, seg);
          deleteCoding(w, k);
        }
        for (const m of memosOf(w, 'code', c.id)) deleteMemo(w, m);
        dropFavourite(w, c.id);
      }
      for (const seg of touched.values())
        if (codingsOfSegment(w, seg.id).length === 0) dropSegment(w, seg);
      // Children before parents: the parent reference is RESTRICT.
      for (const c of [...codes].reverse()) deleteCode(w, c);
      return preview;
    });
  },
  'codes.split': ({ id, segmentIds, label }, ctx) => {
    const newCodeId = ctx.action('codes.split', (w) => {
      const code = requireCodeRow(w, id);
      const codings = segmentIds.map((segId) => {
        requireSegment(w, segId);
        const k = codingOf(w, segId, id);
        if (!k)
          throw new CasusError(
            'invalid_input',
            `Segment ${segId} is not coded with "${code.label_nl}"`,
          );
        return k;
      });
      const row = insertCode(w, {
        ...code,
        id: newId(),
        key: null,
        label_nl: label.nl,
        label_en: label.en || label.nl,
        sort: code.sort + 1,
        created_at: now(),
      });
      for (const k of codings) updateCoding(w, k, { code_id: row.id });
      return row.id;
    });
    return requireCode(ctx.read(), newCodeId);
  },
  'memos.get': ({ targetType, targetId }, ctx) => {
    // The project has one memo; its target id is always '1' (the project row).
    const row = memoOf(
      ctx.read(),
      targetType,
      targetType === 'project' ? PROJECT_MEMO_TARGET : targetId,
    );
    return row ? toMemo(row) : null;
  },
  'memos.list': (_input, ctx) => memoListing(ctx.read()).map(toListing),
  'memos.save': ({ targetType, targetId, body, bodyText }, ctx) => {
    if (body !== '') {
      try {
        JSON.parse(body);
      } catch {
        throw new CasusError('invalid_input', 'The memo body must be Lexical editor JSON or empty');
      }
    }
    const row = ctx.action('memos.save', (w) => {
      const exists = MEMO_TARGET_EXISTS[targetType];
      if (exists && !exists(w, targetId))
        throw new CasusError(
          'not_found',
          `No ${targetType} with id ${targetId} to write a memo on`,
        );
      return writeMemo(w, {
        type: targetType,
        id: targetType === 'project' ? PROJECT_MEMO_TARGET : targetId,
        body,
        bodyText,
        author: ctx.coderId(),
      });
    });
    return toMemo(row);
  },
  'history.state': (_input, ctx) => {
    const r = ctx.read();
    const s = historyStacks(r, ctx.session.id, ctx.coderId());
    return {
      undoable: s.undo.length,
      redoable: s.redo.length,
      nextUndo: describeTop(r, s, 'undo'),
      nextRedo: describeTop(r, s, 'redo'),
    };
  },
  'history.undo': (_input, ctx) => undoRedo(ctx, 'undo'),
  'history.redo': (_input, ctx) => undoRedo(ctx, 'redo'),
};
