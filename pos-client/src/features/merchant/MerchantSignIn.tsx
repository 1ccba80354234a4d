/**
 * Sign-in for the merchant view: the merchant owner with email and password (web console account), or a
 * manager with the register code, their name and PIN (the counter's sign-in).
 */
import type { RegisterSignInInfo } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import type { MerchantApi, SignedInAs } from './merchant-api.ts';

export function MerchantSignIn({
  api,
  onSignedIn,
}: {
  api: MerchantApi;
  onSignedIn: (as: SignedInAs) => void;
}) {
  const [mode, setMode] = useState<'owner' | 'manager'>('owner');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [registerCode, setRegisterCode] = useState('');
  const [register, setRegister] = useState<RegisterSignInInfo | null>(null);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  const submitOwner = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => onSignedIn(await api.signInOwner(email, password)));
  };
  const lookUpRegister = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const info = await api.registerInfo(registerCode.trim().toUpperCase());
      setRegister(info);
      setStaffId(info.staff[0]?.id ?? '');
    });
  };
  const submitManager = (event: FormEvent) => {
    event.preventDefault();
    if (!register) return;
    void run(async () => onSignedIn(await api.signInManager(register.register.code, staffId, pin)));
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
      {error && (
        <p role="alert" className="merchant-error">
          {error}
        </p>
      )}
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
          <button type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      ) : register === null ? (
        <form className="stack" onSubmit={lookUpRegister}>
          <label>
            Register code
            <input
              required
              value={registerCode}
              onChange={(e) => setRegisterCode(e.target.value)}
              placeholder="MISSION-1"
            />
          </label>
          <button type="submit" disabled={busy}>
            Continue
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
          <button type="submit" disabled={busy}>
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
