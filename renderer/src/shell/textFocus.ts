/**
 * Where the keyboard goes after an action that leaves the view: to the text of the open source.
 * The viewer registers itself once its text is built; a request made before that (quick open
 * of another source, a search hit) waits for that source's viewer and is taken when it comes.
 */

interface TextTarget {
  sourceId: string;
  focus: () => void;
}

let current: TextTarget | null = null;
let pending: string | null = null;

/** Called by the viewer once its text is built; returns the unregister function. */
export function registerText(target: TextTarget): () => void {
  current = target;
  if (pending === target.sourceId) {
    pending = null;
    target.focus();
  }
  return () => {
    if (current === target) current = null;
  };
}

/**
 * Focuses the text of `sourceId` (of the open source when none is named) now when it is shown,
 * or as soon as it is. True when the text took the focus now.
 */
export function focusText(sourceId?: string): boolean {
  if (current && (sourceId === undefined || current.sourceId === sourceId)) {
    pending = null;
    current.focus();
    return true;
  }
  pending = sourceId ?? null;
  return false;
}

/** Whether a source's text is shown (a skip link has somewhere to go). */
export const textShown = (): boolean => current !== null;
