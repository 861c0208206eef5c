import type { CodedSegment } from '../../../../core/shared/contract/coding.js';
import { api } from '../../lib/api.js';
import { setCallData, settle } from '../../lib/cache.js';
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
  settle('segments.forSource', { sourceId: seg.sourceId }, (list) => {
    if (!list) return list;
    isNew = !list.some((s) => s.id === seg.id);
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
  if (seg.memo === null)
    settle('memos.get', { targetType: 'segment', targetId: seg.id }, () => null);
  // A segment the source did not have yet has no comment threads.
  if (isNew) {
    settle('comments.list', { target: { type: 'segment', id: seg.id } }, () => []);
    settle('reviews.states', { segmentId: seg.id }, () => ({ states: {} }));
  }
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
    return seg;
  } catch (e) {
    setCallData('segments.forSource', key, (list) => list?.filter((s) => s.id !== pendingId));
    throw e;
  }
}
