import type { Reader } from '../access.js';
import { reading } from '../internal/access.js';
import { sql } from '../sql.js';

/**
 * The words around a retrieved segment, cut from the blocks around it rather than from its
 * source's whole text (a 50-page source is read in full for a few lines otherwise; issue 19).
 * A stretch of text is put together from its blocks by the layout rule of core/shared/blocks.ts:
 * one `\n` between blocks, `\t` between the cells of one table row. Where the blocks do not
 * cover a stretch that way, that source's whole text is read, as before, so the context is
 * always exactly the same.
 */

export interface Hit {
  sourceId: string;
  start: number;
  end: number;
}

export interface Context {
  before: string;
  after: string;
}

/** Part of a text, indexed as the whole text is (UTF-16 offsets into the source's text). */
interface Text {
  readonly length: number;
  at(i: number): string;
  slice(from: number, to: number): string;
  indexOf(s: string, from: number): number;
  lastIndexOf(s: string, from: number): number;
}

/**
 * `piece` lies at `base` of a text of `length` units. A class, not an object of closures: one is
 * made per hit, and five closures each were a third of the time spent cutting contexts.
 */
class Window implements Text {
  constructor(
    private readonly piece: string,
    private readonly base: number,
    readonly length: number,
  ) {}
  at(i: number): string {
    return this.piece[i - this.base] ?? '';
  }
  slice(from: number, to: number): string {
    return this.piece.slice(from - this.base, to - this.base);
  }
  indexOf(s: string, from: number): number {
    const i = this.piece.indexOf(s, Math.max(0, from - this.base));
    return i < 0 ? -1 : i + this.base;
  }
  lastIndexOf(s: string, from: number): number {
    if (from < this.base) return -1;
    const i = this.piece.lastIndexOf(s, from - this.base);
    return i < 0 ? -1 : i + this.base;
  }
}

/** Context up to `n` units, widened to a word boundary and kept within the paragraph. */
function contextBefore(text: Text, start: number, n: number): string {
  if (n === 0) return '';
  let from = Math.max(0, start - n);
  const newline = text.lastIndexOf('\n', start - 1);
  if (newline >= from) from = newline + 1;
  else if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space >= 0 && space < start) from = space + 1;
  }
  if (/[\uDC00-\uDFFF]/.test(text.at(from))) from++;
  return text.slice(from, start);
}

function contextAfter(text: Text, end: number, n: number): string {
  if (n === 0) return '';
  let to = Math.min(text.length, end + n);
  const newline = text.indexOf('\n', end);
  if (newline >= 0 && newline < to) to = newline;
  else if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > end) to = space;
  }
  if (/[\uD800-\uDBFF]/.test(text.at(to - 1))) to--;
  return text.slice(end, to);
}

/** What the context of a hit can look at: from `n` before its start to just past `n` after. */
const span = (h: Hit, n: number, length: number) => ({
  from: Math.max(0, h.start - n),
  to: Math.min(length, h.end + n + 1),
});

interface BlockRow {
  source_id: string;
  start: number;
  end: number;
  type: string;
  attrs: string;
  text: string;
}

const lengths = sql.tuples<[string, number], { ids: string }>(
  `SELECT s.id, s.text_length FROM sources s INDEXED BY sources_length
   WHERE s.id IN (SELECT value FROM json_each(@ids))`,
);

/**
 * Every block (not page breaks) that overlaps a span, once: per span, from the last block that
 * starts at or before it up to the last that starts at or before its end (blocks_span, covering;
 * the rows are read by their key, once each).
 */
const blocksOver = sql.rows<BlockRow, { spans: string }>(
  `SELECT b.source_id, b.start, b.end, b.type, b.attrs, b.text FROM blocks b
   WHERE b.id IN (
     SELECT q.id FROM json_each(@spans) w JOIN blocks q INDEXED BY blocks_span
       ON q.source_id = w.value ->> 0 AND q.type != 'page_break'
      AND q.start >= coalesce((SELECT max(p.start) FROM blocks p INDEXED BY blocks_span
            WHERE p.source_id = w.value ->> 0 AND p.start <= w.value ->> 1
              AND p.type != 'page_break'), 0)
      AND q.start <= w.value ->> 2)`,
);

/**
 * What one stretch read by blocks costs, in characters of a source's text read whole: a source
 * is read whole when its stretches cost as much. Measured on the bench's study (sources of
 * 15,000 characters): a stretch by blocks took 8-10 µs, a whole text 65-80 µs.
 */
const WHOLE_PER_STRETCH = 1500;

/**
 * The spans of the hits, those of one source that overlap or touch merged into one stretch: a
 * block is then searched for once per stretch rather than once per hit (1,000 hits in 240
 * sources are 900 stretches; 1,000 in 40 sources, 500).
 */
function stretches(spans: (readonly [string, number, number])[]): [string, number, number][] {
  const sorted = [...spans].sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
  const out: [string, number, number][] = [];
  for (const [id, from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && last[0] === id && from <= last[2]) last[2] = Math.max(last[2], to);
    else out.push([id, from, to]);
  }
  return out;
}

const wholeText = sql.values<string, { id: string }>('SELECT text FROM sources WHERE id = @id');

/** The separator the layout rule puts between two consecutive blocks. */
function separator(a: BlockRow, b: BlockRow): string {
  if (a.type !== 'table_cell' || b.type !== 'table_cell') return '\n';
  const x = JSON.parse(a.attrs) as { table?: number; row?: number };
  const y = JSON.parse(b.attrs) as { table?: number; row?: number };
  return x.table === y.table && x.row === y.row ? '\t' : '\n';
}

/**
 * The text from `from` to `to` put together from a source's blocks (sorted by start), as a
 * piece and the offset it starts at; null where the blocks do not cover it by the layout rule.
 */
function fromBlocks(
  blocks: BlockRow[],
  from: number,
  to: number,
): { piece: string; base: number } | null {
  // The last block that starts at or before `from`.
  let i = -1;
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((blocks[mid] as BlockRow).start <= from) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (i < 0) return null;
  const base = (blocks[i] as BlockRow).start;
  let at = base;
  let piece = '';
  for (; i < blocks.length && at < to; i++) {
    const b = blocks[i] as BlockRow;
    if (b.start !== at || b.text.length !== b.end - b.start) return null;
    piece += b.text;
    at = b.end;
    const next = blocks[i + 1];
    if (at < to) {
      // One separator, then the next block: anything else is outside the rule.
      if (next?.start !== at + 1) return null;
      piece += separator(b, next);
      at += 1;
    }
  }
  return at < to ? null : { piece, base };
}

/**
 * The context (up to `n` units each side) of each hit, in order. Reads the blocks around the
 * hits; a source whose blocks do not cover its hits' surroundings is read whole.
 */
export function segmentContexts(r: Reader, hits: readonly Hit[], n: number): Context[] {
  if (n === 0 || hits.length === 0) return hits.map(() => ({ before: '', after: '' }));
  const db = reading(r);
  const sourceIds = [...new Set(hits.map((h) => h.sourceId))];
  const lengthOf = new Map(db.all(lengths, { ids: JSON.stringify(sourceIds) }));
  const all = stretches(
    hits.map((h) => {
      const s = span(h, n, lengthOf.get(h.sourceId) ?? 0);
      return [h.sourceId, s.from, s.to] as const;
    }),
  );
  const stretchesIn = new Map<string, number>();
  for (const [id] of all) stretchesIn.set(id, (stretchesIn.get(id) ?? 0) + 1);
  // A source with many stretches for its length is read whole: its blocks would be read nearly
  // all, with index searches per stretch on top (1,000 hits in 40 sources of 15,000
  // characters: blocks 5 ms, whole texts 2.5 ms; in 240 sources, 7 against 13).
  const readWhole = (id: string) =>
    (stretchesIn.get(id) ?? 0) * WHOLE_PER_STRETCH >= (lengthOf.get(id) ?? 0);
  const spans = all.filter(([id]) => !readWhole(id));
  const blocksOf = new Map<string, BlockRow[]>();
  if (spans.length > 0)
    for (const b of db.all(blocksOver, { spans: JSON.stringify(spans) })) {
      const list = blocksOf.get(b.source_id);
      if (list) list.push(b);
      else blocksOf.set(b.source_id, [b]);
    }
  for (const list of blocksOf.values()) list.sort((a, b) => a.start - b.start || a.end - b.end);
  const whole = new Map<string, Text>();
  const textFor = (h: Hit): Text => {
    const length = lengthOf.get(h.sourceId) ?? 0;
    const { from, to } = span(h, n, length);
    const part = readWhole(h.sourceId)
      ? null
      : fromBlocks(blocksOf.get(h.sourceId) ?? [], from, to);
    if (part) return new Window(part.piece, part.base, length);
    let t = whole.get(h.sourceId);
    if (!t) {
      const text = db.get(wholeText, { id: h.sourceId }) ?? '';
      t = new Window(text, 0, text.length);
      whole.set(h.sourceId, t);
    }
    return t;
  };
  return hits.map((h) => {
    const text = textFor(h);
    return { before: contextBefore(text, h.start, n), after: contextAfter(text, h.end, n) };
  });
}
