import type { KeyboardEvent } from 'react';
import { caretKey, moveCaret } from '../caret.js';
import { getCoding, openPalette, setCoding } from '../store.js';

/** What the viewer's keys act on. */
export interface ViewerKeyTarget {
  root: HTMLElement;
  /** Takes the page's selection as the coding selection (a key, not a click). */
  syncSelection: () => void;
  /** The selection in plain-text offsets, or null. */
  offsets: () => { start: number; end: number } | null;
  openSegmentAt: (at: number) => void;
  /** Codes the selection with the code on this quick key; false when the key has none. */
  quickKey: (digit: number) => boolean;
}

/**
 * The viewer's keyboard: caret browsing (arrows with Shift to extend, Ctrl for words and
 * paragraphs, Home/End), Ctrl+A, Ctrl+K and Enter for the palette (Enter on a caret opens the
 * segment there), Escape, quick keys 1-9, and typing a letter to open the palette searching it.
 * Nothing here edits the text.
 */
export function onViewerKeyDown(e: KeyboardEvent, v: ViewerKeyTarget): void {
  const move = caretKey(e);
  if (move) {
    e.preventDefault();
    moveCaret(v.root, move);
    v.syncSelection();
    return;
  }
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'a') {
    e.preventDefault();
    window.getSelection()?.selectAllChildren(v.root);
    v.syncSelection();
    return;
  }
  if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
    e.preventDefault();
    openPalette('');
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.key === 'Enter') {
    const r = v.offsets();
    if (r && r.start === r.end) {
      e.preventDefault();
      v.openSegmentAt(r.start);
    } else if (getCoding().selection) {
      e.preventDefault();
      openPalette('');
    }
    return;
  }
  if (e.key === 'Escape') {
    const sel = window.getSelection();
    if (sel && sel.rangeCount > 0) sel.collapseToStart();
    setCoding({ selection: null, openSegmentId: null });
    return;
  }
  if (!getCoding().selection) return;
  if (/^[1-9]$/.test(e.key)) {
    if (v.quickKey(Number(e.key))) e.preventDefault();
    return;
  }
  // Just typing opens the palette with what was typed as the search.
  if (e.key.length === 1 && /\p{L}/u.test(e.key)) {
    e.preventDefault();
    openPalette(e.key);
  }
}
