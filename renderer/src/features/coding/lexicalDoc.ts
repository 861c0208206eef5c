import { $createListItemNode, $createListNode, ListItemNode, ListNode } from '@lexical/list';
import { $createHeadingNode, HeadingNode, QuoteNode } from '@lexical/rich-text';
import {
  $applyNodeReplacement,
  $createParagraphNode,
  $createTextNode,
  $getNodeByKey,
  $getRoot,
  $isElementNode,
  DecoratorNode,
  ElementNode,
  type EditorConfig,
  type Klass,
  type LexicalNode,
  type NodeKey,
  type SerializedElementNode,
  type SerializedLexicalNode,
  type Spread,
} from 'lexical';
import type { BlockRuns } from './runs.js';

type SerializedTable = SerializedElementNode;
/** The DOM element type as Lexical declares it (this module is also compiled without the DOM lib). */
type Dom = ReturnType<ElementNode['createDOM']>;
/** `document.createElement`, reached through globalThis for the same reason. */
const createElement = (tag: string): Dom =>
  (
    globalThis as unknown as { document: { createElement(tag: string): Dom } }
  ).document.createElement(tag);
type SerializedCell = Spread<{ header: boolean }, SerializedElementNode>;
type SerializedPageBreak = Spread<{ page: number; label: string }, SerializedLexicalNode>;

/** A table of the source (`<table>`): rows of cells, each cell one `table_cell` block. */
export class SourceTableNode extends ElementNode {
  static override getType(): string {
    return 'casus-table';
  }
  static override clone(node: SourceTableNode): SourceTableNode {
    return new SourceTableNode(node.__key);
  }
  static override importJSON(_json: SerializedTable): SourceTableNode {
    return $applyNodeReplacement(new SourceTableNode());
  }
  override createDOM(): Dom {
    const el = createElement('table');
    el.className = 'src-table';
    return el;
  }
  override updateDOM(): boolean {
    return false;
  }
}

/** One row of a source table (`<tr>`). */
export class SourceRowNode extends ElementNode {
  static override getType(): string {
    return 'casus-row';
  }
  static override clone(node: SourceRowNode): SourceRowNode {
    return new SourceRowNode(node.__key);
  }
  static override importJSON(_json: SerializedTable): SourceRowNode {
    return $applyNodeReplacement(new SourceRowNode());
  }
  override createDOM(): Dom {
    return createElement('tr');
  }
  override updateDOM(): boolean {
    return false;
  }
}

/** One cell (`<td>`, or `<th>` for a header cell); its text nodes are the block's runs. */
export class SourceCellNode extends ElementNode {
  __header: boolean;
  static override getType(): string {
    return 'casus-cell';
  }
  static override clone(node: SourceCellNode): SourceCellNode {
    return new SourceCellNode(node.__header, node.__key);
  }
  static override importJSON(json: SerializedCell): SourceCellNode {
    return $applyNodeReplacement(new SourceCellNode(json.header));
  }
  constructor(header = false, key?: NodeKey) {
    super(key);
    this.__header = header;
  }
  override exportJSON(): SerializedCell {
    return { ...super.exportJSON(), header: this.__header };
  }
  override createDOM(): Dom {
    const el = createElement(this.__header ? 'th' : 'td');
    el.className = 'src-cell';
    return el;
  }
  override updateDOM(): boolean {
    return false;
  }
}

/**
 * A page break: a labelled separator ("Pagina 3") between blocks. It holds no text (the label is
 * drawn by CSS from `data-label`), so it adds nothing to the offsets and a selection never lands
 * in it.
 */
export class PageBreakNode extends DecoratorNode<null> {
  __page: number;
  __label: string;
  static override getType(): string {
    return 'casus-page-break';
  }
  static override clone(node: PageBreakNode): PageBreakNode {
    return new PageBreakNode(node.__page, node.__label, node.__key);
  }
  static override importJSON(json: SerializedPageBreak): PageBreakNode {
    return $applyNodeReplacement(new PageBreakNode(json.page, json.label));
  }
  constructor(page = 1, label = '', key?: NodeKey) {
    super(key);
    this.__page = page;
    this.__label = label;
  }
  override exportJSON(): SerializedPageBreak {
    return { ...super.exportJSON(), page: this.__page, label: this.__label };
  }
  override createDOM(_config: EditorConfig): Dom {
    const el = createElement('div');
    el.className = 'src-page-break';
    el.setAttribute('role', 'separator');
    el.setAttribute('aria-label', this.__label);
    el.dataset.label = this.__label;
    el.dataset.page = String(this.__page);
    return el;
  }
  override updateDOM(): boolean {
    return false;
  }
  override getTextContent(): string {
    return '';
  }
  override isInline(): boolean {
    return false;
  }
  override isKeyboardSelectable(): boolean {
    return false;
  }
  override decorate(): null {
    return null;
  }
}

type SerializedChunk = Spread<{ lines: number }, SerializedElementNode>;

/**
 * A run of consecutive blocks (some screens of text) in one element. The browser skips laying
 * out and painting a chunk far from the screen (`content-visibility: auto`), and the document's
 * root holds some hundred chunks rather than thousands of blocks: a change to one block costs
 * its chunk, not a walk over every block of a long report. `lines` is a guess of its height
 * until it has been rendered once.
 */
export class SourceChunkNode extends ElementNode {
  __lines: number;
  static override getType(): string {
    return 'casus-chunk';
  }
  static override clone(node: SourceChunkNode): SourceChunkNode {
    return new SourceChunkNode(node.__lines, node.__key);
  }
  static override importJSON(json: SerializedChunk): SourceChunkNode {
    return $applyNodeReplacement(new SourceChunkNode(json.lines));
  }
  constructor(lines = 0, key?: NodeKey) {
    super(key);
    this.__lines = lines;
  }
  override exportJSON(): SerializedChunk {
    return { ...super.exportJSON(), lines: this.__lines };
  }
  override createDOM(): Dom {
    const el = createElement('div');
    el.className = 'src-chunk';
    if (this.__lines > 0)
      el.style.setProperty('contain-intrinsic-block-size', `auto ${this.__lines}lh`);
    return el;
  }
  override updateDOM(): boolean {
    return false;
  }
}

/** Nodes the source viewer uses. */
export const VIEWER_NODES: Klass<LexicalNode>[] = [
  HeadingNode,
  QuoteNode,
  ListNode,
  ListItemNode,
  SourceTableNode,
  SourceRowNode,
  SourceCellNode,
  PageBreakNode,
  SourceChunkNode,
];

export interface RunRef {
  start: number;
  end: number;
  segmentIds: string[];
}

/**
 * In-memory map from the viewer's text nodes to plain-text offsets. Node keys live only as long
 * as the editor: they are never stored, only used to translate a DOM/Lexical point to an offset.
 */
export type OffsetMap = Map<NodeKey, RunRef>;

export interface BuildOptions {
  /** The visible label of a page break ("Pagina 3"). */
  pageLabel?: (page: number) => string;
  /**
   * Groups the blocks in chunks (`SourceChunkNode`) of about this many lines each (a list or
   * a table is never split); without it every block is a child of the root.
   */
  chunkLines?: number;
  /**
   * With `chunkLines`: at most this many chunks in this editor (a section of a long text); the
   * build stops before the block that would start one more.
   */
  maxChunks?: number;
}

/** Characters on a line of the viewer's column, for guessing a block's height in lines. */
const CHARS_PER_LINE = 85;

/** A guess of a block's height in lines (its margins count as a line). */
function linesOf(block: BlockRuns['block']): number {
  if (block.type === 'page_break') return 2;
  const len = block.end - block.start;
  if (block.type === 'table_cell') return Math.ceil(len / 30) / 2 + 0.5;
  return Math.max(1, Math.ceil(len / CHARS_PER_LINE)) + 1;
}

/** The built document: the offset map plus, per block, its element and what its runs look like. */
export interface ViewerDoc {
  map: OffsetMap;
  /** Per block (in the order given): the element holding its runs (null for a page break). */
  elements: (NodeKey | null)[];
  /** Per block: a signature of its runs (boundaries, formatting, style); equal means unchanged. */
  signatures: string[];
  /** The runs' text node keys per block. */
  runKeys: NodeKey[][];
  /** Per block: the section (editor) it is in, 0 for a document in one editor. */
  section: number[];
}

function signature(br: BlockRuns, styleFor: (ids: string[]) => string): string {
  return br.runs
    .map(
      (r) =>
        `${r.start}-${r.end}${r.bold ? 'b' : ''}${r.italic ? 'i' : ''}:${r.segmentIds.join(',')}:${
          r.segmentIds.length ? styleFor(r.segmentIds) : ''
        }`,
    )
    .join('|');
}

function $appendRuns(
  el: ElementNode,
  text: string,
  br: BlockRuns,
  styleFor: (segmentIds: string[]) => string,
  map: OffsetMap,
): NodeKey[] {
  const keys: NodeKey[] = [];
  for (const run of br.runs) {
    const node = $createTextNode(text.slice(run.start, run.end));
    if (run.bold) node.toggleFormat('bold');
    if (run.italic) node.toggleFormat('italic');
    if (run.segmentIds.length) node.setStyle(styleFor(run.segmentIds));
    // Imported text is never interpreted: mark nodes as tokens so nothing merges them.
    node.setMode('token');
    el.append(node);
    const key = node.getKey();
    keys.push(key);
    map.set(key, { start: run.start, end: run.end, segmentIds: run.segmentIds });
  }
  return keys;
}

/**
 * Replaces the editor content with the source, block by block: each block becomes one element
 * (a paragraph, heading, list item or table cell; a page break a separator), each run one text
 * node. Must run inside `editor.update`. All runs are created in this one update.
 */
export function $buildDocument(
  text: string,
  blocks: BlockRuns[],
  styleFor: (segmentIds: string[]) => string,
  opts: BuildOptions = {},
): ViewerDoc {
  $getRoot().clear();
  const doc = emptyViewerDoc();
  $buildSection(doc, text, blocks, styleFor, {
    ...opts,
    maxChunks: undefined,
    from: 0,
    section: 0,
  });
  return doc;
}

/** A document with no blocks yet, for `$buildSection` to add to. */
export function emptyViewerDoc(): ViewerDoc {
  return { map: new Map(), elements: [], signatures: [], runKeys: [], section: [] };
}

/**
 * Adds blocks from `from` on to the root of the active editor (a section of the document, index
 * `section`) and to `doc`, until the section has `maxChunks` chunks (see `BuildOptions`); returns
 * the index of the first block not added (`blocks.length` when all are). Must run inside
 * `editor.update`.
 */
export function $buildSection(
  doc: ViewerDoc,
  text: string,
  blocks: BlockRuns[],
  styleFor: (segmentIds: string[]) => string,
  opts: BuildOptions & { from: number; section: number },
): number {
  const root = $getRoot();
  let chunk: SourceChunkNode | null = null;
  let chunks = 0;
  const full = () => !chunk || chunk.__lines >= (opts.chunkLines ?? 0);
  /** A block, list or table of the root: in the current chunk, or a new one when it is full. */
  const place = (el: LexicalNode) => {
    if (!opts.chunkLines) return void root.append(el);
    if (full()) {
      chunk = $applyNodeReplacement(new SourceChunkNode());
      chunks++;
      root.append(chunk);
    }
    (chunk as SourceChunkNode).append(el);
  };
  /** The guess of the current chunk's height grows by a block's. */
  const grow = (block: BlockRuns['block']) => {
    if (chunk) chunk.getWritable().__lines += linesOf(block);
  };
  let list: ListNode | null = null;
  let listOrdered = false;
  let table: SourceTableNode | null = null;
  let tableIndex = -1;
  let row: SourceRowNode | null = null;
  let rowIndex = -1;
  for (let i = opts.from; i < blocks.length; i++) {
    const br = blocks[i] as BlockRuns;
    const { block } = br;
    // A block that starts an element of the root (not the next item of a list or cell of a
    // table), with every chunk of the section full: the next section begins here.
    const startsOwn =
      block.type === 'list_item'
        ? !list || listOrdered !== block.ordered
        : block.type === 'table_cell'
          ? !table || tableIndex !== block.table
          : true;
    if (opts.maxChunks && chunks >= opts.maxChunks && startsOwn && full()) return i;
    if (block.type !== 'list_item') list = null;
    if (block.type !== 'table_cell') table = null;
    doc.section[i] = opts.section;
    if (block.type === 'page_break') {
      const label = opts.pageLabel ? opts.pageLabel(block.page) : `${block.page}`;
      place($applyNodeReplacement(new PageBreakNode(block.page, label)));
      doc.elements[i] = null;
      doc.signatures[i] = '';
      doc.runKeys[i] = [];
      grow(block);
      continue;
    }
    let el: ElementNode;
    if (block.type === 'list_item') {
      if (!list || listOrdered !== block.ordered) {
        list = $createListNode(block.ordered ? 'number' : 'bullet');
        listOrdered = block.ordered;
        place(list);
      }
      el = $createListItemNode();
      list.append(el);
    } else if (block.type === 'table_cell') {
      if (!table || tableIndex !== block.table) {
        table = $applyNodeReplacement(new SourceTableNode());
        tableIndex = block.table;
        row = null;
        place(table);
      }
      if (!row || rowIndex !== block.row) {
        row = $applyNodeReplacement(new SourceRowNode());
        rowIndex = block.row;
        table.append(row);
      }
      el = $applyNodeReplacement(new SourceCellNode(block.header));
      row.append(el);
    } else {
      el =
        block.type === 'heading'
          ? $createHeadingNode(`h${Math.min(Math.max(block.level + 1, 2), 6)}` as 'h2')
          : $createParagraphNode();
      place(el);
    }
    grow(block);
    doc.elements[i] = el.getKey();
    doc.signatures[i] = signature(br, styleFor);
    doc.runKeys[i] = $appendRuns(el, text, br, styleFor, doc.map);
  }
  return blocks.length;
}

/** Builds the document and returns only the offset map. */
export function $buildSource(
  text: string,
  blocks: BlockRuns[],
  styleFor: (segmentIds: string[]) => string,
  opts: BuildOptions = {},
): OffsetMap {
  return $buildDocument(text, blocks, styleFor, opts).map;
}

/**
 * Brings a built document up to date with new runs of the same blocks (codings added, removed,
 * filtered, highlighted): only blocks whose runs changed get new text nodes; the rest of the
 * document, and its DOM, stays as it is. Must run inside `editor.update`. Returns how many blocks
 * were rebuilt, or -1 when the structure differs and a full build is needed. With `at`, `blocks`
 * holds the runs of those blocks only (by index, ascending): a coding then costs the blocks it
 * touches, not the whole text.
 */
export function $patchDocument(
  doc: ViewerDoc,
  text: string,
  blocks: BlockRuns[],
  styleFor: (segmentIds: string[]) => string,
  at?: number[],
): number {
  if (at ? at.length !== blocks.length : blocks.length !== doc.elements.length) return -1;
  let changed = 0;
  blocks.forEach((br, j) => {
    const i = at ? (at[j] as number) : j;
    const key = doc.elements[i];
    if (key === null || key === undefined) return;
    const sig = signature(br, styleFor);
    if (sig === doc.signatures[i]) return;
    const el = $getNodeByKey(key);
    if (!$isElementNode(el)) return;
    for (const k of doc.runKeys[i] ?? []) doc.map.delete(k);
    el.clear();
    doc.runKeys[i] = $appendRuns(el, text, br, styleFor, doc.map);
    doc.signatures[i] = sig;
    changed++;
  });
  return changed;
}

/** The runs of a built document in text order (its blocks are), for `pointOfOffset`. */
export function runsInOrder(doc: ViewerDoc): [NodeKey, RunRef][] {
  const out: [NodeKey, RunRef][] = [];
  for (const keys of doc.runKeys)
    for (const k of keys) {
      const run = doc.map.get(k);
      if (run) out.push([k, run]);
    }
  return out;
}

/** Where the runs of some consecutive blocks are in a list of runs in text order. */
export interface RunSpan {
  index: number;
  count: number;
}

/**
 * Where the runs of blocks `from`..`to` (indices, inclusive) are in `sorted` (the document's
 * runs in text order): found by a binary search for the first of them, so that a patch of those
 * blocks can swap just their runs (`spliceRuns`) instead of listing every run of a long text
 * again. Null when those blocks hold no run or `sorted` is not in step with the document.
 */
export function runsSpan(
  doc: ViewerDoc,
  sorted: [NodeKey, RunRef][],
  from: number,
  to: number,
): RunSpan | null {
  let first: NodeKey | undefined;
  let count = 0;
  for (let i = from; i <= to; i++) {
    const keys = doc.runKeys[i] ?? [];
    first ??= keys[0];
    count += keys.length;
  }
  const run = first === undefined ? undefined : doc.map.get(first);
  if (!run) return null;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as [NodeKey, RunRef])[1].start < run.start) lo = mid + 1;
    else hi = mid;
  }
  // Runs of no length share their start with the next: the first is found by its key.
  while (lo < sorted.length && (sorted[lo] as [NodeKey, RunRef])[0] !== first) {
    if ((sorted[lo] as [NodeKey, RunRef])[1].start > run.start) return null;
    lo++;
  }
  return lo + count <= sorted.length ? { index: lo, count } : null;
}

/**
 * `sorted` with the runs at `span` (those of blocks `from`..`to` before a patch) replaced by
 * the runs those blocks hold now: the same list `runsInOrder` gives, at the cost of the blocks
 * patched.
 */
export function spliceRuns(
  doc: ViewerDoc,
  sorted: [NodeKey, RunRef][],
  span: RunSpan,
  from: number,
  to: number,
): [NodeKey, RunRef][] {
  const out = sorted.slice(0, span.index);
  for (let i = from; i <= to; i++)
    for (const k of doc.runKeys[i] ?? []) {
      const run = doc.map.get(k);
      if (run) out.push([k, run]);
    }
  for (let i = span.index + span.count; i < sorted.length; i++)
    out.push(sorted[i] as [NodeKey, RunRef]);
  return out;
}

/** The runs of a map in text order, for `pointOfOffset`. */
export function sortedRuns(map: OffsetMap): [NodeKey, RunRef][] {
  return [...map.entries()].sort((a, b) => a[1].start - b[1].start || a[1].end - b[1].end);
}

/** A point in a text node (its key and a UTF-16 offset inside it) as a plain-text offset. */
export function offsetOfPoint(map: OffsetMap, key: NodeKey, offset: number): number | null {
  const run = map.get(key);
  if (!run) return null;
  return Math.min(run.start + Math.max(offset, 0), run.end);
}

/**
 * The text node and offset inside it for a plain-text offset (for scrolling and stripes).
 * `sorted` must be in text order (see `sortedRuns`); a binary search finds the run that starts
 * at or covers it.
 */
export function pointOfOffset(
  map: OffsetMap,
  offset: number,
  sorted: [NodeKey, RunRef][] = sortedRuns(map),
): { key: NodeKey; offset: number } | null {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [key, run] = sorted[mid] as [NodeKey, RunRef];
    if (offset < run.start) hi = mid - 1;
    else if (offset >= run.end) lo = mid + 1;
    else return { key, offset: offset - run.start };
  }
  // The very end of a block (or of the text) belongs to the run that ends there.
  const before = sorted[lo - 1];
  return before && before[1].end === offset
    ? { key: before[0], offset: offset - before[1].start }
    : null;
}
