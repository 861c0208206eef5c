import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { Contract, InputOf, Method, OutputOf } from '../../../core/shared/contract/index.js';
import { api } from './api.js';

/** A global data version: bump it after a write and every view re-reads what it shows. */
let version = 0;
const listeners = new Set<() => void>();
export function invalidate(): void {
  version += 1;
  for (const l of listeners) l();
}
export function useDataVersion(): number {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => version,
  );
}

export interface CallState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Reads through the API; re-reads when the input or the data version changes. */
export function useCall<K extends Method>(
  method: K,
  input: InputOf<Contract, K> | null,
): CallState<OutputOf<Contract, K>> {
  const dataVersion = useDataVersion();
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
    api.call(method, input).then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `input`
  }, [method, key, dataVersion, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
