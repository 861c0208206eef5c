import { z } from 'zod';
import { defineMethods } from './define.js';
import { filePath } from './files.js';
import { UploadId } from './import.js';
import { Bilingual, DimensionSchema, Id } from './schemas.js';

/**
 * Merging a coder's copy of the project back in (issue 16): a preview first, then one
 * transaction, recorded as one change-log group that can be undone.
 */

/**
 * The other copy: a path on this computer (CLI, desktop), its bytes (small copies) or an upload
 * (browser mode: a copy of a large study is hundreds of MB).
 */
const OtherFile = z
  .object({
    filePath: filePath('read').optional(),
    data: z
      .string()
      .max(110 * 1024 * 1024)
      .optional(),
    upload: UploadId.optional(),
    fileName: z.string().min(1).max(255).optional(),
  })
  .refine((v) => [v.filePath, v.data, v.upload].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of filePath, data (base64) and upload',
  })
  .refine((v) => v.filePath !== undefined || v.fileName !== undefined, {
    message: 'fileName is required with data or upload',
  });

export const ConflictKindSchema = z.enum([
  'code',
  'synthesis',
  'memo',
  'segment',
  'source-deleted-here',
  'source-deleted-there',
]);

export const MergeConflictSchema = z.object({
  /** Stable between the preview and the merge: resolutions name it. */
  id: z.string(),
  kind: ConflictKindSchema,
  /** What it is about, e.g. the code's label or the synthesis's cell. */
  what: z.string(),
  ours: z.string(),
  theirs: z.string(),
  /** The choices, the first keeping this copy as it is. */
  choices: z.array(z.string()),
});
export type MergeConflict = z.infer<typeof MergeConflictSchema>;

const Added = z.object({ added: z.number().int(), matched: z.number().int() });

export const MergeCountsSchema = z.object({
  coders: Added,
  cases: Added,
  respondents: Added,
  sources: z.object({
    added: z.number().int(),
    matchedById: z.number().int(),
    matchedByText: z.number().int(),
    /** Deleted here before: not brought back. */
    keptDeleted: z.number().int(),
    /** Deleted in the other copy and, by choice, here too. */
    deleted: z.number().int(),
  }),
  codes: Added.extend({ updated: z.number().int() }),
  segments: z.object({ added: z.number().int(), updated: z.number().int() }),
  /**
   * Codings: `matched` are already here (for a copy of this project: also those it has not
   * changed since the copy was made, whatever became of them here); `keptDeleted` were deleted
   * here after the copy changed them, or their code was, and stay deleted.
   */
  codings: Added.extend({ keptDeleted: z.number().int() }),
  memos: z.object({ added: z.number().int(), updated: z.number().int() }),
  syntheses: z.object({ added: z.number().int(), updated: z.number().int() }),
});
export type MergeCounts = z.infer<typeof MergeCountsSchema>;

export const MergePreviewSchema = z.object({
  fileName: z.string(),
  other: z.object({ uuid: z.string(), name: z.string() }),
  /** Both copies come from one project (same project UUID). */
  sameProject: z.boolean(),
  /** Why a merge needs confirming, in words; null when it does not. */
  confirm: z.string().nullable(),
  counts: MergeCountsSchema,
  newSources: z.array(z.object({ id: Id, title: z.string(), matched: z.literal(false) })),
  newCodes: z.array(z.object({ id: Id, label: Bilingual, dimension: DimensionSchema })),
  codingsByCoder: z.array(
    z.object({ coderId: Id.nullable(), name: z.string(), added: z.number().int() }),
  ),
  conflicts: z.array(MergeConflictSchema),
  /** Nothing to add or change: merging would change nothing. */
  nothingToDo: z.boolean(),
});
export type MergePreview = z.infer<typeof MergePreviewSchema>;

export const mergeContract = defineMethods({
  'merge.preview': {
    description:
      'What merging another copy of the project would add, match and update, and the conflicts that need a choice. Writes nothing.',
    input: OtherFile,
    output: MergePreviewSchema,
  },
  'merge.apply': {
    description:
      'Merge another copy of the project in one transaction (one change-log group, undoable with merge.undo). Every conflict needs a resolution (or prefer); a copy of another project needs confirmOtherProject.',
    input: OtherFile.and(
      z.object({
        confirmOtherProject: z.boolean().default(false),
        /** conflict id → one of its choices */
        resolutions: z.record(z.string(), z.string()).default({}),
        /** For conflicts without a resolution: keep this copy's version, or take theirs. */
        prefer: z.enum(['ours', 'theirs']).optional(),
      }),
    ),
    output: MergePreviewSchema.extend({ mergeId: Id.nullable() }),
  },
  'merge.list': {
    description: 'The merges of other copies into this project, oldest first.',
    input: z.object({}),
    output: z.array(
      z.object({
        id: Id,
        fileName: z.string(),
        otherName: z.string(),
        otherUuid: z.string(),
        mergedAt: z.string(),
        mergedBy: z.string().nullable(),
        counts: MergeCountsSchema,
      }),
    ),
  },
  'merge.undo': {
    description:
      'Undo a merge: removes what it added and puts back what it changed; refuses when later work depends on it.',
    input: z.object({ mergeId: Id }),
    output: z.object({ mergeId: Id, reversed: z.number().int() }),
  },
});
