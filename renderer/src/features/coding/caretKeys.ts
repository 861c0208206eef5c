/** Which caret move a key stands for in the source viewer (no DOM here: unit-tested). */
export interface CaretMove {
  alter: 'move' | 'extend';
  direction: 'forward' | 'backward';
  granularity: 'character' | 'word' | 'line' | 'paragraph' | 'lineboundary' | 'documentboundary';
}

interface KeyLike {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The caret move a key stands for, or null for any other key. */
export function caretKey(e: KeyLike): CaretMove | null {
  const alter = e.shiftKey ? 'extend' : 'move';
  // Ctrl (Windows/Linux) or Alt (macOS) moves by words and paragraphs.
  const big = e.ctrlKey || e.altKey;
  switch (e.key) {
    case 'ArrowLeft':
      return { alter, direction: 'backward', granularity: big ? 'word' : 'character' };
    case 'ArrowRight':
      return { alter, direction: 'forward', granularity: big ? 'word' : 'character' };
    case 'ArrowUp':
      return { alter, direction: 'backward', granularity: big ? 'paragraph' : 'line' };
    case 'ArrowDown':
      return { alter, direction: 'forward', granularity: big ? 'paragraph' : 'line' };
    case 'Home':
      return {
        alter,
        direction: 'backward',
        granularity: big ? 'documentboundary' : 'lineboundary',
      };
    case 'End':
      return {
        alter,
        direction: 'forward',
        granularity: big ? 'documentboundary' : 'lineboundary',
      };
    default:
      return null;
  }
}
