import type { Reader } from '../../../db/access.js';
import { codingSpans, hasCodedIn, type CodingSpan } from '../../../db/queries/agreement.js';
import { caseRows } from '../../../db/repo/cases.js';
import { listCoders } from '../../../db/repo/coders.js';
import { codeRows } from '../../../db/repo/codes.js';
import { sourceRows } from '../../../db/repo/sources.js';
import type { CaseRow, CodeRow, CoderRow, SourceRow } from '../../../db/tables.js';
import type { Dimension } from '../../shared/template/types.js';
import { CasusError } from '../../shared/errors.js';

/** What agreement is computed over: who, which codes, which sources. */
export interface Selection {
  coders: CoderRow[];
  /** The chosen codes, in tree order. */
  codes: CodeRow[];
  /** Any code id → the chosen codes it counts for (itself, and chosen codes above it). */
  countsFor: Map<string, string[]>;
  sources: SourceRow[];
  cases: CaseRow[];
  /** source id → the chosen coders who coded anything in it (any code), for the sources. */
  presence: Map<string, Set<string>>;
  /** The chosen coders' codings of the chosen codes and their sub-codes, in every source. */
  spans: CodingSpan[];
}

export interface SelectionInput {
  coderIds: readonly string[];
  codeIds?: readonly string[] | undefined;
  dimension?: Dimension | undefined;
  sourceIds?: readonly string[] | undefined;
  caseIds?: readonly string[] | undefined;
}

/** Codes in depth-first tree order (siblings by sort, then label). */
export function treeOrder(rows: readonly CodeRow[]): CodeRow[] {
  const kids = new Map<string | null, CodeRow[]>();
  for (const c of rows) {
    const list = kids.get(c.parent_id) ?? [];
    list.push(c);
    kids.set(c.parent_id, list);
  }
  for (const list of kids.values())
    list.sort((a, b) => a.sort - b.sort || a.label_nl.localeCompare(b.label_nl));
  const out: CodeRow[] = [];
  const walk = (parent: string | null) => {
    for (const c of kids.get(parent) ?? []) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(null);
  return out;
}

export function resolveSelection(r: Reader, input: SelectionInput): Selection {
  const allCoders = listCoders(r);
  const seen = new Set<string>();
  const coders = input.coderIds.map((id) => {
    const c = allCoders.find((x) => x.id === id);
    if (!c) throw new CasusError('not_found', `No coder with id ${id}`);
    if (seen.has(id)) throw new CasusError('invalid_input', `${c.name} is chosen twice`);
    seen.add(id);
    return c;
  });
  if (coders.length < 2)
    throw new CasusError('invalid_input', 'Agreement needs at least two coders');

  const rows = treeOrder(codeRows(r));
  const byId = new Map(rows.map((c) => [c.id, c]));
  const hasChildren = new Set(rows.map((c) => c.parent_id).filter((p): p is string => !!p));
  let codes: CodeRow[];
  if (input.codeIds) {
    codes = input.codeIds.map((id) => {
      const c = byId.get(id);
      if (!c) throw new CasusError('not_found', `No code with id ${id}`);
      return c;
    });
    codes = rows.filter((c) => codes.includes(c));
  } else {
    codes = rows.filter(
      (c) => !hasChildren.has(c.id) && (!input.dimension || c.dimension === input.dimension),
    );
    if (codes.length === 0)
      throw new CasusError(
        'invalid_input',
        input.dimension
          ? `The project has no ${input.dimension} codes to compare`
          : 'The project has no codes to compare',
      );
  }
  const chosen = new Set(codes.map((c) => c.id));
  const countsFor = new Map<string, string[]>();
  for (const c of rows) {
    const up: string[] = [];
    for (
      let at: CodeRow | undefined = c;
      at;
      at = at.parent_id ? byId.get(at.parent_id) : undefined
    )
      if (chosen.has(at.id)) up.push(at.id);
    if (up.length) countsFor.set(c.id, up);
  }

  const coderIds = coders.map((c) => c.id);
  const spans = codingSpans(r, coderIds, [...countsFor.keys()]);
  // Who coded where: the codings just read, and for the rest one look each (any code counts).
  const seenIn = new Map<string, Set<string>>();
  for (const x of spans) {
    const set = seenIn.get(x.sourceId);
    if (set) set.add(x.coderId);
    else seenIn.set(x.sourceId, new Set([x.coderId]));
  }
  const presence = new Map<string, Set<string>>();
  const looked = new Set<string>();
  /** Whether a coder coded anything in a source: known from the codings read, else asked once. */
  const codedBy = (sourceId: string, coderId: string): boolean => {
    let set = presence.get(sourceId);
    if (!set) presence.set(sourceId, (set = new Set(seenIn.get(sourceId))));
    if (set.has(coderId)) return true;
    const key = `${sourceId}\n${coderId}`;
    if (looked.has(key)) return false;
    looked.add(key);
    if (!hasCodedIn(r, sourceId, coderId)) return false;
    set.add(coderId);
    return true;
  };

  const all = sourceRows(r);
  const cases = caseRows(r);
  let sources: SourceRow[] = all;
  if (input.sourceIds) {
    const ids = new Set(input.sourceIds);
    const known = new Set(all.map((s) => s.id));
    for (const id of ids)
      if (!known.has(id)) throw new CasusError('not_found', `No source with id ${id}`);
    sources = all.filter((s) => ids.has(s.id));
  }
  if (input.caseIds) {
    const ids = new Set(input.caseIds);
    for (const id of ids)
      if (!cases.some((c) => c.id === id))
        throw new CasusError('not_found', `No case with id ${id}`);
    sources = sources.filter((s) => s.case_id !== null && ids.has(s.case_id));
  }
  // By default, the sources every chosen coder has coded (with any code).
  if (!input.sourceIds) sources = sources.filter((s) => coderIds.every((c) => codedBy(s.id, c)));
  for (const s of sources) for (const c of coderIds) codedBy(s.id, c);
  return { coders, codes, countsFor, sources, cases, presence, spans };
}
