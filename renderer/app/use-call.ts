/**
 * Loading what a screen shows: `useCall(name, input, {refreshOn})` calls the contract, keeps the
 * last value while it reloads (no flashing), reloads when the input changes or the workspace
 * reports a change of one of the kinds listed, and hands back the error in words.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ContractName, InputOf, OutputOf } from '../../shared/api/index.js';
import { call } from './api.js';
import { useGatehouseEvent, type WorkspaceChange } from './events.js';

export interface CallState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

export function useCall<N extends ContractName>(
  name: N,
  input: InputOf<N> | null,
  options: { refreshOn?: readonly WorkspaceChange[] } = {},
): CallState<OutputOf<N>> {
  const [data, setData] = useState<OutputOf<N> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(input !== null);
  const [tick, setTick] = useState(0);
  const key = input === null ? null : JSON.stringify(input);
  const sequence = useRef(0);

  useEffect(() => {
    if (key === null) {
      setLoading(false);
      return;
    }
    const mine = ++sequence.current;
    setLoading(true);
    call(name, JSON.parse(key) as InputOf<N>).then(
      (value) => {
        if (mine !== sequence.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== sequence.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [name, key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const refreshOn = options.refreshOn;
  useGatehouseEvent((event) => {
    if (event.type === 'workspace.changed' && refreshOn?.includes(event.what)) reload();
  });

  return { data, error, loading, reload };
}
