import { $getNearestNodeFromDOMNode } from 'lexical';
import { offsetOfPoint, pointOfOffset, type OffsetMap, type RunRef } from '../lexicalDoc.js';
import { normaliseRange } from '../runs.js';
import type { ViewerText } from './sections.js';

/** The first (or last) text node in a DOM subtree. */
function textIn(n: Node | undefined, last: boolean): Text | null {
  if (!n) return null;
  if (n.nodeType === Node.TEXT_NODE) return n as Text;
  const kids = [...n.childNodes];
  for (const k of last ? kids.reverse() : kids) {
    const t = textIn(k, last);
    if (t) return t;
  }
  return null;
}

/** Maps a DOM point inside the viewer to a plain-text offset (block by block, via the map). */
export function domPointToOffset(
  viewerText: ViewerText,
  map: OffsetMap,
  node: Node,
  offset: number,
): number | null {
  let target: Node | null = node;
  let at = offset;
  if (node.nodeType !== Node.TEXT_NODE) {
    // An element point: use the text just after it, or the end of the text just before it.
    const next = textIn(node.childNodes[offset], false);
    if (next) {
      target = next;
      at = 0;
    } else {
      const prev = textIn(node.childNodes[offset - 1] ?? node, true);
      if (!prev) return null;
      target = prev;
      at = prev.length;
    }
  }
  let result: number | null = null;
  const section = target ? viewerText.editorOf(target) : null;
  section?.read(() => {
    const lex = target ? $getNearestNodeFromDOMNode(target) : null;
    if (lex) result = offsetOfPoint(map, lex.getKey(), at);
  });
  return result;
}

/**
 * The page's selection as plain-text offsets when it lies inside the viewer (`root`): a caret
 * as start = end, a range normalised (trimmed, snapped to words when asked); otherwise null.
 */
export function selectionOffsets(
  viewerText: ViewerText,
  map: OffsetMap,
  root: HTMLElement,
  text: string,
  snapWords: boolean,
): { start: number; end: number } | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0) return null;
  if (!sel.anchorNode || !sel.focusNode) return null;
  if (!root.contains(sel.anchorNode) || !root.contains(sel.focusNode)) return null;
  const a = domPointToOffset(viewerText, map, sel.anchorNode, sel.anchorOffset);
  const b = domPointToOffset(viewerText, map, sel.focusNode, sel.focusOffset);
  if (a === null || b === null) return null;
  if (a === b) return { start: a, end: a };
  return normaliseRange(text, a, b, { words: snapWords });
}

/** The DOM point of a plain-text offset in the viewer (its run's text node), or null. */
export function domPointOf(
  viewerText: ViewerText,
  map: OffsetMap,
  sorted: [string, RunRef][],
  offset: number,
): { node: Text; offset: number } | null {
  const p = pointOfOffset(map, offset, sorted);
  const text = p ? textIn(viewerText.getElementByKey(p.key) ?? undefined, false) : null;
  return p && text ? { node: text, offset: Math.min(p.offset, text.length) } : null;
}

/** Makes the page's selection the range `start`–`end` of the viewer's plain text. */
export function selectOffsets(
  viewerText: ViewerText,
  map: OffsetMap,
  sorted: [string, RunRef][],
  start: number,
  end: number,
): boolean {
  const a = domPointOf(viewerText, map, sorted, start);
  const b = domPointOf(viewerText, map, sorted, end);
  const sel = window.getSelection();
  if (!a || !b || !sel) return false;
  sel.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
  return true;
}
