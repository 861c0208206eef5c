import type { Reader, Writer } from '../../../db/access.js';
import {
  currentRow,
  dependentRows,
  entityVersions,
  groupEntries,
  laterChange,
  recordReversal,
  restoreRow,
  readsCommitted,
  reversible,
  sessionGroups,
  type ActionGroup,
} from '../../../db/repo/changelog.js';
import { sourceRow } from '../../../db/repo/sources.js';
import type { Table } from '../../../db/tables.js';
import type { HistoryStep, MemoTargetType } from '../../shared/contract/coding.js';
import { CasusError } from '../../shared/errors.js';

/**
 * Undo and redo over the append-only change log. An undo is a new group that writes the inverse
 * of an earlier group, plus one marker entry (entity 'history', entity_id = the reversed group);
 * a redo reverses an undo group the same way. The stacks are derived from the log.
 *
 * Undo is one coder's, in one session: it never takes back what another coder, another window or
 * a script did meanwhile. When a later change by anyone else depends on what would be undone,
 * undo refuses and says whose change it is.
 */

export interface Stacks {
  undo: ActionGroup[];
  redo: ActionGroup[];
  /** group id → the action a user would recognise (undo/redo groups resolve to the original) */
  original: Map<string, string>;
  /** group id → the group of that original action (itself, for an action that is no undo/redo) */
  originalGroup: Map<string, string>;
}

const HISTORY = new Set(['history.undo', 'history.redo']);

/** The actions a researcher undoes with Ctrl+Z; imports and project-wide changes are not. */
export const UNDOABLE_ACTIONS: ReadonlySet<string> = new Set([
  'coding.apply',
  'coding.inVivo',
  'coding.remove',
  'coding.setFavourite',
  'segments.update',
  'segments.uncode',
  'segments.recode',
  'search.autocode',
  'transcripts.codeSpeaker',
  'codes.create',
  'codes.update',
  'codes.merge',
  'codes.move',
  'codes.delete',
  'codes.split',
  'memos.save',
  'matrix.definitions.save',
  'matrix.definitions.delete',
  'matrix.synthesis.save',
  'matrix.synthesis.setStatus',
  'matrix.synthesis.cite',
  'matrix.synthesis.uncite',
  'matrix.synthesis.restore',
  'agreement.reconcile',
  'comments.add',
  'comments.resolve',
  'comments.reopen',
  'segments.review',
]);

/**
 * Each session's stacks as far as the log was read, per connection (for a reader of committed
 * data). The log is append-only and the stacks are a fold over its groups in order, so only the
 * groups after the last one read can change them: `history.state`, read after every write, costs
 * what the new groups cost, not what the whole session did (after a day's coding, hundreds of
 * groups with their entries read each time).
 */
const folded = new WeakMap<Reader, Map<string, { stacks: Stacks; seq: number }>>();

/** The session's undo and redo stacks. Read only: the object may be the one kept. */
export function historyStacks(r: Reader, sessionId: string, coderId: string | null): Stacks {
  const empty = (): Stacks => ({
    undo: [],
    redo: [],
    original: new Map(),
    originalGroup: new Map(),
  });
  if (!readsCommitted(r)) return fold(r, empty(), sessionGroups(r, sessionId, coderId));
  let perSession = folded.get(r);
  if (!perSession) folded.set(r, (perSession = new Map()));
  const key = `${sessionId}\n${coderId ?? ''}`;
  let known = perSession.get(key);
  if (!known) perSession.set(key, (known = { stacks: empty(), seq: 0 }));
  const groups = sessionGroups(r, sessionId, coderId, known.seq);
  fold(r, known.stacks, groups);
  known.seq = groups.at(-1)?.last_seq ?? known.seq;
  return known.stacks;
}

/** Brings `stacks` up to date with `groups` (the session's next groups, oldest first). */
function fold(r: Reader, stacks: Stacks, groups: ActionGroup[]): Stacks {
  for (const g of groups) {
    if (HISTORY.has(g.action)) {
      stacks.original.set(g.group_id, stacks.original.get(g.target ?? '') ?? g.action);
      stacks.originalGroup.set(g.group_id, stacks.originalGroup.get(g.target ?? '') ?? g.group_id);
      if (g.action === 'history.undo') {
        stacks.undo.pop();
        stacks.redo.push(g);
      } else {
        stacks.redo.pop();
        stacks.undo.push(g);
      }
    } else if (UNDOABLE_ACTIONS.has(g.action) && isReversible(r, g.group_id)) {
      stacks.original.set(g.group_id, g.action);
      stacks.originalGroup.set(g.group_id, g.group_id);
      stacks.undo.push(g);
      stacks.redo = [];
    } else {
      // Imports and other bulk actions cannot be reversed here: they end this session's history.
      stacks.undo = [];
      stacks.redo = [];
    }
  }
  return stacks;
}

/** A group can be reversed when every row it changed lies in a table undo can write. */
function isReversible(r: Reader, groupId: string): boolean {
  return groupEntries(r, groupId).every((e) => reversible(e.entity));
}

type Row = Record<string, unknown>;

function sameRow(a: Row | undefined, b: Row): boolean {
  if (!a) return false;
  return Object.keys(b).every((k) => (a[k] ?? null) === (b[k] ?? null));
}

/**
 * Writes the inverse of a group into the current action. Fails (and nothing is written) when a
 * row no longer looks as the group left it, naming who changed it since.
 */
export function reverseGroup(w: Writer, group: ActionGroup): void {
  const entries = groupEntries(w, group.group_id);
  // Rows this undo deletes (the group inserted them): what refers to them must go with them.
  const deleting = new Set(
    entries.filter((e) => e.before === null).map((e) => `${e.entity}\n${e.entity_id}`),
  );
  for (const e of entries) {
    if (!reversible(e.entity))
      throw new CasusError('unsupported', `Cannot undo a change to ${e.entity}`);
    const before = e.before === null ? null : (JSON.parse(e.before) as Row);
    const after = e.after === null ? null : (JSON.parse(e.after) as Row);
    const current = currentRow(w, e.entity, e.entity_id);
    if ((after && !sameRow(current, after)) || (!after && current)) {
      const later = laterChange(w, e.entity, e.entity_id, group.last_seq);
      const who = later?.coder_name ?? null;
      throw new CasusError(
        'conflict',
        later
          ? `Cannot undo "${group.action}": ${who ?? 'someone'} changed this ${describe(e.entity)} afterwards (${later.action} at ${later.at.slice(11, 16)}); that change must be undone first${who ? ` by ${who}` : ''}`
          : `Cannot undo "${group.action}": the ${describe(e.entity)} has changed since`,
        later ? { by: who, action: later.action, at: later.at } : undefined,
      );
    }
    if (!before) refuseIfDependedOn(w, group, e.entity, e.entity_id, deleting);
    restoreRow(w, e.entity, current, before);
  }
  recordReversal(w, group.group_id);
}

/**
 * Undoing an insert deletes the row; rows someone added to it since (another coder's code on the
 * segment, a memo) would go with it. Undo refuses instead and says whose they are.
 */
function refuseIfDependedOn(
  w: Writer,
  group: ActionGroup,
  table: Table,
  id: string,
  deleting: ReadonlySet<string>,
): void {
  for (const d of dependentRows(w, table, id)) {
    if (deleting.has(`${d.table}\n${d.id}`)) continue;
    const made = laterChange(w, d.table, d.id, group.last_seq);
    const who = made?.coder_name ?? null;
    throw new CasusError(
      'conflict',
      `Cannot undo "${group.action}": ${who ?? 'someone'} added a ${describe(d.table)} to this ${describe(table)} afterwards${made ? ` (${made.action} at ${made.at.slice(11, 16)})` : ''}; that must be undone first${who ? ` by ${who}` : ''}`,
      made ? { by: who, action: made.action, at: made.at } : undefined,
    );
  }
}

const NAMES: Record<string, string> = {
  codings: 'coding',
  segments: 'segment',
  codes: 'code',
  memos: 'memo',
  project: 'project setting',
  synthesis_cells: 'synthesis',
  matrix_definitions: 'saved matrix',
  cases: 'case',
  coders: 'coder',
};
const describe = (entity: string) => NAMES[entity] ?? entity;

const MAX_CODES = 5;
const MAX_SOURCES = 3;

/**
 * What a group did, for a sentence a researcher recognises: the codes and sources it touched
 * and how many segments, codings and memos. Rows are taken as the group left them (or found
 * them), then as they are now, then as the log last held them (a code deleted since), so labels
 * are the ones the researcher saw.
 */
export function describeGroup(r: Reader, groupId: string, action: string): HistoryStep {
  const entries = groupEntries(r, groupId).reverse();
  const own = new Map<string, Row>();
  for (const e of entries) {
    const row = e.after ?? e.before;
    if (row) own.set(`${e.entity}\n${e.entity_id}`, JSON.parse(row) as Row);
  }
  const rowOf = (table: Table, id: string): Row | undefined => {
    const mine = own.get(`${table}\n${id}`);
    if (mine) return mine;
    const now = currentRow(r, table, id);
    if (now) return now;
    const last = entityVersions(r, table, id)[0];
    const logged = last?.after ?? last?.before;
    return logged ? (JSON.parse(logged) as Row) : undefined;
  };
  const codeIds: string[] = [];
  const sourceIds: string[] = [];
  const add = (list: string[], id: unknown) => {
    if (typeof id === 'string' && !list.includes(id)) list.push(id);
  };
  const segments = new Set<string>();
  let codings = 0;
  let memos = 0;
  let memoTarget: MemoTargetType | null = null;
  for (const e of entries) {
    const row = own.get(`${e.entity}\n${e.entity_id}`);
    if (!row) continue;
    if (e.entity === 'codes') add(codeIds, row.id);
    else if (e.entity === 'codings') {
      codings++;
      add(codeIds, row.code_id);
      segments.add(String(row.segment_id));
      add(sourceIds, rowOf('segments', String(row.segment_id))?.source_id);
    } else if (e.entity === 'segments') {
      segments.add(e.entity_id);
      add(sourceIds, row.source_id);
    } else if (e.entity === 'memos') {
      memos++;
      memoTarget = row.target_type as MemoTargetType;
      if (memoTarget === 'code') add(codeIds, row.target_id);
      if (memoTarget === 'source') add(sourceIds, row.target_id);
      if (memoTarget === 'segment')
        add(sourceIds, rowOf('segments', String(row.target_id))?.source_id);
    }
  }
  const codes = codeIds.flatMap((id) => {
    const c = rowOf('codes', id);
    return c ? [{ nl: String(c.label_nl ?? ''), en: String(c.label_en ?? '') }] : [];
  });
  // By its metadata row: the whole row would read the text (a million characters in a long
  // report) to name it.
  const sources = sourceIds.flatMap((id) => {
    const s = sourceRow(r, id);
    return s ? [s.title] : [];
  });
  return {
    action,
    codes: codes.slice(0, MAX_CODES),
    moreCodes: Math.max(0, codes.length - MAX_CODES),
    sources: sources.slice(0, MAX_SOURCES),
    segments: segments.size,
    codings,
    memos,
    memoTarget,
  };
}

/** What the next undo (or redo) would reverse, described; null when there is nothing. */
export function describeTop(r: Reader, s: Stacks, which: 'undo' | 'redo'): HistoryStep | null {
  const g = (which === 'undo' ? s.undo : s.redo).at(-1);
  // An undo of an undo is described as the action it brings back, from that action's own rows.
  return g
    ? describeGroup(
        r,
        s.originalGroup.get(g.group_id) ?? g.group_id,
        s.original.get(g.group_id) ?? g.action,
      )
    : null;
}
