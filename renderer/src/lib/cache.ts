import {
  hashKey,
  notifyManager,
  QueryClient,
  type Query,
  type QueryKey,
} from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { isAffected, readsOf } from '../../../core/client/reads.js';
import type { Contract, InputOf, Method, OutputOf } from '../../../core/shared/contract/index.js';

/**
 * The renderer's one data cache. An answer stays until a write changes a table it reads: every
 * write says what it changed (core/client/reads.ts), and `afterWrite` re-reads exactly what
 * depends on that, in one place. So answers never go stale by age, and a failed read is shown,
 * not retried behind the user's back.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: Infinity,
      retry: false,
      refetchOnWindowFocus: false,
      refetchOnReconnect: false,
    },
  },
});

/**
 * Views hear of a changed answer in the same task that changed it (a microtask), not in a
 * task of their own behind whatever else is queued (the query library's default is a
 * setTimeout): after the keyboard codes a passage, the browser's next frame already shows it,
 * and a write's answer is drawn before the reads it sets off are sent. Several changes in one
 * task still make one render.
 */
notifyManager.setScheduler(queueMicrotask);

/** The cache key of a read: the method and its input. */
export function callKey<K extends Method>(method: K, input: InputOf<Contract, K>): QueryKey {
  return [method, input];
}

interface PendingWrite {
  changed: readonly string[];
  /** Queries the writer already brought up to date from the write's own answer. */
  settled: Set<string>;
  /** Settles that wait until the frame after the write's answer (see `settleAfterFrame`). */
  later: (() => void)[];
}
/** The write whose caller is resuming right now (see `settle`). */
let current: PendingWrite | null = null;

function affected(query: Query, w: PendingWrite): boolean {
  const method = query.queryKey[0];
  const reads = typeof method === 'string' ? readsOf(method) : null;
  return reads !== null && isAffected(reads, w.changed) && !w.settled.has(query.queryHash);
}

/**
 * Which project the views show: it counts up when another project is opened (a write that
 * changed '*'). The shell keys its views on it and the navigation starts afresh, so no view
 * asks the new project for an id of the old one.
 */
let projectEpoch = 0;
const epochListeners = new Set<() => void>();

export function useProjectEpoch(): number {
  return useSyncExternalStore(
    (listener) => {
      epochListeners.add(listener);
      return () => epochListeners.delete(listener);
    },
    () => projectEpoch,
  );
}

/**
 * Another project is open: every answer is marked stale at once, without a re-read, and the
 * views are told, so those bound to the old project's ids go before anything is read again
 * (React renders the change in a microtask). Then the views still shown re-read what is stale;
 * ones already re-reading are not asked twice.
 */
function projectSwitched(): void {
  current = null;
  void queryClient.cancelQueries();
  void queryClient.invalidateQueries({ refetchType: 'none' });
  projectEpoch += 1;
  for (const listener of epochListeners) listener();
  setTimeout(() => {
    void queryClient.refetchQueries({ type: 'active', stale: true }, { cancelRefetch: false });
  }, 0);
}

/**
 * Writes that replace everything the project holds but keep the project (a snapshot restored in
 * place, travelling to a past moment and back): every answer is re-read, and the user stays where
 * they are (the view that asked can say what happened).
 */
const SAME_PROJECT = new Set(['snapshots.restore', 'history.travel', 'history.present']);

function contentReplaced(): void {
  current = null;
  void queryClient.invalidateQueries();
}

/** The browser's task scheduler where it has one (Chromium, so Electron). */
interface TaskScheduler {
  postTask(f: () => void, options: { priority: 'background' }): Promise<void>;
}
const taskScheduler = (globalThis as { scheduler?: Partial<TaskScheduler> }).scheduler;

/**
 * Runs `f` in a task of its own after the next frame is painted, behind the tasks of a higher
 * priority (input, timers): what a write's answer settled is on the screen before the re-reads
 * it sets off are sent (sending one costs the main thread a few ms, and it ran between the
 * settled render and its frame), and the next key press is not kept waiting by them. A page not
 * shown paints no frames: a task then.
 */
export function afterNextFrame(f: () => void): void {
  const later = () => {
    if (typeof taskScheduler?.postTask === 'function')
      void taskScheduler.postTask(f, { priority: 'background' });
    else setTimeout(f, 0);
  };
  if (typeof requestAnimationFrame !== 'function' || document.visibilityState !== 'visible') {
    later();
    return;
  }
  requestAnimationFrame(later);
}

/**
 * Called by the client after each write that changed something. The re-read waits for the
 * frame that shows what the caller (resuming right after its `await`) could `settle` from the
 * write's answer.
 */
export function afterWrite(changed: readonly string[], method?: string): void {
  if (changed.includes('*')) {
    if (method !== undefined && SAME_PROJECT.has(method)) contentReplaced();
    else projectSwitched();
    return;
  }
  const w: PendingWrite = { changed, settled: new Set(), later: [] };
  current = w;
  afterNextFrame(() => {
    // The settles that waited for this frame, as this write's (another may have begun since).
    const now = current;
    current = w;
    try {
      for (const f of w.later) f();
    } finally {
      current = now === w ? null : now;
    }
    // Active views re-read now; others are marked and re-read when they show again.
    void queryClient.invalidateQueries({ predicate: (q) => affected(q, w) });
  });
}

/**
 * Puts what a write's answer tells into a cached read (the coded segment into its source's list),
 * so that read is not asked again for this write. Call it right after the write's `await`, before
 * anything else waits. A read that is loading or already marked for a re-read is re-read anyway.
 */
export function settle<K extends Method>(
  method: K,
  input: InputOf<Contract, K>,
  update: (data: OutputOf<Contract, K> | undefined) => OutputOf<Contract, K> | undefined,
): void {
  const key = callKey(method, input);
  const cache = queryClient.getQueryCache();
  // By its hash: finding it by key would hash the key again for every query the cache holds.
  const hash = hashKey(key);
  const query = cache.get(hash);
  // An answer not read yet that the write tells whole (a new segment's memo, its threads) is
  // as fresh as a settled one.
  const fresh = !query || (query.state.fetchStatus === 'idle' && !query.state.isInvalidated);
  queryClient.setQueryData<OutputOf<Contract, K>>(key, update);
  if (current && fresh && cache.get(hash)) current.settled.add(hash);
}

/**
 * Runs `f` (settles of what the write's answer tells) after the frame that shows what the caller
 * settled at once, before the write's re-reads are decided: answers that views away from the
 * passage just coded show (the code tree's and the source list's counts) are not rendered in the
 * task before that frame. Outside a write's resumption, at once.
 */
export function settleAfterFrame(f: () => void): void {
  if (current) current.later.push(f);
  else f();
}

/**
 * Says that the write now resuming changed no cached answer of `method`, though it wrote tables
 * such answers come from (coding a passage writes segments; a comment thread names its segment
 * by a text that coding never changes): they are not read again for this write. Call it right
 * after the write's `await`, like `settle`. Answers loading or already marked stale are re-read.
 */
export function unchangedBy<K extends Method>(method: K): void {
  if (!current) return;
  for (const query of queryClient.getQueryCache().findAll({ queryKey: [method] }))
    if (query.state.fetchStatus === 'idle' && !query.state.isInvalidated)
      current.settled.add(query.queryHash);
}

/** Changes a cached read locally (an optimistic result) without reading it again. */
export function setCallData<K extends Method>(
  method: K,
  input: InputOf<Contract, K>,
  update: (data: OutputOf<Contract, K> | undefined) => OutputOf<Contract, K> | undefined,
): void {
  queryClient.setQueryData<OutputOf<Contract, K>>(callKey(method, input), update);
}
