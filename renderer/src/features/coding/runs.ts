import type { Block, InlineMark } from '../../../../core/shared/blocks.js';
import { splitsSurrogatePair } from '../../../../core/shared/text/offsets.js';

/** A stretch of one block with the same formatting and the same covering segments. */
export interface Run {
  start: number;
  end: number;
  bold: boolean;
  italic: boolean;
  /** Ids of the segments covering the whole run, in the order of `segments`. */
  segmentIds: string[];
}

export interface BlockRuns {
  block: Block;
  runs: Run[];
}

export interface Span {
  id: string;
  start: number;
  end: number;
}

/**
 * Cuts every block into non-overlapping runs with one sweep over all boundaries (block edges,
 * mark edges, segment edges), so overlapping codings never need nested or overlapping marks.
 * Cost O((B + M + S) log(B + M + S) + runs x covering).
 */
export function buildRuns(blocks: Block[], marks: InlineMark[], segments: Span[]): BlockRuns[] {
  type Event = { at: number; kind: 0 | 1; what: 'seg' | 'bold' | 'italic'; id: string };
  const events: Event[] = [];
  for (const s of segments) {
    events.push({ at: s.start, kind: 1, what: 'seg', id: s.id });
    events.push({ at: s.end, kind: 0, what: 'seg', id: s.id });
  }
  marks.forEach((m, i) => {
    events.push({ at: m.start, kind: 1, what: m.kind, id: String(i) });
    events.push({ at: m.end, kind: 0, what: m.kind, id: String(i) });
  });
  // Ends before starts at the same offset: half-open ranges that touch do not overlap.
  events.sort((a, b) => a.at - b.at || a.kind - b.kind);
  const order = new Map(segments.map((s, i) => [s.id, i]));
  const open = new Set<string>();
  let bold = 0;
  let italic = 0;
  let e = 0;
  const apply = (upTo: number) => {
    while (e < events.length && (events[e] as Event).at <= upTo) {
      const ev = events[e++] as Event;
      const d = ev.kind === 1 ? 1 : -1;
      if (ev.what === 'seg') {
        if (d > 0) open.add(ev.id);
        else open.delete(ev.id);
      } else if (ev.what === 'bold') bold += d;
      else italic += d;
    }
  };
  const out: BlockRuns[] = [];
  const sortedBlocks = blocks; // blocks come in text order
  for (const block of sortedBlocks) {
    const runs: Run[] = [];
    let pos = block.start;
    while (pos < block.end) {
      apply(pos);
      let next = block.end;
      if (e < events.length) next = Math.min(next, (events[e] as Event).at);
      if (next <= pos) next = block.end;
      runs.push({
        start: pos,
        end: next,
        bold: bold > 0,
        italic: italic > 0,
        segmentIds: [...open].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
      });
      pos = next;
    }
    out.push({ block, runs });
  }
  return out;
}

/** Orders two points and clamps them away from the middle of a surrogate pair. */
export function normaliseRange(
  text: string,
  a: number,
  b: number,
  opts: { words?: boolean } = {},
): { start: number; end: number } | null {
  let start = Math.max(0, Math.min(a, b));
  let end = Math.min(text.length, Math.max(a, b));
  if (splitsSurrogatePair(text, start)) start -= 1;
  if (splitsSurrogatePair(text, end)) end += 1;
  if (opts.words) {
    const word = /[\p{L}\p{N}\p{M}'’-]/u;
    while (start > 0 && word.test(text[start - 1] ?? '') && word.test(text[start] ?? '')) start--;
    while (end < text.length && word.test(text[end - 1] ?? '') && word.test(text[end] ?? '')) end++;
  }
  // Whitespace at the edges is never part of a quotation.
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end > start ? { start, end } : null;
}
