import type { Block } from '../../../../../core/shared/blocks.js';
import { commonEnds } from './rederive.js';

/** What decides how a shown segment looks in the text: where it is and its codes' colours. */
export interface SegmentLook {
  start: number;
  end: number;
  /** The colours of its shown codings, in order (their number counts the codings too). */
  colours: string;
}

type Shown = { seg: { id: string; start: number; end: number }; codings: { codeId: string }[] };

/**
 * The look of each shown segment, by id. `known` holds the looks already worked out (for the same
 * colours of the codes), by the shown segment's object: those that did not change are not again.
 */
export function segmentLooks(
  shown: Shown[],
  colourOf: (codeId: string) => string,
  known: WeakMap<Shown, SegmentLook> = new WeakMap(),
): Map<string, SegmentLook> {
  const looks = new Map<string, SegmentLook>();
  for (const x of shown) {
    let look = known.get(x);
    if (!look) {
      look = {
        start: x.seg.start,
        end: x.seg.end,
        colours: x.codings.map((k) => colourOf(k.codeId)).join(','),
      };
      known.set(x, look);
    }
    looks.set(x.seg.id, look);
  }
  return looks;
}

/**
 * What changed between two lists of shown segments that keep the objects of unchanged ones
 * and their order (a coding replaces or adds one or two): those in between the longest common
 * head and tail, compared by identity. A coding then costs the few segments it touched, not a
 * look-up for each of a long report's thousands.
 */
export function shownChanges<T>(
  before: readonly T[],
  after: readonly T[],
): { gone: T[]; came: T[] } {
  const { head, tail } = commonEnds(before, after);
  return {
    gone: before.slice(head, before.length - tail),
    came: after.slice(head, after.length - tail),
  };
}

/** The text ranges of the segments that came, went or look otherwise between two states. */
export function changedRanges(
  before: Map<string, SegmentLook>,
  after: Map<string, SegmentLook>,
): { start: number; end: number }[] {
  const ranges: { start: number; end: number }[] = [];
  for (const [id, b] of before) {
    const a = after.get(id);
    if (!a || a.start !== b.start || a.end !== b.end || a.colours !== b.colours) {
      ranges.push(b);
      if (a) ranges.push(a);
    }
  }
  for (const [id, a] of after) if (!before.has(id)) ranges.push(a);
  return ranges;
}

/**
 * Segments that only changed their id and look the same: a passage shown at once under a
 * pending id (`renamable`) and now stored under its own. Pairs [old id, new id]; what the
 * text shows for them needs no change, only the ids its runs carry.
 */
export function renamedSegments(
  before: Map<string, SegmentLook>,
  after: Map<string, SegmentLook>,
  renamable: (id: string) => boolean,
): [string, string][] {
  // One pass, no copy of the map: it holds every shown segment of the source.
  const gone: [string, SegmentLook][] = [];
  for (const [id, b] of before) if (renamable(id) && !after.has(id)) gone.push([id, b]);
  const out: [string, string][] = [];
  if (gone.length === 0) return out;
  for (const [id, a] of after) {
    if (before.has(id)) continue;
    const i = gone.findIndex(
      ([, b]) => b.start === a.start && b.end === a.end && b.colours === a.colours,
    );
    if (i < 0) continue;
    out.push([(gone[i] as [string, SegmentLook])[0], id]);
    gone.splice(i, 1);
  }
  return out;
}

/**
 * The indices of the blocks (in text order) that overlap any of the ranges, ascending: the only
 * blocks whose runs a change of those segments can alter. Two binary searches per range.
 */
export function touchedBlocks(blocks: Block[], ranges: { start: number; end: number }[]): number[] {
  const touched = new Set<number>();
  for (const r of ranges) {
    // The first block that ends after the range starts…
    let lo = 0;
    let hi = blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((blocks[mid] as Block).end <= r.start) lo = mid + 1;
      else hi = mid;
    }
    // …up to the last that starts before it ends.
    for (let i = lo; i < blocks.length && (blocks[i] as Block).start < r.end; i++) {
      const b = blocks[i] as Block;
      if (b.end > b.start) touched.add(i);
    }
  }
  return [...touched].sort((a, b) => a - b);
}
