import type { Reader } from '../access.js';
import { reading } from '../internal/access.js';
import { sql } from '../sql.js';

/** One segment in a case's sources, with what a cell of the case can filter it on. */
export interface CaseSegment {
  documentType: string;
  /** The role of the source's respondent (null without one). */
  role: string | null;
  /** The codes applied to it, by any coder (none for a segment without codings). */
  codeIds: string[];
}

// A segment without codings comes back once with a null code.
const segmentCodes = sql.tuples<[number, string, string | null, string | null], { case: string }>(
  `SELECT g.seq, s.document_type, r.role, k.code_id
   FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id
     JOIN segments g INDEXED BY segments_order ON g.source_id = s.id
     LEFT JOIN codings k INDEXED BY codings_segment ON k.segment_id = g.id
   WHERE s.case_id = @case`,
);

/**
 * Every segment in the sources of a case with its codes: one read, from which the number of coded
 * passages in any cell of the case is counted (a case report counts it for every section).
 */
export function caseSegments(r: Reader, caseId: string): CaseSegment[] {
  const bySeq = new Map<number, CaseSegment>();
  for (const [seq, documentType, role, codeId] of reading(r).all(segmentCodes, {
    case: caseId,
  })) {
    let s = bySeq.get(seq);
    if (!s) bySeq.set(seq, (s = { documentType, role, codeIds: [] }));
    if (codeId !== null) s.codeIds.push(codeId);
  }
  return [...bySeq.values()];
}
