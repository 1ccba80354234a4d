/**
 * Staff sign-in on a paired register device: pick your name, enter your PIN on the keypad (or keyboard).
 * A device that is not (or no longer) paired goes to pairing.
 */
import { type CounterSession, PIN_PATTERN } from '@countertop/shared';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { ApiError } from '../../lib/api-client.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';

interface SignInProps {
  api: CounterApi;
  onSignedIn: (session: CounterSession) => void;
  /** This device is not paired (any more): pair it. */
  onNotPaired: () => void;
  /** Unpair this device to pair it with another register. */
  onChangeRegister: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function SignIn({ api, onSignedIn, onNotPaired, onChangeRegister }: SignInProps) {
  const [notPaired, setNotPaired] = useState(false);
  const { data: info, error: loadError } = useAsync(
    () =>
      api.register().catch((failure: unknown) => {
        if (failure instanceof ApiError && failure.code === 'register_not_paired') setNotPaired(true);
        throw failure;
      }),
    [api],
    cashierText,
  );
  useEffect(() => {
    if (notPaired) onNotPaired();
  }, [notPaired, onNotPaired]);
  const [staffId, setStaffId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const signIn = useAction(cashierText);
  const pinId = useId();

  const press = (digit: string) => setPin((current) => (current.length < 8 ? current + digit : current));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!staffId) {
      signIn.fail('Choose your name first.');
      return;
    }
    if (!PIN_PATTERN.test(pin)) {
      signIn.fail('Your PIN has 4 to 8 digits.');
      return;
    }
    const signedIn = await signIn.run(async () => {
      const { session } = await api.signIn({ staffId, pin });
      onSignedIn(session);
    });
    if (!signedIn) setPin('');
  };

  if (loadError) {
    return (
      <main className="centered narrow">
        <h1>Register</h1>
        <ErrorMessage text={loadError} />
        <button type="button" className="button" onClick={onNotPaired}>
          Enter a pairing code
        </button>
      </main>
    );
  }
  if (!info) {
    return (
      <p className="centered" role="status">
        Loading register…
      </p>
    );
  }

  return (
    <main className="centered signin">
      <header>
        <h1>{info.account.businessName}</h1>
        <p className="muted">
          {info.register.name} · {info.location.name}
        </p>
      </header>
      <section aria-labelledby="who">
        <h2 id="who">Who is signing in?</h2>
        <div className="staff-grid">
          {info.staff.map((member) => (
            <button
              key={member.id}
              type="button"
              className="button big"
              aria-pressed={staffId === member.id}
              onClick={() => {
                setStaffId(member.id);
                signIn.reset();
              }}
            >
              {member.displayName}
            </button>
          ))}
        </div>
      </section>
      <form onSubmit={submit} className="stack pin-form">
        <label htmlFor={pinId}>PIN</label>
        <input
          id={pinId}
          className="input big pin"
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          maxLength={8}
          onChange={(event) => setPin(event.target.value.replace(/\D/g, '').slice(0, 8))}
        />
        <fieldset className="keypad">
          <legend className="visually-hidden">PIN keypad</legend>
          {KEYS.map((digit) => (
            <button key={digit} type="button" className="button key" onClick={() => press(digit)}>
              {digit}
            </button>
          ))}
          <button type="button" className="button key" onClick={() => setPin('')}>
            Clear
          </button>
          <button type="button" className="button key" onClick={() => press('0')}>
            0
          </button>
          <button
            type="button"
            className="button key"
            aria-label="Delete last digit"
            onClick={() => setPin((current) => current.slice(0, -1))}
          >
            ⌫
          </button>
        </fieldset>
        <ErrorMessage text={signIn.error} />
        <button type="submit" className="button primary big" disabled={signIn.pending}>
          Sign in
        </button>
      </form>
      <button type="button" className="link" onClick={onChangeRegister}>
        Not register {info.register.code}? Unpair this device
      </button>
    </main>
  );
}
