import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Contract, InputOf, Method, OutputOf } from '../../../core/shared/contract/index.js';
import { api } from './api.js';
import { callKey, queryClient, setCallData } from './cache.js';

export interface CallState<T> {
  data: T | undefined;
  error: Error | undefined;
  /** A read for this view is under way (the first, or a re-read after a write). */
  loading: boolean;
  reload: () => void;
  /** Replaces the data locally (an optimistic or already-known result) without re-reading. */
  mutate: (update: (data: T | undefined) => T | undefined) => void;
}

export interface CallOptions {
  /** While another input loads, show the last answer (default) or nothing. */
  keepPrevious?: boolean;
}

const read =
  <K extends Method>(method: K, input: InputOf<Contract, K>) =>
  (): Promise<OutputOf<Contract, K>> =>
    api.call(method, input);

/**
 * The key and read of a call whose input may not be known yet (`null`): then nothing is read,
 * under a key of its own.
 */
function callQuery<K extends Method>(method: K, input: InputOf<Contract, K> | null) {
  const enabled = input !== null;
  return {
    queryKey: enabled ? callKey(method, input) : [method, null],
    queryFn: enabled ? read(method, input) : () => Promise.reject(new Error(`${method}: no input`)),
    enabled,
  };
}

/**
 * Starts a read now, so that a view mounting a moment later (after another read it waits for)
 * finds it under way instead of asking again.
 */
export function prefetch<K extends Method>(method: K, input: InputOf<Contract, K>): void {
  void queryClient.prefetchQuery({
    queryKey: callKey(method, input),
    queryFn: read(method, input),
  });
}

/**
 * Reads through the API and the shared cache: views asking the same thing share one request and
 * one answer, and re-read only when a write changes a table the answer comes from. `null` as
 * input: nothing to read (yet).
 */
export function useCall<K extends Method>(
  method: K,
  input: InputOf<Contract, K> | null,
  options: CallOptions = {},
): CallState<OutputOf<Contract, K>> {
  const enabled = input !== null;
  const query = useQuery({
    ...callQuery(method, input),
    placeholderData: enabled && options.keepPrevious !== false ? keepPreviousData : undefined,
  });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const key = JSON.stringify(input);
  const mutate = useCallback(
    (update: (data: OutputOf<Contract, K> | undefined) => OutputOf<Contract, K> | undefined) => {
      if (input !== null) setCallData(method, input, update);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `input`
    [method, key],
  );
  return {
    data: enabled ? query.data : undefined,
    error: enabled ? (query.error ?? undefined) : undefined,
    loading: enabled && query.isFetching,
    reload,
    mutate,
  };
}

/**
 * Whether a read has been answered (or has failed), starting it if no view has: for a view that
 * waits for a read another view shows. It is drawn again when that changes only, not with each
 * new answer (a coding changes its source's segments; the viewer shows them, the pane around
 * it only waits for the first answer).
 */
export function useCallAnswered<K extends Method>(
  method: K,
  input: InputOf<Contract, K> | null,
): { answered: boolean; error: Error | undefined } {
  const enabled = input !== null;
  const query = useQuery({ ...callQuery(method, input), select: answeredSelect });
  return {
    answered: enabled && query.data === true,
    error: enabled ? (query.error ?? undefined) : undefined,
  };
}

/** One function for every `useCallAnswered`, so the query library keeps its selected result. */
const answeredSelect = (): true => true;
