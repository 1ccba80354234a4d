/** Staff sign-in at a paired register: pick your name, enter your PIN on the keypad (or keyboard). */
import { type CounterSession, PIN_PATTERN } from '@countertop/shared';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { LoadingState } from '../../components/ui/States.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { useLanguageOf } from '../../hooks/use-language.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';

interface SignInProps {
  api: CounterApi;
  registerCode: string;
  onSignedIn: (session: CounterSession) => void;
  onChangeRegister: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function SignIn({ api, registerCode, onSignedIn, onChangeRegister }: SignInProps) {
  const { t } = useTranslation('counter');
  const { data: info, error: loadError } = useAsync(
    () => api.register(registerCode),
    [api, registerCode],
    cashierText,
  );
  const [staffId, setStaffId] = useState<string | null>(null);
  const [pin, setPin] = useState('');
  const signIn = useAction(cashierText);
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
      const { session } = await api.signIn({ registerCode, staffId, pin });
      onSignedIn(session);
    });
    if (!signedIn) setPin('');
  };

  if (loadError) {
    return (
      <main className="centered narrow">
        <h1>{t('signIn.title', { code: registerCode })}</h1>
        <ErrorMessage text={loadError} />
        <Button onClick={onChangeRegister}>{t('signIn.otherCode')}</Button>
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
      <Button variant="link" onClick={onChangeRegister}>
        {t('signIn.changeRegister', { code: registerCode })}
      </Button>
    </main>
  );
}
