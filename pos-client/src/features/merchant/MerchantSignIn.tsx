/**
 * Sign-in for the merchant view: the merchant owner with email and password (web console account), or a
 * manager with their name and PIN on a paired register device (the counter's sign-in; other browsers are
 * told to use a register).
 */
import type { RegisterSignInInfo } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import type { MerchantApi, SignedInAs } from './merchant-api.ts';

export function MerchantSignIn({
  api,
  onSignedIn,
}: {
  api: MerchantApi;
  onSignedIn: (as: SignedInAs) => void;
}) {
  const [mode, setMode] = useState<'owner' | 'manager'>('owner');
  const signIn = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [register, setRegister] = useState<RegisterSignInInfo | null>(null);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');

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
      <h1>Sales review</h1>
      <div className="row" role="tablist" aria-label="Sign in as">
        <button type="button" role="tab" aria-selected={mode === 'owner'} onClick={() => setMode('owner')}>
          Merchant owner
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'manager'}
          onClick={() => setMode('manager')}
        >
          Manager
        </button>
      </div>
      <ErrorMessage text={signIn.error} className="merchant-error" />
      {mode === 'owner' ? (
        <form className="stack" onSubmit={submitOwner}>
          <label>
            Email
            <input
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </label>
          <label>
            Password
            <input
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <button type="submit" disabled={signIn.pending}>
            Sign in
          </button>
        </form>
      ) : register === null ? (
        <form className="stack" onSubmit={lookUpRegister}>
          <p>Managers sign in on a paired register device, with their PIN.</p>
          <button type="submit" disabled={signIn.pending}>
            Continue on this register
          </button>
        </form>
      ) : (
        <form className="stack" onSubmit={submitManager}>
          <p>
            {register.account.businessName} · {register.location.name}
          </p>
          <label>
            Your name
            <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
              {register.staff.map((member) => (
                <option key={member.id} value={member.id}>
                  {member.displayName}
                </option>
              ))}
            </select>
          </label>
          <label>
            PIN
            <input
              type="password"
              inputMode="numeric"
              autoComplete="off"
              required
              value={pin}
              onChange={(e) => setPin(e.target.value)}
            />
          </label>
          <button type="submit" disabled={signIn.pending}>
            Sign in
          </button>
          <button type="button" onClick={() => setRegister(null)}>
            Another register
          </button>
        </form>
      )}
    </main>
  );
}
