import { z } from 'zod';
import { defineMethods } from './define.js';
import { Bilingual, CodeSchema, CoderSchema, Id } from './schemas.js';

const Offset = z.number().int().min(0);

export const MemoTargetType = z.enum(['project', 'case', 'source', 'code', 'segment']);
export type MemoTargetType = z.infer<typeof MemoTargetType>;

export const MemoSchema = z.object({
  id: Id,
  targetType: MemoTargetType,
  targetId: z.string(),
  /** Lexical editor state JSON, or '' when the memo was written as plain text. */
  body: z.string(),
  bodyText: z.string(),
  authorId: Id.nullable(),
  updatedAt: z.string(),
});
export type Memo = z.infer<typeof MemoSchema>;

/** A memo as the memo overview lists it: what it is on, who wrote it, its first lines. */
export const MemoListingSchema = z.object({
  id: Id,
  targetType: MemoTargetType,
  targetId: z.string(),
  target: z.object({
    /** The project's name, the case's or code's label, the source's title (a segment's source). */
    label: Bilingual,
    /** The source to open: of a source memo, or the source of a segment memo. */
    sourceId: Id.nullable(),
    /** The segment's range in its source (segment memos). */
    range: z.object({ start: z.number().int(), end: z.number().int() }).nullable(),
    /** The segment's text, shortened (segment memos). */
    quote: z.string().nullable(),
  }),
  author: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The memo's plain text, its first 600 characters. */
  text: z.string(),
});
export type MemoListing = z.infer<typeof MemoListingSchema>;

export const SegmentCodingSchema = z.object({
  codingId: Id,
  codeId: Id,
  coderId: Id.nullable(),
  createdAt: z.string(),
});

/** A coded passage with everything the viewer shows for it. */
export const CodedSegmentSchema = z.object({
  id: Id,
  sourceId: Id,
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  createdBy: CoderSchema.nullable(),
  createdAt: z.string(),
  codings: z.array(SegmentCodingSchema),
  memo: z.object({ id: Id, bodyText: z.string() }).nullable(),
});
export type CodedSegment = z.infer<typeof CodedSegmentSchema>;

export const DeletePreviewSchema = z.object({
  codes: z.number().int(),
  codings: z.number().int(),
  segments: z.number().int(),
  sources: z.number().int(),
  memos: z.number().int(),
});

/**
 * What one undoable action did, in terms a researcher recognises: the action, the codes and
 * sources it touched (labels and titles as they were), how many segments, codings and memos it
 * changed. Clients turn it into a sentence ("Codering 'multi-level' verwijderd").
 */
export const HistoryStepSchema = z.object({
  /** The original action (an undo of an undo is still the action it reversed). */
  action: z.string(),
  /** Codes involved, in the order the action touched them (at most 5; `more` counts the rest). */
  codes: z.array(z.object({ nl: z.string(), en: z.string() })),
  moreCodes: z.number().int(),
  /** Titles of the sources whose segments it touched (at most 3). */
  sources: z.array(z.string()),
  segments: z.number().int(),
  codings: z.number().int(),
  memos: z.number().int(),
  /** What a memo it wrote is attached to, when it wrote one. */
  memoTarget: MemoTargetType.nullable(),
});
export type HistoryStep = z.infer<typeof HistoryStepSchema>;

const HistoryResult = z.object({
  action: z.string(),
  /** The action that was undone or redone, described. */
  step: HistoryStepSchema,
  undoable: z.number().int(),
  redoable: z.number().int(),
});

/** The coding workspace: code passages, manage the code tree, memos, undo/redo. */
export const codingContract = defineMethods({
  'coding.apply': {
    description:
      'Code a range of a source (or an existing segment) with one or more codes, as one action.',
    input: z.object({
      sourceId: Id.optional(),
      start: Offset.optional(),
      end: Offset.optional(),
      segmentId: Id.optional(),
      codeIds: z.array(Id).min(1, 'at least one code'),
      memo: z.string().max(100_000).optional(),
    }),
    output: CodedSegmentSchema,
  },
  'coding.inVivo': {
    description: 'Create a free code named after the selected words and code the range with it.',
    input: z.object({ sourceId: Id, start: Offset, end: Offset }),
    output: z.object({ segment: CodedSegmentSchema, code: CodeSchema }),
  },
  'coding.remove': {
    description: 'Remove some (or all) codes from a segment; a segment left without codes goes.',
    input: z.object({ segmentId: Id, codeIds: z.array(Id).optional() }),
    output: z.object({ removed: z.number().int(), segmentDeleted: z.boolean() }),
  },
  'coding.favourites': {
    description: 'The codes bound to the digit keys 1-9.',
    input: z.object({}),
    output: z.array(z.object({ digit: z.number().int().min(1).max(9), codeId: Id })),
  },
  'coding.setFavourite': {
    description: 'Bind a code to a digit key 1-9, or clear the digit (codeId null).',
    input: z.object({ digit: z.number().int().min(1).max(9), codeId: Id.nullable() }),
    output: z.array(z.object({ digit: z.number().int().min(1).max(9), codeId: Id })),
  },
  'segments.forSource': {
    description: 'Every coded segment of a source with its codes, coder and memo.',
    input: z.object({ sourceId: Id }),
    output: z.array(CodedSegmentSchema),
  },
  'segments.forCode': {
    description: 'Every segment coded with a code (to jump between them).',
    input: z.object({ codeId: Id }),
    output: z.array(CodedSegmentSchema),
  },
  'segments.update': {
    description: 'Move the boundaries of a segment (UTF-16 offsets, end exclusive).',
    input: z.object({ id: Id, start: Offset, end: Offset }),
    output: CodedSegmentSchema,
  },
  'codes.merge': {
    description:
      'Merge a code into another: its codings move, duplicates on a segment collapse, it goes.',
    input: z.object({ fromId: Id, intoId: Id }),
    output: CodeSchema,
  },
  'codes.move': {
    description: 'Move a code under another parent (null: top level), optionally at a position.',
    input: z.object({
      id: Id,
      parentId: Id.nullable(),
      index: z.number().int().min(0).optional(),
    }),
    output: CodeSchema,
  },
  'codes.deletePreview': {
    description: 'What deleting a code (with its sub-codes) would remove.',
    input: z.object({ id: Id }),
    output: DeletePreviewSchema,
  },
  'codes.delete': {
    description: 'Delete a code, its sub-codes and their codings (undoable).',
    input: z.object({ id: Id }),
    output: DeletePreviewSchema,
  },
  'codes.split': {
    description: 'Move the codings of the chosen segments from a code to a new sibling code.',
    input: z.object({
      id: Id,
      segmentIds: z.array(Id).min(1, 'at least one segment'),
      label: z.object({ nl: z.string().trim().min(1).max(200), en: z.string().trim().max(200) }),
    }),
    output: CodeSchema,
  },
  'memos.get': {
    description: 'The memo on a project, case, source, code or segment, or null.',
    input: z.object({ targetType: MemoTargetType, targetId: z.string() }),
    output: MemoSchema.nullable(),
  },
  'memos.list': {
    description:
      'Every memo that says something, with what it is on (names and where to open it) and its author, newest change first.',
    input: z.object({}),
    output: z.array(MemoListingSchema),
  },
  'memos.save': {
    description: 'Write the memo on a target (Lexical JSON body and its plain text).',
    input: z.object({
      targetType: MemoTargetType,
      targetId: z.string(),
      body: z.string().max(2_000_000),
      bodyText: z.string().max(1_000_000),
    }),
    output: MemoSchema,
  },
  'history.state': {
    description:
      'How many actions can be undone and redone, and what the next undo and redo would reverse.',
    input: z.object({}),
    output: z.object({
      undoable: z.number().int(),
      redoable: z.number().int(),
      nextUndo: HistoryStepSchema.nullable(),
      nextRedo: HistoryStepSchema.nullable(),
    }),
  },
  'history.undo': {
    description: 'Undo the last action by appending its inverse to the change log.',
    input: z.object({}),
    output: HistoryResult,
  },
  'history.redo': {
    description: 'Redo the last undone action (appended to the change log as well).',
    input: z.object({}),
    output: HistoryResult,
  },
});
