import { z } from 'zod';

/** Entity shapes shared by several contract slices. */
export const Id = z.string().min(1).max(200);
export const Bilingual = z.object({ nl: z.string(), en: z.string() });
export const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #4477AA');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2020-06-12');

export const DimensionSchema = z.enum(['principle', 'category', 'phase', 'facet', 'free']);
export const SourceKind = z.enum(['interview', 'document']);
export const ValidationStatus = z.enum(['draft', 'sent', 'approved', 'corrections']);

export const BlockSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('heading'),
    start: z.number().int(),
    end: z.number().int(),
    level: z.number().int(),
  }),
  z.object({ type: z.literal('paragraph'), start: z.number().int(), end: z.number().int() }),
  z.object({
    type: z.literal('list_item'),
    start: z.number().int(),
    end: z.number().int(),
    level: z.number().int(),
    ordered: z.boolean(),
  }),
  z.object({
    type: z.literal('table_cell'),
    start: z.number().int(),
    end: z.number().int(),
    table: z.number().int(),
    row: z.number().int(),
    col: z.number().int(),
    header: z.boolean(),
  }),
  z.object({
    type: z.literal('page_break'),
    start: z.number().int(),
    end: z.number().int(),
    page: z.number().int(),
  }),
]);

export const InlineMarkSchema = z.object({
  kind: z.enum(['bold', 'italic']),
  start: z.number().int(),
  end: z.number().int(),
});

export const CoderSchema = z.object({
  id: Id,
  name: z.string(),
  initials: z.string(),
  color: Color,
});
export type Coder = z.infer<typeof CoderSchema>;

export const VocabularyItemSchema = z.object({ key: z.string(), label: Bilingual });

export const CaseSchema = z.object({
  id: Id,
  key: z.string(),
  label: Bilingual,
  description: z.string(),
  attributes: z.array(z.object({ key: z.string(), label: Bilingual, value: z.string() })),
  sourceCount: z.number().int(),
});
export type CaseInfo = z.infer<typeof CaseSchema>;

export const RespondentSchema = z.object({
  id: Id,
  pseudonym: z.string(),
  role: z.string(),
  organisation: z.string(),
  caseId: Id.nullable(),
});
export type Respondent = z.infer<typeof RespondentSchema>;

export const SourceSummarySchema = z.object({
  id: Id,
  caseId: Id.nullable(),
  title: z.string(),
  kind: SourceKind,
  documentType: z.string(),
  date: z.string().nullable(),
  respondentId: Id.nullable(),
  respondentPseudonym: z.string().nullable(),
  respondentRole: z.string().nullable(),
  validation: ValidationStatus.nullable(),
  originalName: z.string(),
  characters: z.number().int(),
  segmentCount: z.number().int(),
  createdAt: z.string(),
  /** The version this source replaced (import.newVersion), or null. */
  previousVersionId: Id.nullable(),
  /** The newer version that replaced this source, or null when this is the current version. */
  replacedById: Id.nullable(),
});
export type SourceSummary = z.infer<typeof SourceSummarySchema>;

export const SourceSchema = SourceSummarySchema.extend({
  sha256: z.string(),
  text: z.string(),
  blocks: z.array(BlockSchema),
  marks: z.array(InlineMarkSchema),
});
export type Source = z.infer<typeof SourceSchema>;

export const CodeSchema = z.object({
  id: Id,
  parentId: Id.nullable(),
  key: z.string().nullable(),
  dimension: DimensionSchema,
  label: Bilingual,
  description: Bilingual,
  color: Color,
  sort: z.number().int(),
  segmentCount: z.number().int(),
  sourceCount: z.number().int(),
});
export type Code = z.infer<typeof CodeSchema>;

export const ProjectInfoSchema = z.object({
  path: z.string(),
  uuid: z.string(),
  name: z.string(),
  description: z.string(),
  template: z.string(),
  createdAt: z.string(),
  /** The built-in demo study (the first-start guide says what it is). */
  demo: z.boolean(),
  expectedDimensions: z.array(DimensionSchema),
  counts: z.object({
    cases: z.number().int(),
    sources: z.number().int(),
    codes: z.number().int(),
    segments: z.number().int(),
    codings: z.number().int(),
    memos: z.number().int(),
    respondents: z.number().int(),
    coders: z.number().int(),
  }),
  cases: z.array(
    z.object({ id: Id, key: z.string(), label: Bilingual, sourceCount: z.number().int() }),
  ),
});
export type ProjectInfo = z.infer<typeof ProjectInfoSchema>;

export const SessionSchema = z.object({
  projectPath: z.string().nullable(),
  projectName: z.string().nullable(),
  coder: CoderSchema.nullable(),
  /** The project file lies in a cloud-synced folder or on a network share (see storage-risk). */
  storageRisk: z
    .object({ kind: z.enum(['cloud', 'network']), name: z.string() })
    .nullable()
    .default(null),
  /** Time travel: the project is shown as it was then (read-only), or null for the present. */
  asOf: z.object({ at: z.string(), seq: z.number().int() }).nullable().default(null),
  /** Another Casus process (the workbench) has this project open too. */
  openElsewhere: z
    .object({
      app: z.enum(['workbench', 'desktop']),
      since: z.string(),
      host: z.string(),
      /** "open in Casus on this machine since 10:42 (process 1234)" */
      text: z.string(),
    })
    .nullable()
    .default(null),
});
export type SessionInfo = z.infer<typeof SessionSchema>;
