import type { Reader, Writer } from '../../../db/access.js';
import { codeRow } from '../../../db/repo/codes.js';
import {
  codingOf,
  codingsOfSegment,
  deleteCoding,
  insertCoding,
  type CodingRow,
} from '../../../db/repo/codings.js';
import { setSegmentReview } from '../../../db/repo/comments.js';
import { deleteMemo, memosOf } from '../../../db/repo/memos.js';
import {
  deleteSegment,
  insertSegment,
  segmentWithRange,
  type SegmentRow,
} from '../../../db/repo/segments.js';
import { getSourceText } from '../../../db/repo/sources.js';
import { CasusError } from '../../shared/errors.js';
import { rangeProblem } from '../../shared/text/offsets.js';
import { newId, now } from './ids.js';

export type { CodingRow } from '../../../db/repo/codings.js';
export type { SegmentRow } from '../../../db/repo/segments.js';

/** The text of a source, checked to hold start–end; fails naming the reason. */
export function checkedRange(r: Reader, sourceId: string, start: number, end: number): string {
  const text = getSourceText(r, sourceId);
  if (text === undefined) throw new CasusError('not_found', `No source with id ${sourceId}`);
  const problem = rangeProblem(text, start, end);
  if (problem) throw new CasusError('invalid_input', `Cannot code ${start}-${end}: ${problem}`);
  return text;
}

/** Adds codes to a segment (those it already carries are left as they are). */
export function addCodings(
  w: Writer,
  segmentId: string,
  codeIds: readonly string[],
  coderId: string | null,
): CodingRow[] {
  const added: CodingRow[] = [];
  for (const codeId of codeIds) {
    if (codingOf(w, segmentId, codeId)) continue;
    added.push(
      insertCoding(w, {
        id: newId(),
        segment_id: segmentId,
        code_id: codeId,
        coder_id: coderId,
        created_at: now(),
      }),
    );
  }
  return added;
}

/**
 * Creates a segment (or reuses this coder's segment with exactly the same range) and attaches the
 * codes to it; codes already on it are left as they are.
 */
export function codeRange(
  w: Writer,
  args: { sourceId: string; start: number; end: number; codeIds: string[]; coderId: string | null },
): { segment: SegmentRow; added: CodingRow[] } {
  const text = checkedRange(w, args.sourceId, args.start, args.end);
  for (const codeId of args.codeIds)
    if (!codeRow(w, codeId)) throw new CasusError('not_found', `No code with id ${codeId}`);
  const segment =
    segmentWithRange(w, args) ??
    insertSegment(w, {
      id: newId(),
      source_id: args.sourceId,
      start: args.start,
      end: args.end,
      text: text.slice(args.start, args.end),
      created_by: args.coderId,
      created_at: now(),
    });
  return { segment, added: addCodings(w, segment.id, args.codeIds, args.coderId) };
}

/** Removes a segment with its memos and any codings it still has. */
export function dropSegment(w: Writer, segment: SegmentRow): void {
  for (const k of codingsOfSegment(w, segment.id)) deleteCoding(w, k);
  for (const m of memosOf(w, 'segment', segment.id)) deleteMemo(w, m);
  // Its review state goes with it (the schema would cascade; the change log must see it).
  setSegmentReview(w, segment.id, null);
  deleteSegment(w, segment);
}

/**
 * Removes codings from one segment; a segment left without codes goes too, with its memos (a
 * segment without codes is noise in every view). Every path that uncodes calls this, so none can
 * leave an orphaned memo behind. Returns whether the segment was deleted.
 */
export function removeCodings(
  w: Writer,
  segment: SegmentRow,
  doomed: readonly CodingRow[],
): boolean {
  for (const k of doomed) deleteCoding(w, k);
  if (codingsOfSegment(w, segment.id).length > 0) return false;
  dropSegment(w, segment);
  return true;
}
