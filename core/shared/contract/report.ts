import { z } from 'zod';
import { AudienceInput, ExportCheck } from './confidentiality.js';
import { defineMethods } from './define.js';
import { Id, IsoDate, RespondentSchema } from './schemas.js';
import { Coordinate, SynthesisStatus } from './synthesis.js';

/**
 * Case reports (casusrapport) and their validation by respondents (issue 13): a report is built
 * from the syntheses of one case, in the study's structure; a version is kept when it is sent
 * round; respondents' answers and corrections are recorded; a later version shows what changed.
 */

const Lang = z.enum(['nl', 'en']);

export const ReportQuote = z.object({
  n: z.number().int(),
  quote: z.string(),
  /** Pseudonym, never a real name. */
  respondent: z.string().nullable(),
  source: z.string(),
  /** Where in the source: "p. 3, ¶ 12" or "¶ 12". */
  location: z.string(),
  segmentId: Id,
  deleted: z.boolean(),
});
export type ReportQuote = z.infer<typeof ReportQuote>;

export const ReportSynthesis = z.object({
  id: Id,
  /** The change-log entry of the version the report shows. */
  seq: z.number().int(),
  status: SynthesisStatus,
  paragraphs: z.array(z.string()),
  quotes: z.array(ReportQuote),
});

export interface ReportSection {
  /** Stable path of the section, e.g. "<principle id>/factors/<category id>". */
  key: string;
  title: string;
  /** The cell of the study this section reports (a correction anchors here). */
  coordinate: Coordinate;
  synthesis: z.infer<typeof ReportSynthesis> | null;
  /** Coded passages in this cell of the case (what there is to write from). */
  evidence: number;
  sections: ReportSection[];
}
export const ReportSection: z.ZodType<ReportSection> = z.lazy(() =>
  z.object({
    key: z.string(),
    title: z.string(),
    coordinate: Coordinate,
    synthesis: ReportSynthesis.nullable(),
    evidence: z.number().int(),
    sections: z.array(ReportSection),
  }),
);

export const ReportModel = z.object({
  caseId: Id,
  caseLabel: z.string(),
  study: z.string(),
  /** The version number this report has (or will have when it is saved). */
  version: z.number().int(),
  date: IsoDate,
  lang: Lang,
  intro: z.object({
    attributes: z.array(z.object({ label: z.string(), value: z.string() })),
    sources: z.array(
      z.object({ title: z.string(), type: z.string(), date: z.string().nullable() }),
    ),
    respondents: z.array(z.object({ pseudonym: z.string(), role: z.string() })),
  }),
  chapters: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      /** The group the chapter belongs to ("Opgavegericht werken"), or null. */
      group: z.string().nullable(),
      sections: z.array(ReportSection),
    }),
  ),
  /** Sections without a synthesis yet (a report shows them as such). */
  missing: z.number().int(),
});
export type ReportModel = z.infer<typeof ReportModel>;

export const ReportVersion = z.object({
  id: Id,
  number: z.number().int(),
  lang: Lang,
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  hash: z.string(),
  /** Numbers of the validation rounds that sent this version. */
  rounds: z.array(z.number().int()),
});
export type ReportVersion = z.infer<typeof ReportVersion>;

export const ReportChange = z.object({
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.string().nullable(),
  after: z.string().nullable(),
});
export const ReportDiff = z.object({
  from: z.object({ number: z.number().int(), date: z.string() }),
  /** null: the report as it is now (not saved). */
  to: z.object({ number: z.number().int().nullable(), date: z.string() }),
  sections: z.array(
    z.object({
      key: z.string(),
      /** "Chapter › Section › Sub-section" */
      title: z.string(),
      changes: z.array(ReportChange),
    }),
  ),
});
export type ReportDiff = z.infer<typeof ReportDiff>;

export const AnswerStatus = z.enum(['none', 'approved', 'corrections']);
export const CorrectionState = z.enum(['open', 'accepted', 'rejected']);

/** Where a correction applies: a section of the report (its cell) or a quoted passage. */
export const CorrectionAnchor = z.union([
  z.object({ coordinate: Coordinate }),
  z.object({ segmentId: Id }),
]);
export type CorrectionAnchor = z.infer<typeof CorrectionAnchor>;

export const Correction = z.object({
  id: Id,
  roundId: Id,
  respondentId: Id,
  respondent: z.string(),
  anchor: CorrectionAnchor,
  /** The section's title or the quote, in words. */
  where: z.string(),
  text: z.string(),
  state: CorrectionState,
  reason: z.string(),
  synthesisId: Id.nullable(),
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Correction = z.infer<typeof Correction>;

export const Round = z.object({
  id: Id,
  number: z.number().int(),
  sentOn: IsoDate,
  note: z.string(),
  version: z.object({ id: Id, number: z.number().int() }),
  answers: z.array(
    z.object({
      respondentId: Id,
      respondent: z.string(),
      role: z.string(),
      status: AnswerStatus,
      comment: z.string(),
      answeredOn: z.string().nullable(),
    }),
  ),
  corrections: z.array(Correction),
});
export type Round = z.infer<typeof Round>;

export const ValidationStatus = z.object({
  caseId: Id,
  rounds: z.array(Round),
  /** Corrections not yet accepted or rejected, over all rounds. */
  openCorrections: z.number().int(),
  /** Every respondent sent the latest round has answered. */
  allAnswered: z.boolean(),
  /** The researcher may now confirm: the case's cells then become "validated". */
  canConfirm: z.boolean(),
  /** Why not (empty when it can): what is missing, with a sentence for the command line. */
  blockers: z.array(
    z.object({
      kind: z.enum(['no-round', 'waiting', 'open-corrections', 'nothing-to-validate']),
      /** Who has not answered (pseudonyms), for 'waiting'. */
      who: z.array(z.string()),
      /** The round waited on, or the number of open corrections. */
      n: z.number().int(),
      text: z.string(),
    }),
  ),
  /** Synthesis cells of the case that are written and not yet validated. */
  cellsToValidate: z.number().int(),
});
export type ValidationStatus = z.infer<typeof ValidationStatus>;

const FileOut = z.object({
  fileName: z.string(),
  mime: z.string(),
  base64: z.string(),
  /** The leak check it passed (null: made for the team, not checked). */
  check: ExportCheck.nullable(),
});

export const reportContract = defineMethods({
  'report.build': {
    description:
      "The case report as it stands now (not saved): the study's structure filled with the case's syntheses.",
    input: z.object({ caseId: Id, lang: Lang.default('nl') }),
    output: ReportModel,
  },
  'report.versions': {
    description: 'The saved versions of a case report, oldest first.',
    input: z.object({ caseId: Id }),
    output: z.array(ReportVersion),
  },
  'report.save': {
    description:
      'Saves the report as it stands as a new version (or returns the latest when nothing changed).',
    input: z.object({ caseId: Id, lang: Lang.default('nl') }),
    output: ReportVersion,
  },
  'report.diff': {
    description:
      'What changed, per section (sentences added, removed, changed), from a saved version (or the version a round sent) to another version or to the report as it stands.',
    input: z.object({
      caseId: Id,
      /** A report version id or a validation round id. */
      from: Id,
      to: Id.optional(),
      lang: Lang.default('nl'),
    }),
    output: ReportDiff,
  },
  'report.export': {
    description:
      'The report as DOCX (Word styles, headings, quotations, numbered sources) or self-contained HTML; of a saved version, or as it stands; with diffFrom, what changed since then. For an audience other than the team the register is applied and the file leak-checked.',
    input: z.object({
      caseId: Id,
      format: z.enum(['docx', 'html']),
      lang: Lang.default('nl'),
      versionId: Id.optional(),
      /** A report version id or a round id: export the changes since it. */
      diffFrom: Id.optional(),
      /** Who it is for (default: the respondents; see confidentiality.ts). */
      audience: AudienceInput,
    }),
    output: FileOut,
  },
  'validation.createRound': {
    description:
      'Sends the report round: saves it as a version (if it changed) and records the round with the respondents it went to.',
    input: z.object({
      caseId: Id,
      respondentIds: z.array(Id).min(1),
      sentOn: IsoDate.optional(),
      note: z.string().max(2000).default(''),
      lang: Lang.default('nl'),
    }),
    output: Round,
  },
  'validation.status': {
    description:
      "A case's validation: rounds, answers, corrections, and whether it can be confirmed.",
    input: z.object({ caseId: Id }),
    output: ValidationStatus,
  },
  'validation.answer': {
    description: "Records a respondent's answer to a round.",
    input: z.object({
      roundId: Id,
      respondentId: Id,
      status: AnswerStatus,
      comment: z.string().max(20_000).default(''),
      answeredOn: IsoDate.optional(),
    }),
    output: Round,
  },
  'validation.correct': {
    description:
      'Records a correction a respondent asked for, anchored to a section of the report or a quoted passage.',
    input: z.object({
      roundId: Id,
      respondentId: Id,
      anchor: CorrectionAnchor,
      text: z.string().trim().min(1).max(20_000),
    }),
    output: Correction,
  },
  'validation.resolve': {
    description:
      "Accepts (optionally editing the section's synthesis, kept in its history) or rejects (with a reason) a correction.",
    input: z.object({
      correctionId: Id,
      decision: z.enum(['accept', 'reject']),
      reason: z.string().max(5000).default(''),
      synthesis: z
        .object({ body: z.string().max(2_000_000), bodyText: z.string().max(500_000) })
        .optional(),
    }),
    output: Correction,
  },
  'validation.confirm': {
    description:
      "Marks the case's written syntheses as validated: only once every respondent of the latest round answered and no correction is open.",
    input: z.object({ caseId: Id }),
    output: z.object({ validated: z.number().int() }),
  },
  'respondents.update': {
    description:
      "Changes a respondent's pseudonym, role, organisation or confidential real name (never shown in reports, exports or logs).",
    input: z.object({
      id: Id,
      pseudonym: z.string().trim().min(1).max(100).optional(),
      role: z.string().trim().min(1).max(100).optional(),
      organisation: z.string().max(300).optional(),
      /** null removes it. */
      realName: z.string().trim().max(300).nullable().optional(),
    }),
    output: RespondentSchema.extend({ hasRealName: z.boolean() }),
  },
});
