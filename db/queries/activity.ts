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
  // A period's start bounds the walk below (the log's times rise with its order), so a period
  // long ago does not scan the whole log down to its first entry.
  const floor = f.from ? reading(r).get(firstSeqFrom, { at: f.from }) : null;
  if (f.from && floor === null) return [];
  if (floor !== null && floor !== undefined) {
    where.push('l.seq >= ?');
    params.push(floor);
  }
  const next = sql.rows<Omit<ActivityGroup, 'coder_name'>, SqlValue[]>(
    // In the log's order only (no index): a filter's index would visit every match, then sort.
    `SELECT l.group_id, l.seq, l.at, l.coder_id, l.action FROM change_log l NOT INDEXED
     WHERE ${where.join(' AND ')} AND l.seq < ? ORDER BY l.seq DESC LIMIT 1`,
  );
  // An action's entries lie together in the log (one transaction each): walk down from the
  // newest entry that passes the filter to the first of its action, and on from below that.
  // A page costs a few indexed look-ups per action, not a pass over the whole log.
  const groups: ActivityGroup[] = [];
  let below = f.before ?? Number.MAX_SAFE_INTEGER;
  while (groups.length < limit) {
    const top = reading(r).get(next, [...params, below]);
    if (!top) break;
    const first = reading(r).get(firstOfGroup, { group: top.group_id }) ?? top.seq;
    groups.push({
      ...top,
      seq: first,
      coder_name: top.coder_id ? (reading(r).get(coderName, { id: top.coder_id }) ?? null) : null,
    });
    below = first;
  }
  return groups;
}

const firstSeqFrom = sql.values<number | null, { at: string }>(
  'SELECT min(seq) FROM change_log WHERE at >= @at',
);
const firstOfGroup = sql.values<number | null, { group: string }>(
  'SELECT min(seq) FROM change_log WHERE group_id = @group',
);
const coderName = sql.values<string, { id: string }>('SELECT name FROM coders WHERE id = @id');

const entriesOfGroups = sql.rows<LogEntry, { groups: string }>(
  `SELECT * FROM change_log WHERE group_id IN (SELECT value FROM json_each(@groups))
   ORDER BY seq`,
);
/** Every entry of these groups, in order. */
export const groupsEntries = (r: Reader, groups: string[]): LogEntry[] =>
  reading(r).all(entriesOfGroups, { groups: JSON.stringify(groups) });

const countAll = sql.values<number>("SELECT count(*) FROM change_log WHERE action <> 'baseline'");
export const activityCount = (r: Reader): number => reading(r).get(countAll) ?? 0;
