/**
 * First run on a device: pair it with a register by typing the one-time pairing code shown in the console
 * (Registers → Pair a device; the demo prints one per register at start-up). The server then keeps this
 * device paired (an HttpOnly cookie): nothing to remember here.
 */
import { PAIRING_CODE_PATTERN } from '@countertop/shared';
import { type FormEvent, useId, useState } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';

export function RegisterSetup({ api, onPaired }: { api: CounterApi; onPaired: () => void }) {
  const [code, setCode] = useState('');
  const pairing = useAction(cashierText);
  const inputId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = code.replace(/[\s-]/g, '').toUpperCase();
    if (!PAIRING_CODE_PATTERN.test(normalized)) {
      pairing.fail('Enter the 8-character pairing code from the console, for example 7KQ4-M2XH.');
      return;
    }
    void pairing.run(async () => {
      await api.pair(normalized);
      onPaired();
    });
  };

  return (
    <main className="centered narrow">
      <h1>Set up this register</h1>
      <p>
        Pair this device once with the pairing code shown in the console (Registers → Pair a device). Codes
        work once and expire after 24 hours.
      </p>
      <form onSubmit={submit} className="stack">
        <label htmlFor={inputId}>Pairing code</label>
        <input
          id={inputId}
          className="input big"
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          placeholder="7KQ4-M2XH"
        />
        <ErrorMessage text={pairing.error} />
        <button type="submit" className="button primary big" disabled={pairing.pending}>
          Pair this device
        </button>
      </form>
    </main>
  );
}
