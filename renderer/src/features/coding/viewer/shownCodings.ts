import { useMemo, useRef } from 'react';
import type { CodedSegment } from '../../../../../core/shared/contract/coding.js';
import type { CodingState } from '../store.js';

type Filters = Pick<CodingState, 'onlyCodes' | 'onlyCoder' | 'hideAll'>;

/** A segment with the codings the viewer's filters let through. */
export interface ShownSegment {
  seg: CodedSegment;
  codings: CodedSegment['codings'];
}

/** The codings of a segment that the filters show (none when everything is hidden). */
export function visibleCodings(seg: CodedSegment, f: Filters): CodedSegment['codings'] {
  if (f.hideAll) return [];
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
): { segs: CodedSegment[]; shown: ShownSegment[] } {
  const segs = useMemo(
    () => (segments ?? []).filter((s) => s.sourceId === sourceId),
    [segments, sourceId],
  );
  const filterKey = JSON.stringify([f.onlyCodes, f.onlyCoder, f.hideAll]);
  // What each segment shows, kept while the filters stay: a coding re-filters only the segment
  // it changed (the list keeps the objects of the others), not all of a source's thousands.
  const known = useRef<{ filterKey: string; of: WeakMap<CodedSegment, ShownSegment | null> }>({
    filterKey,
    of: new WeakMap(),
  });
  const shown = useMemo(() => {
    if (known.current.filterKey !== filterKey) known.current = { filterKey, of: new WeakMap() };
    const of = known.current.of;
    const out: ShownSegment[] = [];
    for (const s of segs) {
      let x = of.get(s);
      if (x === undefined) {
        const codings = visibleCodings(s, f);
        x = codings.length > 0 ? { seg: s, codings } : null;
        of.set(s, x);
      }
      if (x) out.push(x);
    }
    return out;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey stands for f
  }, [segs, filterKey]);
  return { segs, shown };
}
