import { z } from 'zod';
import { AudienceInput, ExportCheck } from './confidentiality.js';
import { defineMethods } from './define.js';
import { MatrixSpec } from './matrix.js';
import { Bilingual, Id, IsoDate } from './schemas.js';
import { Coordinate } from './synthesis.js';

/**
 * Colleague review and the audit trail (issue 15): comments and review states, the activity log
 * in words, and the project as it was at any moment (time travel), rebuilt from the change log.
 */

/** A moment: an ISO date (its end) or date-time, or the moment a validation round was sent. */
export const Moment = z.union([
  z.object({ at: z.union([IsoDate, z.iso.datetime({ offset: true })]) }),
  z.object({ roundId: Id }),
]);

export const ActivityTarget = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('source'),
    sourceId: Id,
    start: z.number().int().nullable(),
    end: z.number().int().nullable(),
  }),
  z.object({ kind: z.literal('code'), codeId: Id }),
  z.object({ kind: z.literal('cell'), coordinate: Coordinate }),
  z.object({ kind: z.literal('report'), caseId: Id }),
]);

export const ActivityEntry = z.object({
  group: z.string(),
  seq: z.number().int(),
  at: z.string(),
  coder: z.string().nullable(),
  action: z.string(),
  /** The action in words, e.g. "coded “Samenwerking: multi-level” on FV-R1 ¶3". */
  text: Bilingual,
  target: ActivityTarget.nullable(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const ActivityFilter = z.object({
  coderIds: z.array(Id).max(100).optional(),
  /** Kinds of change: action prefixes such as "coding.", "codes.", "matrix.synthesis.". */
  kinds: z.array(z.string().max(60)).max(30).optional(),
  caseId: Id.optional(),
  sourceId: Id.optional(),
  codeId: Id.optional(),
  /** From this moment on (a date: from its start, UTC). */
  from: z.union([IsoDate, z.iso.datetime({ offset: true })]).optional(),
  /** Up to this moment (a date: to its end, UTC). */
  to: z.union([IsoDate, z.iso.datetime({ offset: true })]).optional(),
});

export const CommentTargetType = z.enum(['segment', 'cell', 'code', 'source']);
export const CommentTarget = z.union([
  z.object({ type: z.literal('cell'), coordinate: Coordinate }),
  z.object({ type: z.enum(['segment', 'code', 'source']), id: Id }),
]);
export type CommentTarget = z.infer<typeof CommentTarget>;

export const CommentSchema = z.object({
  id: Id,
  author: z.string().nullable(),
  text: z.string(),
  /** Names of the coders mentioned (@name). */
  mentions: z.array(z.string()),
  createdAt: z.string(),
});

export const Thread = z.object({
  id: Id,
  target: CommentTarget,
  /** Where the thread belongs, in words. */
  where: Bilingual,
  /** Where it leads when opened (a passage, a code, a cell). */
  open: ActivityTarget.nullable(),
  resolved: z.boolean(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  comments: z.array(CommentSchema),
});
export type Thread = z.infer<typeof Thread>;

export const ReviewState = z.enum(['unreviewed', 'ok', 'questioned', 'settled']);

export const auditContract = defineMethods({
  'history.travel': {
    description:
      'Shows the project as it was at a moment (read-only, rebuilt from the change log) until history.present.',
    input: Moment,
    output: z.object({ at: z.string(), seq: z.number().int() }),
  },
  'history.present': {
    description: 'Back to the project as it is.',
    input: z.object({}),
    output: z.object({ ok: z.literal(true) }),
  },
  'activity.list': {
    description:
      'The change log in words, newest first, one page at a time; filters by who, what and where.',
    input: ActivityFilter.extend({
      /** The page cursor: entries before this change (the last page's `next`). */
      before: z.number().int().optional(),
      limit: z.number().int().min(1).max(500).default(50),
    }),
    output: z.object({ entries: z.array(ActivityEntry), next: z.number().int().nullable() }),
  },
  'activity.export': {
    description:
      'The audit trail as CSV or XLSX (every action, who, when, what); coders by pseudonym (Coder 1, 2…) on request.',
    input: ActivityFilter.extend({
      format: z.enum(['csv', 'xlsx']),
      lang: z.enum(['nl', 'en']).default('nl'),
      pseudonymise: z.boolean().default(false),
      /** Who it is for (default: the respondents; see confidentiality.ts). */
      audience: AudienceInput,
    }),
    output: z.object({
      fileName: z.string(),
      mime: z.string(),
      base64: z.string(),
      /** The leak check it passed (null: made for the team, not checked). */
      check: ExportCheck.nullable(),
    }),
  },
  'matrix.compare': {
    description:
      'A matrix then (at a moment) and now: every cell with both values, changed ones marked.',
    input: z.object({ spec: MatrixSpec, then: Moment }),
    output: z.object({
      at: z.string(),
      cells: z.array(
        z.object({
          row: z.string(),
          col: z.string(),
          then: z.number(),
          now: z.number(),
          changed: z.boolean(),
        }),
      ),
    }),
  },
  'comments.add': {
    description:
      'Starts a thread on a coding, synthesis cell, code or source, or answers one; @name mentions a coder.',
    input: z.object({
      target: CommentTarget.optional(),
      /** Answer this thread (its id) instead of starting one. */
      threadId: Id.optional(),
      text: z.string().trim().min(1).max(20_000),
    }),
    output: Thread,
  },
  'comments.list': {
    description: 'Threads, unresolved first; of one target, or all; only open ones on request.',
    input: z.object({ target: CommentTarget.optional(), open: z.boolean().optional() }),
    output: z.array(Thread),
  },
  'comments.count': {
    description:
      'How many threads one target has, and how many of them are open (what a comments button says).',
    input: z.object({ target: CommentTarget }),
    output: z.object({ threads: z.number().int(), open: z.number().int() }),
  },
  'comments.resolve': {
    description: 'Resolves a thread, or reopens it.',
    input: z.object({ threadId: Id, resolved: z.boolean() }),
    output: Thread,
  },
  'comments.inbox': {
    description:
      "A coder's inbox: threads that mention them or are about their codings, unresolved first.",
    input: z.object({ coderId: Id.optional() }),
    output: z.array(Thread),
  },
  'segments.review': {
    description:
      'Sets the review state of a coded segment: unreviewed → ok → questioned (with a comment) → settled.',
    input: z.object({
      segmentId: Id,
      state: ReviewState,
      comment: z.string().trim().max(20_000).optional(),
    }),
    output: z.object({ segmentId: Id, state: ReviewState }),
  },
  'reviews.states': {
    description:
      'The review state of every reviewed segment, or of one (unreviewed ones are left out): what a segment panel shows, without the counts.',
    input: z.object({ segmentId: Id.optional() }),
    output: z.object({ states: z.record(Id, ReviewState) }),
  },
  'reviews.summary': {
    description: 'Codings per review state, per coder and per code.',
    input: z.object({}),
    output: z.object({
      states: z.record(Id, ReviewState),
      perCoder: z.array(
        z.object({
          coderId: Id.nullable(),
          coder: z.string(),
          counts: z.record(ReviewState, z.number().int()),
        }),
      ),
      perCode: z.array(
        z.object({ codeId: Id, label: Bilingual, counts: z.record(ReviewState, z.number().int()) }),
      ),
    }),
  },
});
