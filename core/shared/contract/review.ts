import { z } from 'zod';
import { Audience, AudienceInput, CheckedExport } from './confidentiality.js';
import { defineMethods } from './define.js';
import { Measure, MatrixSpec, Percent } from './matrix.js';
import { Bilingual, Id, IsoDate } from './schemas.js';
import { Coordinate, SynthesisAt, SynthesisStatus } from './synthesis.js';

/**
 * Group review (issue 14): a facilitator runs a session from the matrices. A session has
 * participants and an agenda of items; each item is a matrix view (a saved matrix, or the
 * framework matrix with its syntheses) with a focus, a question for the room and what the room
 * may see. While the session runs, the presenter steps through the items and their frames
 * (pages and progressive reveal, core/shared/review/frames.ts); the audience screen follows
 * (AudienceState, pushed by the host). Each item shown is kept as a snapshot, the room's remarks
 * are captured per item and cell, and remarks tagged disputed, addition or decision become
 * follow-ups on their cell of the study's cube.
 */

export const REMARK_TAGS = ['recognised', 'disputed', 'addition', 'question', 'decision'] as const;
export const RemarkTag = z.enum(REMARK_TAGS);
export type RemarkTag = z.infer<typeof RemarkTag>;

/** The tags whose remarks are acted on afterwards. */
export const FOLLOW_UP_TAGS: readonly RemarkTag[] = ['disputed', 'addition', 'decision'];

export const FOLLOW_UP_STATES = ['open', 'done', 'dismissed'] as const;
export const FollowUpState = z.enum(FOLLOW_UP_STATES);
export type FollowUpState = z.infer<typeof FollowUpState>;

export const REVEAL_MODES = ['all', 'rows', 'cells', 'synthesis-quotes'] as const;
export const RevealMode = z.enum(REVEAL_MODES);
export type RevealMode = z.infer<typeof RevealMode>;

/** How the minutes name a participant: by name, by organisation and role only, or not at all. */
export const LISTINGS = ['name', 'role', 'hidden'] as const;
export const Listing = z.enum(LISTINGS);
export type Listing = z.infer<typeof Listing>;

/** The most quotes per cell an item may show the room. */
export const MAX_QUOTES = 10;

/** What part of the item's matrix the room sees: all of it, one row (or row group), one cell. */
export const ReviewFocus = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('grid') }),
  z.object({ kind: z.literal('row'), row: z.string().min(1).max(500) }),
  z.object({
    kind: z.literal('cell'),
    row: z.string().min(1).max(500),
    col: z.string().min(1).max(500),
  }),
]);
export type ReviewFocus = z.infer<typeof ReviewFocus>;

/** What the room may see of an item. Quotes are always under pseudonym. */
export const ReviewShow = z.object({
  counts: z.boolean(),
  syntheses: z.boolean(),
  /** Up to this many quotes per cell (0: none). */
  quotes: z.number().int().min(0).max(MAX_QUOTES),
  /** Cases become "Case A", "Case B"… (a mixed audience where no case should be singled out). */
  hideCases: z.boolean(),
});
export type ReviewShow = z.infer<typeof ReviewShow>;

export const ReviewParticipant = z.object({
  id: Id,
  name: z.string(),
  organisation: z.string(),
  caseId: Id.nullable(),
  caseLabel: Bilingual.nullable(),
  role: z.string(),
  listing: Listing,
});
export type ReviewParticipant = z.infer<typeof ReviewParticipant>;

export const ReviewItem = z.object({
  id: Id,
  position: z.number().int(),
  /** The saved matrix it was made from (null when that matrix is gone). */
  matrixId: z.string().nullable(),
  name: Bilingual,
  spec: MatrixSpec,
  focus: ReviewFocus,
  /** The focus in words ("Multi-level — Institutioneel × Achterhoek"), empty for the grid. */
  focusLabel: Bilingual,
  question: z.string(),
  show: ReviewShow,
  reveal: RevealMode,
  /** Private to the presenter. */
  notes: z.string(),
  /** How often it was shown (snapshots taken). */
  snapshots: z.number().int(),
  remarks: z.number().int(),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const ReviewSessionSummary = z.object({
  id: Id,
  title: z.string(),
  date: IsoDate,
  closed: z.boolean(),
  items: z.number().int(),
  participants: z.number().int(),
  remarks: z.number().int(),
  openFollowUps: z.number().int(),
});
export type ReviewSessionSummary = z.infer<typeof ReviewSessionSummary>;

export const ReviewSession = ReviewSessionSummary.extend({
  participantList: z.array(ReviewParticipant),
  agenda: z.array(ReviewItem),
});
export type ReviewSession = z.infer<typeof ReviewSession>;

// What the room saw: a snapshot

export const SnapshotRow = z.object({
  id: z.string(),
  label: Bilingual,
  /** The group a row sits under (a principle above its categories), shown as a heading line. */
  parent: z.object({ id: z.string(), label: Bilingual }).nullable(),
  depth: z.number().int(),
  /** A parent code's row, the sum of its children: bold, shaded on a scale of its own. */
  group: z.boolean().optional(),
});
export type SnapshotRow = z.infer<typeof SnapshotRow>;

export const SnapshotCol = z.object({
  id: z.string(),
  /** As the room sees it ("Case B" when case names are hidden). */
  label: Bilingual,
  /** The real case name behind a hidden one, for the presenter; never sent to the audience. */
  hidden: Bilingual.nullable(),
});
export type SnapshotCol = z.infer<typeof SnapshotCol>;

export const SnapshotQuote = z.object({
  text: z.string(),
  /** A pseudonym (or the document type), never a name. */
  by: Bilingual,
});
export type SnapshotQuote = z.infer<typeof SnapshotQuote>;

export const SnapshotCell = z.object({
  row: z.string(),
  col: z.string(),
  value: z.number(),
  /** The value as shown ('' for zero). */
  shown: z.string(),
  /** Step of the colour-blind-safe palette (HEAT_PALETTE), null for an empty cell. */
  heat: z.number().int().nullable(),
  synthesis: z.object({ text: z.string(), status: SynthesisStatus }).nullable(),
  quotes: z.array(SnapshotQuote),
});
export type SnapshotCell = z.infer<typeof SnapshotCell>;

export const SnapshotContent = z.object({
  takenAt: z.string(),
  name: Bilingual,
  /** What the item focuses on, as the room sees it (empty for the whole grid). */
  focusLabel: Bilingual,
  /** The axes, measure and filter in one line. */
  caption: Bilingual,
  question: z.string(),
  measure: Measure,
  percent: Percent,
  /** The largest value (for the legend), shown as the cells show values. */
  max: z.number(),
  maxShown: z.string(),
  /** The group rows' own largest value (see heatScale), when the rows are of both kinds. */
  groupMaxShown: z.string().nullable().optional(),
  show: ReviewShow,
  focus: ReviewFocus,
  reveal: RevealMode,
  rows: z.array(SnapshotRow),
  cols: z.array(SnapshotCol),
  cells: z.array(SnapshotCell),
});
export type SnapshotContent = z.infer<typeof SnapshotContent>;

export const ReviewSnapshot = z.object({
  id: Id,
  itemId: Id,
  takenAt: z.string(),
  content: SnapshotContent,
});
export type ReviewSnapshot = z.infer<typeof ReviewSnapshot>;

// Remarks and follow-ups

export const RemarkCell = z.object({
  row: z.string(),
  col: z.string(),
  /** The cell in words as the presenter saw it (real case names). */
  label: Bilingual,
  coordinate: Coordinate.nullable(),
});
export type RemarkCell = z.infer<typeof RemarkCell>;

export const ReviewRemark = z.object({
  id: Id,
  sessionId: Id,
  itemId: Id,
  itemPosition: z.number().int(),
  snapshotId: Id.nullable(),
  /** Order in the session, from 1. */
  n: z.number().int(),
  tag: RemarkTag,
  text: z.string(),
  participantId: Id.nullable(),
  /** The participant's name, or null for the room as a whole. */
  by: z.string().nullable(),
  cell: RemarkCell.nullable(),
  shown: z.boolean(),
  createdAt: z.string(),
  followUp: z.object({ id: Id, state: FollowUpState }).nullable(),
});
export type ReviewRemark = z.infer<typeof ReviewRemark>;

export const FollowUpEdit = z.object({
  seq: z.number().int(),
  at: z.string(),
  coder: z.string().nullable(),
  bodyText: z.string(),
  status: SynthesisStatus,
});

export const ReviewFollowUp = z.object({
  id: Id,
  remarkId: Id,
  sessionId: Id,
  sessionTitle: z.string(),
  sessionDate: z.string(),
  itemId: Id,
  n: z.number().int(),
  tag: RemarkTag,
  text: z.string(),
  by: z.string().nullable(),
  cell: RemarkCell.nullable(),
  state: FollowUpState,
  reason: z.string(),
  resolvedBy: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** The edited synthesis version that settled it. */
  edit: FollowUpEdit.nullable(),
  createdAt: z.string(),
});
export type ReviewFollowUp = z.infer<typeof ReviewFollowUp>;

// The live presentation

export const FooterRemark = z.object({
  remarkId: Id,
  tag: RemarkTag,
  text: z.string(),
  by: z.string().nullable(),
});
export type FooterRemark = z.infer<typeof FooterRemark>;

/**
 * What the audience screen shows: everything it needs, so the view is a pure function of it.
 * `seq` grows with every change (a screen ignores an older state arriving late).
 */
export const AudienceState = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('idle'), seq: z.number().int() }),
  z.object({
    kind: z.literal('showing'),
    seq: z.number().int(),
    lang: z.enum(['nl', 'en']),
    /**
     * Who is in the room: the register applied to everything shown (respondents, public), for the
     * public also dates to the month and, if chosen, the case names hidden. Team: as it is.
     */
    audience: Audience,
    session: z.object({ id: Id, title: z.string(), date: z.string() }),
    item: z.object({ id: Id, position: z.number().int(), count: z.number().int() }),
    snapshotId: Id,
    snapshot: SnapshotContent,
    /** Which frame of the item (core/shared/review/frames.ts), and how many it has. */
    frame: z.number().int(),
    frames: z.number().int(),
    footer: FooterRemark.nullable(),
  }),
]);
export type AudienceState = z.infer<typeof AudienceState>;

const MinutesFormat = z.enum(['docx', 'html']);

const ItemFields = {
  question: z.string().max(2000).optional(),
  focus: ReviewFocus.optional(),
  show: ReviewShow.partial().optional(),
  reveal: RevealMode.optional(),
  notes: z.string().max(20_000).optional(),
};

export const reviewContract = defineMethods({
  'review.sessions.list': {
    description: 'The group-review sessions of the project, newest first.',
    input: z.object({}),
    output: z.array(ReviewSessionSummary),
  },
  'review.sessions.get': {
    description: 'One session: its participants and its agenda in order.',
    input: z.object({ id: Id }),
    output: ReviewSession,
  },
  'review.sessions.create': {
    description: 'Starts preparing a session: a title and a date.',
    input: z.object({ title: z.string().min(1).max(300), date: IsoDate }),
    output: ReviewSession,
  },
  'review.sessions.update': {
    description:
      'Changes the title or date, or ends the session (closed: it then reopens read-only) or reopens it.',
    input: z.object({
      id: Id,
      title: z.string().min(1).max(300).optional(),
      date: IsoDate.optional(),
      closed: z.boolean().optional(),
    }),
    output: ReviewSession,
  },
  'review.sessions.delete': {
    description: 'Deletes a session that has no remarks yet (with its agenda and participants).',
    input: z.object({ id: Id }),
    output: z.object({ deleted: z.boolean() }),
  },
  'review.participants.save': {
    description: 'Adds a participant to a session, or changes one (by id).',
    input: z.object({
      sessionId: Id,
      id: Id.optional(),
      name: z.string().min(1).max(300),
      organisation: z.string().max(300).default(''),
      /** The case they represent (id, key or label). */
      caseRef: z.string().max(300).nullable().optional(),
      role: z.string().max(300).default(''),
      listing: Listing.default('name'),
    }),
    output: ReviewParticipant,
  },
  'review.participants.remove': {
    description: 'Removes a participant no remark is attributed to.',
    input: z.object({ id: Id }),
    output: z.object({ removed: z.boolean() }),
  },
  'review.items.add': {
    description:
      'Adds an agenda item: a saved matrix (id or name; "framework" for the framework matrix with its syntheses) with a focus, a question and what the room sees.',
    input: z.object({
      sessionId: Id,
      matrix: z.string().min(1).max(300),
      /** Rows and columns by header id, or by key or label of their code or case. */
      ...ItemFields,
      position: z.number().int().min(1).optional(),
    }),
    output: ReviewItem,
  },
  'review.items.update': {
    description: 'Changes an agenda item: question, focus, what the room sees, reveal, notes.',
    input: z.object({ id: Id, ...ItemFields }),
    output: ReviewItem,
  },
  'review.items.move': {
    description: 'Moves an agenda item to another position; answers the agenda in its new order.',
    input: z.object({ id: Id, position: z.number().int().min(1) }),
    output: z.array(ReviewItem),
  },
  'review.items.remove': {
    description: 'Removes an agenda item that was not shown yet; the others close up.',
    input: z.object({ id: Id }),
    output: z.object({ removed: z.boolean() }),
  },
  'review.present': {
    description:
      'Shows an item to the room at a frame (−1: its last), with a remark in the footer or none. The first time an item is shown its snapshot is taken. Every audience screen follows.',
    input: z.object({
      sessionId: Id,
      itemId: Id,
      frame: z.number().int().min(-1).default(0),
      footerRemarkId: Id.nullable().default(null),
      lang: z.enum(['nl', 'en']).default('nl'),
      /** Who is in the room; not the team unless chosen (a room of stakeholders). */
      audience: AudienceInput,
    }),
    output: AudienceState,
  },
  'review.stop': {
    description: 'Ends the presentation: the audience screens go blank.',
    input: z.object({}),
    output: AudienceState,
  },
  'review.live': {
    description: 'What the audience screens show now.',
    input: z.object({}),
    output: AudienceState,
  },
  'review.snapshots.list': {
    description:
      'What the room saw in a session: every snapshot, in the order they were taken (a past session reopens from these).',
    input: z.object({ sessionId: Id }),
    output: z.array(ReviewSnapshot),
  },
  'review.snapshots.refresh': {
    description:
      'Takes a new snapshot of an item (after the syntheses changed during a break); earlier ones stay.',
    input: z.object({ itemId: Id }),
    output: ReviewSnapshot,
  },
  'review.remarks.list': {
    description: "A session's remarks in the order they were made.",
    input: z.object({ sessionId: Id }),
    output: z.array(ReviewRemark),
  },
  'review.remarks.add': {
    description:
      'Captures a remark of the room on an item (and a cell of it): tagged, attributed to a participant (id or name) or the room. Disputed, addition and decision remarks become follow-ups on their cell.',
    input: z.object({
      sessionId: Id,
      /** The item by id, or its position in the agenda. */
      item: z.union([Id, z.number().int().min(1)]),
      tag: RemarkTag,
      text: z.string().min(1).max(10_000),
      by: z.string().max(300).nullable().optional(),
      cell: z
        .object({ row: z.string().min(1), col: z.string().min(1) })
        .nullable()
        .optional(),
    }),
    output: ReviewRemark,
  },
  'review.remarks.update': {
    description:
      "Corrects a remark's text, tag, attribution or cell; its follow-up follows the tag while it is open.",
    input: z.object({
      id: Id,
      tag: RemarkTag.optional(),
      text: z.string().min(1).max(10_000).optional(),
      by: z.string().max(300).nullable().optional(),
      cell: z
        .object({ row: z.string().min(1), col: z.string().min(1) })
        .nullable()
        .optional(),
    }),
    output: ReviewRemark,
  },
  'review.remarks.remove': {
    description: 'Removes a remark whose follow-up (if any) is still open.',
    input: z.object({ id: Id }),
    output: z.object({ removed: z.boolean() }),
  },
  'review.followups.list': {
    description: 'Follow-ups: all, in one state, of one session, or on one cell.',
    input: z.object({
      state: FollowUpState.optional(),
      sessionId: Id.optional(),
      at: SynthesisAt.optional(),
    }),
    output: z.array(ReviewFollowUp),
  },
  'review.followups.forView': {
    description: 'Per cell of a matrix view: its open and total follow-ups (the badges).',
    input: z.object({ spec: MatrixSpec }),
    output: z.array(
      z.object({
        row: z.string(),
        col: z.string(),
        open: z.number().int(),
        total: z.number().int(),
      }),
    ),
  },
  'review.followups.setState': {
    description:
      'Moves a follow-up on: done (linked to the edit of its synthesis made since, or the version named) or dismissed with a reason; open again.',
    input: z.object({
      id: Id,
      state: FollowUpState,
      reason: z.string().max(5000).optional(),
      /** The synthesis version (change-log seq, as matrix.synthesis.history lists) that settled it. */
      synthesisSeq: z.number().int().optional(),
    }),
    output: ReviewFollowUp,
  },
  'review.minutes': {
    description:
      'The minutes of a session as DOCX or HTML: participants, per item what was shown (its snapshot) and the remarks and decisions in order; bytes as base64. Made for an audience (default respondents) and leak-checked for it.',
    input: z.object({
      sessionId: Id,
      format: MinutesFormat,
      lang: z.enum(['nl', 'en']).default('nl'),
      audience: AudienceInput,
    }),
    output: CheckedExport,
  },
});
