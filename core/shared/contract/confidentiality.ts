import { z } from 'zod';
import { defineMethods } from './define.js';
import { filePath } from './files.js';
import { Id } from './schemas.js';

/**
 * Confidentiality (issue 17): the register of identifying terms (respondents' real names from
 * their records, and the people, organisations, places and phrases the team adds), candidates
 * found in the sources to confirm or dismiss, the audiences every output is made for, and the
 * leak check that stops an export in which a register term remains.
 */

export const AUDIENCE_KINDS = ['team', 'respondents', 'public'] as const;
export const AudienceKind = z.enum(AUDIENCE_KINDS);
export type AudienceKind = z.infer<typeof AudienceKind>;

/**
 * Who an output is for. team: everything as it is. respondents: the register applied (real
 * names become pseudonyms, terms their replacements). public: the same, dates coarsened to the
 * month, and with `hideCases` the case names replaced by "Casus A", "Casus B"…
 */
export const Audience = z.object({
  kind: AudienceKind,
  /** Public only: case names replaced by letters. */
  hideCases: z.boolean().default(false),
});
export type Audience = z.infer<typeof Audience>;

/**
 * What an export is for when nobody says: the respondents. Not the team (a file that leaves
 * the project must not carry names by default), and not the public either: the register is
 * applied and checked for both, and what public adds — dates to the month, case names hidden —
 * would spoil the outputs the team most often sends out (case reports for respondents to
 * validate, matrices for the group review), so it is a choice made on purpose.
 */
export const DEFAULT_AUDIENCE: Audience = { kind: 'respondents', hideCases: false };
export const AudienceInput = Audience.default(DEFAULT_AUDIENCE);

export const TERM_KINDS = [
  'person',
  'organisation',
  'place',
  'phrase',
  'email',
  'phone',
  'other',
] as const;
export const TermKind = z.enum(TERM_KINDS);
export type TermKind = z.infer<typeof TermKind>;

export const CANDIDATE_KINDS = ['titled-name', 'email', 'phone', 'proper-noun'] as const;
export const CandidateKind = z.enum(CANDIDATE_KINDS);
export type CandidateKind = z.infer<typeof CandidateKind>;

const Term = z.string().trim().min(2, 'a term needs at least two characters').max(300);
const Replacement = z
  .string()
  .trim()
  .min(1, 'a replacement is needed')
  .max(100)
  .refine((s) => !/["\\\n\r\t]/.test(s), 'a replacement holds no quotes, backslashes or breaks');
const Variants = z.array(Term).max(50);

/** A register entry as the team sees it. */
export const RegisterEntry = z.object({
  /** A term's id, or `respondent:<id>` for the real name of a respondent. */
  id: z.string(),
  origin: z.enum(['team', 'candidate', 'import', 'respondent']),
  kind: TermKind,
  /**
   * The term; null for a respondent's real name, which is shown only when asked for by the
   * team explicitly (`revealRealNames`: the command line's `--audience team`).
   */
  term: z.string().nullable(),
  variants: z.array(z.string()),
  /** How many variants it has (also for a real name that is not shown). */
  variantCount: z.number().int(),
  replacement: z.string(),
  respondentId: Id.nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type RegisterEntry = z.infer<typeof RegisterEntry>;

export const Occurrence = z.object({
  sourceId: Id,
  sourceTitle: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  /** Up to 60 characters of text either side. */
  before: z.string(),
  text: z.string(),
  after: z.string(),
});
export type Occurrence = z.infer<typeof Occurrence>;

export const Candidate = z.object({
  /** The folded form: what confirming or dismissing it is about. */
  key: z.string(),
  kind: CandidateKind,
  /** As written (its most frequent spelling). */
  text: z.string(),
  /** A suggested term kind and replacement. */
  termKind: TermKind,
  replacement: z.string(),
  count: z.number().int(),
  sources: z.number().int(),
  /** The first few places it occurs. */
  occurrences: z.array(Occurrence),
});
export type Candidate = z.infer<typeof Candidate>;

export const Dismissal = z.object({
  id: Id,
  kind: CandidateKind,
  text: z.string(),
  createdAt: z.string(),
});

/** A quote that replacement made hard to read, for a human look before it goes out. */
export const UnreadableQuote = z.object({
  where: z.string(),
  /** The quote as it goes out (replaced). */
  text: z.string(),
  /** The share of its characters replacement took out (0–1). */
  replaced: z.number(),
});
export type UnreadableQuote = z.infer<typeof UnreadableQuote>;

/**
 * A register term found in an output. Described without the term itself (a real name must
 * never reach a message): by its kind and replacement, where it is, and the text around it
 * with the term blacked out.
 */
export const LeakHit = z.object({
  entryId: z.string(),
  kind: TermKind,
  replacement: z.string(),
  /** The part of the file (e.g. word/document.xml) and the paragraph, line or cell. */
  where: z.string(),
  context: z.string(),
});
export type LeakHit = z.infer<typeof LeakHit>;

/** What the leak check of an export found: nothing (else the export was stopped). */
export const ExportCheck = z.object({
  audience: AudienceKind,
  hideCases: z.boolean(),
  /** Register entries (terms and real names) the output was checked for. */
  terms: z.number().int(),
  /** Replacements made on the way out. */
  replaced: z.number().int(),
  unreadable: z.array(UnreadableQuote),
});

/** A file made for an audience, as the workbench downloads it, with the check it passed. */
export const CheckedExport = z.object({
  filename: z.string(),
  mime: z.string(),
  base64: z.string(),
  /** The leak check it passed (null: made for the team, not checked). */
  check: ExportCheck.nullable(),
});

export type ExportCheck = z.infer<typeof ExportCheck>;

/** The `details` of a 'leak_found' error: the hits, and quotes worth a look. */
export const LeakDetails = z.object({
  audience: AudienceKind,
  hits: z.array(LeakHit),
  unreadable: z.array(UnreadableQuote),
});
export type LeakDetails = z.infer<typeof LeakDetails>;

const TermInput = {
  kind: TermKind,
  term: Term,
  replacement: Replacement,
  variants: Variants,
};

export const confidentialityContract = defineMethods({
  'names.list': {
    description:
      "The register: every identifying term with its replacement and variants, and each respondent's recorded real name (replaced by the pseudonym; the name itself only with revealRealNames, which only the command line may ask: the workbench is refused).",
    input: z.object({ revealRealNames: z.boolean().default(false) }),
    output: z.object({ entries: z.array(RegisterEntry), dismissed: z.number().int() }),
  },
  'names.add': {
    description:
      'Adds an identifying term with its replacement and variants (origin: typed by the team, a confirmed candidate, or an import).',
    input: z.object({
      ...TermInput,
      variants: Variants.default([]),
      origin: z.enum(['team', 'candidate', 'import']).default('team'),
    }),
    output: RegisterEntry,
  },
  'names.update': {
    description: "Changes a term's kind, text, replacement or variants.",
    input: z.object({
      id: Id,
      kind: TermKind.optional(),
      term: Term.optional(),
      replacement: Replacement.optional(),
      variants: Variants.optional(),
    }),
    output: RegisterEntry,
  },
  'names.remove': {
    description: 'Removes a term from the register (a snapshot is taken first).',
    input: z.object({ id: Id }),
    output: z.object({ removed: z.boolean() }),
  },
  'names.occurrences': {
    description:
      'Where the register occurs in the sources: a count per entry, and with id the places of one entry.',
    input: z.object({
      id: z.string().optional(),
      limit: z.number().int().min(1).max(2000).default(200),
    }),
    output: z.object({
      counts: z.array(
        z.object({ entryId: z.string(), count: z.number().int(), sources: z.number().int() }),
      ),
      places: z.array(Occurrence),
    }),
  },
  'names.candidates': {
    description:
      'Likely identifying terms in the sources that the register does not hold and the team has not dismissed: names after a title, e-mail addresses, phone numbers, other proper nouns.',
    input: z.object({
      kinds: z.array(CandidateKind).optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    output: z.object({
      sources: z.number().int(),
      total: z.number().int(),
      candidates: z.array(Candidate),
    }),
  },
  'names.dismiss': {
    description: 'Dismisses a candidate: it is not identifying, and scans no longer offer it.',
    input: z.object({ text: Term, kind: CandidateKind }),
    output: Dismissal,
  },
  'names.dismissed': {
    description: 'The candidates the team dismissed.',
    input: z.object({}),
    output: z.array(Dismissal),
  },
  'names.undismiss': {
    description: 'Takes a dismissal back: the candidate is offered again.',
    input: z.object({ id: Id }),
    output: z.object({ removed: z.boolean() }),
  },
  'confidentiality.apply': {
    description:
      "Project text as an audience may read it (what the command line prints): each text with the register applied (real names become pseudonyms), for the public dates to the month and case names hidden if asked; then checked, a term left stops it ('leak_found'). For the team the texts come back as they are.",
    input: z.object({
      texts: z.array(z.string()).max(500_000),
      audience: AudienceInput,
      lang: z.enum(['nl', 'en']).default('nl'),
    }),
    output: z.object({ texts: z.array(z.string()), check: ExportCheck.nullable() }),
  },
  'confidentiality.leakCheck': {
    description:
      'Scans a file (docx, xlsx, html, csv, svg, json, txt, qdpx or zip) for every register term: the hits, described without the terms.',
    input: z
      .object({
        filePath: filePath('read').optional(),
        data: z
          .string()
          .max(110 * 1024 * 1024)
          .optional(),
        fileName: z.string().min(1).max(255).optional(),
        /** Also look for the case names (a public output with hidden cases). */
        hideCases: z.boolean().default(false),
      })
      .refine((v) => (v.filePath === undefined) !== (v.data === undefined), {
        message: 'give either filePath or data (base64), not both',
      })
      .refine((v) => v.filePath !== undefined || v.fileName !== undefined, {
        message: 'fileName is required with data',
      }),
    output: z.object({
      file: z.string(),
      /** The parts of the file that were read (entries of an archive, or the file itself). */
      parts: z.array(z.string()),
      terms: z.number().int(),
      hits: z.array(LeakHit),
    }),
  },
});
