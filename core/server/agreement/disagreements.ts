import type { Reader, Writer } from '../../../db/access.js';
import {
  codingPlacesIn,
  type CodingPlace,
  type CodingSpan,
} from '../../../db/queries/agreement.js';
import { coderById } from '../../../db/repo/coders.js';
import { codeRow, codeRows } from '../../../db/repo/codes.js';
import { codingsOfSegment } from '../../../db/repo/codings.js';
import { insertReconciliation } from '../../../db/repo/reconciliations.js';
import { segmentRow } from '../../../db/repo/segments.js';
import { getSourceText, sourceRow } from '../../../db/repo/sources.js';
import type { ReconciliationRow } from '../../../db/tables.js';
import {
  coveredLength,
  mergeIntervals,
  overlapLength,
  type Interval,
} from '../../shared/agreement/intervals.js';
import type { Decision, Disagreement } from '../../shared/contract/agreement.js';
import { CasusError } from '../../shared/errors.js';
import { newId, now } from '../domain/ids.js';
import { codeRange, removeCodings } from '../domain/segments.js';
import { parseAdded, parseRemoved, reconciliationsAmong } from './compute.js';
import { resolveSelection, treeOrder, type SelectionInput } from './selection.js';

/**
 * Disagreements between two coders: per source and code, the passages where their codings
 * differ. A passage is a run of overlapping ranges that either coder gave the code (or one of its
 * sub-codes); it is a disagreement when the characters A covers there differ from B's.
 */

interface Passage<T extends CodingSpan = CodingSpan> {
  sourceId: string;
  codeId: string;
  start: number;
  end: number;
  kind: Disagreement['kind'];
  overlap: number;
  /** The codings (of the code or its sub-codes) of each coder in the passage. */
  a: T[];
  b: T[];
}

const same = (x: readonly Interval[], y: readonly Interval[]) =>
  x.length === y.length && x.every((r, i) => r[0] === y[i]?.[0] && r[1] === y[i]?.[1]);

/** The passages of one source and code where A's and B's places (that count for it) differ. */
export function passagesOf<T extends CodingSpan>(
  sourceId: string,
  codeId: string,
  a: readonly T[],
  b: readonly T[],
): Passage<T>[] {
  const items = [
    ...a.map((p) => ({ p, side: 'a' as const })),
    ...b.map((p) => ({ p, side: 'b' as const })),
  ].sort((x, y) => x.p.start - y.p.start || x.p.end - y.p.end);
  const out: Passage<T>[] = [];
  let cluster: typeof items = [];
  let end = -1;
  const close = () => {
    if (cluster.length === 0) return;
    const pa = cluster.filter((i) => i.side === 'a').map((i) => i.p);
    const pb = cluster.filter((i) => i.side === 'b').map((i) => i.p);
    const ra = mergeIntervals(pa.map((p) => [p.start, p.end]));
    const rb = mergeIntervals(pb.map((p) => [p.start, p.end]));
    if (!same(ra, rb)) {
      const both = overlapLength(ra, rb);
      const union = coveredLength(ra) + coveredLength(rb) - both;
      out.push({
        sourceId,
        codeId,
        start: Math.min(...cluster.map((i) => i.p.start)),
        end: Math.max(...cluster.map((i) => i.p.end)),
        kind: ra.length === 0 ? 'only-b' : rb.length === 0 ? 'only-a' : 'boundaries',
        overlap: union === 0 ? 0 : both / union,
        a: pa,
        b: pb,
      });
    }
    cluster = [];
  };
  for (const item of items) {
    if (item.p.start >= end) close();
    cluster.push(item);
    end = cluster.length === 1 ? item.p.end : Math.max(end, item.p.end);
  }
  close();
  return out;
}

/** Places grouped by source, then by the chosen code they count for, per coder. */
function grouped(
  places: readonly CodingSpan[],
  countsFor: Map<string, string[]>,
): Map<string, Map<string, Map<string, CodingSpan[]>>> {
  const out = new Map<string, Map<string, Map<string, CodingSpan[]>>>();
  for (const p of places) {
    for (const codeId of countsFor.get(p.codeId) ?? []) {
      let bySource = out.get(p.sourceId);
      if (!bySource) out.set(p.sourceId, (bySource = new Map()));
      let byCode = bySource.get(codeId);
      if (!byCode) bySource.set(codeId, (byCode = new Map()));
      const list = byCode.get(p.coderId);
      if (list) list.push(p);
      else byCode.set(p.coderId, [p]);
    }
  }
  return out;
}

const CONTEXT = 160;

/**
 * The passage with up to CONTEXT characters on each side from the same paragraph (blocks are
 * separated by line breaks in the plain text), cut at a space so no word is split.
 */
export function contextOf(text: string, start: number, end: number) {
  const blockStart = text.lastIndexOf('\n', start - 1) + 1;
  const nextBreak = text.indexOf('\n', end);
  const blockEnd = nextBreak === -1 ? text.length : nextBreak;
  let from = Math.max(blockStart, start - CONTEXT);
  let to = Math.min(blockEnd, end + CONTEXT);
  if (from > blockStart) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < start) from = space + 1;
  }
  if (to < blockEnd) {
    const space = text.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  return {
    before: `${from > blockStart ? '…' : ''}${text.slice(from, start)}`,
    text: text.slice(start, end),
    after: `${text.slice(end, to)}${to < blockEnd ? '…' : ''}`,
  };
}

const overlaps = (x: { start: number; end: number }, y: { start: number; end: number }) =>
  x.start < y.end && y.start < x.end;

const uniqueRanges = (places: readonly CodingSpan[]) => {
  const seen = new Map<string, { start: number; end: number }>();
  for (const p of places) seen.set(`${p.start}:${p.end}`, { start: p.start, end: p.end });
  return [...seen.values()].sort((x, y) => x.start - y.start || x.end - y.end);
};

function checkPair(r: Reader, coderA: string, coderB: string) {
  if (coderA === coderB) throw new CasusError('invalid_input', 'Choose two different coders');
  for (const id of [coderA, coderB])
    if (!coderById(r, id)) throw new CasusError('not_found', `No coder with id ${id}`);
}

export interface DisagreementInput extends Omit<SelectionInput, 'coderIds'> {
  coderA: string;
  coderB: string;
  codeId?: string | undefined;
}

/** Every disagreement between two coders in the selection, by source order, then position. */
export function listDisagreements(r: Reader, input: DisagreementInput) {
  checkPair(r, input.coderA, input.coderB);
  const sel = resolveSelection(r, { ...input, coderIds: [input.coderA, input.coderB] });
  if (input.codeId && !sel.codes.some((c) => c.id === input.codeId))
    throw new CasusError('invalid_input', `The code ${input.codeId} is not among the chosen codes`);
  const codes = sel.codes.filter((c) => !input.codeId || c.id === input.codeId);
  const places = grouped(sel.spans, sel.countsFor);
  const pair = new Set([input.coderA, input.coderB]);
  const decisions = reconciliationsAmong(r, [input.coderA, input.coderB]).filter(
    (d) => pair.has(d.coder_a) && pair.has(d.coder_b) && codes.some((c) => c.id === d.code_id),
  );
  const coderName = (id: string | null) => (id ? (coderById(r, id)?.name ?? null) : null);
  const rows: Disagreement[] = [];
  for (const s of sel.sources) {
    const present = sel.presence.get(s.id);
    if (!present?.has(input.coderA) || !present.has(input.coderB)) continue;
    const byCode = places.get(s.id);
    if (!byCode) continue;
    let text: string | undefined;
    for (const c of codes) {
      const byCoder = byCode.get(c.id);
      if (!byCoder) continue;
      const found = passagesOf(
        s.id,
        c.id,
        byCoder.get(input.coderA) ?? [],
        byCoder.get(input.coderB) ?? [],
      );
      if (found.length === 0) continue;
      text ??= getSourceText(r, s.id) ?? '';
      for (const p of found) {
        const codesIn = (coder: string) =>
          sel.codes
            .filter((x) => (byCode.get(x.id)?.get(coder) ?? []).some((q) => overlaps(q, p)))
            .map((x) => x.id);
        rows.push({
          id: `${p.sourceId}:${p.codeId}:${p.start}-${p.end}`,
          sourceId: s.id,
          sourceTitle: s.title,
          caseId: s.case_id,
          codeId: c.id,
          start: p.start,
          end: p.end,
          kind: p.kind,
          overlap: p.overlap,
          context: contextOf(text, p.start, p.end),
          a: uniqueRanges(p.a),
          b: uniqueRanges(p.b),
          codesA: codesIn(input.coderA),
          codesB: codesIn(input.coderB),
          comments: decisions
            .filter(
              (d) =>
                d.source_id === s.id && d.code_id === c.id && d.comment !== '' && overlaps(d, p),
            )
            .map((d) => ({ by: coderName(d.reconciled_by), at: d.created_at, text: d.comment })),
        });
      }
    }
  }
  // Within a source: by position, then in code order.
  const sourceIndex = new Map(sel.sources.map((s, i) => [s.id, i]));
  const codeIndex = new Map(sel.codes.map((c, i) => [c.id, i]));
  rows.sort(
    (x, y) =>
      (sourceIndex.get(x.sourceId) ?? 0) - (sourceIndex.get(y.sourceId) ?? 0) ||
      x.start - y.start ||
      (codeIndex.get(x.codeId) ?? 0) - (codeIndex.get(y.codeId) ?? 0),
  );
  return {
    rows,
    decisions: [...decisions].reverse().map((d) => toDecision(r, d)),
  };
}

export function toDecision(r: Reader, d: ReconciliationRow) {
  const by = d.reconciled_by ? (coderById(r, d.reconciled_by)?.name ?? null) : null;
  return {
    id: d.id,
    sourceId: d.source_id,
    sourceTitle: sourceRow(r, d.source_id)?.title ?? '',
    codeId: d.code_id,
    coderA: d.coder_a,
    coderB: d.coder_b,
    start: d.start,
    end: d.end,
    decision: d.decision,
    comment: d.comment,
    removed: parseRemoved(d).length,
    added: parseAdded(d).length,
    reconciledBy: by,
    at: d.created_at,
  };
}

/** The code and the codes under it. */
function subtreeOf(r: Reader, codeId: string): Set<string> {
  const rows = treeOrder(codeRows(r));
  const out = new Set([codeId]);
  for (const c of rows) if (c.parent_id && out.has(c.parent_id)) out.add(c.id);
  return out;
}

export interface ReconcileInput {
  coderA: string;
  coderB: string;
  sourceId: string;
  codeId: string;
  start: number;
  end: number;
  decision: Decision;
  comment: string;
}

/**
 * Settles one disagreement inside the caller's action: makes one coder's codings of the passage
 * (for the code and its sub-codes) equal to the other's, gives each the other's, removes both,
 * or only records a comment. Records the decision with what it removed and made.
 */
export function reconcile(
  w: Writer,
  input: ReconcileInput,
  reconciledBy: string | null,
): ReconciliationRow {
  const { coderA, coderB, sourceId, codeId } = input;
  checkPair(w, coderA, coderB);
  if (!sourceRow(w, sourceId)) throw new CasusError('not_found', `No source with id ${sourceId}`);
  if (!codeRow(w, codeId)) throw new CasusError('not_found', `No code with id ${codeId}`);
  if (input.decision === 'comment' && input.comment === '')
    throw new CasusError('invalid_input', 'A comment needs a text');
  const subtree = subtreeOf(w, codeId);
  const all = codingPlacesIn(w, {
    sourceId,
    coderIds: [coderA, coderB],
    start: 0,
    end: Number.MAX_SAFE_INTEGER,
  });
  const counting = all.filter((p) => subtree.has(p.codeId));
  const passage = passagesOf(
    sourceId,
    codeId,
    counting.filter((p) => p.coderId === coderA),
    counting.filter((p) => p.coderId === coderB),
  ).find((p) => p.start === input.start && p.end === input.end);
  if (!passage)
    throw new CasusError(
      'conflict',
      `There is no disagreement on ${input.start}–${input.end} of this source for this code any more (the codings changed since): reload the list`,
    );

  const removed: CodingPlace[] = [];
  const added: string[] = [];
  const remove = (places: readonly CodingPlace[]) => {
    const bySegment = new Map<string, Set<string>>();
    for (const p of places) {
      const set = bySegment.get(p.segmentId) ?? new Set<string>();
      set.add(p.codingId);
      bySegment.set(p.segmentId, set);
    }
    for (const [segmentId, ids] of bySegment) {
      const segment = segmentRow(w, segmentId);
      if (!segment) continue;
      removeCodings(
        w,
        segment,
        codingsOfSegment(w, segmentId).filter((k) => ids.has(k.id)),
      );
    }
    removed.push(...places);
  };
  /** Gives `coder` each of these codings (same code, same range) they do not have yet. */
  const give = (coder: string, places: readonly CodingPlace[], has: readonly CodingPlace[]) => {
    const held = new Set(has.map((p) => `${p.codeId}:${p.start}:${p.end}`));
    for (const p of places) {
      const key = `${p.codeId}:${p.start}:${p.end}`;
      if (held.has(key)) continue;
      held.add(key);
      const made = codeRange(w, {
        sourceId,
        start: p.start,
        end: p.end,
        codeIds: [p.codeId],
        coderId: coder,
      });
      added.push(...made.added.map((k) => k.id));
    }
  };
  switch (input.decision) {
    case 'accept-a':
      remove(passage.b);
      give(coderB, passage.a, []);
      break;
    case 'accept-b':
      remove(passage.a);
      give(coderA, passage.b, []);
      break;
    case 'keep-both':
      give(coderA, passage.b, passage.a);
      give(coderB, passage.a, passage.b);
      break;
    case 'remove-both':
      remove([...passage.a, ...passage.b]);
      break;
    case 'comment':
      break;
  }
  return insertReconciliation(w, {
    id: newId(),
    source_id: sourceId,
    code_id: codeId,
    coder_a: coderA,
    coder_b: coderB,
    start: passage.start,
    end: passage.end,
    decision: input.decision,
    comment: input.comment,
    removed: JSON.stringify(removed),
    added: JSON.stringify(added),
    reconciled_by: reconciledBy,
    created_at: now(),
  });
}
