import { z } from 'zod';
import { defineMethods } from './define.js';
import { Bilingual, CoderSchema, DimensionSchema, Id } from './schemas.js';

/**
 * Intercoder agreement and reconciliation (issue 16). Measures are computed as their literature
 * defines them (core/shared/agreement); a figure that is undefined is null with the reason.
 */

export const AgreementUnitSchema = z.enum(['char', 'segment', 'block']);
export type AgreementUnitName = z.infer<typeof AgreementUnitSchema>;

export const ReasonCodeSchema = z.enum([
  'no-units',
  'never',
  'always',
  'not-two-coders',
  'no-variation',
  'no-codes',
]);

const PairTableSchema = z.object({
  both: z.number(),
  onlyA: z.number(),
  onlyB: z.number(),
  neither: z.number(),
});

export const FiguresSchema = z.object({
  /** Percent agreement, 0–100. */
  percent: z.number().nullable(),
  kappa: z.number().nullable(),
  /** Why κ is undefined, in words (English), and as a code the UI words in either language. */
  reason: z.string().nullable(),
  reasonCode: ReasonCodeSchema.nullable(),
  alpha: z.number().nullable(),
  alphaReason: z.string().nullable(),
  alphaReasonCode: ReasonCodeSchema.nullable(),
  /** Units with values from at least two coders (characters, segments or blocks). */
  units: z.number(),
  /** Two coders: units both coded, only A, only B, neither. */
  table: PairTableSchema.nullable(),
});
export type AgreementFigures = z.infer<typeof FiguresSchema>;

/** One code's figures in one source or case (for the heatmap): compact. */
const CellSchema = z.object({
  codeId: Id,
  percent: z.number().nullable(),
  kappa: z.number().nullable(),
  reasonCode: ReasonCodeSchema.nullable(),
  alpha: z.number().nullable(),
  units: z.number(),
});
export type AgreementCell = z.infer<typeof CellSchema>;

const CodeFiguresSchema = FiguresSchema.extend({
  codeId: Id,
  /** The code's key, or its id when it has none. */
  code: z.string(),
  label: Bilingual,
  color: z.string(),
});

/** Who, what, where: the selection every agreement method takes. */
export const AgreementSelectionSchema = z.object({
  coderIds: z.array(Id).min(2, 'at least two coders').max(20),
  /** The codes (each counts where it or one of its sub-codes was applied). */
  codeIds: z.array(Id).min(1).optional(),
  /** Or every code of a dimension that has no sub-codes (default: every such code). */
  dimension: DimensionSchema.optional(),
  /** Default: the sources every chosen coder has coded. */
  sourceIds: z.array(Id).min(1).optional(),
  /** Only the sources of these cases. */
  caseIds: z.array(Id).min(1).optional(),
});
export type AgreementSelection = z.input<typeof AgreementSelectionSchema>;

const ComputeInput = AgreementSelectionSchema.extend({
  unit: AgreementUnitSchema.default('char'),
  /** Segment level: the overlap share (intersection over union) for two segments to match. */
  overlap: z.number().gt(0).max(1).default(0.9),
});
export type AgreementInput = z.input<typeof ComputeInput>;

const FiguresSetSchema = z.object({
  codes: z.array(CodeFiguresSchema),
  pooled: FiguresSchema,
});

export const AgreementResultSchema = z.object({
  unit: AgreementUnitSchema,
  overlap: z.number(),
  coders: z.array(CoderSchema),
  codes: z.array(CodeFiguresSchema),
  pooled: FiguresSchema,
  sources: z.array(
    z.object({
      id: Id,
      title: z.string(),
      caseId: Id.nullable(),
      characters: z.number().int(),
      /** The chosen coders who coded in this source. */
      coderIds: z.array(Id),
      pooled: FiguresSchema,
      codes: z.array(CellSchema),
    }),
  ),
  cases: z.array(
    z.object({
      id: Id.nullable(),
      label: Bilingual,
      sources: z.number().int(),
      pooled: FiguresSchema,
      codes: z.array(CellSchema),
    }),
  ),
  /** Reconciliation decisions recorded between the chosen coders. */
  reconciliations: z.number().int(),
  /** The figures before any reconciliation (null when nothing was reconciled). */
  before: FiguresSetSchema.nullable(),
  /** A methods paragraph: coders, sample, unit, measures, values. */
  methods: Bilingual,
});
export type AgreementResult = z.infer<typeof AgreementResultSchema>;

const Range = z.object({ start: z.number().int(), end: z.number().int() });

export const DisagreementSchema = z.object({
  /** Stable for the same passage, code and coder pair. */
  id: z.string(),
  sourceId: Id,
  sourceTitle: z.string(),
  caseId: Id.nullable(),
  codeId: Id,
  /** The passage: every range either coder gave the code that overlaps another. */
  start: z.number().int(),
  end: z.number().int(),
  /** Only A applied the code here, only B, or both but over different characters. */
  kind: z.enum(['only-a', 'only-b', 'boundaries']),
  /** Characters both covered, over characters either covered (0–1). */
  overlap: z.number(),
  context: z.object({ before: z.string(), text: z.string(), after: z.string() }),
  a: z.array(Range),
  b: z.array(Range),
  /** The chosen codes each coder applied anywhere in the passage. */
  codesA: z.array(Id),
  codesB: z.array(Id),
  /** Comments left on this passage and code. */
  comments: z.array(z.object({ by: z.string().nullable(), at: z.string(), text: z.string() })),
});
export type Disagreement = z.infer<typeof DisagreementSchema>;

export const DecisionSchema = z.enum([
  'accept-a',
  'accept-b',
  'keep-both',
  'remove-both',
  'comment',
]);
export type Decision = z.infer<typeof DecisionSchema>;

const ReconciliationSchema = z.object({
  id: Id,
  sourceId: Id,
  sourceTitle: z.string(),
  codeId: Id,
  coderA: Id,
  coderB: Id,
  start: z.number().int(),
  end: z.number().int(),
  decision: DecisionSchema,
  comment: z.string(),
  removed: z.number().int(),
  added: z.number().int(),
  reconciledBy: z.string().nullable(),
  at: z.string(),
});

const PairSelection = AgreementSelectionSchema.omit({ coderIds: true }).extend({
  coderA: Id,
  coderB: Id,
});

export const agreementContract = defineMethods({
  'agreement.compute': {
    description:
      "Intercoder agreement: percent agreement, Cohen's κ (two coders) and Krippendorff's α per code, pooled, per source and per case, at character, segment or block level.",
    input: ComputeInput,
    output: AgreementResultSchema,
  },
  'agreement.disagreements': {
    description:
      'Every passage where two coders applied a code differently, with its context, and the decisions taken so far.',
    input: PairSelection.extend({ codeId: Id.optional() }),
    output: z.object({
      rows: z.array(DisagreementSchema),
      decisions: z.array(ReconciliationSchema),
    }),
  },
  'agreement.reconcile': {
    description:
      'Settle one disagreement: accept A, accept B, keep both, remove both, or only comment. One undoable action, recorded with who reconciled it.',
    input: z.object({
      coderA: Id,
      coderB: Id,
      sourceId: Id,
      codeId: Id,
      start: z.number().int().min(0),
      end: z.number().int().min(1),
      decision: DecisionSchema,
      comment: z.string().trim().max(10_000).default(''),
    }),
    output: ReconciliationSchema,
  },
  'agreement.export': {
    description:
      'The agreement table as CSV or XLSX (per code, per source, per case), or the methods paragraph as text.',
    input: ComputeInput.extend({
      format: z.enum(['csv', 'xlsx', 'methods']),
      lang: z.enum(['nl', 'en']).default('nl'),
    }),
    output: z.object({ fileName: z.string(), mime: z.string(), base64: z.string() }),
  },
});
