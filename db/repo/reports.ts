import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type {
  ReportVersionRow,
  ValidationAnswerRow,
  ValidationCorrectionRow,
  ValidationRoundRow,
} from '../tables.js';

// --- Report versions ---------------------------------------------------------------------------

const versionsOf = sql.rows<ReportVersionRow, { caseId: string }>(
  'SELECT * FROM report_versions WHERE case_id = @caseId ORDER BY number',
);
const versionById = sql.rows<ReportVersionRow, { id: string }>(
  'SELECT * FROM report_versions WHERE id = @id',
);
const nextVersion = sql.values<number, { caseId: string }>(
  'SELECT coalesce(max(number), 0) + 1 FROM report_versions WHERE case_id = @caseId',
);

/** A case's saved report versions, oldest first. */
export const reportVersions = (r: Reader, caseId: string): ReportVersionRow[] =>
  reading(r).all(versionsOf, { caseId });
export const reportVersion = (r: Reader, id: string): ReportVersionRow | undefined =>
  reading(r).get(versionById, { id });
/** The number the next saved version of a case's report gets. */
export const nextReportNumber = (r: Reader, caseId: string): number =>
  reading(r).get(nextVersion, { caseId }) as number;

export function insertReportVersion(w: Writer, row: ReportVersionRow): ReportVersionRow {
  return writing(w).insert('report_versions', row);
}

// --- Validation rounds, answers, corrections ---------------------------------------------------

const roundsOf = sql.rows<ValidationRoundRow, { caseId: string }>(
  'SELECT * FROM validation_rounds WHERE case_id = @caseId ORDER BY number',
);
const roundById = sql.rows<ValidationRoundRow, { id: string }>(
  'SELECT * FROM validation_rounds WHERE id = @id',
);
const nextRound = sql.values<number, { caseId: string }>(
  'SELECT coalesce(max(number), 0) + 1 FROM validation_rounds WHERE case_id = @caseId',
);
const answersOf = sql.rows<ValidationAnswerRow, { roundId: string }>(
  'SELECT * FROM validation_answers WHERE round_id = @roundId ORDER BY rowid',
);
const answerOf = sql.rows<ValidationAnswerRow, { roundId: string; respondentId: string }>(
  'SELECT * FROM validation_answers WHERE round_id = @roundId AND respondent_id = @respondentId',
);
const correctionsOfRound = sql.rows<ValidationCorrectionRow, { roundId: string }>(
  'SELECT * FROM validation_corrections WHERE round_id = @roundId ORDER BY created_at, id',
);
const correctionById = sql.rows<ValidationCorrectionRow, { id: string }>(
  'SELECT * FROM validation_corrections WHERE id = @id',
);

export const validationRounds = (r: Reader, caseId: string): ValidationRoundRow[] =>
  reading(r).all(roundsOf, { caseId });
export const validationRound = (r: Reader, id: string): ValidationRoundRow | undefined =>
  reading(r).get(roundById, { id });
export const nextRoundNumber = (r: Reader, caseId: string): number =>
  reading(r).get(nextRound, { caseId }) as number;
export const roundAnswers = (r: Reader, roundId: string): ValidationAnswerRow[] =>
  reading(r).all(answersOf, { roundId });
export const roundAnswer = (
  r: Reader,
  roundId: string,
  respondentId: string,
): ValidationAnswerRow | undefined => reading(r).get(answerOf, { roundId, respondentId });
export const roundCorrections = (r: Reader, roundId: string): ValidationCorrectionRow[] =>
  reading(r).all(correctionsOfRound, { roundId });
export const correction = (r: Reader, id: string): ValidationCorrectionRow | undefined =>
  reading(r).get(correctionById, { id });

export function insertRound(w: Writer, row: ValidationRoundRow): ValidationRoundRow {
  return writing(w).insert('validation_rounds', row);
}
export function insertAnswer(w: Writer, row: ValidationAnswerRow): ValidationAnswerRow {
  return writing(w).insert('validation_answers', row);
}
export function updateAnswer(
  w: Writer,
  before: ValidationAnswerRow,
  patch: Partial<Omit<ValidationAnswerRow, 'id' | 'round_id' | 'respondent_id'>>,
): ValidationAnswerRow {
  return writing(w).update('validation_answers', before, patch);
}
export function insertCorrection(w: Writer, row: ValidationCorrectionRow): ValidationCorrectionRow {
  return writing(w).insert('validation_corrections', row);
}
export function updateCorrection(
  w: Writer,
  before: ValidationCorrectionRow,
  patch: Partial<Omit<ValidationCorrectionRow, 'id' | 'round_id' | 'respondent_id'>>,
): ValidationCorrectionRow {
  return writing(w).update('validation_corrections', before, patch);
}
