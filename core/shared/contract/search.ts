import { z } from 'zod';
import { AudienceInput, ExportCheck } from './confidentiality.js';
import { defineMethods } from './define.js';
import { Bilingual, Color, DimensionSchema, Id, IsoDate, SourceKind } from './schemas.js';

const Range = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });
const IdList = z.array(Id).max(5000);

/** A snippet as text plus ranges to emphasise: the renderer builds elements, never HTML. */
export const SnippetSchema = z.object({
  text: z.string(),
  highlights: z.array(Range),
  /** The snippet starts or ends inside the block. */
  cutStart: z.boolean(),
  cutEnd: z.boolean(),
});
export type Snippet = z.infer<typeof SnippetSchema>;

export const SearchFiltersSchema = z.object({
  caseIds: IdList.optional(),
  /** Document types (vocabulary keys), e.g. interview-report, minutes. */
  documentTypes: z.array(z.string().max(80)).max(100).optional(),
  kinds: z.array(SourceKind).max(2).optional(),
  /** Respondent roles (vocabulary keys). */
  roles: z.array(z.string().max(80)).max(100).optional(),
  dateFrom: IsoDate.optional(),
  dateTo: IsoDate.optional(),
});
export type SearchFilters = z.infer<typeof SearchFiltersSchema>;

export const SearchHitSchema = z.object({
  /** The block (paragraph, heading, list item or cell) the hit is in. */
  blockId: z.number().int(),
  blockSeq: z.number().int(),
  sourceId: Id,
  sourceTitle: z.string(),
  caseId: Id.nullable(),
  date: z.string().nullable(),
  documentType: z.string(),
  respondentPseudonym: z.string().nullable(),
  /** Source offsets of the block, and of the hit (first to last matched word in the block). */
  block: Range,
  hit: Range,
  /** Every matched range in source offsets. */
  matches: z.array(Range),
  snippet: SnippetSchema,
  /**
   * bm25 (lower is better) when the hits are ranked; null in source order, where no score is
   * computed (it would cost a full extra pass over the matches and nothing shows it).
   */
  score: z.number().nullable(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export const AutocodeUnit = z.enum(['hit', 'sentence', 'paragraph']);

/**
 * How hits are chosen: best first (relevance), or as the sources run. `auto` ranks by relevance
 * unless the query matches more than RANK_AT_MOST blocks: ranking every match of a common word in
 * a programme of 10,000 sources takes seconds, and that many hits are read source by source.
 */
export const SearchOrder = z.enum(['auto', 'relevance', 'sources']);
export type SearchOrder = z.infer<typeof SearchOrder>;
export const RANK_AT_MOST = 10_000;

/**
 * An id in a retrieval's answer. The answer holds about ten per segment, and a length check per
 * id was half of what checking 1,000 segments cost (bench: 3.4 ms against 1.9 without): the
 * same check (Id's 1 to 200 characters) runs over all of them at once (SegmentsResultSchema).
 */
const AnswerId = z.string();
const ID_LENGTH = { min: 1, max: 200 };

export const SegmentCodeSchema = z.object({
  id: AnswerId,
  key: z.string().nullable(),
  label: Bilingual,
  color: Color,
  dimension: DimensionSchema,
  coderId: AnswerId.nullable(),
});

export const RetrievedSegmentSchema = z.object({
  id: AnswerId,
  sourceId: AnswerId,
  sourceTitle: z.string(),
  kind: SourceKind,
  documentType: z.string(),
  date: z.string().nullable(),
  caseId: AnswerId.nullable(),
  caseLabel: Bilingual.nullable(),
  respondentPseudonym: z.string().nullable(),
  respondentRole: z.string().nullable(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  before: z.string(),
  after: z.string(),
  codes: z.array(SegmentCodeSchema),
  createdBy: AnswerId.nullable(),
  createdAt: z.string(),
});
export type RetrievedSegment = z.infer<typeof RetrievedSegmentSchema>;

export const SegmentQuerySchema = z.object({
  /** Explicit segments (e.g. a matrix cell); other filters still narrow them. */
  segmentIds: IdList.optional(),
  /** Code logic; a code stands for itself and, with `subcodes` (the default), its descendants. */
  allCodes: IdList.optional(),
  anyCodes: IdList.optional(),
  noneCodes: IdList.optional(),
  /** Whether a code in the code logic also matches codings with its sub-codes (default yes). */
  subcodes: z.boolean().optional(),
  /** Per dimension: the segment has any of these codes (ANDed across dimensions). */
  principles: IdList.optional(),
  categories: IdList.optional(),
  phases: IdList.optional(),
  facets: IdList.optional(),
  caseIds: IdList.optional(),
  sourceIds: IdList.optional(),
  documentTypes: z.array(z.string().max(80)).max(100).optional(),
  kinds: z.array(SourceKind).max(2).optional(),
  roles: z.array(z.string().max(80)).max(100).optional(),
  /**
   * Who speaks in a transcript: segments in turns of these speaker roles ("the respondent's
   * words only"). Segments of sources without turns are left out when this is given.
   */
  speakerRoles: z
    .array(z.enum(['interviewer', 'respondent', 'other']))
    .max(3)
    .optional(),
  coderIds: IdList.optional(),
  /** A colleague's review state of the segment ("show questioned codings"). */
  reviewStates: z
    .array(z.enum(['ok', 'questioned', 'settled']))
    .max(3)
    .optional(),
  sort: z.enum(['case', 'source', 'date']).default('case'),
  groupBy: z.enum(['none', 'case', 'code']).default('none'),
  limit: z.number().int().min(1).max(10000).default(1000),
  /** Characters of context before and after each segment. */
  context: z.number().int().min(0).max(1000).default(80),
});
export type SegmentQuery = z.input<typeof SegmentQuerySchema>;

export const SegmentGroupSchema = z.object({
  key: z.string(),
  label: Bilingual,
  color: Color.nullable(),
  count: z.number().int(),
  segmentIds: z.array(AnswerId),
});

/** Whether an AnswerId is out of Id's range (null: an id left out, which is allowed). */
const badId = (id: string | null): id is string =>
  id !== null && (id.length < ID_LENGTH.min || id.length > ID_LENGTH.max);

/** The AnswerId fields of a segment. */
const SEGMENT_IDS = ['id', 'sourceId', 'caseId', 'createdBy'] as const;

/** Retrieved segments: the first `limit` in order, with the total and counts per group and case. */
export const SegmentsResultSchema = z
  .object({
    total: z.number().int(),
    truncated: z.boolean(),
    segments: z.array(RetrievedSegmentSchema),
    groups: z.array(SegmentGroupSchema),
    perCase: z.array(z.object({ caseId: Id.nullable(), count: z.number().int() })),
  })
  .check((ctx) => {
    // A path is made only for an id that fails: one per id cost what the checks saved.
    const issue = (input: string, path: (string | number)[]) =>
      ctx.issues.push({
        code: 'custom',
        message: `an id of ${ID_LENGTH.min} to ${ID_LENGTH.max} characters`,
        input,
        path,
      });
    ctx.value.segments.forEach((s, i) => {
      for (const k of SEGMENT_IDS) {
        const id = s[k];
        if (badId(id)) issue(id, ['segments', i, k]);
      }
      s.codes.forEach((c, j) => {
        if (badId(c.id)) issue(c.id, ['segments', i, 'codes', j, 'id']);
        if (badId(c.coderId)) issue(c.coderId, ['segments', i, 'codes', j, 'coderId']);
      });
    });
    ctx.value.groups.forEach((g, i) =>
      g.segmentIds.forEach((id, j) => {
        if (badId(id)) issue(id, ['groups', i, 'segmentIds', j]);
      }),
    );
  });
export type SegmentsResult = z.infer<typeof SegmentsResultSchema>;

export const PaletteItemSchema = z.object({
  type: z.enum(['source', 'code', 'case', 'respondent', 'memo']),
  id: Id,
  title: z.string(),
  /** Other names to match: English label, key, role, case. */
  alt: z.string(),
  /** What a list shows: the name and a detail (case and respondent, role), per language. */
  label: Bilingual,
  detail: Bilingual,
  /** Where to go: a source to open, or null for items shown in other views. */
  sourceId: Id.nullable(),
});
export type PaletteItem = z.infer<typeof PaletteItemSchema>;

export const searchContract = defineMethods({
  'search.query': {
    description:
      'Full-text search: ranked hits with snippets, counts per case; researcher query syntax.',
    input: z.object({
      query: z.string().max(2000),
      insideWords: z.boolean().default(false),
      filters: SearchFiltersSchema.default({}),
      limit: z.number().int().min(1).max(1000).default(50),
      snippetLength: z.number().int().min(40).max(2000).default(240),
      order: SearchOrder.default('auto'),
    }),
    output: z.object({
      /** The FTS5 expression that was run (for the curious and for tests). */
      match: z.string(),
      total: z.number().int(),
      /** The order the hits are in: `sources` when asked, or when `auto` met more than RANK_AT_MOST. */
      order: z.enum(['relevance', 'sources']),
      hits: z.array(SearchHitSchema),
      perCase: z.array(z.object({ caseId: Id.nullable(), count: z.number().int() })),
    }),
  },
  'search.autocode': {
    description:
      'Codes selected search hits (the hit, its sentence or its paragraph) as one undoable action.',
    input: z.object({
      hits: z
        .array(z.object({ sourceId: Id, start: z.number().int(), end: z.number().int() }))
        .min(1, 'select at least one hit')
        .max(5000),
      unit: AutocodeUnit.default('hit'),
      codeIds: z.array(Id).min(1, 'choose at least one code').max(50),
    }),
    output: z.object({
      segmentIds: z.array(Id),
      codingsAdded: z.number().int(),
    }),
  },
  'search.palette': {
    description: 'Titles and labels for quick open: sources, codes, cases, respondents, memos.',
    input: z.object({}),
    output: z.array(PaletteItemSchema),
  },
  'segments.query': {
    description:
      'Coded-segment retrieval by codes (AND/OR/NOT), dimensions, cases, sources, roles, coders.',
    input: SegmentQuerySchema,
    output: SegmentsResultSchema,
  },
  'segments.export': {
    description:
      'The retrieved segments as CSV or XLSX (base64), one row per segment. For an audience other than the team the register is applied and the file leak-checked.',
    input: SegmentQuerySchema.extend({
      format: z.enum(['csv', 'xlsx']),
      lang: z.enum(['nl', 'en']).default('nl'),
      /** Who it is for (default: the respondents; see confidentiality.ts). */
      audience: AudienceInput,
    }),
    output: z.object({
      fileName: z.string(),
      mimeType: z.string(),
      base64: z.string(),
      /** The leak check it passed (null: made for the team, not checked). */
      check: ExportCheck.nullable(),
    }),
  },
  'segments.uncode': {
    description: 'Removes one code from a segment; the segment goes when its last code goes.',
    input: z.object({ segmentId: Id, codeId: Id }),
    output: z.object({ segmentDeleted: z.boolean() }),
  },
  'segments.recode': {
    description: 'Replaces one code of a segment by another, as one action.',
    input: z.object({ segmentId: Id, fromCodeId: Id, toCodeId: Id }),
    output: z.object({ segmentId: Id }),
  },
});
