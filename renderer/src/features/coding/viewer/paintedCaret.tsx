import { useCallback, useEffect, useState, type RefObject } from 'react';

interface CaretBox {
  left: number;
  top: number;
  height: number;
}

/** Where the caret is, relative to `wrap`, or null: the focus point's rect (or its next char's). */
function caretBox(root: HTMLElement, wrap: HTMLElement): CaretBox | null {
  const sel = window.getSelection();
  if (!sel || sel.rangeCount === 0 || document.activeElement !== root) return null;
  if (!sel.focusNode || !root.contains(sel.focusNode)) return null;
  const r = document.createRange();
  r.setStart(sel.focusNode, sel.focusOffset);
  r.collapse(true);
  let rect: DOMRect | undefined = r.getClientRects()[0];
  if (!rect && sel.focusNode.nodeType === Node.TEXT_NODE) {
    // At the very start of a text node some engines give no rect: use the next character's.
    const len = (sel.focusNode as Text).length;
    if (len > 0) {
      const k = Math.min(sel.focusOffset, len - 1);
      r.setStart(sel.focusNode, k);
      r.setEnd(sel.focusNode, k + 1);
      const c = r.getClientRects()[0];
      if (c) rect = new DOMRect(sel.focusOffset >= len ? c.right : c.left, c.top, 0, c.height);
    }
  }
  if (!rect) return null;
  const box = wrap.getBoundingClientRect();
  return { left: rect.left - box.left, top: rect.top - box.top, height: rect.height || 16 };
}

/**
 * The caret of a collapsed selection inside the read-only viewer, which the browser does not
 * draw: followed on every selection change while the viewer has the focus.
 */
export function usePaintedCaret(
  rootRef: RefObject<HTMLElement | null>,
  wrapRef: RefObject<HTMLElement | null>,
): { caret: CaretBox | null; paint: () => void; hide: () => void } {
  const [caret, setCaret] = useState<CaretBox | null>(null);
  const paint = useCallback(() => {
    const root = rootRef.current;
    const wrap = wrapRef.current;
    setCaret(root && wrap ? caretBox(root, wrap) : null);
  }, [rootRef, wrapRef]);
  const hide = useCallback(() => setCaret(null), []);
  useEffect(() => {
    document.addEventListener('selectionchange', paint);
    return () => document.removeEventListener('selectionchange', paint);
  }, [paint]);
  return { caret, paint, hide };
}

/** The drawn caret (decoration only; the selection is the real one). */
export function PaintedCaret({ caret }: { caret: CaretBox | null }) {
  if (!caret) return null;
  return (
    <span
      className="viewer-caret"
      aria-hidden="true"
      style={{ left: `${caret.left}px`, top: `${caret.top}px`, height: `${caret.height}px` }}
    />
  );
}
