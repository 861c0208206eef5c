/**
 * Replacements in a text as edits on the original: ranges (UTF-16 offsets, end exclusive) and
 * what takes their place. Applying them gives the new text and a map from old offsets to new
 * ones, so positions into the text (coded segments of a REFI-QDA export, a source's block
 * structure) follow the replacement: a position inside a replaced range moves to that
 * replacement's start or end, so a segment never ends up holding half a replacement.
 */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Edits sorted by start, leaving out any that overlaps one before it (the first one wins). */
export function disjoint(edits: readonly Edit[]): Edit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Edit[] = [];
  let reached = -1;
  for (const e of sorted) {
    if (e.start < reached) continue;
    out.push(e);
    reached = e.end;
  }
  return out;
}

export interface Applied {
  text: string;
  /** The new offset of an old one; `side` says where a position inside a replaced range goes. */
  map(offset: number, side: 'start' | 'end'): number;
}

/** Applies disjoint, sorted edits (see `disjoint`). */
export function applyEdits(text: string, edits: readonly Edit[]): Applied {
  if (edits.length === 0) return { text, map: (o) => o };
  let out = '';
  let at = 0;
  // For each edit: its old range and where its replacement lies in the new text.
  const placed: { start: number; end: number; newStart: number; newEnd: number }[] = [];
  for (const e of edits) {
    out += text.slice(at, e.start);
    const newStart = out.length;
    out += e.text;
    placed.push({ start: e.start, end: e.end, newStart, newEnd: out.length });
    at = e.end;
  }
  out += text.slice(at);
  const map = (offset: number, side: 'start' | 'end'): number => {
    // The last edit that starts before (or at) the offset decides the shift.
    let lo = 0;
    let hi = placed.length - 1;
    let k = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((placed[mid] as (typeof placed)[number]).start <= offset) {
        k = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (k < 0) return offset;
    const p = placed[k] as (typeof placed)[number];
    if (offset >= p.end) return p.newEnd + (offset - p.end);
    if (offset === p.start) return p.newStart;
    return side === 'start' ? p.newStart : p.newEnd;
  };
  return { text: out, map };
}
