/**
 * How long a coding waits for its write's answer before it is drawn pending, ms. The answer
 * usually comes sooner (the write is a few ms and a disk flush): the coding is then drawn once,
 * stored, instead of pending and then again stored, which cost the main thread a second render
 * and frame before the stored coding showed. Well under what reads as a delay.
 */
export const PENDING_AFTER_MS = 40;

/**
 * Waits for `write`; if it has not answered within `after` ms, `showPending()` is called
 * meanwhile, and `hidePending()` if the write then fails (the error is thrown on). Nothing is
 * called when the answer (or the failure) comes first. (No DOM: the unit tests run it.)
 */
export async function pendingAfter<T>(
  write: Promise<T>,
  showPending: () => void,
  hidePending: () => void,
  after = PENDING_AFTER_MS,
): Promise<T> {
  let shown = false;
  const wait = setTimeout(() => {
    shown = true;
    showPending();
  }, after);
  try {
    return await write;
  } catch (e) {
    if (shown) hidePending();
    throw e;
  } finally {
    clearTimeout(wait);
  }
}
