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
