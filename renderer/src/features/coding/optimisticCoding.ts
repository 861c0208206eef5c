import type { CodedSegment } from '../../../../core/shared/contract/coding.js';
import type { Code } from '../../../../core/shared/contract/schemas.js';
import { api } from '../../lib/api.js';
import {
  callKey,
  queryClient,
  setCallData,
  settle,
  settleAfterFrame,
  unchangedBy,
} from '../../lib/cache.js';
import { pendingAfter } from './pendingAfter.js';
import { getCoding, type TextSelection } from './store.js';

/** Id prefix of a segment shown before the server has stored it. */
export const PENDING = 'pending:';
export const isPending = (segmentId: string): boolean => segmentId.startsWith(PENDING);

/**
 * Puts a stored segment where the cache shows it, so that coding re-reads only what it cannot
 * know (the code tree's counts, what can be undone): its source's segment list (replacing the
 * pending one), that source's segment count in the source list and header, its memo, and (for a
 * new segment) its comment threads and review state.
 */
export function showStoredSegment(seg: CodedSegment, pendingId?: string): void {
  let count: number | undefined;
  let isNew = false;
  /** Per code the segment now carries: +1 segment if it did not before, +1 source if new here. */
  let codeCounts: Map<string, { segments: number; sources: number }> | undefined;
  settle('segments.forSource', { sourceId: seg.sourceId }, (list) => {
    if (!list) return list;
    codeCounts = addedCounts(list, seg, pendingId);
    isNew = true;
    // The stored segment takes its pending one's place (or its own, when it had codes before),
    // so that the list keeps its order; one pass, as the list holds thousands in a long report.
    const next: CodedSegment[] = [];
    let pending = 0;
    let placed = false;
    for (const s of list) {
      if (s.id === seg.id || s.id === pendingId) {
        if (!placed) next.push(seg);
        placed = true;
        if (s.id === seg.id) isNew = false;
        continue;
      }
      if (isPending(s.id)) pending++;
      next.push(s);
    }
    if (!placed) next.push(seg);
    // The viewer's list holds every segment of the source: its length is the source's count.
    count = next.length - pending;
    return next;
  });
  // The counts elsewhere (the source list, the source's header, the code tree) follow after
  // the frame that shows the coding: not rendered (the list of thousands of sources, the tree)
  // in the task that the coding waits for.
  const segmentCount = count;
  const added = codeCounts;
  settleAfterFrame(() => {
    if (segmentCount !== undefined) {
      settle('sources.list', {}, (list) =>
        list?.map((s) => (s.id === seg.sourceId ? { ...s, segmentCount } : s)),
      );
      settle('sources.get', { id: seg.sourceId }, (s) => s && { ...s, segmentCount });
    }
    // The code tree's counts follow from the source's list (it holds every segment of the
    // source): no re-read of the whole tree, whose counts go over every coding in the project.
    // Only when the tree has every code already: a write that made a code (in vivo) re-reads it.
    const tree = queryClient.getQueryData<Code[]>(callKey('codes.tree', {}));
    if (added && tree && [...added.keys()].every((id) => tree.some((c) => c.id === id)))
      settle('codes.tree', {}, (codes) =>
        codes?.map((c) => {
          const n = added.get(c.id);
          return n && (n.segments || n.sources)
            ? {
                ...c,
                segmentCount: c.segmentCount + n.segments,
                sourceCount: c.sourceCount + n.sources,
              }
            : c;
        }),
      );
  });
  if (seg.memo === null)
    settle('memos.get', { targetType: 'segment', targetId: seg.id }, () => null);
  // A segment the source did not have yet has no comment threads.
  if (isNew) {
    settle('comments.list', { target: { type: 'segment', id: seg.id } }, () => []);
    settle('reviews.states', { segmentId: seg.id }, () => ({ states: {} }));
  }
}

/**
 * What storing `seg` adds to each of its codes' counts in the code tree, from the source's list
 * before it (pending segments are not stored, so they do not count).
 */
export function addedCounts(
  list: CodedSegment[],
  seg: CodedSegment,
  pendingId?: string,
): Map<string, { segments: number; sources: number }> {
  // The source's list holds thousands of segments in a long report, and this runs once per
  // coding (cold): the search for the codes stops as soon as each has been seen.
  const codes = new Set(seg.codings.map((k) => k.codeId));
  const stored = (s: CodedSegment) => s.id !== pendingId && !isPending(s.id);
  const before = list.find((s) => s.id === seg.id && stored(s));
  const had = new Set((before?.codings ?? []).map((k) => k.codeId));
  const inSource = new Set<string>();
  for (const s of list) {
    if (inSource.size === codes.size) break;
    if (!stored(s)) continue;
    for (const k of s.codings) if (codes.has(k.codeId)) inSource.add(k.codeId);
  }
  const out = new Map<string, { segments: number; sources: number }>();
  for (const id of codes)
    out.set(id, { segments: had.has(id) ? 0 : 1, sources: inSource.has(id) ? 0 : 1 });
  return out;
}

/**
 * Codes a selected passage. Unless the write's answer comes within `PENDING_AFTER_MS`
 * (pendingAfter.ts), it shows as a pending segment meanwhile (its stripes marked
 * `data-pending`), replaced by the stored one when the answer comes, and taken away again if
 * the write fails (the error is thrown on).
 */
export async function codePassage(sel: TextSelection, codeIds: string[]): Promise<CodedSegment> {
  const at = new Date().toISOString();
  const pendingId = `${PENDING}${at}`;
  const pending: CodedSegment = {
    id: pendingId,
    sourceId: sel.sourceId,
    start: sel.start,
    end: sel.end,
    text: sel.text,
    createdBy: null,
    createdAt: at,
    codings: codeIds.map((codeId) => ({
      codingId: `${pendingId}:${codeId}`,
      codeId,
      coderId: getCoding().onlyCoder,
      createdAt: at,
    })),
    memo: null,
  };
  const key = { sourceId: sel.sourceId };
  const stored = api.call('coding.apply', {
    sourceId: sel.sourceId,
    start: sel.start,
    end: sel.end,
    codeIds,
  });
  // Only into a list the viewer has: a partial list must never pass for the whole.
  const seg = await pendingAfter(
    stored,
    () => setCallData('segments.forSource', key, (list) => list && [...list, pending]),
    () => setCallData('segments.forSource', key, (list) => list?.filter((s) => s.id !== pendingId)),
  );
  showStoredSegment(seg, pendingId);
  // A thread names its segment or source by text and title, which coding never changes.
  unchangedBy('comments.list');
  return seg;
}
