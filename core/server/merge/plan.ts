import { createHash } from 'node:crypto';
import type { Reader } from '../../../db/access.js';
import { caseRows } from '../../../db/repo/cases.js';
import { entityVersions } from '../../../db/repo/changelog.js';
import { listCoders } from '../../../db/repo/coders.js';
import { codeRows } from '../../../db/repo/codes.js';
import type { NewCoding } from '../../../db/repo/codings.js';
import { allMemos } from '../../../db/repo/memos.js';
import {
  changedSince,
  codingIds,
  codingIdsOfSource,
  codingsByIds,
  countCodings,
  existingCodingIds,
  hasCodingAt,
  hasLogGroup,
  lastLogGroup,
  listMerges,
  segmentSpans,
  segmentsByIds,
} from '../../../db/repo/merges.js';
import { projectRow } from '../../../db/repo/project.js';
import { listRespondents } from '../../../db/repo/respondents.js';
import { segmentWithRange, type NewSegment } from '../../../db/repo/segments.js';
import { sourceRows } from '../../../db/repo/sources.js';
import { synthesisCells } from '../../../db/repo/syntheses.js';
import type {
  CaseRow,
  CodeRow,
  CoderRow,
  CodingRow,
  MemoRow,
  RespondentRow,
  SegmentRow,
  SourceRow,
  SynthesisCellRow,
  Table,
} from '../../../db/tables.js';
import type { MergeConflict, MergeCounts } from '../../shared/contract/merge.js';
import { coordinateKey, type Coordinate } from '../../shared/contract/synthesis.js';
import { CasusError } from '../../shared/errors.js';
import { treeOrder } from '../agreement/selection.js';
import { newId } from '../domain/ids.js';
import { parseRefs } from '../matrix/synthesis.js';

/**
 * What merging another copy would do, worked out without writing: every row of theirs is matched
 * to one of ours (by UUID; sources then by their text's hash; codes by key, then label; coders by
 * name; codings of the same coder, code and range are one) or planned as new. A row both copies
 * changed differently since they shared it is a conflict, resolved by choice, never silently.
 *
 * "Since they shared it": the newest version of the row in their change log whose group is in
 * ours too (the history both copies have), or what the last merge of this same copy saw of it.
 */

export interface PlanOptions {
  resolutions: Readonly<Record<string, string>>;
  prefer?: 'ours' | 'theirs' | undefined;
}

interface Update<R> {
  before: R;
  patch: Partial<R>;
}

export interface PlannedConflict extends MergeConflict {
  /** The choice that settles it, or null while it is open. */
  choice: string | null;
}

export interface MergePlan {
  other: { uuid: string; name: string; tail: string };
  sameProject: boolean;
  coders: CoderRow[];
  cases: CaseRow[];
  respondents: RespondentRow[];
  /** Their source rows, mapped to our ids; the content is read from their copy when applied. */
  sources: { row: SourceRow; theirId: string }[];
  deleteSources: SourceRow[];
  codes: CodeRow[];
  codeUpdates: Update<CodeRow>[];
  /** New segments without a seq: this project gives them its own (theirs may be taken here). */
  segments: NewSegment[];
  segmentUpdates: Update<SegmentRow>[];
  /** New codings; their segment_seq is looked up when inserted, after their segments. */
  codings: NewCoding[];
  memos: MemoRow[];
  memoUpdates: Update<MemoRow>[];
  syntheses: SynthesisCellRow[];
  synthesisUpdates: Update<SynthesisCellRow>[];
  conflicts: PlannedConflict[];
  /** "table:our id" → hash of their version, for rows whose versions differed. */
  seen: Record<string, string>;
  counts: MergeCounts;
  byCoder: Map<string | null, number>;
}

const hash = (v: unknown) =>
  createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 24);
const pick = <R extends object>(row: R, fields: readonly (keyof R)[]) =>
  fields.map((f) => row[f] ?? null);

const CHOICES: Record<MergeConflict['kind'], [string, string]> = {
  code: ['ours', 'theirs'],
  synthesis: ['ours', 'theirs'],
  memo: ['ours', 'theirs'],
  segment: ['ours', 'theirs'],
  'source-deleted-here': ['skip', 'restore'],
  'source-deleted-there': ['keep', 'delete'],
};

const emptyCounts = (): MergeCounts => ({
  coders: { added: 0, matched: 0 },
  cases: { added: 0, matched: 0 },
  respondents: { added: 0, matched: 0 },
  sources: { added: 0, matchedById: 0, matchedByText: 0, keptDeleted: 0, deleted: 0 },
  codes: { added: 0, matched: 0, updated: 0 },
  segments: { added: 0, updated: 0 },
  codings: { added: 0, matched: 0, keptDeleted: 0 },
  memos: { added: 0, updated: 0 },
  syntheses: { added: 0, updated: 0 },
});

const lower = (s: string) => s.trim().toLowerCase();
const short = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function planMerge(ours: Reader, theirs: Reader, opts: PlanOptions): MergePlan {
  const us = projectRow(ours);
  const them = projectRow(theirs);
  const plan: MergePlan = {
    other: { uuid: them.uuid, name: them.name, tail: lastLogGroup(theirs) },
    sameProject: us.uuid === them.uuid,
    coders: [],
    cases: [],
    respondents: [],
    sources: [],
    deleteSources: [],
    codes: [],
    codeUpdates: [],
    segments: [],
    segmentUpdates: [],
    codings: [],
    memos: [],
    memoUpdates: [],
    syntheses: [],
    synthesisUpdates: [],
    conflicts: [],
    seen: {},
    counts: emptyCounts(),
    byCoder: new Map(),
  };
  const counts = plan.counts;

  // What earlier merges of this same copy saw (its log still holds their last group), newest last.
  const seenBefore: Record<string, string> = {};
  for (const m of listMerges(ours))
    if (m.other_uuid === them.uuid && m.other_tail && hasLogGroup(theirs, m.other_tail))
      Object.assign(seenBefore, JSON.parse(m.seen) as Record<string, string>);

  /**
   * Deleted in a copy: its change log's newest entry for the row removed it. A row that left with
   * the undo of a merge came from that merge: for a later merge it was never here.
   */
  const deletedIn = (r: Reader, table: Table, id: string) => {
    const last = entityVersions(r, table, id)[0];
    return last !== undefined && last.after === null && last.action !== 'merge.undo';
  };
  /** The row as both copies last had it: a version in their log from a group ours holds too. */
  const sharedBase = (
    table: Table,
    theirId: string,
  ): Record<string, unknown> | null | undefined => {
    for (const v of entityVersions(theirs, table, theirId))
      if (hasLogGroup(ours, v.group_id))
        return v.after === null ? null : (JSON.parse(v.after) as Record<string, unknown>);
    return undefined;
  };

  const conflict = (c: Omit<MergeConflict, 'choices'>): string | null => {
    const choices = CHOICES[c.kind];
    const given = opts.resolutions[c.id];
    if (given !== undefined && !choices.includes(given))
      throw new CasusError(
        'invalid_input',
        `"${given}" is not a choice for conflict ${c.id} (${c.what}): choose ${choices.join(' or ')}`,
      );
    const choice =
      given ?? (opts.prefer ? (opts.prefer === 'ours' ? choices[0] : choices[1]) : null);
    plan.conflicts.push({ ...c, choices: [...choices], choice });
    return choice;
  };

  /**
   * Three-way decision on a row both copies have: 'same', take 'theirs', keep 'ours', or ask.
   * Returns the outcome after any choice; null while a conflict is open.
   */
  const decide = <R extends object>(
    table: Table,
    ourRow: R & { id: string },
    theirRow: R,
    theirId: string | null,
    fields: readonly (keyof R)[],
    ask: Omit<MergeConflict, 'choices' | 'id'>,
  ): 'same' | 'ours' | 'theirs' | null => {
    const o = hash(pick(ourRow, fields));
    const t = hash(pick(theirRow, fields));
    if (o === t) return 'same';
    const key = `${table}:${ourRow.id}`;
    plan.seen[key] = t;
    let base: string | undefined = seenBefore[key];
    if (base === undefined && theirId !== null) {
      const shared = sharedBase(table, theirId);
      if (shared) base = hash(pick(shared as R, fields));
    }
    if (base === o) return 'theirs';
    if (base === t) return 'ours';
    const choice = conflict({ ...ask, id: key });
    return choice === null ? null : choice === 'theirs' ? 'theirs' : 'ours';
  };

  // --- Coders, cases, respondents --------------------------------------------------------
  const ourCoders = listCoders(ours);
  const coderMap = new Map<string, string>();
  for (const c of listCoders(theirs)) {
    const hit =
      ourCoders.find((x) => x.id === c.id) ??
      ourCoders.find((x) => lower(x.name) === lower(c.name));
    if (hit) {
      coderMap.set(c.id, hit.id);
      counts.coders.matched++;
    } else {
      plan.coders.push(c);
      coderMap.set(c.id, c.id);
      counts.coders.added++;
    }
  }
  const coder = (id: string | null) => (id === null ? null : (coderMap.get(id) ?? null));

  const ourCases = caseRows(ours);
  const caseMap = new Map<string, string>();
  for (const c of caseRows(theirs)) {
    const hit = ourCases.find((x) => x.id === c.id) ?? ourCases.find((x) => x.key === c.key);
    if (hit) {
      caseMap.set(c.id, hit.id);
      counts.cases.matched++;
    } else {
      plan.cases.push({ ...c, sort: ourCases.length + plan.cases.length });
      caseMap.set(c.id, c.id);
      counts.cases.added++;
    }
  }
  const caseOf = (id: string | null) => (id === null ? null : (caseMap.get(id) ?? null));

  const ourRespondents = listRespondents(ours);
  const respondentMap = new Map<string, string>();
  for (const x of listRespondents(theirs)) {
    const hit =
      ourRespondents.find((y) => y.id === x.id) ??
      ourRespondents.find((y) => lower(y.pseudonym) === lower(x.pseudonym));
    if (hit) {
      respondentMap.set(x.id, hit.id);
      counts.respondents.matched++;
    } else {
      // The real name stays with the copy it was recorded in: it is never copied.
      plan.respondents.push({ ...x, case_id: caseOf(x.case_id), real_name: null });
      respondentMap.set(x.id, x.id);
      counts.respondents.added++;
    }
  }

  // --- Sources: by id, then by the hash of their text -----------------------------------
  const ourSources = sourceRows(ours);
  const ourById = new Map(ourSources.map((s) => [s.id, s]));
  const ourByText = new Map<string, SourceRow>();
  for (const s of ourSources) if (!ourByText.has(s.text_sha256)) ourByText.set(s.text_sha256, s);
  const theirSources = sourceRows(theirs);
  const sourceMap = new Map<string, string>();
  const added: SourceRow[] = [];
  /** Sources deleted here that come back by choice: with their codings and memos. */
  const restored = new Set<string>();
  for (const s of theirSources) {
    const same = ourById.get(s.id);
    if (same) {
      if (same.text_sha256 !== s.text_sha256)
        throw new CasusError(
          'conflict',
          `The source "${s.title}" has the same id but a different text in the two copies: they are not copies of one source`,
        );
      sourceMap.set(s.id, s.id);
      counts.sources.matchedById++;
      continue;
    }
    const byText = ourByText.get(s.text_sha256);
    if (byText) {
      sourceMap.set(s.id, byText.id);
      counts.sources.matchedByText++;
      continue;
    }
    if (deletedIn(ours, 'sources', s.id)) {
      const key = `source-deleted-here:${s.id}`;
      const choice =
        seenBefore[key] ??
        conflict({
          id: key,
          kind: 'source-deleted-here',
          what: s.title,
          ours: 'deleted in this copy',
          theirs: 'still in the other copy',
        });
      if (choice === 'restore') {
        added.push(s);
        restored.add(s.id);
        sourceMap.set(s.id, s.id);
      } else if (choice === 'skip') {
        plan.seen[key] = 'skip';
        counts.sources.keptDeleted++;
      }
      continue;
    }
    added.push(s);
    sourceMap.set(s.id, s.id);
  }
  for (const s of added) {
    plan.sources.push({
      theirId: s.id,
      row: {
        ...s,
        case_id: caseOf(s.case_id),
        respondent_id: s.respondent_id ? (respondentMap.get(s.respondent_id) ?? null) : null,
        previous_version_id: s.previous_version_id
          ? (sourceMap.get(s.previous_version_id) ?? null)
          : null,
        created_by: coder(s.created_by),
      },
    });
    counts.sources.added++;
  }
  const theirIds = new Set(theirSources.map((s) => s.id));
  const matchedOurs = new Set(sourceMap.values());
  for (const s of ourSources) {
    if (theirIds.has(s.id) || matchedOurs.has(s.id) || !deletedIn(theirs, 'sources', s.id))
      continue;
    const key = `source-deleted-there:${s.id}`;
    const choice =
      seenBefore[key] ??
      conflict({
        id: key,
        kind: 'source-deleted-there',
        what: s.title,
        ours: 'still in this copy',
        theirs: 'deleted in the other copy',
      });
    if (choice === 'delete') {
      plan.deleteSources.push(s);
      counts.sources.deleted++;
    } else if (choice === 'keep') plan.seen[key] = 'keep';
  }

  // --- Codes: by id, then key, then label (same dimension) -------------------------------
  const ourCodes = codeRows(ours);
  const codeMap = new Map<string, string>();
  const CODE_FIELDS = [
    'label_nl',
    'label_en',
    'description_nl',
    'description_en',
    'color',
  ] as const;
  for (const c of treeOrder(codeRows(theirs))) {
    const byLabel = ourCodes.filter(
      (x) => x.dimension === c.dimension && lower(x.label_nl) === lower(c.label_nl),
    );
    const hit =
      ourCodes.find((x) => x.id === c.id) ??
      (c.key ? ourCodes.find((x) => x.key === c.key) : undefined) ??
      (byLabel.length === 1 ? byLabel[0] : undefined);
    if (hit) {
      codeMap.set(c.id, hit.id);
      counts.codes.matched++;
      const outcome = decide('codes', hit, c, hit.id === c.id ? c.id : null, CODE_FIELDS, {
        kind: 'code',
        what: `${hit.label_nl} / ${hit.label_en}`,
        ours: `${hit.label_nl} / ${hit.label_en}`,
        theirs: `${c.label_nl} / ${c.label_en}`,
      });
      if (outcome === 'theirs') {
        plan.codeUpdates.push({
          before: hit,
          patch: Object.fromEntries(CODE_FIELDS.map((f) => [f, c[f]])) as Partial<CodeRow>,
        });
        counts.codes.updated++;
      }
      continue;
    }
    // A code deleted here stays deleted; so do their codings with it.
    if (deletedIn(ours, 'codes', c.id)) continue;
    const parent = c.parent_id ? codeMap.get(c.parent_id) : null;
    if (c.parent_id && !parent) continue;
    plan.codes.push({ ...c, parent_id: parent ?? null });
    codeMap.set(c.id, c.id);
    counts.codes.added++;
  }

  // --- Segments and codings: the same coder's code on the same range is one coding ------
  // A copy of this project is read from what its change log changed since the history both
  // share; otherwise every coding is compared by id (ids read from indexes). Rows are read only
  // for what is not here already.
  const delta = plan.sameProject ? changedSince(theirs, (g) => hasLogGroup(ours, g)) : null;
  const touched = (table: string): string[] =>
    delta
      ? [...delta].filter((k) => k.startsWith(`${table}:`)).map((k) => k.slice(table.length + 1))
      : [];
  let newCodings: CodingRow[];
  if (delta) {
    // A source restored by choice comes back with all its codings, changed since or not.
    const candidates = [
      ...touched('codings'),
      ...[...restored].flatMap((id) => codingIdsOfSource(theirs, id)),
    ];
    const here = new Set(existingCodingIds(ours, candidates));
    newCodings = codingsByIds(theirs, candidates).filter((k) => !here.has(k.id));
    counts.codings.matched += countCodings(theirs) - newCodings.length;
  } else {
    const ourCodingIds = new Set(codingIds(ours));
    const theirCodingIds = codingIds(theirs);
    newCodings = codingsByIds(
      theirs,
      theirCodingIds.filter((id) => !ourCodingIds.has(id)),
    );
    counts.codings.matched += theirCodingIds.length - newCodings.length;
  }
  const theirSegById = new Map(
    segmentsByIds(theirs, [...new Set(newCodings.map((k) => k.segment_id))]).map((g) => [g.id, g]),
  );
  type Span = { source: string; start: number; end: number };
  const spanMap = (list: Iterable<readonly [string, string, number, number]>) => {
    const m = new Map<string, Span>();
    for (const [id, source, start, end] of list) m.set(id, { source, start, end });
    return m;
  };
  const asSpans = (rows: SegmentRow[]) =>
    rows.map((g) => [g.id, g.source_id, g.start, g.end] as const);
  const segmentIds = delta ? [...new Set([...touched('segments'), ...theirSegById.keys()])] : [];
  const ourSpans = spanMap(delta ? asSpans(segmentsByIds(ours, segmentIds)) : segmentSpans(ours));
  const theirSpans = delta ? asSpans(segmentsByIds(theirs, segmentIds)) : segmentSpans(theirs);
  const segmentMap = new Map<string, string>();
  const changed: string[] = [];
  for (const [id, source, start, end] of theirSpans) {
    const mine = ourSpans.get(id);
    if (!mine || mine.source !== sourceMap.get(source)) continue;
    segmentMap.set(id, id);
    if (mine.start !== start || mine.end !== end) changed.push(id);
  }
  if (changed.length > 0) {
    const theirRows = new Map(segmentsByIds(theirs, changed).map((g) => [g.id, g]));
    for (const mine of segmentsByIds(ours, changed)) {
      const g = theirRows.get(mine.id);
      if (!g) continue;
      const outcome = decide('segments', mine, g, g.id, ['start', 'end'] as const, {
        kind: 'segment',
        what: short(mine.text, 80),
        ours: `${mine.start}–${mine.end}: ${short(mine.text, 80)}`,
        theirs: `${g.start}–${g.end}: ${short(g.text, 80)}`,
      });
      if (outcome === 'theirs') {
        plan.segmentUpdates.push({
          before: mine,
          patch: { start: g.start, end: g.end, text: g.text },
        });
        ourSpans.set(mine.id, { source: mine.source_id, start: g.start, end: g.end });
        counts.segments.updated++;
      }
    }
  }

  const segKey = (source: string, start: number, end: number, by: string | null) =>
    `${source}:${start}:${end}:${by}`;
  const planned = new Map<string, NewSegment>();
  const plannedById = new Map<string, NewSegment>();
  /** Their segment's counterpart here: the same id, this copy's segment of the same coder and range, or none. */
  const counterpart = (g: SegmentRow, source: string): string | undefined =>
    segmentMap.get(g.id) ??
    planned.get(segKey(source, g.start, g.end, coder(g.created_by)))?.id ??
    segmentWithRange(ours, {
      sourceId: source,
      start: g.start,
      end: g.end,
      coderId: coder(g.created_by),
    })?.id;
  const segmentFor = (g: SegmentRow, source: string): string => {
    const known = counterpart(g, source);
    if (known) {
      segmentMap.set(g.id, known);
      return known;
    }
    const id = ourSpans.has(g.id) || deletedIn(ours, 'segments', g.id) ? newId() : g.id;
    const row: NewSegment = {
      id,
      source_id: source,
      start: g.start,
      end: g.end,
      text: g.text,
      created_by: coder(g.created_by),
      created_at: g.created_at,
    };
    planned.set(segKey(source, g.start, g.end, row.created_by), row);
    plannedById.set(id, row);
    plan.segments.push(row);
    counts.segments.added++;
    segmentMap.set(g.id, id);
    return id;
  };
  const plannedKeys = new Set<string>();
  for (const k of newCodings) {
    const g = theirSegById.get(k.segment_id);
    const source = g ? sourceMap.get(g.source_id) : undefined;
    if (!g || !source) continue;
    const code = codeMap.get(k.code_id);
    const by = coder(k.coder_id);
    if (!code) {
      counts.codings.keptDeleted++;
      continue;
    }
    const mine = segmentMap.has(g.id) ? ourSpans.get(segmentMap.get(g.id) as string) : undefined;
    const at = { sourceId: source, start: mine?.start ?? g.start, end: mine?.end ?? g.end };
    const key = `${at.sourceId}:${at.start}:${at.end}:${by}:${code}`;
    if (plannedKeys.has(key) || hasCodingAt(ours, { ...at, coderId: by, codeId: code })) {
      counts.codings.matched++;
      continue;
    }
    if (!restored.has(g.source_id) && deletedIn(ours, 'codings', k.id)) {
      counts.codings.keptDeleted++;
      continue;
    }
    plan.codings.push({
      id: k.id,
      segment_id: segmentFor(g, source),
      code_id: code,
      coder_id: by,
      created_at: k.created_at,
    });
    plannedKeys.add(key);
    counts.codings.added++;
    plan.byCoder.set(by, (plan.byCoder.get(by) ?? 0) + 1);
  }
  /** Their segment id → ours, for memos and citations (looked up when first needed). */
  const mapSegment = (theirId: string): string | undefined => {
    const known = segmentMap.get(theirId);
    if (known) return known;
    const g = segmentsByIds(theirs, [theirId])[0];
    const source = g ? sourceMap.get(g.source_id) : undefined;
    const found = g && source ? counterpart(g, source) : undefined;
    if (found) segmentMap.set(theirId, found);
    return found;
  };

  // Names people recognise in the preview: labels, titles, quotes (not ids).
  const codeNames = new Map(ourCodes.map((c) => [c.id, c.label_nl]));
  const caseNames = new Map(ourCases.map((c) => [c.id, c.label_nl]));
  const sourceNames = new Map(ourSources.map((x) => [x.id, x.title]));
  const nameOfCoordinate = (key: string): string =>
    Object.entries(JSON.parse(key) as Record<string, string>)
      .map(([dim, v]) => (dim === 'case' ? caseNames.get(v) : codeNames.get(v)) ?? v)
      .join(' × ');
  const nameOfTarget = (type: MemoRow['target_type'], id: string): string =>
    type === 'project'
      ? them.name
      : type === 'case'
        ? (caseNames.get(id) ?? id)
        : type === 'source'
          ? (sourceNames.get(id) ?? id)
          : type === 'code'
            ? (codeNames.get(id) ?? id)
            : type === 'cell'
              ? nameOfCoordinate(id)
              : short(segmentsByIds(ours, [id])[0]?.text ?? id, 60);

  // --- Memos: by id, else the memo of the same target ------------------------------------
  const mapCoordinate = (json: string): string | null => {
    const c = JSON.parse(json) as Coordinate;
    const out: Coordinate = {};
    for (const [dim, v] of Object.entries(c) as [keyof Coordinate, string][]) {
      const mapped =
        dim === 'case'
          ? caseMap.get(v)
          : dim === 'sourceType' || dim === 'role'
            ? v
            : codeMap.get(v);
      if (!mapped) return null;
      out[dim] = mapped;
    }
    return coordinateKey(out);
  };
  const targetOf = (m: MemoRow): string | null | undefined => {
    switch (m.target_type) {
      case 'project':
        return m.target_id;
      case 'case':
        return caseMap.get(m.target_id);
      case 'source':
        return sourceMap.get(m.target_id);
      case 'code':
        return codeMap.get(m.target_id);
      case 'segment':
        return mapSegment(m.target_id);
      case 'cell':
        return mapCoordinate(m.target_id);
    }
  };
  const ourMemos = allMemos(ours);
  const MEMO_FIELDS = ['title', 'body', 'body_text'] as const;
  for (const m of allMemos(theirs)) {
    const target = targetOf(m);
    if (!target) continue;
    const hit =
      ourMemos.find((x) => x.id === m.id) ??
      ourMemos.find((x) => x.target_type === m.target_type && x.target_id === target);
    if (hit) {
      const outcome = decide('memos', hit, m, hit.id === m.id ? m.id : null, MEMO_FIELDS, {
        kind: 'memo',
        what: nameOfTarget(hit.target_type, hit.target_id),
        ours: short(hit.body_text),
        theirs: short(m.body_text),
      });
      if (outcome === 'theirs') {
        plan.memoUpdates.push({
          before: hit,
          patch: { title: m.title, body: m.body, body_text: m.body_text, updated_at: m.updated_at },
        });
        counts.memos.updated++;
      }
      continue;
    }
    const onRestored =
      (m.target_type === 'source' && restored.has(m.target_id)) ||
      (m.target_type === 'segment' &&
        restored.has(segmentsByIds(theirs, [m.target_id])[0]?.source_id ?? ''));
    if (!onRestored && deletedIn(ours, 'memos', m.id)) continue;
    plan.memos.push({ ...m, target_id: target, author_id: coder(m.author_id) });
    counts.memos.added++;
  }

  // --- Syntheses: by id, else the cell of the same coordinate ----------------------------
  const ourCells = synthesisCells(ours);
  const SYNTHESIS_FIELDS = ['body', 'body_text', 'status', 'refs'] as const;
  for (const c of synthesisCells(theirs)) {
    const coordinate = mapCoordinate(c.coordinate);
    if (!coordinate) continue;
    const refs = JSON.stringify(
      parseRefs(c.refs).map((ref) => ({
        ...ref,
        segmentId: mapSegment(ref.segmentId) ?? ref.segmentId,
        sourceId: sourceMap.get(ref.sourceId) ?? ref.sourceId,
      })),
    );
    const mapped: SynthesisCellRow = {
      ...c,
      coordinate,
      refs,
      status_by: coder(c.status_by),
      updated_by: coder(c.updated_by),
    };
    const hit =
      ourCells.find((x) => x.id === c.id) ?? ourCells.find((x) => x.coordinate === coordinate);
    if (hit) {
      const outcome = decide(
        'synthesis_cells',
        hit,
        mapped,
        hit.id === c.id ? c.id : null,
        SYNTHESIS_FIELDS,
        {
          kind: 'synthesis',
          what: nameOfCoordinate(coordinate),
          ours: short(hit.body_text),
          theirs: short(c.body_text),
        },
      );
      if (outcome === 'theirs') {
        plan.synthesisUpdates.push({
          before: hit,
          patch: {
            body: mapped.body,
            body_text: mapped.body_text,
            status: mapped.status,
            status_by: mapped.status_by,
            status_at: mapped.status_at,
            refs: mapped.refs,
            updated_by: mapped.updated_by,
            updated_at: mapped.updated_at,
          },
        });
        counts.syntheses.updated++;
      }
      continue;
    }
    if (deletedIn(ours, 'synthesis_cells', c.id)) continue;
    plan.syntheses.push(mapped);
    counts.syntheses.added++;
  }
  return plan;
}

/**
 * Whether applying the plan would change anything: rows to add, change or delete, or conflicts
 * whose choices must be recorded so the next merge of this copy does not ask again.
 */
export function planChanges(plan: MergePlan): boolean {
  return (
    plan.conflicts.length +
      plan.coders.length +
      plan.cases.length +
      plan.respondents.length +
      plan.sources.length +
      plan.deleteSources.length +
      plan.codes.length +
      plan.codeUpdates.length +
      plan.segments.length +
      plan.segmentUpdates.length +
      plan.codings.length +
      plan.memos.length +
      plan.memoUpdates.length +
      plan.syntheses.length +
      plan.synthesisUpdates.length >
    0
  );
}
