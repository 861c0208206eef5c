import type { RefiProgress } from '../../shared/contract/refi.js';

/*
 * Progress of the REFI-QDA export or import running in a session. Hosts read it two ways: the
 * CLI listens (`--json` prints each step to stderr), a window asks `refi.progress` while its call
 * is pending. Kept per session id; gone when the operation ends.
 */

export type ProgressListener = (p: RefiProgress) => void;

const running = new Map<string, RefiProgress>();
const listeners = new Map<string, Set<ProgressListener>>();

export function reportProgress(sessionId: string, p: RefiProgress): void {
  running.set(sessionId, p);
  for (const l of listeners.get(sessionId) ?? []) l(p);
}

/** The operation has ended (done or failed). */
export function endProgress(sessionId: string): void {
  running.delete(sessionId);
}

export function currentProgress(sessionId: string): RefiProgress | null {
  return running.get(sessionId) ?? null;
}

/** Listens to a session's progress; returns the function that stops listening. */
export function onProgress(sessionId: string, fn: ProgressListener): () => void {
  let set = listeners.get(sessionId);
  if (!set) {
    set = new Set();
    listeners.set(sessionId, set);
  }
  set.add(fn);
  return () => {
    set.delete(fn);
    if (set.size === 0) listeners.delete(sessionId);
  };
}

/*
 * A running import can be stopped from another call of its session (the window's Stop button):
 * the import registers what stops it, `refi.cancel` calls that.
 */
const stoppers = new Map<string, () => void>();

/** Registers how to stop the operation running in a session; returns the function that unregisters. */
export function whileRunning(sessionId: string, stop: () => void): () => void {
  stoppers.set(sessionId, stop);
  return () => {
    if (stoppers.get(sessionId) === stop) stoppers.delete(sessionId);
  };
}

/** Stops the operation running in a session; false when none can be stopped. */
export function stopRunning(sessionId: string): boolean {
  const stop = stoppers.get(sessionId);
  if (!stop) return false;
  stoppers.delete(sessionId);
  stop();
  return true;
}
