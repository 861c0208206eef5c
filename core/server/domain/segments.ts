import type { Db } from '../../../db/open.js';
import { CasusError } from '../../shared/errors.js';
import { rangeProblem } from '../../shared/text/offsets.js';
import type { ChangeLog } from '../changelog.js';
import { newId, now } from './ids.js';

export interface SegmentRow {
  id: string;
  source_id: string;
  start: number;
  end: number;
  text: string;
  created_by: string | null;
  created_at: string;
}

export interface CodingRow {
  id: string;
  segment_id: string;
  code_id: string;
  coder_id: string | null;
  created_at: string;
}

/**
 * Creates a segment (or reuses this coder's segment with exactly the same range) and attaches the
 * codes to it; codes already on it are left as they are. Logs every row it creates.
 */
export function codeRange(
  db: Db,
  log: ChangeLog,
  args: { sourceId: string; start: number; end: number; codeIds: string[]; coderId: string | null },
): { segment: SegmentRow; added: CodingRow[] } {
  const source = db.prepare('SELECT text FROM sources WHERE id = ?').get(args.sourceId) as
    { text: string } | undefined;
  if (!source) throw new CasusError('not_found', `No source with id ${args.sourceId}`);
  const problem = rangeProblem(source.text, args.start, args.end);
  if (problem)
    throw new CasusError('invalid_input', `Cannot code ${args.start}-${args.end}: ${problem}`);
  for (const codeId of args.codeIds) {
    if (!db.prepare('SELECT 1 FROM codes WHERE id = ?').get(codeId)) {
      throw new CasusError('not_found', `No code with id ${codeId}`);
    }
  }
  let segment = db
    .prepare(
      `SELECT * FROM segments WHERE source_id = ? AND start = ? AND end = ?
         AND created_by IS ? ORDER BY created_at LIMIT 1`,
    )
    .get(args.sourceId, args.start, args.end, args.coderId) as SegmentRow | undefined;
  if (!segment) {
    segment = {
      id: newId(),
      source_id: args.sourceId,
      start: args.start,
      end: args.end,
      text: source.text.slice(args.start, args.end),
      created_by: args.coderId,
      created_at: now(),
    };
    db.prepare(
      `INSERT INTO segments (id, source_id, start, end, text, created_by, created_at)
       VALUES (@id, @source_id, @start, @end, @text, @created_by, @created_at)`,
    ).run(segment);
    log.record('segments', segment.id, null, segment);
  }
  const added: CodingRow[] = [];
  for (const codeId of args.codeIds) {
    const exists = db
      .prepare('SELECT 1 FROM codings WHERE segment_id = ? AND code_id = ?')
      .get(segment.id, codeId);
    if (exists) continue;
    const coding: CodingRow = {
      id: newId(),
      segment_id: segment.id,
      code_id: codeId,
      coder_id: args.coderId,
      created_at: now(),
    };
    db.prepare(
      `INSERT INTO codings (id, segment_id, code_id, coder_id, created_at)
       VALUES (@id, @segment_id, @code_id, @coder_id, @created_at)`,
    ).run(coding);
    log.record('codings', coding.id, null, coding);
    added.push(coding);
  }
  return { segment, added };
}

/**
 * Removes codings from one segment; a segment left without codes goes too, with its memos (a
 * segment without codes is noise in every view). Every path that uncodes calls this, so none can
 * leave an orphaned memo behind. Returns whether the segment was deleted.
 */
export function removeCodings(
  db: Db,
  log: ChangeLog,
  segment: SegmentRow,
  doomed: readonly CodingRow[],
): boolean {
  const del = db.prepare('DELETE FROM codings WHERE id = ?');
  for (const k of doomed) {
    del.run(k.id);
    log.record('codings', k.id, k, null);
  }
  if (db.prepare('SELECT 1 FROM codings WHERE segment_id = ?').get(segment.id)) return false;
  const memos = db
    .prepare(`SELECT * FROM memos WHERE target_type = 'segment' AND target_id = ?`)
    .all(segment.id) as { id: string }[];
  for (const m of memos) {
    db.prepare('DELETE FROM memos WHERE id = ?').run(m.id);
    log.record('memos', m.id, m, null);
  }
  db.prepare('DELETE FROM segments WHERE id = ?').run(segment.id);
  log.record('segments', segment.id, segment, null);
  return true;
}
