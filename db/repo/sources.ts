import type { Block, InlineMark, StructuredText } from '../../core/shared/blocks.js';
import type { Source, SourceSummary } from '../../core/shared/contract/schemas.js';
import type { Db } from '../open.js';

interface SourceRow {
  id: string;
  case_id: string | null;
  title: string;
  kind: 'interview' | 'document';
  document_type: string;
  date: string | null;
  respondent_id: string | null;
  pseudonym: string | null;
  role: string | null;
  validation: 'draft' | 'sent' | 'approved' | 'corrections' | null;
  original_name: string;
  text_length: number;
  segment_count: number;
  created_at: string;
  previous_version_id: string | null;
  replaced_by_id: string | null;
}

const COLUMNS = `s.id, s.case_id, s.title, s.kind, s.document_type, s.date, s.respondent_id,
         r.pseudonym, r.role, s.validation, s.original_name, s.text_length, s.created_at,
         s.previous_version_id,
         (SELECT count(*) FROM segments g WHERE g.source_id = s.id) AS segment_count`;

/**
 * The newest version that replaced a source. previous_version_id has no index: for a list, one
 * grouped pass over the sources (joined by an automatic index), not a scan per source.
 */
const LIST_SQL = `
  SELECT ${COLUMNS}, v.replaced_by_id
  FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id
  LEFT JOIN (
    SELECT previous_version_id AS pid, id AS replaced_by_id, max(created_at)
    FROM sources WHERE previous_version_id IS NOT NULL GROUP BY previous_version_id
  ) v ON v.pid = s.id`;

const ONE_SQL = `
  SELECT ${COLUMNS},
         (SELECT n.id FROM sources n WHERE n.previous_version_id = s.id
          ORDER BY n.created_at DESC LIMIT 1) AS replaced_by_id
  FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id
  WHERE s.id = ?`;

const toSummary = (r: SourceRow): SourceSummary => ({
  id: r.id,
  caseId: r.case_id,
  title: r.title,
  kind: r.kind,
  documentType: r.document_type,
  date: r.date,
  respondentId: r.respondent_id,
  respondentPseudonym: r.pseudonym,
  respondentRole: r.role,
  validation: r.validation,
  originalName: r.original_name,
  characters: r.text_length,
  segmentCount: r.segment_count,
  createdAt: r.created_at,
  previousVersionId: r.previous_version_id,
  replacedById: r.replaced_by_id,
});

export function listSources(db: Db, caseId?: string): SourceSummary[] {
  const order = ' ORDER BY (SELECT sort FROM cases c WHERE c.id = s.case_id), s.sort, s.title';
  const rows = caseId
    ? db.prepare(`${LIST_SQL} WHERE s.case_id = ?${order}`).all(caseId)
    : db.prepare(`${LIST_SQL}${order}`).all();
  return (rows as SourceRow[]).map(toSummary);
}

export function getSourceSummary(db: Db, id: string): SourceSummary | undefined {
  const row = db.prepare(ONE_SQL).get(id) as SourceRow | undefined;
  return row && toSummary(row);
}

interface BlockRow {
  type: Block['type'];
  start: number;
  end: number;
  attrs: string;
}

export function getSourceBlocks(db: Db, id: string): Block[] {
  const rows = db
    .prepare('SELECT type, start, end, attrs FROM blocks WHERE source_id = ? ORDER BY seq')
    .all(id) as BlockRow[];
  return rows.map(
    (r) => ({ type: r.type, start: r.start, end: r.end, ...JSON.parse(r.attrs) }) as Block,
  );
}

export function getSourceText(db: Db, id: string): string | undefined {
  const row = db.prepare('SELECT text FROM sources WHERE id = ?').get(id) as
    { text: string } | undefined;
  return row?.text;
}

export function getSource(db: Db, id: string): Source | undefined {
  const summary = getSourceSummary(db, id);
  if (!summary) return undefined;
  const row = db.prepare('SELECT text, marks, sha256 FROM sources WHERE id = ?').get(id) as {
    text: string;
    marks: string;
    sha256: string;
  };
  return {
    ...summary,
    sha256: row.sha256,
    text: row.text,
    marks: JSON.parse(row.marks) as InlineMark[],
    blocks: getSourceBlocks(db, id),
  };
}

export interface NewSource {
  id: string;
  caseId: string | null;
  title: string;
  kind: 'interview' | 'document';
  documentType: string;
  date: string | null;
  respondentId: string | null;
  validation: 'draft' | 'sent' | 'approved' | 'corrections' | null;
  originalName: string;
  sha256: string;
  textSha256: string;
  originalBytes: Uint8Array;
  previousVersionId?: string | null;
  createdAt: string;
  createdBy: string | null;
}

/**
 * Inserts a source with its original bytes and blocks (the FTS index follows by trigger).
 * Call inside the caller's transaction so a source arrives whole or not at all.
 */
export function insertSourceRows(db: Db, s: NewSource, content: StructuredText): void {
  const sort = (
    db.prepare('SELECT coalesce(max(sort), -1) + 1 AS n FROM sources').get() as { n: number }
  ).n;
  db.prepare(
    `INSERT INTO sources (id, case_id, title, kind, document_type, date, respondent_id, validation,
       original_name, sha256, text, text_sha256, text_length, marks, previous_version_id, sort,
       created_at, created_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    s.id,
    s.caseId,
    s.title,
    s.kind,
    s.documentType,
    s.date,
    s.respondentId,
    s.validation,
    s.originalName,
    s.sha256,
    content.text,
    s.textSha256,
    content.text.length,
    JSON.stringify(content.marks),
    s.previousVersionId ?? null,
    sort,
    s.createdAt,
    s.createdBy,
  );
  db.prepare('INSERT INTO source_files (source_id, bytes) VALUES (?, ?)').run(
    s.id,
    Buffer.from(s.originalBytes),
  );
  const block = db.prepare(
    'INSERT INTO blocks (source_id, seq, type, start, end, attrs, text) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  content.blocks.forEach((b, seq) => {
    const { type, start, end, ...attrs } = b;
    block.run(s.id, seq, type, start, end, JSON.stringify(attrs), content.text.slice(start, end));
  });
}
