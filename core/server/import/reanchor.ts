/**
 * Re-anchors segments of an old version of a text onto a new version by their quoted text. A
 * segment moves only when its exact quote occurs in the new text; among several occurrences the
 * one whose surroundings match the old surroundings best wins, then the one nearest the old
 * relative position. Anything else is reported, never guessed.
 */
export interface AnchoredSegment {
  id: string;
  start: number;
  end: number;
  text: string;
}

export interface ReanchorResult {
  moved: AnchoredSegment[];
  unanchored: AnchoredSegment[];
}

const CONTEXT = 40;

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

export function reanchor(
  oldText: string,
  newText: string,
  segments: AnchoredSegment[],
): ReanchorResult {
  const moved: AnchoredSegment[] = [];
  const unanchored: AnchoredSegment[] = [];
  const scale = oldText.length > 0 ? newText.length / oldText.length : 1;
  for (const seg of segments) {
    const quote = seg.text;
    if (quote === '' || oldText.slice(seg.start, seg.end) !== quote) {
      unanchored.push(seg);
      continue;
    }
    const before = oldText.slice(Math.max(0, seg.start - CONTEXT), seg.start);
    const after = oldText.slice(seg.end, seg.end + CONTEXT);
    const expected = seg.start * scale;
    let best: { start: number; score: number; distance: number } | null = null;
    for (let at = newText.indexOf(quote); at >= 0; at = newText.indexOf(quote, at + 1)) {
      const score =
        commonSuffix(before, newText.slice(Math.max(0, at - CONTEXT), at)) +
        commonPrefix(after, newText.slice(at + quote.length, at + quote.length + CONTEXT));
      const distance = Math.abs(at - expected);
      if (!best || score > best.score || (score === best.score && distance < best.distance)) {
        best = { start: at, score, distance };
      }
    }
    if (best) moved.push({ ...seg, start: best.start, end: best.start + quote.length });
    else unanchored.push(seg);
  }
  return { moved, unanchored };
}
