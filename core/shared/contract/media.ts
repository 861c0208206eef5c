import { z } from 'zod';
import { defineMethods } from './define.js';
import { FileInput } from './import.js';
import { Id } from './schemas.js';

export const MediaKindSchema = z.enum(['audio', 'video']);

/**
 * Whether the recording can be played: ok, missing (not beside the project) or changed (the
 * file under its name is another one than was attached).
 */
export const MediaStateSchema = z.enum(['ok', 'missing', 'changed']);
export type MediaState = z.infer<typeof MediaStateSchema>;

export const MediaInfoSchema = z.object({
  sourceId: Id,
  kind: MediaKindSchema,
  mime: z.string(),
  /** The file's name as it was attached (not a path). */
  fileName: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  attachedAt: z.string(),
  state: MediaStateSchema,
});
export type MediaInfo = z.infer<typeof MediaInfoSchema>;

/** The recording beside a transcript: attach, detach, and whether it is there. */
export const mediaContract = defineMethods({
  'media.attach': {
    description:
      'Attaches a recording (m4a, mp3, wav, mp4, webm) to a transcript: the file is stored beside ' +
      'the project (<project>.casus-media/<sha256>.<ext>), never inside it, and its hash recorded. ' +
      'Replaces a recording attached before.',
    input: z.object({ sourceId: Id, file: FileInput }),
    output: MediaInfoSchema,
  },
  'media.detach': {
    description: 'Detaches the recording of a source; its file stays beside the project.',
    input: z.object({ sourceId: Id }),
    output: z.object({ detached: z.boolean() }),
  },
  'media.locate': {
    description:
      'Where the recording of a source lies, for the desktop host that plays it from its own ' +
      'protocol (the browser mode server reads it itself): the file, or null when it is missing ' +
      'or changed.',
    input: z.object({ sourceId: Id }),
    output: z.object({ path: z.string().nullable(), mime: z.string().nullable() }),
  },
  'media.status': {
    description:
      'The recording attached to a source, if any, and whether its file is there and unchanged.',
    input: z.object({ sourceId: Id }),
    output: z.object({ media: MediaInfoSchema.nullable() }),
  },
});
