/**
 * The one way a screen loads data: `{ data, error, loading, reload }`. A load starts on mount, whenever a
 * value in `deps` changes and on `reload()`; an answer that arrives after a newer load started is ignored,
 * and the last data stays shown while the next load runs. `describeFailure` words a failure for the screen
 * (the counter words API codes for cashiers; the consoles show the server's message).
 */
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../lib/errors.ts';

export interface AsyncData<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

export function useAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  describeFailure: (failure: unknown) => string = errorText,
): AsyncData<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller lists what the load depends on.
  useEffect(() => {
    const ticket = ++latest.current;
    setLoading(true);
    setError(null);
    load().then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setLoading(false);
      },
      (failure: unknown) => {
        if (ticket !== latest.current) return;
        setError(describeFailure(failure));
        setLoading(false);
      },
    );
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((value) => value + 1), []);
  return { data, error, loading, reload };
}
