/** First run on a device: enter the register code once (remembered in localStorage by the shell). */
import { REGISTER_CODE_PATTERN } from '@countertop/shared';
import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';

export function RegisterSetup({ api, onPaired }: { api: CounterApi; onPaired: (code: string) => void }) {
  const [code, setCode] = useState('');
  const pairing = useAction(cashierText);
  const inputId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = code.trim().toUpperCase();
    if (!REGISTER_CODE_PATTERN.test(normalized)) {
      pairing.fail('Enter the register code, for example MISSION-1.');
      return;
    }
    void pairing.run(async () => {
      await api.register(normalized);
      onPaired(normalized);
    });
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
        <ErrorMessage text={pairing.error} />
        <button type="submit" className="button primary big" disabled={pairing.pending}>
          Use this register
        </button>
      </form>
    </main>
  );
}
