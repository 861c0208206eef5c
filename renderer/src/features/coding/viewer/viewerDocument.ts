import { useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import type { Block, InlineMark } from '../../../../../core/shared/blocks.js';
import type { Code } from '../../../../../core/shared/contract/schemas.js';
import {
  runsInOrder,
  runsSpan,
  sortedRuns,
  spliceRuns,
  type OffsetMap,
  type RunRef,
  type ViewerDoc,
} from '../lexicalDoc.js';
import { buildRuns, type Span } from '../runs.js';
import { buildSections, patchSections } from './sectionedDoc.js';
import { ViewerSections, type ViewerText } from './sections.js';
import type { ShownSegment } from './shownCodings.js';
import { isPending } from '../optimisticCoding.js';
import {
  changedRanges,
  renamedSegments,
  segmentLooks,
  shownChanges,
  touchedBlocks,
  type SegmentLook,
} from './touchedBlocks.js';

/** How many lines of text (guessed) go in a chunk of the document: two screens or so. */
const CHUNK_LINES = 60;

/** The span id of the opened search hit. */
const HIT = '__hit';

/**
 * How many chunks go in a section of the text (one Lexical editor): some 40,000 characters, whose
 * root text Lexical compares in well under a millisecond on each update (see `ViewerSections`).
 */
const SECTION_CHUNKS = 8;

/** The viewer's text in read-only Lexical editors (sections); errors go to `onError`. */
export function useViewerSections(onError: (message: string) => void): ViewerSections {
  const report = useRef(onError);
  report.current = onError;
  return useMemo(
    () =>
      new ViewerSections(
        {
          paragraph: 'src-p',
          heading: { h2: 'src-h', h3: 'src-h', h4: 'src-h', h5: 'src-h', h6: 'src-h' },
          list: { ul: 'src-ul', ol: 'src-ol', listitem: 'src-li' },
          text: { bold: 'src-bold', italic: 'src-italic' },
        },
        (message) => report.current(message),
      ),
    [],
  );
}

/** #RRGGBB plus alpha as rgba(), for tints that let overlapping codings mix. */
function tint(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** The inline style of a run covered by these spans: a tint and one underline band per code. */
function runStyle(ids: string[], colours: (id: string) => string[]): string {
  const cs = [...new Set(ids.flatMap(colours))].slice(0, 4);
  const parts: string[] = [];
  if (ids.includes(HIT)) parts.push('background-color: #ffe066');
  else if (cs[0]) parts.push(`background-color: ${tint(cs[0], 0.16 + 0.06 * (ids.length - 1))}`);
  // One underline band per code, stacked: overlapping codings stay visible.
  // The padding grows the inline box below the glyphs so the bands never cover the text.
  if (cs.length) {
    parts.push(`padding-bottom: ${cs.length * 2 + 1}px`);
    parts.push(`box-shadow: ${cs.map((c, i) => `inset 0 -${(i + 1) * 2}px 0 ${c}`).join(', ')}`);
  }
  parts.push('cursor: pointer');
  return parts.join('; ');
}

/**
 * Each coded run says how many shown codings cover it (`data-codings`), so that what the tints
 * show can be read without parsing styles (tests, assistive styling). Set on every coded run of
 * the given runs: a coding added to a segment changes the count without changing the run.
 */
function markCodedRuns(
  sections: ViewerText,
  runs: Iterable<[string, RunRef]>,
  looks: Map<string, SegmentLook>,
): void {
  // A look's colours are one per shown coding.
  const codings = (id: string) => looks.get(id)?.colours.split(',').length ?? 0;
  for (const [key, run] of runs) {
    if (run.segmentIds.length === 0) continue;
    const n = run.segmentIds.reduce((sum, id) => sum + codings(id), 0);
    const el = sections.getElementByKey(key);
    // Written only where it changed: every write is a style invalidation of the run.
    const value = n > 0 ? String(n) : null;
    if (!el || el.getAttribute('data-codings') === value) continue;
    if (value) el.setAttribute('data-codings', value);
    else el.removeAttribute('data-codings');
  }
}

/** The runs (node key and offsets) of some blocks of a built document. */
function* runsOf(doc: ViewerDoc, at: number[]): Generator<[string, RunRef]> {
  for (const i of at)
    for (const k of doc.runKeys[i] ?? []) {
      const run = doc.map.get(k);
      if (run) yield [k, run];
    }
}

/** Where each plain-text offset is in the built document (for selections, stripes, the hit). */
export interface DocumentMap {
  map: RefObject<OffsetMap>;
  sorted: RefObject<[string, RunRef][]>;
}

/**
 * Builds the source as a Lexical document with the shown codings as styled runs. The document's
 * structure is rebuilt only when it changes (another source, a re-read with other blocks, the
 * language of the page labels); codings only patch the blocks they touch. Nothing is built until
 * `ready` (the codings and codes are in): one build, not two.
 */
export function useViewerDocument(
  sections: ViewerSections,
  source: { text: string; blocks: Block[]; marks: InlineMark[] },
  shown: ShownSegment[],
  opts: {
    ready: boolean;
    highlight: { start: number; end: number } | undefined;
    codeById: Map<string, Code>;
    pageLabel: (n: number) => string;
  },
): DocumentMap {
  const { text, blocks, marks } = source;
  const { ready, highlight, codeById, pageLabel } = opts;
  const map = useRef<OffsetMap>(new Map());
  const sorted = useRef<[string, RunRef][]>([]);
  /** The built document, what it was built from, and how each shown segment looks in it. */
  const docRef = useRef<{
    doc: ViewerDoc;
    structure: string;
    hit: string;
    looks: Map<string, SegmentLook>;
    /** The shown segments and the codes' colours the looks are of. */
    shown: ShownSegment[];
    palette: string;
  } | null>(null);
  /** Looks already worked out, for the codes' colours they were worked out with. */
  const known = useRef({ palette: '', looks: new WeakMap<ShownSegment, SegmentLook>() });
  const structure = useMemo(
    () => `${text.length}:${JSON.stringify(blocks)}:${JSON.stringify(marks)}:${pageLabel(0)}`,
    [text, blocks, marks, pageLabel],
  );
  useLayoutEffect(() => {
    if (!ready) return;
    const colourOf = (codeId: string) => codeById.get(codeId)?.color ?? '#BBBBBB';
    const palette = [...codeById.values()].map((c) => `${c.id}${c.color}`).join();
    if (known.current.palette !== palette) known.current = { palette, looks: new WeakMap() };
    const hit = highlight ? `${highlight.start}-${highlight.end}` : '';
    const prev = docRef.current;
    const same = prev !== null && prev.structure === structure && prev.hit === hit;
    // The looks of the segments that changed only (a coding: one or two), when the document
    // holds the looks of the shown segments before with the same colours; else all of them.
    let looks: Map<string, SegmentLook>;
    let changed: { before: Map<string, SegmentLook>; after: Map<string, SegmentLook> } | null =
      null;
    if (same && prev.palette === palette) {
      const { gone, came } = shownChanges(prev.shown, shown);
      const before = new Map<string, SegmentLook>();
      for (const x of gone) {
        const look = prev.looks.get(x.seg.id);
        if (look) before.set(x.seg.id, look);
      }
      const after = segmentLooks(came, colourOf, known.current.looks);
      looks = prev.looks;
      for (const id of before.keys()) looks.delete(id);
      for (const [id, look] of after) looks.set(id, look);
      changed = { before, after };
    } else looks = segmentLooks(shown, colourOf, known.current.looks);
    // Asked for the few segments of the runs being built, not worked out for all of them.
    const colours = (id: string) => looks.get(id)?.colours.split(',') ?? [];
    // Each run's style is asked for twice (its block's signature, its node) and runs share
    // segments: one string per set of segments.
    const styles = new Map<string, string>();
    const styleFor = (ids: string[]) => {
      const key = ids.join(',');
      let style = styles.get(key);
      if (style === undefined) {
        style = runStyle(ids, colours);
        styles.set(key, style);
      }
      return style;
    };
    const spanOf = (x: ShownSegment): Span => ({
      id: x.seg.id,
      start: x.seg.start,
      end: x.seg.end,
    });
    if (same) {
      // The same text and hit: only the blocks under segments that came, went or look otherwise
      // change (a coding applied or removed, a re-read that brought the same segments: none).
      // The code tree re-read after a coding gives new code objects with the same colours.
      // A pending coding now stored looks as it did: its runs take the stored id, the document
      // stays as it is.
      const before = changed?.before ?? prev.looks;
      const after = changed?.after ?? looks;
      for (const [from, to] of renamedSegments(before, after, isPending)) {
        const look = before.get(from) as SegmentLook;
        for (const [, run] of runsOf(prev.doc, touchedBlocks(blocks, [look])))
          if (run.segmentIds.includes(from))
            run.segmentIds = run.segmentIds.map((id) => (id === from ? to : id));
        before.delete(from);
        before.set(to, look);
      }
      const at = touchedBlocks(blocks, changedRanges(before, after));
      Object.assign(prev, { looks, shown, palette });
      if (at.length === 0) return;
      const first = at[0] as number;
      const last = at[at.length - 1] as number;
      const from = (blocks[first] as Block).start;
      const to = (blocks[last] as Block).end;
      const spans = shown.filter((x) => x.seg.end > from && x.seg.start < to).map(spanOf);
      const runs = buildRuns(
        at.map((i) => blocks[i] as Block),
        marks,
        spans,
      );
      // Where the patched blocks' runs are in the list in text order, taken before the patch.
      const span = runsSpan(prev.doc, sorted.current, first, last);
      const patched = patchSections(sections, prev.doc, text, runs, styleFor, at);
      // Only the patched blocks' runs are listed again, not the thousands of a long text.
      if (patched > 0)
        sorted.current = span
          ? spliceRuns(prev.doc, sorted.current, span, first, last)
          : runsInOrder(prev.doc);
      markCodedRuns(sections, runsOf(prev.doc, at), looks);
      return;
    }
    const spans = shown.map(spanOf);
    if (highlight) spans.push({ id: HIT, start: highlight.start, end: highlight.end });
    const runs = buildRuns(blocks, marks, spans);
    let patched = -1;
    if (prev && prev.structure === structure && prev.doc.elements.length === runs.length)
      patched = patchSections(
        sections,
        prev.doc,
        text,
        runs,
        styleFor,
        runs.map((_, i) => i),
      );
    if (patched < 0) {
      const doc = buildSections(sections, text, runs, styleFor, {
        pageLabel,
        chunkLines: CHUNK_LINES,
        maxChunks: SECTION_CHUNKS,
      });
      docRef.current = { doc, structure, hit, looks, shown, palette };
    }
    const built = docRef.current as NonNullable<typeof docRef.current>;
    Object.assign(built, { hit, looks, shown, palette });
    if (patched !== 0) {
      map.current = built.doc.map;
      sorted.current = sortedRuns(map.current);
    }
    markCodedRuns(sections, map.current, looks);
  }, [ready, sections, text, blocks, marks, shown, highlight, codeById, structure, pageLabel]);
  // One object for the viewer's life, so hooks that take it do not run again on every render.
  return useMemo(() => ({ map, sorted }), []);
}
