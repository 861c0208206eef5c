import { z } from 'zod';
import { defineMethods } from './define.js';
import {
  FileInput,
  ImportFileResultSchema,
  ImportReasonSchema,
  MetadataFields,
  RespondentChoiceSchema,
} from './import.js';
import { Id } from './schemas.js';

export const SpeakerRoleSchema = z.enum(['interviewer', 'respondent', 'other']);
export type SpeakerRole = z.infer<typeof SpeakerRoleSchema>;

/** The name a transcript gives a speaker (as the file writes it; '' for no name). */
const SpeakerName = z.string().max(200);
/** A label in the stored text: letters, digits, spaces and - . _ ( ); never a colon. */
export const SpeakerLabel = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^:\n\t]+$/, 'a label without a colon or line break');

/** Who a speaker of the file is: an interviewer (a coder), a respondent, or someone else. */
export const SpeakerAssignmentSchema = z.discriminatedUnion('as', [
  z.object({
    name: SpeakerName,
    as: z.literal('interviewer'),
    /** The coder who interviewed; null when the team does not say. */
    coderId: Id.nullable().default(null),
  }),
  z.object({ name: SpeakerName, as: z.literal('respondent'), respondent: RespondentChoiceSchema }),
  z.object({ name: SpeakerName, as: z.literal('other'), label: SpeakerLabel.optional() }),
]);
export type SpeakerAssignment = z.input<typeof SpeakerAssignmentSchema>;
/** An assignment as the server receives it, defaults filled in. */
export type SpeakerMapping = z.infer<typeof SpeakerAssignmentSchema>;

/** How the stored text names speakers: "I:", "R:" (role) or "Anna:", "FV-R3:" (name). */
export const SpeakerLabelStyle = z.enum(['role', 'name']);

export const TranscriptOptionsFields = {
  /** Speakers not listed become others ("S1", "S2"): no name of the file is ever stored. */
  speakers: z.array(SpeakerAssignmentSchema).max(50).default([]),
  labels: SpeakerLabelStyle.default('role'),
  /** Start every turn with its time, "[0:03:12] R: …". */
  timestamps: z.boolean().default(false),
};

export const SpeakerFoundSchema = z.object({
  name: SpeakerName,
  turns: z.number().int(),
  spokenMs: z.number().int(),
  firstWords: z.string(),
});

export const TranscriptFormatSchema = z.enum(['vtt', 'srt', 'docx', 'txt']);

export const TurnSchema = z.object({
  block: z.number().int(),
  /** The block: label and words; `wordsStart`–`wordsEnd` the words alone (UTF-16 offsets). */
  start: z.number().int(),
  end: z.number().int(),
  wordsStart: z.number().int(),
  wordsEnd: z.number().int(),
  startMs: z.number().int(),
  endMs: z.number().int(),
  speaker: SpeakerLabel,
  role: SpeakerRoleSchema,
  /** The coder (interviewer) or respondent; null for others. */
  ref: Id.nullable(),
});
export type Turn = z.infer<typeof TurnSchema>;

export const TranscriptSpeakerSchema = z.object({
  label: z.string(),
  role: SpeakerRoleSchema,
  ref: Id.nullable(),
  turns: z.number().int(),
});

const ImportedTranscript = ImportFileResultSchema.options[0].extend({
  turns: z.number().int(),
  /** The file's speakers, each with the label it got in the stored text. */
  speakers: z.array(
    z.object({
      name: SpeakerName,
      label: z.string(),
      role: SpeakerRoleSchema,
      turns: z.number().int(),
    }),
  ),
  /** A document import (fallback 'document' for a .docx or .txt that is no transcript). */
  asDocument: z.boolean(),
});

export const TranscriptImportResultSchema = z.discriminatedUnion('status', [
  ImportedTranscript,
  ImportFileResultSchema.options[1],
  ImportFileResultSchema.options[2],
]);
export type TranscriptImportResult = z.infer<typeof TranscriptImportResultSchema>;

/** Interview transcripts: import with speaker mapping, turns, coding by speaker. */
export const transcriptsContract = defineMethods({
  'transcripts.inspect': {
    description:
      'Reads a transcript file (WebVTT, SRT, Teams/Zoom .docx or .txt) without importing it: its ' +
      'speakers as the file names them, for the mapping step. A .docx or .txt that is no ' +
      'transcript says so (status document).',
    input: z.object({ file: FileInput }),
    output: z.discriminatedUnion('status', [
      z.object({
        status: z.literal('transcript'),
        fileName: z.string(),
        format: TranscriptFormatSchema,
        turns: z.number().int(),
        durationMs: z.number().int(),
        speakers: z.array(SpeakerFoundSchema),
        warnings: z.array(z.string()),
      }),
      z.object({ status: z.literal('document'), fileName: z.string() }),
      z.object({
        status: z.literal('failed'),
        fileName: z.string(),
        reason: ImportReasonSchema,
        message: z.string(),
      }),
    ]),
  },
  'transcripts.import': {
    description:
      'Imports a transcript as a source: one block per speaker turn, "R: …"/"I: …" labels from ' +
      'the speaker mapping (real names never stored in the text; a respondent speaker’s name is ' +
      'kept only as the respondent’s confidential real name), the turns with their times. Never ' +
      'throws for a bad file: the result says imported, duplicate or failed.',
    input: z.object({
      file: FileInput,
      ...MetadataFields,
      ...TranscriptOptionsFields,
      /** A .docx or .txt that is no transcript: refuse it, or import it as a document. */
      fallback: z.enum(['refuse', 'document']).default('refuse'),
    }),
    output: TranscriptImportResultSchema,
  },
  'transcripts.turns': {
    description:
      'The speaker turns of a source (none for a source that is no transcript) and its speakers.',
    input: z.object({ sourceId: Id }),
    output: z.object({
      sourceId: Id,
      turns: z.array(TurnSchema),
      speakers: z.array(TranscriptSpeakerSchema),
    }),
  },
  'transcripts.codeSpeaker': {
    description:
      'Codes the words of every turn of one speaker of a transcript (not the labels) as one ' +
      'undoable action.',
    input: z.object({
      sourceId: Id,
      speaker: SpeakerLabel,
      codeIds: z.array(Id).min(1, 'choose at least one code').max(50),
    }),
    output: z.object({ segmentIds: z.array(Id), codingsAdded: z.number().int() }),
  },
});
