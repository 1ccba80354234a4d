/**
 * Sign-in for the merchant view: the merchant owner with email and password (web console account), or a
 * manager with their name and PIN on a paired register device (the counter's sign-in; other browsers are
 * told to use a register).
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import type { RegisterSignInInfo } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { SelectField, TextField } from '../../components/ui/Field.tsx';
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useLanguageOf } from '../../hooks/use-language.ts';
import { cashierTextWith } from '../../lib/errors.ts';
import type { MerchantApi, SignedInAs } from './merchant-api.ts';

const describeOwnerFailure = cashierTextWith({ too_many_attempts: 'merchant:signIn.tooManyPasswords' });
const describeManagerFailure = cashierTextWith({
  too_many_attempts: 'counter:signIn.tooManyPins',
  register_not_paired: 'merchant:signIn.notPaired',
});

export function MerchantSignIn({
  api,
  onSignedIn,
}: {
  api: MerchantApi;
  onSignedIn: (as: SignedInAs) => void;
}) {
  const { t } = useTranslation('merchant');
  const [mode, setMode] = useState<'owner' | 'manager'>('owner');
  // Throttled sign-ins say how long to wait: per email for the owner, per PIN for a manager.
  const signIn = useAction(mode === 'owner' ? describeOwnerFailure : describeManagerFailure);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [register, setRegister] = useState<RegisterSignInInfo | null>(null);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  useLanguageOf(register ? register.location.timeZone : null);

  const submitOwner = (event: FormEvent) => {
    event.preventDefault();
    void signIn.run(async () => onSignedIn(await api.signInOwner(email, password)));
  };
  const lookUpRegister = (event: FormEvent) => {
    event.preventDefault();
    void signIn.run(async () => {
      const info = await api.registerInfo();
      setRegister(info);
      setStaffId(info.staff[0]?.id ?? '');
    });
  };
  const submitManager = (event: FormEvent) => {
    event.preventDefault();
    if (!register) return;
    void signIn.run(async () => onSignedIn(await api.signInManager(staffId, pin)));
  };

  return (
    <main className="centered narrow merchant">
      <div className="row spread">
        <h1>{t('title')}</h1>
        <LanguageSwitcher />
      </div>
      <fieldset className="row segmented">
        <legend className="visually-hidden">{t('signIn.as')}</legend>
        <Button aria-pressed={mode === 'owner'} onClick={() => setMode('owner')}>
          {t('signIn.owner')}
        </Button>
        <Button aria-pressed={mode === 'manager'} onClick={() => setMode('manager')}>
          {t('signIn.manager')}
        </Button>
      </fieldset>
      <ErrorMessage text={signIn.error} />
      {mode === 'owner' ? (
        <form className="stack" onSubmit={submitOwner}>
          <TextField
            label={t('signIn.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={setEmail}
          />
          <TextField
            label={t('signIn.password')}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={setPassword}
          />
          <Button type="submit" variant="primary" disabled={signIn.pending}>
            {t('signIn.submit')}
          </Button>
        </form>
      ) : register === null ? (
        <form className="stack" onSubmit={lookUpRegister}>
          <p>{t('signIn.managerIntro')}</p>
          <Button type="submit" variant="primary" disabled={signIn.pending}>
            {t('signIn.continue')}
          </Button>
        </form>
      ) : (
        <form className="stack" onSubmit={submitManager}>
          <p>
            {register.account.businessName} · {register.location.name}
          </p>
          <SelectField
            label={t('signIn.yourName')}
            value={staffId}
            options={register.staff.map((member) => [member.id, member.displayName] as const)}
            onChange={setStaffId}
          />
          <TextField
            label={t('signIn.pin')}
            type="password"
            inputMode="numeric"
            autoComplete="off"
            required
            value={pin}
            onChange={setPin}
          />
          <Button type="submit" variant="primary" disabled={signIn.pending}>
            {t('signIn.submit')}
          </Button>
          <Button variant="link" onClick={() => setRegister(null)}>
            {t('signIn.anotherRegister')}
          </Button>
        </form>
      )}
    </main>
  );
}
