import type { Dimension } from '../core/shared/template/types.js';

/**
 * The rows of the tables that user actions change, as stored. Each repository reads and writes
 * these shapes; the change log keeps them (before/after) so that undo, history and a past state
 * can be rebuilt. Content rows that never change once written (a source's text and original
 * bytes, its blocks and their search index) are not logged row by row: the source's own entry
 * stands for them, and they stay in their tables.
 */

export type Validation = 'draft' | 'sent' | 'approved' | 'corrections';
export type SourceKind = 'interview' | 'document';

export interface ProjectRow {
  id: number;
  uuid: string;
  name: string;
  description: string;
  template: string;
  created_at: string;
  settings: string;
}

export interface CoderRow {
  id: string;
  name: string;
  initials: string;
  color: string;
  created_at: string;
}

export interface VocabularyRow {
  kind: 'role' | 'document-type';
  key: string;
  label_nl: string;
  label_en: string;
  sort: number;
}

export interface AttributeRow {
  id: string;
  scope: 'case' | 'source';
  key: string;
  label_nl: string;
  label_en: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'choice';
  choices: string | null;
  sort: number;
}

export interface CaseRow {
  id: string;
  key: string;
  label_nl: string;
  label_en: string;
  description: string;
  sort: number;
  created_at: string;
}

export interface CaseAttributeValueRow {
  case_id: string;
  attribute_id: string;
  value: string;
}

export interface RespondentRow {
  id: string;
  pseudonym: string;
  role: string;
  organisation: string;
  case_id: string | null;
  /** Confidential: never logged, exported or shown outside the team's own views. */
  real_name: string | null;
  created_at: string;
}

/** A source's metadata: everything but its immutable text and marks (see `sources` repo). */
export interface SourceRow {
  id: string;
  case_id: string | null;
  title: string;
  kind: SourceKind;
  document_type: string;
  date: string | null;
  respondent_id: string | null;
  validation: Validation | null;
  original_name: string;
  sha256: string;
  text_sha256: string;
  text_length: number;
  previous_version_id: string | null;
  sort: number;
  created_at: string;
  created_by: string | null;
}

export interface CodeRow {
  id: string;
  parent_id: string | null;
  key: string | null;
  dimension: Dimension;
  label_nl: string;
  label_en: string;
  description_nl: string;
  description_en: string;
  color: string;
  sort: number;
  created_at: string;
}

export interface SegmentRow {
  /** The integer key joins use (migration 011); stable, never reused (AUTOINCREMENT). */
  seq: number;
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
  /** The seq of the segment `segment_id` names (a composite foreign key keeps them in step). */
  segment_seq: number;
  code_id: string;
  coder_id: string | null;
  created_at: string;
}

export type MemoTargetType = 'project' | 'case' | 'source' | 'code' | 'segment' | 'cell';

export interface MemoRow {
  id: string;
  target_type: MemoTargetType;
  target_id: string;
  title: string;
  body: string;
  body_text: string;
  author_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface MatrixDefinitionRow {
  id: string;
  name_nl: string;
  name_en: string;
  spec: string;
  builtin: number;
  sort: number;
  created_at: string;
}

export type SynthesisStatus = 'empty' | 'draft' | 'agreed' | 'validated' | 'reviewed';

export interface SynthesisCellRow {
  id: string;
  /** Canonical JSON of the cell's coordinate in the study's cube (coordinateKey). */
  coordinate: string;
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

export interface ReportVersionRow {
  id: string;
  case_id: string;
  number: number;
  lang: 'nl' | 'en';
  content: string;
  content_hash: string;
  syntheses: string;
  created_at: string;
  created_by: string | null;
}

export interface ValidationRoundRow {
  id: string;
  case_id: string;
  number: number;
  report_version_id: string;
  sent_on: string;
  note: string;
  created_at: string;
  created_by: string | null;
}

export type AnswerStatus = 'none' | 'approved' | 'corrections';

export interface ValidationAnswerRow {
  id: string;
  round_id: string;
  respondent_id: string;
  status: AnswerStatus;
  comment: string;
  answered_on: string | null;
  recorded_by: string | null;
  updated_at: string;
}

export type CorrectionState = 'open' | 'accepted' | 'rejected';

export interface ValidationCorrectionRow {
  id: string;
  round_id: string;
  respondent_id: string;
  anchor: string;
  text: string;
  state: CorrectionState;
  reason: string;
  synthesis_id: string | null;
  handled_by: string | null;
  handled_at: string | null;
  created_at: string;
  created_by: string | null;
}

export type ReconcileDecision = 'accept-a' | 'accept-b' | 'keep-both' | 'remove-both' | 'comment';

export interface ReconciliationRow {
  id: string;
  source_id: string;
  code_id: string;
  coder_a: string;
  coder_b: string;
  start: number;
  end: number;
  decision: ReconcileDecision;
  comment: string;
  /** JSON: the codings the decision removed (RemovedCoding[]). */
  removed: string;
  /** JSON: the ids of the codings it made. */
  added: string;
  reconciled_by: string | null;
  created_at: string;
}

export interface MergeRow {
  id: string;
  other_uuid: string;
  other_name: string;
  /** The last change-log group of the other copy when merged (identifies its later versions). */
  other_tail: string;
  file_name: string;
  /** JSON {"<table>:<id>": hash of their version}: rows whose versions differed when merged. */
  seen: string;
  /** JSON: what the merge added and matched. */
  counts: string;
  merged_by: string | null;
  merged_at: string;
}

export type CommentTarget = 'segment' | 'cell' | 'code' | 'source';

export interface CommentRow {
  id: string;
  target_type: CommentTarget;
  target_id: string;
  parent_id: string | null;
  author_id: string | null;
  text: string;
  mentions: string;
  resolved_at: string | null;
  resolved_by: string | null;
  created_at: string;
}

export type ReviewState = 'ok' | 'questioned' | 'settled';

export interface SegmentReviewRow {
  segment_id: string;
  state: ReviewState;
  reviewed_by: string | null;
  reviewed_at: string;
}

export type ReviewListing = 'name' | 'role' | 'hidden';
export type ReviewFocusKind = 'grid' | 'row' | 'cell';
export type ReviewReveal = 'all' | 'rows' | 'cells' | 'synthesis-quotes';
export type ReviewTag = 'recognised' | 'disputed' | 'addition' | 'question' | 'decision';
export type FollowUpState = 'open' | 'done' | 'dismissed';

export interface ReviewSessionRow {
  id: string;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  /** Set when the session ended: it then reopens read-only. */
  closed_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReviewParticipantRow {
  id: string;
  session_id: string;
  name: string;
  organisation: string;
  case_id: string | null;
  role: string;
  /** How the minutes name this person. */
  listing: ReviewListing;
  sort: number;
  created_at: string;
}

export interface ReviewItemRow {
  id: string;
  session_id: string;
  position: number;
  matrix_id: string | null;
  name_nl: string;
  name_en: string;
  /** JSON MatrixSpec, copied from the saved matrix when the item was added. */
  spec: string;
  focus: ReviewFocusKind;
  focus_row: string | null;
  focus_col: string | null;
  question: string;
  show_counts: number;
  show_syntheses: number;
  quotes: number;
  hide_cases: number;
  reveal: ReviewReveal;
  notes: string;
  created_at: string;
}

export interface ReviewSnapshotRow {
  id: string;
  session_id: string;
  item_id: string;
  taken_at: string;
  /** JSON of what the room saw (never updated). */
  content: string;
}

export interface ReviewRemarkRow {
  id: string;
  session_id: string;
  item_id: string;
  snapshot_id: string | null;
  /** Order within the session, from 1. */
  n: number;
  tag: ReviewTag;
  text: string;
  participant_id: string | null;
  cell_row: string | null;
  cell_col: string | null;
  coordinate: string | null;
  shown: number;
  created_by: string | null;
  created_at: string;
}

export interface ReviewFollowUpRow {
  id: string;
  remark_id: string;
  coordinate: string | null;
  state: FollowUpState;
  reason: string;
  /** The change-log entry of the synthesis version that settled it. */
  synthesis_seq: number | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

export type TermKind = 'person' | 'organisation' | 'place' | 'phrase' | 'email' | 'phone' | 'other';
export type TermOrigin = 'team' | 'candidate' | 'import';

/** An identifying term of the register (migration 016). */
export interface RegisterTermRow {
  id: string;
  kind: TermKind;
  /** Confidential: never logged; null only in a past state rebuilt from the log. */
  term: string | null;
  /** JSON array of further forms; confidential like the term. */
  variants: string | null;
  replacement: string;
  origin: TermOrigin;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export type CandidateKindRow = 'titled-name' | 'email' | 'phone' | 'proper-noun';

/** A candidate the team dismissed (not identifying), so that scans no longer offer it. */
export interface RegisterDismissalRow {
  id: string;
  kind: CandidateKindRow;
  /** Confidential, like a term: never logged. */
  text: string | null;
  key: string | null;
  created_by: string | null;
  created_at: string;
}

export type MediaKind = 'audio' | 'video';
export type MediaExt = 'm4a' | 'mp3' | 'wav' | 'mp4' | 'webm';

/** A recording attached to a source: the file lies beside the project, named by its hash. */
export interface SourceMediaRow {
  source_id: string;
  kind: MediaKind;
  ext: MediaExt;
  sha256: string;
  size: number;
  original_name: string;
  attached_by: string | null;
  attached_at: string;
}

export interface Tables {
  project: ProjectRow;
  coders: CoderRow;
  vocabulary: VocabularyRow;
  attributes: AttributeRow;
  cases: CaseRow;
  case_attribute_values: CaseAttributeValueRow;
  respondents: RespondentRow;
  sources: SourceRow;
  codes: CodeRow;
  segments: SegmentRow;
  codings: CodingRow;
  memos: MemoRow;
  matrix_definitions: MatrixDefinitionRow;
  synthesis_cells: SynthesisCellRow;
  report_versions: ReportVersionRow;
  validation_rounds: ValidationRoundRow;
  validation_answers: ValidationAnswerRow;
  validation_corrections: ValidationCorrectionRow;
  reconciliations: ReconciliationRow;
  merges: MergeRow;
  comments: CommentRow;
  segment_reviews: SegmentReviewRow;
  review_sessions: ReviewSessionRow;
  review_participants: ReviewParticipantRow;
  review_items: ReviewItemRow;
  review_snapshots: ReviewSnapshotRow;
  review_remarks: ReviewRemarkRow;
  review_followups: ReviewFollowUpRow;
  register_terms: RegisterTermRow;
  register_dismissals: RegisterDismissalRow;
  source_media: SourceMediaRow;
}

export type Table = keyof Tables;

/** Rows of another table that refer to a row of this one (and go with it, or block it). */
export interface Dependent {
  table: Table;
  column: string;
  /** A further condition on the dependent rows (e.g. the kind of memo target). */
  where?: string;
}

interface TableMeta<T extends Table> {
  /** The primary key's columns. */
  key: readonly (keyof Tables[T] & string)[];
  /** Rows that refer to a row of this table by its id. */
  dependents?: readonly Dependent[];
  /** Columns kept out of the change log (confidential or immutable content). */
  unlogged?: readonly string[];
  /** Undo may write this table back from the log (complete rows are logged). */
  reversible: boolean;
  /**
   * An INTEGER PRIMARY KEY column that SQLite fills when an insert leaves it out; the insert
   * returns and logs the row with it, so undo puts the row back under the same number.
   */
  generated?: keyof Tables[T] & string;
}

export const TABLES: { [T in Table]: TableMeta<T> } = {
  project: { key: ['id'], reversible: true },
  coders: { key: ['id'], reversible: true },
  vocabulary: { key: ['kind', 'key'], reversible: true },
  attributes: { key: ['id'], reversible: true },
  cases: { key: ['id'], reversible: true },
  case_attribute_values: { key: ['case_id', 'attribute_id'], reversible: true },
  respondents: { key: ['id'], unlogged: ['real_name'], reversible: false },
  // Inserting a source also writes its text, blocks and bytes: not something undo rebuilds.
  sources: {
    key: ['id'],
    reversible: false,
    dependents: [{ table: 'source_media', column: 'source_id' }],
  },
  codes: {
    key: ['id'],
    reversible: true,
    dependents: [
      { table: 'codings', column: 'code_id' },
      { table: 'codes', column: 'parent_id' },
      { table: 'memos', column: 'target_id', where: "target_type = 'code'" },
    ],
  },
  segments: {
    key: ['id'],
    generated: 'seq',
    reversible: true,
    dependents: [
      { table: 'codings', column: 'segment_id' },
      { table: 'memos', column: 'target_id', where: "target_type = 'segment'" },
      { table: 'segment_reviews', column: 'segment_id' },
      { table: 'comments', column: 'target_id', where: "target_type = 'segment'" },
    ],
  },
  codings: { key: ['id'], reversible: true },
  memos: { key: ['id'], reversible: true },
  matrix_definitions: { key: ['id'], reversible: true },
  synthesis_cells: { key: ['id'], reversible: true },
  report_versions: { key: ['id'], reversible: false },
  validation_rounds: { key: ['id'], reversible: false },
  validation_answers: { key: ['id'], reversible: false },
  validation_corrections: { key: ['id'], reversible: false },
  reconciliations: { key: ['id'], reversible: true },
  merges: { key: ['id'], reversible: true },
  comments: { key: ['id'], reversible: true },
  segment_reviews: { key: ['segment_id'], reversible: true },
  review_sessions: {
    key: ['id'],
    reversible: true,
    dependents: [
      { table: 'review_participants', column: 'session_id' },
      { table: 'review_items', column: 'session_id' },
      { table: 'review_snapshots', column: 'session_id' },
      { table: 'review_remarks', column: 'session_id' },
    ],
  },
  review_participants: {
    key: ['id'],
    reversible: true,
    dependents: [{ table: 'review_remarks', column: 'participant_id' }],
  },
  review_items: {
    key: ['id'],
    reversible: true,
    dependents: [
      { table: 'review_snapshots', column: 'item_id' },
      { table: 'review_remarks', column: 'item_id' },
    ],
  },
  // A snapshot's content can be large and never changes: the log keeps its entry without it.
  review_snapshots: { key: ['id'], unlogged: ['content'], reversible: false },
  review_remarks: {
    key: ['id'],
    reversible: true,
    dependents: [{ table: 'review_followups', column: 'remark_id' }],
  },
  review_followups: { key: ['id'], reversible: true },
  // Identifying terms stay out of the log as a real name does; undo cannot rebuild them.
  register_terms: { key: ['id'], unlogged: ['term', 'variants'], reversible: false },
  register_dismissals: { key: ['id'], unlogged: ['text', 'key'], reversible: false },
  // The row only names the file beside the project; undo writes it back (the file stays).
  source_media: { key: ['source_id'], reversible: true },
};

export function isTable(name: string): name is Table {
  return Object.prototype.hasOwnProperty.call(TABLES, name);
}

/** The change-log id of a row: its key column, or its key columns joined by ':'. */
export function rowKey<T extends Table>(table: T, row: Tables[T]): string {
  return TABLES[table].key.map((k) => String(row[k])).join(':');
}
