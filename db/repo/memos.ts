import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { MemoRow, MemoTargetType } from '../tables.js';

export type { MemoRow } from '../tables.js';

/** The target id of the project's memo: the project is one row, with id 1. */
export const PROJECT_MEMO_TARGET = '1';

const first = sql.rows<MemoRow, { type: string; id: string }>(
  'SELECT * FROM memos WHERE target_type = @type AND target_id = @id ORDER BY created_at LIMIT 1',
);
const ofTarget = sql.rows<MemoRow, { type: string; id: string }>(
  'SELECT * FROM memos WHERE target_type = @type AND target_id = @id ORDER BY created_at',
);
const recent = sql.rows<{
  id: string;
  title: string;
  head: string;
  target_type: MemoTargetType;
  target_id: string;
}>(
  `SELECT id, title, substr(body_text, 1, 200) AS head, target_type, target_id FROM memos
   ORDER BY updated_at DESC`,
);

/** The memo of a target (one per target; the oldest if an import brought several). */
export const memoOf = (r: Reader, type: MemoTargetType, id: string): MemoRow | undefined =>
  reading(r).get(first, { type, id });
/** Every memo on a target, oldest first. */
export const memosOf = (r: Reader, type: MemoTargetType, id: string): MemoRow[] =>
  reading(r).all(ofTarget, { type, id });
/** Every memo's head (first 200 characters), most recently changed first. */
export const memoHeads = (r: Reader) => reading(r).all(recent);

export function insertMemo(w: Writer, row: MemoRow): MemoRow {
  return writing(w).insert('memos', row);
}

export function updateMemo(
  w: Writer,
  before: MemoRow,
  patch: Partial<Omit<MemoRow, 'id'>>,
): MemoRow {
  return writing(w).update('memos', before, patch);
}

export function deleteMemo(w: Writer, row: MemoRow): void {
  writing(w).remove('memos', row);
}

const everything = sql.rows<MemoRow>('SELECT * FROM memos ORDER BY created_at, id');
/** Every memo, oldest first. */
export const allMemos = (r: Reader): MemoRow[] => reading(r).all(everything);

/** A memo with what its overview shows of its target (db/repo keeps the SQL; see memos.list). */
export interface MemoListing {
  id: string;
  target_type: MemoTargetType;
  target_id: string;
  author_id: string | null;
  author_name: string | null;
  created_at: string;
  updated_at: string;
  body_text: string;
  /** Source title (source memos), or the title of the segment's source (segment memos). */
  source_title: string | null;
  /** The segment's source and range (segment memos). */
  segment_source_id: string | null;
  segment_start: number | null;
  segment_end: number | null;
  segment_text: string | null;
  label_nl: string | null;
  label_en: string | null;
  project_name: string | null;
}

const listing = sql.rows<MemoListing>(
  `SELECT m.id, m.target_type, m.target_id, m.author_id, au.name AS author_name, m.created_at,
          m.updated_at, m.body_text,
          coalesce(src.title, segsrc.title) AS source_title,
          seg.source_id AS segment_source_id, seg.start AS segment_start, seg.end AS segment_end,
          seg.text AS segment_text,
          coalesce(cd.label_nl, cs.label_nl) AS label_nl,
          coalesce(cd.label_en, cs.label_en) AS label_en,
          p.name AS project_name
     FROM memos m
     LEFT JOIN coders au ON au.id = m.author_id
     LEFT JOIN sources src ON m.target_type = 'source' AND src.id = m.target_id
     LEFT JOIN codes cd ON m.target_type = 'code' AND cd.id = m.target_id
     LEFT JOIN cases cs ON m.target_type = 'case' AND cs.id = m.target_id
     LEFT JOIN segments seg ON m.target_type = 'segment' AND seg.id = m.target_id
     LEFT JOIN sources segsrc ON segsrc.id = seg.source_id
     LEFT JOIN project p ON m.target_type = 'project'
    WHERE m.target_type IN ('project', 'case', 'source', 'code', 'segment')
      AND trim(m.body_text) <> ''
    ORDER BY m.updated_at DESC, m.rowid DESC`,
);
/** Every memo that says something, with its target's names and author, newest change first. */
export const memoListing = (r: Reader): MemoListing[] => reading(r).all(listing);
