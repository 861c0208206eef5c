import { setPriority } from 'node:os';

/** The nice value of a background thread: below the UI's work, above idle-only. */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the calling thread's CPU priority, for work nobody waits on (the automatic snapshots):
 * copying a 2.5 GB project takes half a minute of a core, and on a two-core laptop it then
 * competes with the thread that answers the workbench. Only on Linux, where each thread has its
 * own nice value; elsewhere setPriority(0) lowers the whole process, so nothing is changed there.
 * Returns whether the priority was lowered.
 */
export function lowerThreadPriority(platform: NodeJS.Platform = process.platform): boolean {
  if (platform !== 'linux') return false;
  try {
    setPriority(0, BACKGROUND_NICE);
    return true;
  } catch {
    // A sandbox may forbid it; the snapshot is then written at normal priority.
    return false;
  }
}
