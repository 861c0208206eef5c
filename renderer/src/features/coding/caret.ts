/**
 * Caret browsing for the read-only source viewer: the browser keeps a selection in non-editable
 * text but moves no caret there, so the viewer moves it with `Selection.modify` (the same
 * word/line rules as an editor) and never lets it leave the viewer. Nothing here can change the
 * text: the viewer is not contenteditable.
 */
import type { CaretMove } from './caretKeys.js';

export { caretKey, type CaretMove } from './caretKeys.js';

function textNodes(root: HTMLElement): Text[] {
  const out: Text[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if ((n as Text).length > 0) out.push(n as Text);
  }
  return out;
}

/** Puts a caret at the start of the first text visible on screen unless one is in the viewer. */
export function placeCaret(root: HTMLElement): void {
  const sel = window.getSelection();
  if (!sel) return;
  if (sel.rangeCount > 0 && sel.focusNode && root.contains(sel.focusNode)) return;
  const nodes = textNodes(root);
  const visible =
    nodes.find((n) => {
      const r = n.parentElement?.getBoundingClientRect();
      return r ? r.bottom > 0 && r.top < window.innerHeight : false;
    }) ?? nodes[0];
  if (visible) sel.collapse(visible, 0);
}

/** Moves or extends the selection inside the viewer; keeps it there and in view. */
export function moveCaret(root: HTMLElement, m: CaretMove): void {
  const sel = window.getSelection();
  if (!sel) return;
  placeCaret(root);
  if (sel.rangeCount === 0 || !sel.anchorNode || !sel.focusNode) return;
  const before = {
    anchor: sel.anchorNode,
    anchorOffset: sel.anchorOffset,
    focus: sel.focusNode,
    focusOffset: sel.focusOffset,
  };
  const same = (n: Node | null, o: number) => n === sel.focusNode && o === sel.focusOffset;
  if (m.alter === 'move' && !sel.isCollapsed && m.granularity === 'character') {
    // Like an editor: Left/Right on a selection collapse it to that side.
    if (m.direction === 'backward') sel.collapseToStart();
    else sel.collapseToEnd();
  } else if (m.granularity === 'documentboundary') {
    // Not supported by Selection.modify outside editable content: to the first/last text.
    const nodes = textNodes(root);
    const edge = m.direction === 'backward' ? nodes[0] : nodes[nodes.length - 1];
    if (edge) {
      const at = m.direction === 'backward' ? 0 : edge.length;
      if (m.alter === 'extend') sel.extend(edge, at);
      else sel.collapse(edge, at);
    }
  } else if (m.granularity === 'paragraph') {
    // To the end (start) of the block; from there to the next (previous) block's end (start).
    const blocks = [...root.querySelectorAll('p, h1, h2, h3, h4, h5, h6, li, td, th')].filter(
      (el) => textNodes(el as HTMLElement).length > 0,
    );
    const i = blocks.findIndex((el) => el.contains(sel.focusNode));
    const edgeOf = (el: Element | undefined): [Text, number] | null => {
      if (!el) return null;
      const nodes = textNodes(el as HTMLElement);
      const t = m.direction === 'forward' ? nodes[nodes.length - 1] : nodes[0];
      return t ? [t, m.direction === 'forward' ? t.length : 0] : null;
    };
    let target = edgeOf(blocks[i]);
    if (target && same(target[0], target[1]))
      target = edgeOf(blocks[m.direction === 'forward' ? i + 1 : i - 1]) ?? target;
    if (target) {
      if (m.alter === 'extend') sel.extend(target[0], target[1]);
      else sel.collapse(target[0], target[1]);
    }
  } else {
    sel.modify(m.alter, m.direction, m.granularity);
  }
  if (!sel.focusNode || !root.contains(sel.focusNode)) {
    // Past the first or last text: stay at the edge.
    sel.setBaseAndExtent(before.anchor, before.anchorOffset, before.focus, before.focusOffset);
    return;
  }
  const el =
    sel.focusNode.nodeType === Node.TEXT_NODE
      ? sel.focusNode.parentElement
      : (sel.focusNode as Element);
  const r = el?.getBoundingClientRect();
  if (el && r && (r.top < 0 || r.bottom > window.innerHeight))
    el.scrollIntoView({ block: 'nearest' });
}
