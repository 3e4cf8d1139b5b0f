import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiFailure } from './api/client';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiFailure | Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads with `load` whenever `deps` change (the last answer wins), keeping the previous data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiFailure | Error>();
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    load()
      .then((value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setError(undefined);
      })
      .catch((failure: unknown) => {
        if (ticket === latest.current) setError(failure instanceof Error ? failure : new Error(String(failure)));
      })
      .finally(() => {
        if (ticket === latest.current) setLoading(false);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the load depends on
  }, [...deps, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data, error, loading, reload };
}

/** Runs an action, keeping its failure (an ApiFailure names the fields) and whether it is running. */
export function useAction<A extends unknown[], T>(action: (...args: A) => Promise<T>) {
  const [failure, setFailure] = useState<ApiFailure | Error>();
  const [running, setRunning] = useState(false);
  const run = useCallback(
    async (...args: A): Promise<T | undefined> => {
      setRunning(true);
      setFailure(undefined);
      try {
        return await action(...args);
      } catch (error) {
        setFailure(error instanceof Error ? error : new Error(String(error)));
        return undefined;
      } finally {
        setRunning(false);
      }
    },
    [action],
  );
  return { run, failure, running, clear: () => setFailure(undefined) };
}
