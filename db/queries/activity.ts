import type { Reader } from '../access.js';
import { reading } from '../internal/access.js';
import { sql, type SqlValue } from '../sql.js';
import type { LogEntry } from '../repo/changelog.js';

export interface ActivityFilter {
  coderIds?: string[];
  /** Action prefixes, e.g. 'coding.', 'codes.', 'matrix.synthesis.'. */
  kinds?: string[];
  caseId?: string;
  sourceId?: string;
  codeId?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
  /** Only groups before this change (the page cursor). */
  before?: number;
}

export interface ActivityGroup {
  group_id: string;
  seq: number;
  at: string;
  coder_id: string | null;
  coder_name: string | null;
  action: string;
}

const ROW = `coalesce(l.after, l.before)`;

/**
 * The newest action groups that pass the filter, newest first: one page of the activity log.
 * Filters on a case, source or code look into the logged rows (a coding's code, a segment's
 * source, a source's case), so an action counts for what it touched.
 */
export function activityGroups(r: Reader, f: ActivityFilter, limit: number): ActivityGroup[] {
  const where: string[] = [`l.action <> 'baseline'`, `l.entity <> 'history'`];
  const params: SqlValue[] = [];
  if (f.before !== undefined) {
    where.push('l.seq < ?');
    params.push(f.before);
  }
  if (f.from) {
    where.push('l.at >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('l.at <= ?');
    params.push(f.to);
  }
  if (f.coderIds?.length) {
    where.push(`l.coder_id IN (${f.coderIds.map(() => '?').join(', ')})`);
    params.push(...f.coderIds);
  }
  if (f.kinds?.length) {
    where.push(`(${f.kinds.map(() => 'l.action LIKE ?').join(' OR ')})`);
    params.push(...f.kinds.map((k) => `${k.replaceAll('%', '')}%`));
  }
  if (f.codeId) {
    where.push(`((l.entity = 'codings' AND json_extract(${ROW}, '$.code_id') = ?)
      OR (l.entity = 'codes' AND l.entity_id = ?))`);
    params.push(f.codeId, f.codeId);
  }
  const sourcesOf = (sourceClause: string) => `(
      (l.entity = 'sources' AND l.entity_id IN ${sourceClause})
      OR (l.entity = 'segments' AND json_extract(${ROW}, '$.source_id') IN ${sourceClause})
      OR (l.entity = 'codings' AND json_extract(${ROW}, '$.segment_id') IN
          (SELECT id FROM segments WHERE source_id IN ${sourceClause}))
      OR (l.entity = 'memos' AND json_extract(${ROW}, '$.target_type') = 'source'
          AND json_extract(${ROW}, '$.target_id') IN ${sourceClause}))`;
  if (f.sourceId) {
    where.push(sourcesOf('(?)').replaceAll('IN (?)', '= ?'));
    params.push(f.sourceId, f.sourceId, f.sourceId, f.sourceId);
  }
  if (f.caseId) {
    where.push(`(${sourcesOf('(SELECT id FROM sources WHERE case_id = ?)')}
      OR json_extract(${ROW}, '$.case_id') = ?
      OR (l.entity = 'synthesis_cells' AND json_extract(json_extract(${ROW}, '$.coordinate'), '$.case') = ?))`);
    params.push(f.caseId, f.caseId, f.caseId, f.caseId, f.caseId, f.caseId);
  }
  return reading(r).all(
    sql.rows<ActivityGroup, SqlValue[]>(
      `SELECT g.group_id, g.seq, g.at, g.coder_id, c.name AS coder_name, g.action
       FROM (SELECT l.group_id, min(l.seq) AS seq, max(l.at) AS at, max(l.coder_id) AS coder_id,
               max(l.action) AS action
             FROM change_log l WHERE ${where.join(' AND ')}
             GROUP BY l.group_id ORDER BY seq DESC LIMIT ?) g
       LEFT JOIN coders c ON c.id = g.coder_id
       ORDER BY g.seq DESC`,
    ),
    [...params, limit],
  );
}

const entriesOfGroups = sql.rows<LogEntry, { groups: string }>(
  `SELECT * FROM change_log WHERE group_id IN (SELECT value FROM json_each(@groups))
   ORDER BY seq`,
);
/** Every entry of these groups, in order. */
export const groupsEntries = (r: Reader, groups: string[]): LogEntry[] =>
  reading(r).all(entriesOfGroups, { groups: JSON.stringify(groups) });

const countAll = sql.values<number>("SELECT count(*) FROM change_log WHERE action <> 'baseline'");
export const activityCount = (r: Reader): number => reading(r).get(countAll) ?? 0;
