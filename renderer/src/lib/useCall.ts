import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { Contract, InputOf, Method, OutputOf } from '../../../core/shared/contract/index.js';
import { api } from './api.js';

/**
 * Data versions. `invalidate()` bumps the global version and every view re-reads what it shows.
 * `invalidateScopes('segments', 'codes')` bumps only those scopes: views that declared a scope
 * (`useCall(m, input, { scope })`) re-read only when one of theirs (or everything) changes; views
 * without a scope re-read on every invalidation, scoped or not, exactly as before.
 */
let version = 0;
/** Bumped by every invalidation, scoped or not: what views without a scope follow. */
let any = 0;
const scopeVersions = new Map<string, number>();
const listeners = new Set<() => void>();
function bump(scopes: readonly string[]): void {
  if (scopes.length === 0) version += 1;
  for (const s of scopes) scopeVersions.set(s, (scopeVersions.get(s) ?? 0) + 1);
  any += 1;
  for (const l of listeners) l();
}
/** Everything changed: every view re-reads. Takes no arguments (safe as a `.then` callback). */
export function invalidate(): void {
  bump([]);
}
/** Only these scopes changed (with no scopes: everything, like `invalidate()`). */
export function invalidateScopes(...scopes: string[]): void {
  bump(scopes);
}
function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
/** A data version bumped by every invalidation, scoped or not. */
export function useDataVersion(): number {
  return useSyncExternalStore(subscribe, () => any);
}
/** A string that changes when any of `scopes` (or everything) is invalidated. */
function versionOf(scopes: readonly string[] | null): string {
  if (!scopes) return `${version}.${any}`;
  return `${version}.${scopes.map((s) => scopeVersions.get(s) ?? 0).join('.')}`;
}
function useVersion(scopes: readonly string[] | null): string {
  return useSyncExternalStore(subscribe, () => versionOf(scopes));
}

export interface CallState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
  /** Replaces the data locally (an optimistic or already-known result) without re-reading. */
  mutate: (update: (data: T | undefined) => T | undefined) => void;
}

export interface CallOptions {
  /** What this view shows: it re-reads only when one of these scopes (or everything) changes. */
  scope?: string | readonly string[];
}

/** Reads started ahead of their view (`prefetch`), taken by the first matching `useCall`. */
const pending = new Map<string, Promise<unknown>>();
function pendingKey(method: string, input: unknown, ver: string): string {
  return `${method} ${JSON.stringify(input)} ${ver}`;
}

/**
 * Starts a read now, so that a view mounting a moment later (after another read it waits for)
 * gets its data without a second round trip. Used by a view for its children's data.
 */
export function prefetch<K extends Method>(
  method: K,
  input: InputOf<Contract, K>,
  options: CallOptions = {},
): void {
  const scopes = options.scope === undefined ? null : [options.scope].flat();
  const key = pendingKey(method, input, versionOf(scopes));
  if (pending.has(key)) return;
  const p = api.call(method, input);
  pending.set(key, p);
  // Unused prefetches do not linger.
  const drop = () => setTimeout(() => pending.get(key) === p && pending.delete(key), 10_000);
  p.then(drop, drop);
}

/** Reads through the API; re-reads when the input or the data version (of its scopes) changes. */
export function useCall<K extends Method>(
  method: K,
  input: InputOf<Contract, K> | null,
  options: CallOptions = {},
): CallState<OutputOf<Contract, K>> {
  const scopeKey = options.scope === undefined ? null : [options.scope].flat().join('\u0000');
  const scopes = useRef<string[] | null>(null);
  scopes.current = scopeKey === null ? null : scopeKey.split('\u0000');
  const dataVersion = useVersion(scopes.current);
  const [state, setState] = useState<{
    data?: OutputOf<Contract, K>;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(input);
  useEffect(() => {
    if (input === null) {
      setState({ loading: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const pk = pendingKey(method, input, dataVersion);
    const ahead =
      tick === 0 ? (pending.get(pk) as Promise<OutputOf<Contract, K>> | undefined) : undefined;
    if (ahead) pending.delete(pk);
    (ahead ?? api.call(method, input)).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `input`
  }, [method, key, dataVersion, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const mutate = useCallback(
    (update: (data: OutputOf<Contract, K> | undefined) => OutputOf<Contract, K> | undefined) =>
      setState((s) => ({ ...s, data: update(s.data) })),
    [],
  );
  return { data: state.data, error: state.error, loading: state.loading, reload, mutate };
}
