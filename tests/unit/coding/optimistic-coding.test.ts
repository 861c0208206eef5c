import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CodedSegment } from '../../../core/shared/contract/coding.js';

// The coding store remembers a setting in localStorage when it loads; the API is the server's.
const call = vi.hoisted(() => {
  const kept = new Map<string, string>();
  (globalThis as { localStorage?: unknown }).localStorage = {
    getItem: (k: string) => kept.get(k) ?? null,
    setItem: (k: string, v: string) => void kept.set(k, v),
  };
  return { fn: vi.fn<(method: string, input: unknown) => Promise<unknown>>() };
});
vi.mock('../../../renderer/src/lib/api.js', () => ({ api: { call: call.fn } }));

const { callKey, queryClient } = await import('../../../renderer/src/lib/cache.js');
const { codePassage, isPending, PENDING_AFTER_MS } =
  await import('../../../renderer/src/features/coding/optimisticCoding.js');

const sourceId = 'src-1';
const text = 'Eerste zin. Tweede zin over beleid.';
const segment = (id: string, start: number, end: number): CodedSegment => ({
  id,
  sourceId,
  start,
  end,
  text: text.slice(start, end),
  createdBy: null,
  createdAt: '2026-12-02T10:00:00.000Z',
  codings: [
    { codingId: `${id}:c1`, codeId: 'c1', coderId: null, createdAt: '2026-12-02T10:00:00.000Z' },
  ],
  memo: null,
});
const before = segment('seg-1', 0, 11);
const stored = segment('seg-2', 12, 35);
const selection = { sourceId, start: 12, end: 35, text: text.slice(12, 35) };

/** Every version of the source's segment list the views were given, in order. */
function versions(): CodedSegment[][] {
  const seen: CodedSegment[][] = [];
  queryClient.getQueryCache().subscribe((e) => {
    if (e.type === 'updated' && e.query.queryKey[0] === 'segments.forSource')
      seen.push(e.query.state.data as CodedSegment[]);
  });
  return seen;
}

/** A write that answers when `answer` or `fail` is called. */
function heldWrite() {
  let answer: (seg: CodedSegment) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  call.fn.mockImplementationOnce(
    () =>
      new Promise((resolve, reject) => {
        answer = resolve;
        fail = reject;
      }),
  );
  return { answer: (seg: CodedSegment) => answer(seg), fail: (e: Error) => fail(e) };
}

const ids = (list: CodedSegment[]) => list.map((s) => (isPending(s.id) ? 'pending' : s.id));

describe('coding a passage', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    queryClient.clear();
    queryClient.setQueryData(callKey('segments.forSource', { sourceId }), [before]);
    call.fn.mockReset();
  });
  afterEach(() => vi.useRealTimers());

  it('is drawn once, stored, when the write answers before the pending coding would show', async () => {
    const seen = versions();
    const write = heldWrite();
    const coding = codePassage(selection, ['c1']);
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS - 1);
    write.answer(stored);
    await expect(coding).resolves.toBe(stored);
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS);
    expect(seen.map(ids)).toEqual([['seg-1', 'seg-2']]);
    expect(call.fn).toHaveBeenCalledWith('coding.apply', {
      sourceId,
      start: 12,
      end: 35,
      codeIds: ['c1'],
    });
  });

  it('shows pending while a slow write is stored, then the stored segment in its place', async () => {
    const seen = versions();
    const write = heldWrite();
    const coding = codePassage(selection, ['c1']);
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS);
    expect(seen.map(ids)).toEqual([['seg-1', 'pending']]);
    write.answer(stored);
    await coding;
    expect(seen.map(ids)).toEqual([
      ['seg-1', 'pending'],
      ['seg-1', 'seg-2'],
    ]);
  });

  it('takes the pending coding away when the write fails, and leaves the list alone when it failed first', async () => {
    const seen = versions();
    const slow = heldWrite();
    const failing = codePassage(selection, ['c1']);
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS);
    slow.fail(new Error('the disk is full'));
    await expect(failing).rejects.toThrow('the disk is full');
    expect(seen.map(ids)).toEqual([['seg-1', 'pending'], ['seg-1']]);

    const quick = heldWrite();
    const refused = codePassage(selection, ['c1']);
    quick.fail(new Error('refused'));
    await expect(refused).rejects.toThrow('refused');
    await vi.advanceTimersByTimeAsync(PENDING_AFTER_MS);
    expect(seen.map(ids)).toEqual([['seg-1', 'pending'], ['seg-1']]);
  });
});
