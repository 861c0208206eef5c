import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  pendingAfter,
  PENDING_AFTER_MS,
} from '../../../renderer/src/features/coding/pendingAfter.js';

/** A write that answers when `answer` or `fail` is called. */
function heldWrite() {
  let answer: (id: string) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const write = new Promise<string>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  return { write, answer: (id: string) => answer(id), fail: (e: Error) => fail(e) };
}

/** What the viewer was told to draw, in order: the pending coding shown or taken away. */
function drawn() {
  const steps: string[] = [];
  return {
    steps,
    show: () => steps.push('pending shown'),
    hide: () => steps.push('pending taken away'),
  };
}

describe('coding a passage while its write is stored', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('draws nothing pending when the write answers within the wait: the coding is drawn once, stored', async () => {
    const d = drawn();
    const w = heldWrite();
    const coding = pendingAfter(w.write, d.show, d.hide);
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS - 1);
    w.answer('seg-2');
    await expect(coding).resolves.toBe('seg-2');
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS);
    expect(d.steps).toEqual([]);
  });

  it('shows the coding pending while a slow write is stored, and leaves it for the stored one', async () => {
    const d = drawn();
    const w = heldWrite();
    const coding = pendingAfter(w.write, d.show, d.hide);
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS);
    expect(d.steps).toEqual(['pending shown']);
    w.answer('seg-2');
    await expect(coding).resolves.toBe('seg-2');
    expect(d.steps).toEqual(['pending shown']);
  });

  it('takes a pending coding away when its write fails; a write failing first leaves nothing to take away', async () => {
    const slow = drawn();
    const w = heldWrite();
    const failing = pendingAfter(w.write, slow.show, slow.hide);
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS);
    w.fail(new Error('the disk is full'));
    await expect(failing).rejects.toThrow('the disk is full');
    expect(slow.steps).toEqual(['pending shown', 'pending taken away']);

    const quick = drawn();
    const r = heldWrite();
    const refused = pendingAfter(r.write, quick.show, quick.hide);
    r.fail(new Error('refused'));
    await expect(refused).rejects.toThrow('refused');
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS);
    expect(quick.steps).toEqual([]);
  });
});
