import type { CodedSegment } from '../../../../core/shared/contract/coding.js';
import type { Code } from '../../../../core/shared/contract/schemas.js';
import { api } from '../../lib/api.js';
import { callKey, queryClient, setCallData, settle, unchangedBy } from '../../lib/cache.js';
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
    isNew = !list.some((s) => s.id === seg.id);
    codeCounts = addedCounts(list, seg, pendingId);
    const next = [...list.filter((s) => s.id !== seg.id && s.id !== pendingId), seg];
    // The viewer's list holds every segment of the source: its length is the source's count.
    count = next.filter((s) => !isPending(s.id)).length;
    return next;
  });
  if (count !== undefined) {
    const segmentCount = count;
    settle('sources.list', {}, (list) =>
      list?.map((s) => (s.id === seg.sourceId ? { ...s, segmentCount } : s)),
    );
    settle('sources.get', { id: seg.sourceId }, (s) => s && { ...s, segmentCount });
  }
  // The code tree's counts follow from the source's list (it holds every segment of the
  // source): no re-read of the whole tree, whose counts go over every coding in the project.
  // Only when the tree has every code already: a write that made a code (in vivo) re-reads it.
  const added = codeCounts;
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
  const stored = list.filter((s) => s.id !== pendingId && !isPending(s.id));
  const before = stored.find((s) => s.id === seg.id);
  const out = new Map<string, { segments: number; sources: number }>();
  for (const k of seg.codings) {
    if (out.has(k.codeId)) continue;
    const had = before?.codings.some((x) => x.codeId === k.codeId) ?? false;
    const inSource = stored.some((s) => s.codings.some((x) => x.codeId === k.codeId));
    out.set(k.codeId, { segments: had ? 0 : 1, sources: inSource ? 0 : 1 });
  }
  return out;
}

/**
 * Codes a selected passage. It shows at once as a pending segment (its stripes marked
 * `data-pending`), is replaced by the stored one when the answer comes, and is taken away again
 * if the write fails (the error is thrown on).
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
  // Only into a list the viewer has: a partial list must never pass for the whole.
  setCallData('segments.forSource', key, (list) => list && [...list, pending]);
  try {
    const seg = await api.call('coding.apply', {
      sourceId: sel.sourceId,
      start: sel.start,
      end: sel.end,
      codeIds,
    });
    showStoredSegment(seg, pendingId);
    // A thread names its segment or source by text and title, which coding never changes.
    unchangedBy('comments.list');
    return seg;
  } catch (e) {
    setCallData('segments.forSource', key, (list) => list?.filter((s) => s.id !== pendingId));
    throw e;
  }
}
