import type { Writer } from '../../../db/access.js';
import {
  currentRow,
  dependentRows,
  groupEntries,
  laterChange,
  recordReversal,
  restoreRow,
  reversible,
} from '../../../db/repo/changelog.js';
import { memosOf } from '../../../db/repo/memos.js';
import { insertingGroup, mergeById } from '../../../db/repo/merges.js';
import { segmentsOfSource } from '../../../db/repo/segments.js';
import { mediaOf } from '../../../db/repo/media.js';
import { deleteSource, sourceRow, versionsAfter } from '../../../db/repo/sources.js';
import type { Table } from '../../../db/tables.js';
import { CasusError } from '../../shared/errors.js';

type Row = Record<string, unknown>;

const sameRow = (a: Row | undefined, b: Row) =>
  a !== undefined && Object.keys(b).every((k) => (a[k] ?? null) === (b[k] ?? null));

const NAMES: Partial<Record<string, string>> = {
  sources: 'source',
  segments: 'segment',
  codings: 'coding',
  codes: 'code',
  memos: 'memo',
  synthesis_cells: 'synthesis',
  coders: 'coder',
  cases: 'case',
  respondents: 'respondent',
};
const describe = (entity: string) => NAMES[entity] ?? entity;

/** What refers to a row the merge inserted, besides rows the merge inserted too. */
function dependents(w: Writer, table: Table, id: string): { table: Table; id: string }[] {
  if (table !== 'sources') return dependentRows(w, table, id);
  return [
    ...segmentsOfSource(w, id).map((s) => ({ table: 'segments' as Table, id: s.id })),
    ...memosOf(w, 'source', id).map((m) => ({ table: 'memos' as Table, id: m.id })),
    ...versionsAfter(w, id).map((s) => ({ table: 'sources' as Table, id: s.id })),
    ...(mediaOf(w, id) ? [{ table: 'source_media' as Table, id }] : []),
  ];
}

/**
 * Undoes a merge as a new group that reverses the merge's group: what it added goes (sources
 * with their text and blocks), what it changed gets its earlier version back. Refuses, naming
 * whose change it is, when a row has changed since or later work refers to what it added; and
 * when the merge deleted sources here, whose text the change log does not keep.
 */
export function undoMerge(w: Writer, mergeId: string): number {
  const merge = mergeById(w, mergeId);
  if (!merge)
    throw new CasusError('not_found', `No merge ${mergeId} (it may have been undone already)`);
  const group = insertingGroup(w, 'merges', mergeId);
  if (!group) throw new CasusError('internal', `The change log has no record of merge ${mergeId}`);
  const entries = groupEntries(w, group);
  if (entries.some((e) => e.entity === 'sources' && e.after === null))
    throw new CasusError(
      'unsupported',
      `The merge of ${merge.file_name} deleted sources here; a deleted source's text is not kept, so this merge cannot be undone`,
    );
  const last = Math.max(...entries.map((e) => e.seq));
  const inserted = new Set(
    entries.filter((e) => e.before === null).map((e) => `${e.entity}\n${e.entity_id}`),
  );
  const refuse = (entity: string, id: string, what: string): never => {
    const later = laterChange(w, entity, id, last);
    const who = later?.coder_name ?? 'someone';
    throw new CasusError(
      'conflict',
      `Cannot undo the merge of ${merge.file_name}: ${who} ${what} afterwards${later ? ` (${later.action} at ${later.at.slice(0, 16).replace('T', ' ')})` : ''}; that must be undone first`,
    );
  };
  for (const e of entries) {
    if (e.entity !== 'sources' && !reversible(e.entity))
      throw new CasusError('unsupported', `Cannot undo a change to ${e.entity}`);
    const table = e.entity as Table;
    const after = e.after === null ? null : (JSON.parse(e.after) as Row);
    const current = currentRow(w, table, e.entity_id);
    if ((after && !sameRow(current, after)) || (!after && current))
      refuse(e.entity, e.entity_id, `changed this ${describe(e.entity)}`);
    if (e.before === null)
      for (const d of dependents(w, table, e.entity_id))
        if (!inserted.has(`${d.table}\n${d.id}`))
          refuse(d.table, d.id, `added a ${describe(d.table)} to a merged ${describe(e.entity)}`);
  }
  for (const e of entries) {
    const table = e.entity as Table;
    if (table === 'sources' && e.before === null) {
      const row = sourceRow(w, e.entity_id);
      if (row) deleteSource(w, row);
      continue;
    }
    const before = e.before === null ? null : (JSON.parse(e.before) as Row);
    restoreRow(w, table, currentRow(w, table, e.entity_id), before);
  }
  recordReversal(w, group);
  return entries.length;
}
