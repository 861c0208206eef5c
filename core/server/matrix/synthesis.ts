import type { Db } from '../../../db/open.js';
import type { SynthesisCell, SynthesisStatus } from '../../shared/contract/matrix.js';
import { CasusError } from '../../shared/errors.js';
import type { ChangeLog } from '../changelog.js';
import { newId, now } from '../domain/ids.js';

export interface CellRow {
  id: string;
  row_key: string;
  col_key: string;
  body: string;
  body_text: string;
  status: SynthesisStatus;
  status_by: string | null;
  status_at: string | null;
  refs: string;
  updated_by: string | null;
  updated_at: string;
  created_at: string;
}

/** A reference as stored: enough to show the quote even after its segment is gone. */
export interface StoredRef {
  segmentId: string;
  sourceId: string;
  start: number;
  end: number;
  quote: string;
}

export function parseRefs(json: string): StoredRef[] {
  const v = JSON.parse(json) as unknown;
  return Array.isArray(v) ? (v as StoredRef[]) : [];
}

/** Checks that each ':'-part of a header id names a code, case, coder or vocabulary key. */
export function checkKey(db: Db, key: string, side: 'row' | 'col'): void {
  for (const part of key.split(':')) {
    const known =
      db.prepare('SELECT 1 FROM codes WHERE id = ?').get(part) ??
      db.prepare('SELECT 1 FROM cases WHERE id = ?').get(part) ??
      db.prepare('SELECT 1 FROM coders WHERE id = ?').get(part) ??
      db.prepare('SELECT 1 FROM vocabulary WHERE key = ?').get(part);
    if (!known)
      throw new CasusError(
        'not_found',
        `Matrix ${side} "${key}": "${part}" is not a code, case, coder, role or source type`,
      );
  }
}

export function getCellRow(db: Db, row: string, col: string): CellRow | undefined {
  return db
    .prepare('SELECT * FROM synthesis_cells WHERE row_key = ? AND col_key = ?')
    .get(row, col) as CellRow | undefined;
}

/** The cell as the API shows it: references numbered, resolved against current segments. */
export function toCell(db: Db, row: string, col: string, r: CellRow | undefined): SynthesisCell {
  const coderName = (id: string | null) =>
    id
      ? ((
          db.prepare('SELECT name FROM coders WHERE id = ?').get(id) as { name: string } | undefined
        )?.name ?? null)
      : null;
  const seg = db.prepare('SELECT source_id, start, end, text FROM segments WHERE id = ?');
  const src = db.prepare(
    `SELECT s.title, r.pseudonym FROM sources s LEFT JOIN respondents r ON r.id = s.respondent_id
     WHERE s.id = ?`,
  );
  const refs = r
    ? parseRefs(r.refs).map((ref, i) => {
        // A recoded (or resized) segment keeps its id: show it as it is now.
        const live = seg.get(ref.segmentId) as
          { source_id: string; start: number; end: number; text: string } | undefined;
        const sourceId = live?.source_id ?? ref.sourceId;
        const s = src.get(sourceId) as { title: string; pseudonym: string | null } | undefined;
        return {
          n: i + 1,
          segmentId: ref.segmentId,
          sourceId,
          start: live?.start ?? ref.start,
          end: live?.end ?? ref.end,
          quote: live?.text ?? ref.quote,
          sourceTitle: s?.title ?? '',
          respondent: s?.pseudonym ?? null,
          deleted: !live,
        };
      })
    : [];
  return {
    row,
    col,
    body: r?.body ?? '',
    bodyText: r?.body_text ?? '',
    status: r?.status ?? 'empty',
    statusBy: coderName(r?.status_by ?? null),
    statusAt: r?.status_at ?? null,
    updatedBy: coderName(r?.updated_by ?? null),
    updatedAt: r?.updated_at ?? null,
    refs,
  };
}

/** Inserts or updates one cell row inside an action; logs before and after. */
export function writeCell(
  db: Db,
  log: ChangeLog,
  row: string,
  col: string,
  coderId: string | null,
  change: (current: CellRow) => Partial<CellRow>,
): CellRow {
  const before = getCellRow(db, row, col);
  const at = now();
  const base: CellRow = before ?? {
    id: newId(),
    row_key: row,
    col_key: col,
    body: '',
    body_text: '',
    status: 'empty',
    status_by: null,
    status_at: null,
    refs: '[]',
    updated_by: coderId,
    updated_at: at,
    created_at: at,
  };
  const after: CellRow = { ...base, ...change(base), updated_by: coderId, updated_at: at };
  if (before) {
    db.prepare(
      `UPDATE synthesis_cells SET body = @body, body_text = @body_text, status = @status,
         status_by = @status_by, status_at = @status_at, refs = @refs, updated_by = @updated_by,
         updated_at = @updated_at WHERE id = @id`,
    ).run(after);
  } else {
    db.prepare(
      `INSERT INTO synthesis_cells (id, row_key, col_key, body, body_text, status, status_by,
         status_at, refs, updated_by, updated_at, created_at)
       VALUES (@id, @row_key, @col_key, @body, @body_text, @status, @status_by, @status_at, @refs,
         @updated_by, @updated_at, @created_at)`,
    ).run(after);
  }
  log.record('synthesis_cells', after.id, before ?? null, after);
  return after;
}

/** Every version of a cell from the change log, newest first. */
export function cellHistory(db: Db, cellId: string) {
  const rows = db
    .prepare(
      `SELECT l.seq, l.at, l.action, l.after, c.name AS coder FROM change_log l
       LEFT JOIN coders c ON c.id = l.coder_id
       WHERE l.entity = 'synthesis_cells' AND l.entity_id = ? ORDER BY l.seq DESC`,
    )
    .all(cellId) as {
    seq: number;
    at: string;
    action: string;
    after: string | null;
    coder: string | null;
  }[];
  return rows
    .filter((r) => r.after !== null)
    .map((r) => {
      const after = JSON.parse(r.after as string) as CellRow;
      return {
        seq: r.seq,
        at: r.at,
        coder: r.coder,
        action: r.action,
        bodyText: after.body_text,
        status: after.status,
        refCount: parseRefs(after.refs).length,
        row: after,
      };
    });
}
