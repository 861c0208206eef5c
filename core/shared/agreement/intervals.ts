/**
 * Character ranges as half-open intervals [start, end) in UTF-16 code units, the offsets every
 * segment uses. Helpers for the character-level and block-level units of agreement.
 */
export type Interval = readonly [start: number, end: number];

/** Sorted, disjoint, non-empty intervals covering the same characters. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = list.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Characters covered by merged intervals. */
export const coveredLength = (merged: readonly Interval[]): number =>
  merged.reduce((n, [s, e]) => n + (e - s), 0);

/** Characters two merged interval lists have in common. */
export function overlapLength(a: readonly Interval[], b: readonly Interval[]): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const s = Math.max(x[0], y[0]);
    const e = Math.min(x[1], y[1]);
    if (e > s) n += e - s;
    if (x[1] < y[1]) i++;
    else j++;
  }
  return n;
}

/** Whether merged intervals cover at least one character of [start, end). */
export function touches(merged: readonly Interval[], start: number, end: number): boolean {
  // Binary search for the first interval that ends after `start`.
  let lo = 0;
  let hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((merged[mid] as Interval)[1] <= start) lo = mid + 1;
    else hi = mid;
  }
  const hit = merged[lo];
  return hit !== undefined && hit[0] < end;
}

/**
 * Splits [0, length) at every boundary of the coders' merged intervals and calls `visit` for each
 * piece with its length and how many coders cover it.
 */
export function sweepCoverage(
  coders: readonly (readonly Interval[])[],
  length: number,
  visit: (covered: number, weight: number) => void,
): void {
  const events: [pos: number, delta: number][] = [];
  for (const list of coders)
    for (const [s, e] of list) {
      events.push([Math.max(0, s), 1], [Math.min(length, e), -1]);
    }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let pos = 0;
  let covered = 0;
  for (const [at, delta] of events) {
    if (at > pos) {
      visit(covered, at - pos);
      pos = at;
    }
    covered += delta;
  }
  if (length > pos) visit(covered, length - pos);
}

/** Share of two ranges' combined extent that both cover (intersection over union), 0–1. */
export function overlapShare(a: Interval, b: Interval): number {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const union = Math.max(a[1], b[1]) - Math.min(a[0], b[0]);
  return union <= 0 ? 0 : inter / union;
}
