import type { Reader, Writer } from '../../../db/access.js';
import { insertCase } from '../../../db/repo/cases.js';
import { insertCoder } from '../../../db/repo/coders.js';
import { insertCode, updateCode } from '../../../db/repo/codes.js';
import { insertCoding } from '../../../db/repo/codings.js';
import { deleteMemo, insertMemo, memosOf, updateMemo } from '../../../db/repo/memos.js';
import { insertMerge } from '../../../db/repo/merges.js';
import { insertRespondent } from '../../../db/repo/respondents.js';
import { insertSegment, segmentsOfSource, updateSegment } from '../../../db/repo/segments.js';
import {
  deleteSource,
  getSource,
  insertSource,
  originalBytes,
  updateSource,
  versionsAfter,
} from '../../../db/repo/sources.js';
import { insertSynthesisCell, updateSynthesisCell } from '../../../db/repo/syntheses.js';
import type { SourceRow } from '../../../db/tables.js';
import { deleteMedia, mediaOf } from '../../../db/repo/media.js';
import { CasusError } from '../../shared/errors.js';
import { newId, now } from '../domain/ids.js';
import { dropSegment } from '../domain/segments.js';
import type { MergePlan } from './plan.js';

/** Removes a source here with everything on it, each row through its logged repository. */
export function removeSource(w: Writer, row: SourceRow): void {
  for (const newer of versionsAfter(w, row.id))
    updateSource(w, newer, { previous_version_id: null });
  for (const segment of segmentsOfSource(w, row.id)) dropSegment(w, segment);
  for (const memo of memosOf(w, 'source', row.id)) deleteMemo(w, memo);
  const media = mediaOf(w, row.id);
  if (media) deleteMedia(w, media);
  deleteSource(w, row);
}

/**
 * Writes a plan inside the caller's action (one transaction, one change-log group), in the order
 * the rows refer to each other, and records the merge. Returns the merge's id.
 */
export function applyPlan(
  w: Writer,
  plan: MergePlan,
  theirs: Reader,
  meta: { fileName: string; mergedBy: string | null },
): string {
  for (const c of plan.coders) insertCoder(w, c);
  for (const c of plan.cases) insertCase(w, c);
  for (const r of plan.respondents) insertRespondent(w, r);
  for (const c of plan.codes) insertCode(w, c);
  for (const { row, theirId } of plan.sources) {
    const content = getSource(theirs, theirId);
    if (!content)
      throw new CasusError('internal', `The source "${row.title}" could not be read from the copy`);
    insertSource(
      w,
      {
        id: row.id,
        caseId: row.case_id,
        title: row.title,
        kind: row.kind,
        documentType: row.document_type,
        date: row.date,
        respondentId: row.respondent_id,
        validation: row.validation,
        originalName: row.original_name,
        sha256: row.sha256,
        textSha256: row.text_sha256,
        originalBytes: originalBytes(theirs, theirId) ?? Buffer.from(content.text, 'utf8'),
        previousVersionId: row.previous_version_id,
        createdAt: row.created_at,
        createdBy: row.created_by,
      },
      { text: content.text, blocks: content.blocks, marks: content.marks },
    );
  }
  for (const u of plan.codeUpdates) updateCode(w, u.before, u.patch);
  for (const u of plan.segmentUpdates) updateSegment(w, u.before, u.patch);
  for (const s of plan.segments) insertSegment(w, s);
  for (const k of plan.codings) insertCoding(w, k);
  for (const m of plan.memos) insertMemo(w, m);
  for (const u of plan.memoUpdates) updateMemo(w, u.before, u.patch);
  for (const c of plan.syntheses) insertSynthesisCell(w, c);
  for (const u of plan.synthesisUpdates) updateSynthesisCell(w, u.before, u.patch);
  for (const s of plan.deleteSources) removeSource(w, s);
  const id = newId();
  insertMerge(w, {
    id,
    other_uuid: plan.other.uuid,
    other_name: plan.other.name,
    other_tail: plan.other.tail,
    file_name: meta.fileName,
    seen: JSON.stringify(plan.seen),
    counts: JSON.stringify(plan.counts),
    merged_by: meta.mergedBy,
    merged_at: now(),
  });
  return id;
}
