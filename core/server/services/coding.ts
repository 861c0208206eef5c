import { getCode, getCodeRow, type CodeRow } from '../../../db/repo/codes.js';
import type { Db } from '../../../db/open.js';
import type { CodedSegment, codingContract, Memo } from '../../shared/contract/coding.js';
import type { Code } from '../../shared/contract/schemas.js';
import { CasusError } from '../../shared/errors.js';
import { rangeProblem } from '../../shared/text/offsets.js';
import type { ChangeLog } from '../changelog.js';
import { historyStacks, reverseGroup } from '../coding/history.js';
import { codedSegment, codedSegments } from '../coding/queries.js';
import { newId, now } from '../domain/ids.js';
import { editorState, paragraphNode, topLevelNodes } from '../domain/memo-body.js';
import { codeRange, removeCodings, type CodingRow, type SegmentRow } from '../domain/segments.js';
import type { HandlersFor } from '../handlers.js';

type MemoTarget = Memo['targetType'];

interface MemoRow {
  id: string;
  target_type: string;
  target_id: string;
  title: string;
  body: string;
  body_text: string;
  author_id: string | null;
  created_at: string;
  updated_at: string;
}

const toMemo = (r: MemoRow): Memo => ({
  id: r.id,
  targetType: r.target_type as MemoTarget,
  targetId: r.target_id,
  body: r.body,
  bodyText: r.body_text,
  authorId: r.author_id,
  updatedAt: r.updated_at,
});

function memoRow(db: Db, type: MemoTarget, id: string): MemoRow | undefined {
  return db
    .prepare(
      'SELECT * FROM memos WHERE target_type = ? AND target_id = ? ORDER BY created_at LIMIT 1',
    )
    .get(type, id) as MemoRow | undefined;
}

function writeMemo(
  db: Db,
  log: ChangeLog,
  args: { type: MemoTarget; id: string; body: string; bodyText: string; author: string | null },
): MemoRow {
  const before = memoRow(db, args.type, args.id);
  const at = now();
  if (before) {
    const after: MemoRow = { ...before, body: args.body, body_text: args.bodyText, updated_at: at };
    db.prepare('UPDATE memos SET body = ?, body_text = ?, updated_at = ? WHERE id = ?').run(
      after.body,
      after.body_text,
      at,
      before.id,
    );
    log.record('memos', before.id, before, after);
    return after;
  }
  const row: MemoRow = {
    id: newId(),
    target_type: args.type,
    target_id: args.id,
    title: '',
    body: args.body,
    body_text: args.bodyText,
    author_id: args.author,
    created_at: at,
    updated_at: at,
  };
  db.prepare(
    `INSERT INTO memos (id, target_type, target_id, title, body, body_text, author_id, created_at, updated_at)
     VALUES (@id, @target_type, @target_id, @title, @body, @body_text, @author_id, @created_at, @updated_at)`,
  ).run(row);
  log.record('memos', row.id, null, row);
  return row;
}

/** What a merge did, in both languages, for the target code's memo. */
function mergeNote(
  db: Db,
  from: CodeRow,
  codings: number,
  duplicates: number,
  coderId: string | null,
): string[] {
  const coder = coderId
    ? (db.prepare('SELECT initials FROM coders WHERE id = ?').get(coderId) as
        { initials: string } | undefined)
    : undefined;
  const day = now().slice(0, 10);
  const by = coder ? ` (${coder.initials})` : '';
  return [
    `Samengevoegd op ${day}${by}: “${from.label_nl}” met ${codings} codering(en), waarvan ${duplicates} dubbel.`,
    `Merged on ${day}${by}: “${from.label_en}” with ${codings} coding(s), ${duplicates} of them duplicates.`,
  ];
}

/** Deletes rows one by one so every one is in the change log (undo restores them). */
function deleteLogged(
  db: Db,
  log: ChangeLog,
  table: 'codings' | 'segments' | 'memos' | 'codes',
  rows: { id: string }[],
) {
  const del = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  for (const r of rows) {
    del.run(r.id);
    log.record(table, r.id, r, null);
  }
}

/** Removes a segment that has no codings left, with its memos. */
function dropSegment(db: Db, log: ChangeLog, segmentId: string): void {
  const memos = db
    .prepare(`SELECT * FROM memos WHERE target_type = 'segment' AND target_id = ?`)
    .all(segmentId) as MemoRow[];
  deleteLogged(db, log, 'memos', memos);
  const seg = db.prepare('SELECT * FROM segments WHERE id = ?').get(segmentId) as
    SegmentRow | undefined;
  if (seg) deleteLogged(db, log, 'segments', [seg]);
}

function requireSegment(db: Db, id: string): SegmentRow {
  const seg = db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as SegmentRow | undefined;
  if (!seg) throw new CasusError('not_found', `No segment with id ${id}`);
  return seg;
}

function requireCodeRow(db: Db, id: string, what = 'code'): CodeRow {
  const row = getCodeRow(db, id);
  if (!row) throw new CasusError('not_found', `No ${what} with id ${id}`);
  return row;
}

function requireCode(db: Db, id: string): Code {
  const code = getCode(db, id);
  if (!code) throw new CasusError('not_found', `No code with id ${id}`);
  return code;
}

function readSegment(db: Db, id: string): CodedSegment {
  const seg = codedSegment(db, id);
  if (!seg) throw new CasusError('internal', `Segment ${id} could not be read back`);
  return seg;
}

/** The code and all its descendants, parent first. */
function subtree(db: Db, id: string): CodeRow[] {
  return db
    .prepare(
      `WITH RECURSIVE t(id, depth) AS (SELECT ?, 0 UNION ALL
         SELECT c.id, t.depth + 1 FROM codes c JOIN t ON c.parent_id = t.id)
       SELECT codes.* FROM codes JOIN t USING (id) ORDER BY t.depth`,
    )
    .all(id) as CodeRow[];
}

function deletePreview(db: Db, id: string) {
  requireCodeRow(db, id);
  const ids = subtree(db, id).map((c) => c.id);
  const marks = ids.map(() => '?').join(', ');
  const n = (sql: string) => (db.prepare(sql).get(...ids) as { n: number }).n;
  return {
    codes: ids.length,
    codings: n(`SELECT count(*) AS n FROM codings WHERE code_id IN (${marks})`),
    segments: n(`SELECT count(DISTINCT segment_id) AS n FROM codings WHERE code_id IN (${marks})`),
    sources: n(
      `SELECT count(DISTINCT g.source_id) AS n FROM codings k JOIN segments g ON g.id = k.segment_id
       WHERE k.code_id IN (${marks})`,
    ),
    memos: n(
      `SELECT count(*) AS n FROM memos WHERE target_type = 'code' AND target_id IN (${marks})`,
    ),
  };
}

interface ProjectRow {
  id: number;
  settings: string;
  [k: string]: unknown;
}

function favourites(db: Db): { digit: number; codeId: string }[] {
  const p = db.prepare('SELECT settings FROM project WHERE id = 1').get() as { settings: string };
  const fav = (JSON.parse(p.settings) as { favourites?: Record<string, string> }).favourites ?? {};
  return Object.entries(fav)
    .map(([d, codeId]) => ({ digit: Number(d), codeId }))
    .filter((f) => f.digit >= 1 && f.digit <= 9 && getCodeRow(db, f.codeId))
    .sort((a, b) => a.digit - b.digit);
}

function checkRange(db: Db, sourceId: string, start: number, end: number): string {
  const src = db.prepare('SELECT text FROM sources WHERE id = ?').get(sourceId) as
    { text: string } | undefined;
  if (!src) throw new CasusError('not_found', `No source with id ${sourceId}`);
  const problem = rangeProblem(src.text, start, end);
  if (problem) throw new CasusError('invalid_input', `Cannot code ${start}-${end}: ${problem}`);
  return src.text;
}

export const codingHandlers: HandlersFor<typeof codingContract> = {
  'coding.apply': (input, ctx) => {
    const db = ctx.db();
    for (const id of input.codeIds) requireCodeRow(db, id);
    const segmentId = ctx.action('coding.apply', (log) => {
      let segId: string;
      if (input.segmentId) {
        if (input.sourceId !== undefined || input.start !== undefined || input.end !== undefined)
          throw new CasusError(
            'invalid_input',
            'Give either a segment or a source with start and end, not both',
          );
        const seg = requireSegment(db, input.segmentId);
        segId = seg.id;
        for (const codeId of input.codeIds) {
          if (
            db
              .prepare('SELECT 1 FROM codings WHERE segment_id = ? AND code_id = ?')
              .get(seg.id, codeId)
          )
            continue;
          const coding: CodingRow = {
            id: newId(),
            segment_id: seg.id,
            code_id: codeId,
            coder_id: ctx.coderId(),
            created_at: now(),
          };
          db.prepare(
            `INSERT INTO codings (id, segment_id, code_id, coder_id, created_at)
             VALUES (@id, @segment_id, @code_id, @coder_id, @created_at)`,
          ).run(coding);
          log.record('codings', coding.id, null, coding);
        }
      } else {
        if (input.sourceId === undefined || input.start === undefined || input.end === undefined)
          throw new CasusError(
            'invalid_input',
            'coding.apply needs a segment id, or a source id with start and end',
          );
        segId = codeRange(db, log, {
          sourceId: input.sourceId,
          start: input.start,
          end: input.end,
          codeIds: input.codeIds,
          coderId: ctx.coderId(),
        }).segment.id;
      }
      if (input.memo !== undefined && input.memo.trim() !== '')
        writeMemo(db, log, {
          type: 'segment',
          id: segId,
          body: '',
          bodyText: input.memo,
          author: ctx.coderId(),
        });
      return segId;
    });
    return readSegment(db, segmentId);
  },
  'coding.inVivo': ({ sourceId, start, end }, ctx) => {
    const db = ctx.db();
    const text = checkRange(db, sourceId, start, end);
    const label = text.slice(start, end).replace(/\s+/g, ' ').trim().slice(0, 80);
    const { codeId, segId } = ctx.action('coding.inVivo', (log) => {
      const row: CodeRow = {
        id: newId(),
        parent_id: null,
        key: null,
        dimension: 'free',
        label_nl: label,
        label_en: label,
        description_nl: '',
        description_en: '',
        color: '#BBBBBB',
        sort: (
          db
            .prepare('SELECT coalesce(max(sort), -1) + 1 AS n FROM codes WHERE parent_id IS NULL')
            .get() as { n: number }
        ).n,
        created_at: now(),
      };
      db.prepare(
        `INSERT INTO codes (id, parent_id, key, dimension, label_nl, label_en, description_nl, description_en, color, sort, created_at)
         VALUES (@id, @parent_id, @key, @dimension, @label_nl, @label_en, @description_nl, @description_en, @color, @sort, @created_at)`,
      ).run(row);
      log.record('codes', row.id, null, row);
      const r = codeRange(db, log, {
        sourceId,
        start,
        end,
        codeIds: [row.id],
        coderId: ctx.coderId(),
      });
      return { codeId: row.id, segId: r.segment.id };
    });
    return { segment: readSegment(db, segId), code: requireCode(db, codeId) };
  },
  'coding.remove': ({ segmentId, codeIds }, ctx) => {
    const db = ctx.db();
    const segment = requireSegment(db, segmentId);
    const all = db
      .prepare('SELECT * FROM codings WHERE segment_id = ?')
      .all(segmentId) as CodingRow[];
    if (codeIds) {
      for (const id of codeIds) {
        requireCodeRow(db, id);
        if (!all.some((k) => k.code_id === id))
          throw new CasusError('not_found', `Segment ${segmentId} is not coded with code ${id}`);
      }
    }
    const doomed = codeIds ? all.filter((k) => codeIds.includes(k.code_id)) : all;
    return ctx.action('coding.remove', (log) => ({
      removed: doomed.length,
      segmentDeleted: removeCodings(db, log, segment, doomed),
    }));
  },
  'coding.favourites': (_input, ctx) => favourites(ctx.db()),
  'coding.setFavourite': ({ digit, codeId }, ctx) => {
    const db = ctx.db();
    if (codeId) requireCodeRow(db, codeId);
    ctx.action('coding.setFavourite', (log) => {
      const before = db.prepare('SELECT * FROM project WHERE id = 1').get() as ProjectRow;
      const settings = JSON.parse(before.settings) as { favourites?: Record<string, string> };
      const fav = { ...(settings.favourites ?? {}) };
      if (codeId) {
        // A code sits on one digit only.
        for (const [d, c] of Object.entries(fav)) if (c === codeId) delete fav[d];
        fav[String(digit)] = codeId;
      } else delete fav[String(digit)];
      const after = { ...before, settings: JSON.stringify({ ...settings, favourites: fav }) };
      db.prepare('UPDATE project SET settings = ? WHERE id = 1').run(after.settings);
      log.record('project', '1', before, after);
    });
    return favourites(db);
  },
  'segments.forSource': ({ sourceId }, ctx) => {
    const db = ctx.db();
    if (!db.prepare('SELECT 1 FROM sources WHERE id = ?').get(sourceId))
      throw new CasusError('not_found', `No source with id ${sourceId}`);
    return codedSegments(db, 'g.source_id = ?', sourceId);
  },
  'segments.forCode': ({ codeId }, ctx) => {
    const db = ctx.db();
    requireCodeRow(db, codeId);
    return codedSegments(db, 'g.id IN (SELECT segment_id FROM codings WHERE code_id = ?)', codeId);
  },
  'segments.update': ({ id, start, end }, ctx) => {
    const db = ctx.db();
    const before = requireSegment(db, id);
    const text = checkRange(db, before.source_id, start, end);
    const after: SegmentRow = { ...before, start, end, text: text.slice(start, end) };
    ctx.action('segments.update', (log) => {
      db.prepare('UPDATE segments SET start = ?, end = ?, text = ? WHERE id = ?').run(
        start,
        end,
        after.text,
        id,
      );
      log.record('segments', id, before, after);
    });
    return readSegment(db, id);
  },
  'codes.merge': ({ fromId, intoId }, ctx) => {
    const db = ctx.db();
    const from = requireCodeRow(db, fromId, 'code to merge');
    requireCodeRow(db, intoId, 'code to merge into');
    if (fromId === intoId) throw new CasusError('invalid_input', 'Cannot merge a code into itself');
    if (subtree(db, fromId).some((c) => c.id === intoId))
      throw new CasusError(
        'invalid_input',
        `Cannot merge "${from.label_nl}" into one of its own sub-codes`,
      );
    ctx.action('codes.merge', (log) => {
      const codings = db
        .prepare('SELECT * FROM codings WHERE code_id = ?')
        .all(fromId) as CodingRow[];
      const has = db.prepare('SELECT 1 FROM codings WHERE segment_id = ? AND code_id = ?');
      let duplicates = 0;
      for (const k of codings) {
        if (has.get(k.segment_id, intoId)) {
          duplicates++;
          // The segment already carries the target code: the duplicate collapses.
          deleteLogged(db, log, 'codings', [k]);
        } else {
          db.prepare('UPDATE codings SET code_id = ? WHERE id = ?').run(intoId, k.id);
          log.record('codings', k.id, k, { ...k, code_id: intoId });
        }
      }
      const children = db
        .prepare('SELECT * FROM codes WHERE parent_id = ?')
        .all(fromId) as CodeRow[];
      for (const c of children) {
        db.prepare('UPDATE codes SET parent_id = ? WHERE id = ?').run(intoId, c.id);
        log.record('codes', c.id, c, { ...c, parent_id: intoId });
      }
      // One memo per code: the merged code's memo is appended to the target's, followed by a
      // note of what was merged (as ATLAS.ti does), so the code's history stays readable.
      const fromMemos = db
        .prepare(`SELECT * FROM memos WHERE target_type = 'code' AND target_id = ?`)
        .all(fromId) as MemoRow[];
      const into = memoRow(db, 'code', intoId);
      const note = mergeNote(db, from, codings.length, duplicates, ctx.coderId());
      const nodes = [
        ...(into ? topLevelNodes(into.body, into.body_text) : []),
        ...fromMemos.flatMap((m) => topLevelNodes(m.body, m.body_text)),
        ...note.map(paragraphNode),
      ];
      const text = [into?.body_text, ...fromMemos.map((m) => m.body_text), ...note]
        .filter((x) => x)
        .join('\n\n');
      deleteLogged(db, log, 'memos', fromMemos);
      writeMemo(db, log, {
        type: 'code',
        id: intoId,
        body: editorState(nodes),
        bodyText: text,
        author: ctx.coderId(),
      });
      const favBefore = db.prepare('SELECT * FROM project WHERE id = 1').get() as ProjectRow;
      const settings = JSON.parse(favBefore.settings) as { favourites?: Record<string, string> };
      if (Object.values(settings.favourites ?? {}).includes(fromId)) {
        const fav = Object.fromEntries(
          Object.entries(settings.favourites ?? {}).filter(([, c]) => c !== fromId),
        );
        const after = { ...favBefore, settings: JSON.stringify({ ...settings, favourites: fav }) };
        db.prepare('UPDATE project SET settings = ? WHERE id = 1').run(after.settings);
        log.record('project', '1', favBefore, after);
      }
      deleteLogged(db, log, 'codes', [from]);
    });
    return requireCode(db, intoId);
  },
  'codes.move': ({ id, parentId, index }, ctx) => {
    const db = ctx.db();
    const code = requireCodeRow(db, id);
    if (parentId !== null) {
      requireCodeRow(db, parentId, 'parent code');
      if (subtree(db, id).some((c) => c.id === parentId))
        throw new CasusError(
          'invalid_input',
          `Cannot move "${code.label_nl}" under itself or one of its sub-codes`,
        );
    }
    ctx.action('codes.move', (log) => {
      const siblings = (
        db
          .prepare('SELECT * FROM codes WHERE parent_id IS ? AND id <> ? ORDER BY sort, label_nl')
          .all(parentId, id) as CodeRow[]
      ).slice();
      const at = Math.min(index ?? siblings.length, siblings.length);
      siblings.splice(at, 0, { ...code, parent_id: parentId });
      siblings.forEach((s, i) => {
        const current = s.id === id ? code : s;
        if (current.sort === i && current.parent_id === parentId) return;
        const after = { ...current, parent_id: parentId, sort: i };
        db.prepare('UPDATE codes SET parent_id = ?, sort = ? WHERE id = ?').run(parentId, i, s.id);
        log.record('codes', s.id, current, after);
      });
    });
    return requireCode(db, id);
  },
  'codes.deletePreview': ({ id }, ctx) => deletePreview(ctx.db(), id),
  'codes.delete': ({ id }, ctx) => {
    const db = ctx.db();
    const preview = deletePreview(db, id);
    ctx.action('codes.delete', (log) => {
      const codes = subtree(db, id);
      const touched = new Set<string>();
      for (const c of codes) {
        const codings = db
          .prepare('SELECT * FROM codings WHERE code_id = ?')
          .all(c.id) as CodingRow[];
        for (const k of codings) touched.add(k.segment_id);
        deleteLogged(db, log, 'codings', codings);
        const memos = db
          .prepare(`SELECT * FROM memos WHERE target_type = 'code' AND target_id = ?`)
          .all(c.id) as MemoRow[];
        deleteLogged(db, log, 'memos', memos);
      }
      for (const segId of touched) {
        if (!db.prepare('SELECT 1 FROM codings WHERE segment_id = ?').get(segId))
          dropSegment(db, log, segId);
      }
      // Children before parents: the parent reference is RESTRICT.
      deleteLogged(db, log, 'codes', [...codes].reverse());
    });
    return preview;
  },
  'codes.split': ({ id, segmentIds, label }, ctx) => {
    const db = ctx.db();
    const code = requireCodeRow(db, id);
    const codings = segmentIds.map((segId) => {
      requireSegment(db, segId);
      const k = db
        .prepare('SELECT * FROM codings WHERE segment_id = ? AND code_id = ?')
        .get(segId, id) as CodingRow | undefined;
      if (!k)
        throw new CasusError(
          'invalid_input',
          `Segment ${segId} is not coded with "${code.label_nl}"`,
        );
      return k;
    });
    const newCodeId = newId();
    ctx.action('codes.split', (log) => {
      const row: CodeRow = {
        ...code,
        id: newCodeId,
        key: null,
        label_nl: label.nl,
        label_en: label.en || label.nl,
        sort: code.sort + 1,
        created_at: now(),
      };
      db.prepare(
        `INSERT INTO codes (id, parent_id, key, dimension, label_nl, label_en, description_nl, description_en, color, sort, created_at)
         VALUES (@id, @parent_id, @key, @dimension, @label_nl, @label_en, @description_nl, @description_en, @color, @sort, @created_at)`,
      ).run(row);
      log.record('codes', row.id, null, row);
      for (const k of codings) {
        db.prepare('UPDATE codings SET code_id = ? WHERE id = ?').run(newCodeId, k.id);
        log.record('codings', k.id, k, { ...k, code_id: newCodeId });
      }
    });
    return requireCode(db, newCodeId);
  },
  'memos.get': ({ targetType, targetId }, ctx) => {
    // The project has one memo; its target id is always '1' (the project row).
    const row = memoRow(ctx.db(), targetType, targetType === 'project' ? '1' : targetId);
    return row ? toMemo(row) : null;
  },
  'memos.save': ({ targetType, targetId, body, bodyText }, ctx) => {
    const db = ctx.db();
    const exists: Record<MemoTarget, string | null> = {
      project: null,
      case: 'SELECT 1 FROM cases WHERE id = ?',
      source: 'SELECT 1 FROM sources WHERE id = ?',
      code: 'SELECT 1 FROM codes WHERE id = ?',
      segment: 'SELECT 1 FROM segments WHERE id = ?',
    };
    const sql = exists[targetType];
    if (sql && !db.prepare(sql).get(targetId))
      throw new CasusError('not_found', `No ${targetType} with id ${targetId} to write a memo on`);
    if (body !== '') {
      try {
        JSON.parse(body);
      } catch {
        throw new CasusError('invalid_input', 'The memo body must be Lexical editor JSON or empty');
      }
    }
    const row = ctx.action('memos.save', (log) =>
      writeMemo(db, log, {
        type: targetType,
        id: targetType === 'project' ? '1' : targetId,
        body,
        bodyText,
        author: ctx.coderId(),
      }),
    );
    return toMemo(row);
  },
  'history.state': (_input, ctx) => {
    const s = historyStacks(ctx.db());
    return { undoable: s.undo.length, redoable: s.redo.length };
  },
  'history.undo': (_input, ctx) => {
    const db = ctx.db();
    const s = historyStacks(db);
    const target = s.undo.at(-1);
    if (!target) throw new CasusError('conflict', 'Nothing to undo');
    ctx.action('history.undo', (log) => reverseGroup(db, log, target.groupId));
    return {
      action: s.original.get(target.groupId) ?? target.action,
      undoable: s.undo.length - 1,
      redoable: s.redo.length + 1,
    };
  },
  'history.redo': (_input, ctx) => {
    const db = ctx.db();
    const s = historyStacks(db);
    const target = s.redo.at(-1);
    if (!target) throw new CasusError('conflict', 'Nothing to redo');
    ctx.action('history.redo', (log) => reverseGroup(db, log, target.groupId));
    return {
      action: s.original.get(target.groupId) ?? target.action,
      undoable: s.undo.length + 1,
      redoable: s.redo.length - 1,
    };
  },
};
