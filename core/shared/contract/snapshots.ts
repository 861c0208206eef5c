import { z } from 'zod';
import { defineMethods } from './define.js';
import { filePath } from './files.js';

const SnapshotId = z.string().min(1, 'a snapshot id').max(200);

const SnapshotCounts = z.object({
  sources: z.number().int(),
  codes: z.number().int(),
  segments: z.number().int(),
  codings: z.number().int(),
  memos: z.number().int(),
  syntheses: z.number().int(),
});

/** One action of a snapshot's change log: when, by whom, what, and how many rows per table. */
const Change = z.object({
  at: z.string(),
  action: z.string(),
  coder: z.string().nullable(),
  entities: z.record(z.string(), z.number().int()),
});

/** A snapshot as listed: when and why it was taken, and what it holds (unless it is damaged). */
export const SnapshotSchema = z.object({
  id: z.string(),
  takenAt: z.string(),
  kind: z.enum(['open', 'hourly', 'before', 'manual']),
  reason: z.string(),
  /** Bytes. */
  size: z.number().int(),
  status: z.enum(['ok', 'damaged']),
  /** Why a damaged snapshot cannot be used. */
  problem: z.string().nullable(),
  schema: z.number().int().nullable(),
  counts: SnapshotCounts.nullable(),
  lastChange: Change.nullable(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;
export type SnapshotChange = z.infer<typeof Change>;

export const snapshotsContract = defineMethods({
  'snapshots.list': {
    description:
      'The snapshots of the open project, newest first, with counts and last change; the folder they lie in and the retention policy',
    input: z.object({}),
    output: z.object({
      /** Null for a project that is not a file (in memory). */
      folder: z.string().nullable(),
      snapshots: z.array(SnapshotSchema),
      /** Why the last automatic snapshot failed, if it did. */
      problem: z.string().nullable(),
      policy: z.string(),
    }),
  },
  'snapshots.preview': {
    description:
      'One snapshot, every page read (SQLite quick_check), with its most recent actions, newest first',
    input: z.object({ id: SnapshotId, changes: z.number().int().min(1).max(100).default(10) }),
    output: SnapshotSchema.extend({ recentChanges: z.array(Change) }),
  },
  'snapshots.take': {
    description: 'Takes a snapshot of the open project now (kept until deleted by hand)',
    input: z.object({ reason: z.string().max(200).optional() }),
    output: SnapshotSchema,
  },
  'snapshots.restore': {
    description:
      'Restores a snapshot as a new project file (copy: `name` goes beside the project, `outPath` anywhere from the command line) or in place of the open project (the current state becomes a snapshot first)',
    input: z
      .object({
        id: SnapshotId,
        mode: z.enum(['copy', 'inPlace']),
        /** A file name for the copy, beside the open project (the workbench names only this). */
        name: z
          .string()
          .min(1, 'a name for the copy')
          .max(200)
          .refine((n) => !/[/\\]/.test(n) && n !== '..' && n !== '.', {
            message: 'a name without a folder (the copy goes beside the project)',
          })
          .optional(),
        outPath: filePath('create').optional(),
      })
      .refine((v) => v.mode !== 'copy' || (v.name === undefined) !== (v.outPath === undefined), {
        message: 'a copy needs either name (beside the project) or outPath, not both',
        path: ['name'],
      }),
    output: z.object({
      mode: z.enum(['copy', 'inPlace']),
      /** The project file written: the copy, or the open project. */
      path: z.string(),
      /** In place: the snapshot of the state before the restore. */
      before: SnapshotSchema.nullable(),
    }),
  },
});
