import { useMemo, useRef } from 'react';
import type { CodedSegment } from '../../../../../core/shared/contract/coding.js';
import type { CodingState, ReviewStateName } from '../store.js';
import { rederive } from './rederive.js';

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
 * both keep their identity until the segments or the filters change. A change of a few segments
 * (a coding) costs those few: the lists are brought up to date from the last ones (`rederive`),
 * not filtered again over a long report's thousands, twice per coding (pending, stored).
 */
export function useShownCodings(
  segments: CodedSegment[] | undefined,
  sourceId: string | undefined,
  f: Filters,
  reviews?: ReviewStates,
): { segs: CodedSegment[]; shown: ShownSegment[] } {
  const last = useRef<{
    segments: CodedSegment[];
    sourceId: string | undefined;
    segs: CodedSegment[];
  } | null>(null);
  const segs = useMemo(() => {
    const all = segments ?? [];
    const before = last.current;
    const mine = (s: CodedSegment) => (s.sourceId === sourceId ? s : null);
    const segs =
      before && before.sourceId === sourceId
        ? rederive(before.segments, before.segs, all, (s) => s, mine)
        : all.filter((s) => s.sourceId === sourceId);
    last.current = { segments: all, sourceId, segs };
    return segs;
  }, [segments, sourceId]);
  const filterKey = JSON.stringify([f.onlyCodes, f.onlyCoder, f.hideAll, f.onlyReview]);
  // The review states matter only while a review filter is on.
  const reviewKey = f.onlyReview ? reviews : null;
  // What each segment shows, kept while the filters (and review states) stay: a coding
  // re-filters only the segment it changed (the list keeps the objects of the others), not all
  // of a source's thousands.
  const known = useRef<{
    filterKey: string;
    reviewKey: ReviewStates | null;
    segs: CodedSegment[] | null;
    shown: ShownSegment[];
    /** What each segment shows, for those between the common ends (or all, filters changed). */
    of: WeakMap<CodedSegment, ShownSegment | null>;
  }>({ filterKey, reviewKey, segs: null, shown: [], of: new WeakMap() });
  const shown = useMemo(() => {
    const k = known.current;
    const same = k.filterKey === filterKey && k.reviewKey === reviewKey;
    const of = same ? k.of : new WeakMap<CodedSegment, ShownSegment | null>();
    const show = (s: CodedSegment): ShownSegment | null => {
      let x = of.get(s);
      if (x === undefined) {
        const codings = visibleCodings(s, f, reviews);
        x = codings.length > 0 ? { seg: s, codings } : null;
        of.set(s, x);
      }
      return x;
    };
    const out =
      same && k.segs
        ? rederive(k.segs, k.shown, segs, (x) => x.seg, show)
        : segs.flatMap((s) => show(s) ?? []);
    known.current = { filterKey, reviewKey, segs, shown: out, of };
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey and reviewKey stand for f and reviews
  }, [segs, filterKey, reviewKey]);
  return { segs, shown };
}
