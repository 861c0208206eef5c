/**
 * The counts migration 022's triggers keep (with the seqs of 025 and 027), counted afresh from the rows: where a bulk insert
 * (db/repo/indexes.ts) or time travel (db/history.ts) fills them without the triggers. One text
 * for both, so the two cannot count differently. Each expects its table to be empty.
 */
export const RECOUNT_SEGMENTS_PER_SOURCE = `INSERT INTO source_segment_counts (source_id, n, seqs)
  SELECT source_id, count(*), json_group_array(seq ORDER BY start, "end", id)
  FROM segments GROUP BY source_id`;

/**
 * Codings per code and source, with their segments' seqs ascending (migration 025); code_counts
 * follows from it (by trigger, or by CODE_TOTALS).
 */
export const RECOUNT_CODINGS_PER_CODE_AND_SOURCE = `INSERT INTO code_source_counts (code_id, source_id, n, seqs)
  SELECT k.code_id, g.source_id, count(*), json_group_array(k.segment_seq ORDER BY k.segment_seq)
  FROM codings k JOIN segments g ON g.seq = k.segment_seq
  GROUP BY k.code_id, g.source_id`;

/** Codings and sources per code, from code_source_counts (what its triggers do row by row). */
export const RECOUNT_CODE_TOTALS = `INSERT INTO code_counts (code_id, codings, sources)
  SELECT code_id, sum(n), count(*) FROM code_source_counts GROUP BY code_id`;
