/**
 * The one pending / error / success helper for what a person starts (a form submit, a button).
 * `run(work, success)` clears the last message, marks the action pending, then reports the failure
 * (worded by `describeFailure`) or the success text, and resolves to whether the work succeeded.
 * `fail(text)` reports a problem found before any request, e.g. a field that does not parse; `reset()`
 * forgets the last message.
 */
import { useCallback, useRef, useState } from 'react';
import { errorText } from '../lib/errors.ts';

export interface Action {
  /** Some run has not finished yet. */
  pending: boolean;
  error: string | null;
  success: string | null;
  run<T>(work: () => Promise<T>, success?: string | ((result: T) => string)): Promise<boolean>;
  fail(text: string): void;
  reset(): void;
}

export function useAction(describeFailure: (failure: unknown) => string = errorText): Action {
  const [running, setRunning] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const describe = useRef(describeFailure);
  describe.current = describeFailure;

  const run = useCallback(
    async <T>(work: () => Promise<T>, successText?: string | ((result: T) => string)) => {
      setError(null);
      setSuccess(null);
      setRunning((count) => count + 1);
      try {
        const result = await work();
        setSuccess(typeof successText === 'function' ? successText(result) : (successText ?? null));
        return true;
      } catch (failure) {
        setError(describe.current(failure));
        return false;
      } finally {
        setRunning((count) => count - 1);
      }
    },
    [],
  );

  const fail = useCallback((text: string) => {
    setSuccess(null);
    setError(text);
  }, []);

  const reset = useCallback(() => {
    setSuccess(null);
    setError(null);
  }, []);

  return { pending: running > 0, error, success, run, fail, reset };
}
