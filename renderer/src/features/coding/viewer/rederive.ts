/**
 * Where two lists that keep the objects of unchanged items (and their order) differ: the length
 * of their common head and tail, compared by identity. A coding adds, replaces or drops one or
 * two segments of a source's thousands: the rest is told apart without a look-up.
 */
export function commonEnds<T>(
  before: readonly T[],
  after: readonly T[],
): { head: number; tail: number } {
  const n = Math.min(before.length, after.length);
  let head = 0;
  while (head < n && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < n - head && before[before.length - 1 - tail] === after[after.length - 1 - tail])
    tail++;
  return { head, tail };
}

/**
 * `next` brought from `prev` (a list derived item by item from `from`, keeping its order) for
 * `to`, a new version of `from`: the items derived from the common head and tail are kept, those
 * of the items in between derived again (`derive`; null: none). `owner` says which item of
 * `from` a derived one comes from.
 */
export function rederive<S, D>(
  from: readonly S[],
  prev: readonly D[],
  to: readonly S[],
  owner: (d: D) => S,
  derive: (s: S) => D | null,
): D[] {
  const { head, tail } = commonEnds(from, to);
  // The derived items of the head: those whose source item is among the first `head`.
  let h = 0;
  for (let i = 0; i < head && h < prev.length; i++) if (owner(prev[h] as D) === from[i]) h++;
  let t = 0;
  for (let i = 0; i < tail && t < prev.length - h; i++)
    if (owner(prev[prev.length - 1 - t] as D) === from[from.length - 1 - i]) t++;
  const out = prev.slice(0, h);
  for (let i = head; i < to.length - tail; i++) {
    const d = derive(to[i] as S);
    if (d !== null) out.push(d);
  }
  for (let i = prev.length - t; i < prev.length; i++) out.push(prev[i] as D);
  return out;
}
