import { useCallback, useEffect, useRef, type RefObject } from 'react';

/** The nearest ancestor that scrolls vertically (the main pane), or null. */
export function scrollParent(el: HTMLElement | null): HTMLElement | null {
  for (let p = el?.parentElement; p; p = p.parentElement) {
    const y = getComputedStyle(p).overflowY;
    if (y === 'auto' || y === 'scroll') return p;
  }
  return null;
}

/**
 * Keeps the passage being worked on (the selection, the open segment) where it is on the screen
 * when the text reflows under it: the segment panel opens, closes or is resized, the window
 * changes. Its place is noted whenever the view scrolls or what is worked on changes (`note`),
 * and after every change of the text's width the view scrolls by however far it moved.
 *
 * `anchor()` gives the text offset being worked on (or null), `topOf(offset)` where that offset
 * is on the screen now (client px) or null.
 */
export function useKeepInView(
  textRef: RefObject<HTMLElement | null>,
  anchor: () => number | null,
  topOf: (offset: number) => number | null,
): { note: (offset?: number) => void; restore: () => void } {
  const last = useRef<{ offset: number; top: number } | null>(null);
  const fns = useRef({ anchor, topOf });
  fns.current = { anchor, topOf };

  const note = useCallback(
    (offset?: number) => {
      const at = offset ?? fns.current.anchor();
      const scroller = scrollParent(textRef.current);
      const top = at === null ? null : fns.current.topOf(at);
      last.current =
        at === null || top === null || !scroller
          ? null
          : { offset: at, top: top - scroller.getBoundingClientRect().top };
    },
    [textRef],
  );

  const restore = useCallback(() => {
    const kept = last.current;
    const scroller = scrollParent(textRef.current);
    if (kept && scroller) {
      const box = scroller.getBoundingClientRect();
      // Only a passage that was on the screen is held there.
      if (kept.top >= 0 && kept.top <= box.height) {
        const now = fns.current.topOf(kept.offset);
        if (now !== null) {
          const moved = now - box.top - kept.top;
          if (Math.abs(moved) >= 1) scroller.scrollTop += moved;
        }
      }
    }
    note();
  }, [textRef, note]);

  useEffect(() => {
    const text = textRef.current;
    const scroller = scrollParent(text);
    if (!text || !scroller) return;
    let width = text.getBoundingClientRect().width;
    /** After a reflow: hold the passage; otherwise note where it is. */
    const check = () => {
      const w = text.getBoundingClientRect().width;
      if (w === width) return note();
      width = w;
      restore();
    };
    // The browser's own scroll anchoring answers a reflow with a scroll event, which comes
    // before the resize observer: that scroll must not be taken as the passage's new place.
    scroller.addEventListener('scroll', check, { passive: true });
    // Called after layout, before paint: the passage never shows in the wrong place.
    const ro = new ResizeObserver(check);
    ro.observe(text);
    return () => {
      scroller.removeEventListener('scroll', check);
      ro.disconnect();
    };
  }, [textRef, note, restore]);

  return { note, restore };
}
