import { $createListItemNode, $createListNode, ListItemNode, ListNode } from '@lexical/list';
import { $createHeadingNode, HeadingNode, QuoteNode } from '@lexical/rich-text';
import {
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  type ElementNode,
  type Klass,
  type LexicalNode,
  type NodeKey,
} from 'lexical';
import type { BlockRuns } from './runs.js';

/** Nodes the source viewer uses. */
export const VIEWER_NODES: Klass<LexicalNode>[] = [HeadingNode, QuoteNode, ListNode, ListItemNode];

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

/**
 * Replaces the editor content with the source, block by block: each block becomes one element,
 * each run one text node. Must run inside `editor.update`. All runs are created in this one
 * update (one reconciliation), never one wrapping per coding.
 */
export function $buildSource(
  text: string,
  blocks: BlockRuns[],
  styleFor: (segmentIds: string[]) => string,
): OffsetMap {
  const root = $getRoot();
  root.clear();
  const map: OffsetMap = new Map();
  let list: ListNode | null = null;
  let listOrdered = false;
  for (const { block, runs } of blocks) {
    if (block.type === 'page_break') continue;
    let el: ElementNode;
    if (block.type === 'list_item') {
      if (!list || listOrdered !== block.ordered) {
        list = $createListNode(block.ordered ? 'number' : 'bullet');
        listOrdered = block.ordered;
        root.append(list);
      }
      el = $createListItemNode();
      list.append(el);
    } else {
      list = null;
      el =
        block.type === 'heading'
          ? $createHeadingNode(`h${Math.min(Math.max(block.level + 1, 2), 6)}` as 'h2')
          : $createParagraphNode();
      root.append(el);
    }
    for (const run of runs) {
      const node = $createTextNode(text.slice(run.start, run.end));
      if (run.bold) node.toggleFormat('bold');
      if (run.italic) node.toggleFormat('italic');
      if (run.segmentIds.length) node.setStyle(styleFor(run.segmentIds));
      // Imported text is never interpreted: mark nodes as tokens so nothing merges them.
      node.setMode('token');
      el.append(node);
      map.set(node.getKey(), { start: run.start, end: run.end, segmentIds: run.segmentIds });
    }
  }
  return map;
}

/** A point in a text node (its key and a UTF-16 offset inside it) as a plain-text offset. */
export function offsetOfPoint(map: OffsetMap, key: NodeKey, offset: number): number | null {
  const run = map.get(key);
  if (!run) return null;
  return Math.min(run.start + Math.max(offset, 0), run.end);
}

/**
 * The text node and offset inside it for a plain-text offset (for scrolling and stripes).
 * Runs are inserted in text order, so a binary search finds the run that starts at or covers it.
 */
export function pointOfOffset(
  map: OffsetMap,
  offset: number,
  sorted: [NodeKey, RunRef][] = [...map.entries()],
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
