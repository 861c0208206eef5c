import { useMemo } from 'react';
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
  const shown = useMemo(
    () =>
      segs
        .map((s) => ({ seg: s, codings: visibleCodings(s, f) }))
        .filter((x) => x.codings.length > 0),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey stands for f
    [segs, filterKey],
  );
  return { segs, shown };
}
