import { z } from 'zod';
import { Coordinate } from '../../shared/contract/synthesis.js';

/**
 * `casus.json` inside a .qdpx written by Casus: what REFI-QDA has no place for (second-language
 * labels, code keys and dimensions, case keys, source metadata, respondents without real names,
 * memo editor state, block structure, saved matrices and framework-matrix syntheses). Other
 * programs ignore the file; Casus uses it to make Casus → .qdpx → Casus lossless. It is untrusted
 * input on import, hence the schema and limits.
 */
export const CASUS_EXTENSION_FILE = 'casus.json';

const Str = z.string().max(100_000);
const Id = z.string().min(1).max(200);
const Int = z.number().int();

const BlockExt = z
  .object({ type: z.enum(['heading', 'paragraph', 'list_item', 'table_cell', 'page_break']) })
  .catchall(z.union([z.number(), z.boolean(), z.string().max(50)]));

export const CasusExtensionSchema = z.object({
  format: z.literal('casus-refi-extension'),
  version: z.literal(1),
  project: z.object({
    uuid: Id,
    template: Str,
    settings: z.string().max(1_000_000),
    createdAt: Str,
  }),
  vocabulary: z
    .array(
      z.object({
        kind: z.enum(['role', 'document-type']),
        key: Str,
        labelNl: Str,
        labelEn: Str,
        sort: Int,
      }),
    )
    .max(10_000),
  coders: z.record(Id, z.object({ initials: Str, color: Str, createdAt: Str })),
  codes: z.record(
    Id,
    z.object({
      key: Str.nullable(),
      dimension: z.enum(['principle', 'category', 'phase', 'facet', 'free']),
      labelNl: Str,
      labelEn: Str,
      descriptionNl: Str,
      descriptionEn: Str,
      sort: Int,
      createdAt: Str,
    }),
  ),
  attributes: z
    .array(
      z.object({
        id: Id,
        scope: z.enum(['case', 'source']),
        key: Str,
        labelNl: Str,
        labelEn: Str,
        type: z.enum(['text', 'number', 'date', 'boolean', 'choice']),
        choices: z.string().max(100_000).nullable(),
        sort: Int,
      }),
    )
    .max(10_000),
  cases: z.record(
    Id,
    z.object({ key: Str, labelNl: Str, labelEn: Str, sort: Int, createdAt: Str }),
  ),
  respondents: z
    .array(
      z.object({
        id: Id,
        pseudonym: Str,
        role: Str,
        organisation: Str,
        caseId: Id.nullable(),
        createdAt: Str,
      }),
    )
    .max(100_000),
  sources: z.record(
    Id,
    z.object({
      caseId: Id.nullable(),
      kind: z.enum(['interview', 'document']),
      documentType: Str,
      date: Str.nullable(),
      respondentId: Id.nullable(),
      validation: z.enum(['draft', 'sent', 'approved', 'corrections']).nullable(),
      originalName: Str,
      sha256: Str,
      previousVersionId: Id.nullable().optional(),
      sort: Int,
      marks: z.array(z.object({ kind: z.enum(['bold', 'italic']), start: Int, end: Int })),
      blocks: z.array(BlockExt),
      /** A transcript's speaker turns (see db/repo/transcripts.ts). */
      turns: z
        .array(
          z.object({
            block: Int,
            startMs: Int,
            endMs: Int,
            role: z.enum(['interviewer', 'respondent', 'other']),
            ref: Id.nullable(),
            label: z.string().min(1).max(40),
            wordsStart: Int,
            wordsEnd: Int,
          }),
        )
        .max(100_000)
        .optional(),
    }),
  ),
  memos: z.record(
    Id,
    z.object({
      targetType: z.enum(['project', 'case', 'source', 'code', 'segment', 'cell']),
      targetId: Str,
      title: Str,
      body: z.string().max(10_000_000),
      updatedAt: Str,
    }),
  ),
  /** Saved matrix definitions (their specs name codes, cases and coders by id). */
  matrixDefinitions: z
    .array(
      z.object({
        id: Id,
        nameNl: Str,
        nameEn: Str,
        spec: z.string().max(1_000_000),
        builtin: z.boolean(),
        sort: Int,
        createdAt: Str,
      }),
    )
    .max(10_000)
    .optional(),
  /** Framework-matrix cells: the written syntheses, their status and numbered references. */
  synthesisCells: z
    .array(
      z.object({
        id: Id,
        /** The cell's coordinate (Casus 0.2 on); files of earlier versions name row and column. */
        coordinate: Coordinate.optional(),
        rowKey: Str.optional(),
        colKey: Str.optional(),
        body: z.string().max(10_000_000),
        bodyText: z.string().max(1_000_000),
        status: z.enum(['empty', 'draft', 'agreed', 'validated', 'reviewed']),
        statusBy: Id.nullable(),
        statusAt: Str.nullable(),
        refs: z.string().max(10_000_000),
        updatedBy: Id.nullable(),
        updatedAt: Str,
        createdAt: Str,
      }),
    )
    .max(200_000)
    .optional(),
  /** GUIDs of the REFI Variables Casus generated from source metadata (not real attributes). */
  generatedVariables: z.array(Id),
  /**
   * Selections written for the second and further codes of one passage (export option
   * selectionPerCode), with the GUID of the passage's own selection: read back as one segment.
   */
  splitSelections: z.record(Id, Id).optional(),
  /** GUIDs of the code Sets Casus generated from code dimensions (code groups elsewhere). */
  generatedSets: z.array(Id).optional(),
});

export type CasusExtension = z.infer<typeof CasusExtensionSchema>;
