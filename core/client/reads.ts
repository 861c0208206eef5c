import type { Method } from '../shared/contract/index.js';

/**
 * The tables of a project as a successful write names them in its envelope's `changed`
 * (db/tables.ts; a unit test keeps the two lists equal). `'*'` there means everything.
 */
export const TABLES = [
  'project',
  'coders',
  'vocabulary',
  'attributes',
  'cases',
  'case_attribute_values',
  'respondents',
  'sources',
  'codes',
  'segments',
  'codings',
  'memos',
  'matrix_definitions',
  'synthesis_cells',
  'report_versions',
  'validation_rounds',
  'validation_answers',
  'validation_corrections',
  'reconciliations',
  'merges',
  'comments',
  'segment_reviews',
  'review_sessions',
  'review_participants',
  'review_items',
  'review_snapshots',
  'review_remarks',
  'review_followups',
  'register_terms',
  'register_dismissals',
  'source_media',
] as const;
export type Table = (typeof TABLES)[number];

/** What an export for an audience other than the team applies: the register, case names. */
const REGISTER: readonly Table[] = ['register_terms', 'respondents', 'cases'];

/** What a case report shows: the case, its sources and respondents, its syntheses and evidence. */
const REPORT: readonly Table[] = [
  'project',
  'cases',
  'attributes',
  'case_attribute_values',
  'sources',
  'respondents',
  'vocabulary',
  'codes',
  'segments',
  'codings',
  'coders',
  'synthesis_cells',
  'report_versions',
];

/** The activity log describes each change by the names of what it touched. */
const ACTIVITY: readonly Dependency[] = [
  'log',
  'coders',
  'codes',
  'sources',
  'segments',
  'respondents',
  'cases',
  'vocabulary',
  'synthesis_cells',
];
/** A comment thread names where it belongs. */
const COMMENTS: readonly Table[] = [
  'comments',
  'coders',
  'codes',
  'segments',
  'codings',
  'sources',
  'respondents',
  'cases',
  'vocabulary',
];

/**
 * What an answer depends on: tables, and two things that are not tables:
 * - `session`: the session's coder, which `session.setCoder` changes without writing a table;
 * - `log`: the change log, which every write appends to;
 * - `snapshots`: the project's snapshot folder, which `snapshots.take` adds to (the writes that
 *   take one before they act also write tables, so they change `log`).
 */
export type Dependency = Table | 'session' | 'log' | 'snapshots';

/** A method that changes data; what it changed comes back in the envelope. */
export const WRITE = 'write';

const ALL_TABLES: readonly Table[] = TABLES;
/** What a segment listing shows: the segment, its codes, source, case, respondent, coder. */
const RETRIEVAL: readonly Table[] = [
  'segments',
  'codings',
  'codes',
  'sources',
  'cases',
  'respondents',
  'coders',
];
/** What the matrix engine reads for a grid or a cell. */
const MATRIX: readonly Table[] = [...RETRIEVAL, 'vocabulary'];
/** A synthesis cell names its coders and shows its cited segments as they are now. */
const SYNTHESIS: readonly Table[] = [
  'synthesis_cells',
  'segments',
  'sources',
  'respondents',
  'cases',
  'codes',
  'coders',
  'vocabulary',
];

/** What agreement is computed from: codings and their segments, codes, coders, sources, cases. */
const AGREEMENT: readonly Table[] = [
  'segments',
  'codings',
  'codes',
  'coders',
  'sources',
  'cases',
  'reconciliations',
];
const AGREEMENT_READS = {
  'agreement.compute': AGREEMENT,
  'agreement.disagreements': AGREEMENT,
  'agreement.reconcile': WRITE,
  'agreement.export': AGREEMENT,
  // A merge may add or change nearly anything; a preview reads this project and the other file.
  'merge.preview': ALL_TABLES,
  'merge.apply': WRITE,
  'merge.list': ['merges', 'coders'],
  'merge.undo': WRITE,
} as const;
/** A session's agenda and people, with the cases participants represent and focus labels. */
const REVIEW_SESSION: readonly Table[] = [
  'review_sessions',
  'review_participants',
  'review_items',
  'review_snapshots',
  'review_remarks',
  'review_followups',
  'cases',
  'codes',
  'vocabulary',
  'coders',
];
/** A follow-up names its remark, session, speaker, cell and the synthesis version that settled it. */
const FOLLOW_UPS: readonly Table[] = [...REVIEW_SESSION, 'synthesis_cells'];

/**
 * For every method of the contract: the tables (and other dependencies) its answer is read
 * from, or WRITE. A cached answer is read again when a write changes one of them. The type
 * makes a new method a compile error until it is placed here; a unit test checks it too.
 * Too many tables costs a re-read; too few shows stale data, so when in doubt, name it.
 */
export const METHOD_READS: { readonly [K in Method]: readonly Dependency[] | typeof WRITE } = {
  'session.get': ['project', 'coders', 'session'],
  'session.setCoder': WRITE,
  'project.info': [
    'project',
    'cases',
    'sources',
    'codes',
    'segments',
    'codings',
    'memos',
    'respondents',
    'coders',
  ],
  'project.open': WRITE,
  'project.create': WRITE,
  // The recent list, the templates and the projects folder change only with another project ('*').
  'project.recent': [],
  'project.templates': [],
  'projects.browse': [],
  'coders.list': ['coders'],
  'coders.create': WRITE,
  'vocabulary.list': ['vocabulary'],
  'cases.list': ['cases', 'sources', 'attributes', 'case_attribute_values'],
  'cases.create': WRITE,
  'respondents.list': ['respondents'],
  'sources.list': ['sources', 'cases', 'respondents', 'segments'],
  'sources.get': ['sources', 'cases', 'respondents', 'segments'],
  'codes.tree': ['codes', 'codings', 'segments'],
  'codes.create': WRITE,
  'codes.update': WRITE,
  'import.info': [],
  'import.file': WRITE,
  'import.updateSource': WRITE,
  'import.newVersion': WRITE,
  'coding.apply': WRITE,
  'coding.inVivo': WRITE,
  'coding.remove': WRITE,
  // Favourites live in the project's settings and name codes that still exist.
  'coding.favourites': ['project', 'codes'],
  'coding.setFavourite': WRITE,
  'segments.forSource': ['sources', 'segments', 'codings', 'coders', 'memos'],
  'segments.forCode': ['codes', 'segments', 'codings', 'coders', 'memos'],
  'segments.update': WRITE,
  'codes.merge': WRITE,
  'codes.move': WRITE,
  'codes.deletePreview': ['codes', 'codings', 'segments', 'memos'],
  'codes.delete': WRITE,
  'codes.split': WRITE,
  'memos.get': ['memos'],
  // Each memo with its target's name and its author's.
  'memos.list': ['memos', 'coders', 'sources', 'segments', 'codes', 'cases', 'project'],
  'memos.save': WRITE,
  // What this coder can undo in this session: every write may change it.
  'history.state': ['log', 'session'],
  'history.undo': WRITE,
  'history.redo': WRITE,
  'search.query': ['sources', 'respondents'],
  'search.autocode': WRITE,
  'search.palette': ['sources', 'cases', 'codes', 'respondents', 'memos'],
  'segments.query': [...RETRIEVAL, 'segment_reviews'],
  'segments.export': [...RETRIEVAL, 'segment_reviews', ...REGISTER],
  'segments.uncode': WRITE,
  'segments.recode': WRITE,
  'matrix.compute': MATRIX,
  'matrix.cell': MATRIX,
  'matrix.cellSegments': MATRIX,
  'matrix.definitions.list': ['matrix_definitions'],
  'matrix.definitions.save': WRITE,
  'matrix.definitions.delete': WRITE,
  'matrix.synthesis.list': SYNTHESIS,
  'matrix.synthesis.get': SYNTHESIS,
  // The view's cells come from the matrix, their syntheses from the cells' coordinates.
  'matrix.synthesis.forView': [...new Set([...MATRIX, ...SYNTHESIS])],
  'matrix.synthesis.save': WRITE,
  'matrix.synthesis.setStatus': WRITE,
  'matrix.synthesis.cite': WRITE,
  'matrix.synthesis.uncite': WRITE,
  'matrix.synthesis.history': ['synthesis_cells', 'coders'],
  'matrix.synthesis.restore': WRITE,
  'matrix.export': [...new Set<Table>([...MATRIX, 'synthesis_cells', ...REGISTER])],
  'refi.export': ALL_TABLES,
  'refi.importProject': WRITE,
  'refi.importCodebook': WRITE,
  // Progress of a running operation, not of the project: no table.
  'refi.progress': [],
  'refi.cancel': [],
  // A case report is built from nearly everything about its case.
  'report.build': REPORT,
  'report.versions': ['report_versions', 'validation_rounds', 'coders', 'cases'],
  'report.save': WRITE,
  'report.diff': [...REPORT, 'validation_rounds'],
  'report.export': [...new Set<Table>([...REPORT, 'validation_rounds', ...REGISTER])],
  'validation.createRound': WRITE,
  'validation.status': [
    ...SYNTHESIS,
    'report_versions',
    'validation_rounds',
    'validation_answers',
    'validation_corrections',
  ],
  'validation.answer': WRITE,
  'validation.correct': WRITE,
  'validation.resolve': WRITE,
  'validation.confirm': WRITE,
  'respondents.update': WRITE,
  ...AGREEMENT_READS,
  // Time travel swaps every answer (the envelope says '*').
  'history.travel': WRITE,
  'history.present': WRITE,
  'activity.list': ACTIVITY,
  'snapshots.list': ['log', 'snapshots'],
  'snapshots.preview': ['log', 'snapshots'],
  'snapshots.take': WRITE,
  'snapshots.restore': WRITE,
  'activity.export': [...new Set<Dependency>([...ACTIVITY, ...REGISTER])],
  'matrix.compare': [...MATRIX, 'log'],
  'comments.add': WRITE,
  'comments.list': COMMENTS,
  'comments.count': ['comments'],
  'comments.resolve': WRITE,
  'comments.inbox': COMMENTS,
  'segments.review': WRITE,
  // A segment panel's state reads only the reviews: coding a passage does not re-read it.
  'reviews.states': ['segment_reviews'],
  'reviews.summary': ['segment_reviews', 'codings', 'codes', 'coders'],
  'review.sessions.list': REVIEW_SESSION,
  'review.sessions.get': REVIEW_SESSION,
  'review.sessions.create': WRITE,
  'review.sessions.update': WRITE,
  'review.sessions.delete': WRITE,
  'review.participants.save': WRITE,
  'review.participants.remove': WRITE,
  'review.items.add': WRITE,
  'review.items.update': WRITE,
  'review.items.move': WRITE,
  'review.items.remove': WRITE,
  'review.present': WRITE,
  'review.stop': WRITE,
  // The screens follow the presenter through the host's event stream, not through this cache.
  'review.live': ['review_sessions', 'review_items', 'review_snapshots', 'review_remarks'],
  // Snapshots never change; a new one (refresh, first showing) is a new row.
  'review.snapshots.list': ['review_snapshots'],
  'review.snapshots.refresh': WRITE,
  'review.remarks.list': REVIEW_SESSION,
  'review.remarks.add': WRITE,
  'review.remarks.update': WRITE,
  'review.remarks.remove': WRITE,
  'review.followups.list': FOLLOW_UPS,
  // Badges: the view's cells come from the matrix, their follow-ups from the cells' coordinates.
  'review.followups.forView': [...new Set([...MATRIX, 'review_followups' as const])],
  'review.followups.setState': WRITE,
  // Made for an audience: the register applied (and the case names, hidden for the public).
  'review.minutes': [
    ...FOLLOW_UPS,
    'segments',
    'sources',
    'respondents',
    'register_terms',
    'cases',
  ],
  // Reads the file given, nothing of the project.
  'transcripts.inspect': [],
  'transcripts.import': WRITE,
  // Turns are written with their source and never change.
  'transcripts.turns': ['sources'],
  'transcripts.codeSpeaker': WRITE,
  'media.attach': WRITE,
  'media.detach': WRITE,
  'media.status': ['source_media', 'sources'],
  'media.locate': ['source_media', 'sources'],
  'names.list': ['register_terms', 'register_dismissals', 'respondents'],
  'names.add': WRITE,
  'names.update': WRITE,
  'names.remove': WRITE,
  'names.occurrences': ['register_terms', 'respondents', 'sources'],
  // Candidates leave out what the study names itself (cases, codes, vocabulary).
  'names.candidates': [
    'register_terms',
    'register_dismissals',
    'respondents',
    'sources',
    'project',
    'cases',
    'case_attribute_values',
    'attributes',
    'codes',
    'vocabulary',
  ],
  'names.dismiss': WRITE,
  'names.dismissed': ['register_dismissals'],
  'names.undismiss': WRITE,
  'confidentiality.leakCheck': ['register_terms', 'respondents', 'cases'],
  'confidentiality.apply': ['register_terms', 'respondents', 'cases'],
};

/** Changes a write makes besides tables, which its envelope cannot name. */
const ALSO_CHANGES: { readonly [K in Method]?: readonly Dependency[] } = {
  'session.setCoder': ['session'],
  // The first coder becomes the session's coder.
  'coders.create': ['session'],
  'snapshots.take': ['snapshots'],
};

/** What a successful call changed: its envelope's tables plus what only the client knows. */
export function changesOf(method: string, changed: readonly string[] | undefined): string[] {
  const also = (ALSO_CHANGES as Record<string, readonly Dependency[] | undefined>)[method] ?? [];
  return [...new Set([...(changed ?? []), ...also])];
}

/** What a method's answer depends on; null for a write (or a name the contract does not hold). */
export function readsOf(method: string): readonly Dependency[] | null {
  const reads = (METHOD_READS as Record<string, readonly Dependency[] | typeof WRITE | undefined>)[
    method
  ];
  return reads === undefined || reads === WRITE ? null : reads;
}

/** Whether an answer that depends on `reads` is out of date after `changed`. */
export function isAffected(reads: readonly Dependency[], changed: readonly string[]): boolean {
  if (changed.length === 0) return false;
  if (changed.includes('*')) return true;
  // Every write of a table appends to the change log; the session's coder is not written there.
  const logged = changed.some((c) => c !== 'session' && c !== 'snapshots');
  return reads.some((d) => (d === 'log' ? logged : changed.includes(d)));
}
