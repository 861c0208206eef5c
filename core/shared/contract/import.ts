import { z } from 'zod';
import { defineMethods } from './define.js';
import { filePath } from './files.js';
import { Id, IsoDate, SourceKind, SourceSummarySchema, ValidationStatus } from './schemas.js';

/** Why a file was refused (mirrors core/server/import/errors.ts). */
export const ImportReasonSchema = z.enum([
  'empty',
  'corrupt',
  'zip-bomb',
  'scanned-pdf',
  'encrypted-pdf',
  'binary',
  'too-large',
  'too-deep',
  'unsupported',
  'timeout',
]);
export type ImportReasonCode = z.infer<typeof ImportReasonSchema>;

/** An existing respondent, or one to create (or reuse, when the pseudonym already exists). */
export const RespondentChoiceSchema = z.union([
  z.object({ id: Id }),
  z.object({
    pseudonym: z.string().trim().min(1).max(100),
    /** Needed only when no respondent has this pseudonym yet. */
    role: z.string().trim().min(1).max(100).optional(),
    organisation: z.string().trim().max(200).default(''),
  }),
]);
export type RespondentChoice = z.infer<typeof RespondentChoiceSchema>;

/**
 * A file the browser sent ahead of the call (POST /upload, browser mode): the id the server
 * answered with. The page never names a path on this computer.
 */
export const UploadId = z.string().regex(/^[A-Za-z0-9_-]{22}$/, 'an upload id');

/**
 * The file itself: its bytes (base64, small files from the page), an upload (large files in
 * browser mode) or a path the server can read (CLI; the desktop app's granted files).
 */
export const FileInput = z
  .object({
    fileName: z.string().trim().min(1).max(500),
    dataBase64: z.string().optional(),
    upload: UploadId.optional(),
    path: filePath('read').optional(),
  })
  .refine((f) => [f.dataBase64, f.upload, f.path].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of dataBase64, upload and path',
  });

export const MetadataFields = {
  caseId: Id.nullable(),
  /** Default: 'interview' when documentType is interview-report, else 'document'. */
  kind: SourceKind.optional(),
  documentType: z.string().trim().min(1).max(80).default('other'),
  date: IsoDate.nullable().default(null),
  respondent: RespondentChoiceSchema.nullable().default(null),
  /** For interview reports; default 'draft'. Ignored for documents. */
  validation: ValidationStatus.nullable().optional(),
  /** Default: the document's own title, else the file name without its extension. */
  title: z.string().trim().min(1).max(500).optional(),
};

export const ImportFileResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('imported'),
    fileName: z.string(),
    source: SourceSummarySchema,
    blocks: z.number().int(),
    warnings: z.array(z.string()),
  }),
  z.object({
    status: z.literal('duplicate'),
    fileName: z.string(),
    existing: z.object({ id: Id, title: z.string() }),
    message: z.string(),
  }),
  z.object({
    status: z.literal('failed'),
    fileName: z.string(),
    reason: ImportReasonSchema,
    message: z.string(),
  }),
]);
export type ImportFileResult = z.infer<typeof ImportFileResultSchema>;

export const UnanchoredSegmentSchema = z.object({
  segmentId: Id,
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  /** The Dutch labels of its codes. */
  codes: z.array(z.string()),
  /** The ids of the same codes, in the same order (for labels in the user's language). */
  codeIds: z.array(Id),
});

export const NewVersionResultSchema = z.object({
  status: z.enum(['imported', 'unchanged', 'refused', 'preview']),
  fileName: z.string(),
  message: z.string(),
  previousId: Id,
  /** The new version (status 'imported'). */
  source: SourceSummarySchema.nullable(),
  segments: z.object({ total: z.number().int(), reanchored: z.number().int() }),
  /** Segments whose quoted text is not in the new version; they stay on the previous version. */
  unanchored: z.array(UnanchoredSegmentSchema),
});
export type NewVersionResult = z.infer<typeof NewVersionResultSchema>;

/** Import: files with metadata, metadata edits, new versions of a source. */
export const importContract = defineMethods({
  'import.info': {
    description: 'Accepted file extensions and the size limit, for file pickers.',
    input: z.object({}),
    output: z.object({ extensions: z.array(z.string()), maxFileBytes: z.number().int() }),
  },
  'import.file': {
    description:
      'Import one file as a source (parsed off the request thread). Never throws for a bad file: ' +
      'the result says imported, duplicate (same sha256) or failed with the reason.',
    input: z.object({ file: FileInput, ...MetadataFields }),
    output: ImportFileResultSchema,
  },
  'import.updateSource': {
    description: 'Edit the metadata of a source (its text never changes).',
    input: z.object({
      id: Id,
      title: z.string().trim().min(1).max(500).optional(),
      caseId: Id.nullable().optional(),
      kind: SourceKind.optional(),
      documentType: z.string().trim().min(1).max(80).optional(),
      date: IsoDate.nullable().optional(),
      respondent: RespondentChoiceSchema.nullable().optional(),
      validation: ValidationStatus.nullable().optional(),
    }),
    output: SourceSummarySchema,
  },
  'import.newVersion': {
    description:
      'Import a changed version of a source. Its segments are re-anchored by their quoted text; ' +
      'with dryRun nothing is written; unless allowUnanchored, a version that would leave ' +
      'segments behind is refused. Segments left behind stay on the previous version.',
    input: z.object({
      sourceId: Id,
      file: FileInput,
      dryRun: z.boolean().default(false),
      allowUnanchored: z.boolean().default(false),
    }),
    output: NewVersionResultSchema,
  },
});
