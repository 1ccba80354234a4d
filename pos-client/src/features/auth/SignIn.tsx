/**
 * Staff sign-in on a paired register device: pick your name, enter your PIN on the keypad (or keyboard).
 * A device that is not (or no longer) paired goes to pairing.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import { type CounterSession, PIN_PATTERN } from '@countertop/shared';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { useConfirm } from '../../components/ui/Dialog.tsx';
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { ErrorState, LoadingState } from '../../components/ui/States.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { useLanguageOf } from '../../hooks/use-language.ts';
import { ApiError } from '../../lib/api-client.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText, cashierTextWith } from '../../lib/errors.ts';

interface SignInProps {
  api: CounterApi;
  onSignedIn: (session: CounterSession) => void;
  /** This device is not paired (any more): pair it. */
  onNotPaired: () => void;
  /** Unpair this device to pair it with another register. */
  onChangeRegister: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

// Throttled PINs: the wait, and that a manager can approve this device.
const describeSignInFailure = cashierTextWith({ too_many_attempts: 'counter:signIn.tooManyPins' });

export function SignIn({ api, onSignedIn, onNotPaired, onChangeRegister }: SignInProps) {
  const { t } = useTranslation('counter');
  const [notPaired, setNotPaired] = useState(false);
  const { confirm, dialog } = useConfirm();
  // Unpaired (or unpaired since, from the console): this device goes to pairing.
  const watchPairing = (failure: unknown): never => {
    if (failure instanceof ApiError && failure.code === 'register_not_paired') setNotPaired(true);
    throw failure;
  };
  const {
    data: info,
    error: loadError,
    reload,
  } = useAsync(() => api.register().catch(watchPairing), [api], cashierText);
  useEffect(() => {
    if (notPaired) onNotPaired();
  }, [notPaired, onNotPaired]);
  const [staffId, setStaffId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const signIn = useAction(describeSignInFailure);
  const pinId = useId();
  useLanguageOf(info ? info.location.timeZone : loadError ? null : undefined);

  const press = (digit: string) => setPin((current) => (current.length < 8 ? current + digit : current));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!staffId) {
      signIn.fail(t('signIn.chooseName'));
      return;
    }
    if (!PIN_PATTERN.test(pin)) {
      signIn.fail(t('signIn.pinDigits'));
      return;
    }
    const signedIn = await signIn.run(async () => {
      const { session } = await api.signIn({ staffId, pin }).catch(watchPairing);
      onSignedIn(session);
    });
    if (!signedIn) setPin('');
  };

  // Not paired: pairing is on its way (nothing of any register to show, nor an error).
  if (notPaired) return null;
  if (loadError) {
    return (
      <main className="centered narrow">
        <h1>{t('signIn.title')}</h1>
        <ErrorState message={loadError} onRetry={reload} />
        <Button variant="link" onClick={onNotPaired}>
          {t('signIn.pairAgain')}
        </Button>
      </main>
    );
  }
  if (!info) {
    return (
      <main className="centered">
        <LoadingState label={t('signIn.loading')} />
      </main>
    );
  }

  return (
    <main className="centered signin">
      <header className="row spread">
        <div>
          <h1>{info.account.businessName}</h1>
          <p className="muted">
            {info.register.name} · {info.location.name}
          </p>
        </div>
        <LanguageSwitcher />
      </header>
      <section aria-labelledby="who">
        <h2 id="who">{t('signIn.who')}</h2>
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
        <label htmlFor={pinId}>{t('signIn.pin')}</label>
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
          <legend className="visually-hidden">{t('signIn.keypad')}</legend>
          {KEYS.map((digit) => (
            <button key={digit} type="button" className="button key" onClick={() => press(digit)}>
              {digit}
            </button>
          ))}
          <button type="button" className="button key" onClick={() => setPin('')}>
            {t('signIn.clear')}
          </button>
          <button type="button" className="button key" onClick={() => press('0')}>
            0
          </button>
          <button
            type="button"
            className="button key"
            aria-label={t('signIn.deleteDigit')}
            onClick={() => setPin((current) => current.slice(0, -1))}
          >
            ⌫
          </button>
        </fieldset>
        <ErrorMessage text={signIn.error} />
        <Button type="submit" variant="primary" size="big" disabled={signIn.pending}>
          {t('signIn.submit')}
        </Button>
      </form>
      <Button
        variant="link"
        onClick={async () => {
          const confirmed = await confirm({
            title: t('signIn.unpairTitle', { code: info.register.code }),
            detail: t('signIn.unpairDetail'),
            confirmLabel: t('signIn.unpairConfirm'),
          });
          if (confirmed) onChangeRegister();
        }}
      >
        {t('signIn.changeRegister', { code: info.register.code })}
      </Button>
      {dialog}
    </main>
  );
}
