/** First run on a device: enter the register code once (remembered in localStorage by the shell). */
import { REGISTER_CODE_PATTERN } from '@countertop/shared';
import { type FormEvent, useId, useState } from 'react';
import type { CounterApi } from '../../lib/counter-api.ts';
import { describeError } from '../../lib/errors.ts';

export function RegisterSetup({ api, onPaired }: { api: CounterApi; onPaired: (code: string) => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inputId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const normalized = code.trim().toUpperCase();
    if (!REGISTER_CODE_PATTERN.test(normalized)) {
      setError('Enter the register code, for example MISSION-1.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.register(normalized);
      onPaired(normalized);
    } catch (caught) {
      setError(describeError(caught).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="centered narrow">
      <h1>Set up this register</h1>
      <p>Enter the code of this register once. This device will remember it.</p>
      <form onSubmit={submit} className="stack">
        <label htmlFor={inputId}>Register code</label>
        <input
          id={inputId}
          className="input big"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoCapitalize="characters"
          autoComplete="off"
          placeholder="MISSION-1"
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary big" disabled={busy}>
          Use this register
        </button>
      </form>
    </main>
  );
}
