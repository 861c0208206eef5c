import { useMemo, useRef } from 'react';
import type { CodedSegment } from '../../../../../core/shared/contract/coding.js';
import type { CodingState, ReviewStateName } from '../store.js';

type Filters = Pick<CodingState, 'onlyCodes' | 'onlyCoder' | 'hideAll' | 'onlyReview'>;

/** Review states of the reviewed segments by id (unreviewed ones are absent); undefined: not read yet. */
export type ReviewStates = Readonly<Record<string, ReviewStateName>> | undefined;

/** A segment with the codings the viewer's filters let through. */
export interface ShownSegment {
  seg: CodedSegment;
  codings: CodedSegment['codings'];
}

/**
 * The codings of a segment that the filters show (none when everything is hidden, or, with a
 * review filter, while the review states are still being read).
 */
export function visibleCodings(
  seg: CodedSegment,
  f: Filters,
  reviews?: ReviewStates,
): CodedSegment['codings'] {
  if (f.hideAll) return [];
  if (f.onlyReview && (!reviews || (reviews[seg.id] ?? 'unreviewed') !== f.onlyReview)) return [];
  return seg.codings.filter(
    (k) =>
      (f.onlyCodes.length === 0 || f.onlyCodes.includes(k.codeId)) &&
      (!f.onlyCoder || k.coderId === f.onlyCoder),
  );
}

/**
 * The source's segments (`segs`) and those of them with at least one shown coding (`shown`);
 * both keep their identity until the segments or the filters change.
 */
export function useShownCodings(
  segments: CodedSegment[] | undefined,
  sourceId: string | undefined,
  f: Filters,
  reviews?: ReviewStates,
): { segs: CodedSegment[]; shown: ShownSegment[] } {
  const segs = useMemo(
    () => (segments ?? []).filter((s) => s.sourceId === sourceId),
    [segments, sourceId],
  );
  const filterKey = JSON.stringify([f.onlyCodes, f.onlyCoder, f.hideAll, f.onlyReview]);
  // The review states matter only while a review filter is on.
  const reviewKey = f.onlyReview ? reviews : null;
  // What each segment shows, kept while the filters (and review states) stay: a coding
  // re-filters only the segment it changed (the list keeps the objects of the others), not all
  // of a source's thousands.
  const known = useRef<{
    filterKey: string;
    reviewKey: ReviewStates | null;
    of: WeakMap<CodedSegment, ShownSegment | null>;
  }>({ filterKey, reviewKey, of: new WeakMap() });
  const shown = useMemo(() => {
    if (known.current.filterKey !== filterKey || known.current.reviewKey !== reviewKey)
      known.current = { filterKey, reviewKey, of: new WeakMap() };
    const of = known.current.of;
    const out: ShownSegment[] = [];
    for (const s of segs) {
      let x = of.get(s);
      if (x === undefined) {
        const codings = visibleCodings(s, f, reviews);
        x = codings.length > 0 ? { seg: s, codings } : null;
        of.set(s, x);
      }
      if (x) out.push(x);
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey and reviewKey stand for f and reviews
  }, [segs, filterKey, reviewKey]);
  return { segs, shown };
}
