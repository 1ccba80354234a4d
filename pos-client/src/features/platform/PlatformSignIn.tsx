/** The platform console's sign-in (email and password); a merchant owner is sent to /merchant instead. */
import type { ConsoleUser } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { TextField } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

export function PlatformSignIn({
  api,
  notAdmin,
  error: initialError,
  onSignedIn,
}: {
  api: PlatformApi;
  notAdmin: boolean;
  error: string | null;
  onSignedIn: (user: ConsoleUser) => void;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  // Until the first submit, why the console is not open (a restore failure, or a merchant owner's session).
  const [submitted, setSubmitted] = useState(false);
  const opening =
    initialError ??
    (notAdmin
      ? 'You are signed in as a merchant owner: open /merchant, or sign in as a platform admin.'
      : null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    void action.run(async () => {
      const user = await api.signIn(email, password);
      if (user.role !== 'platform_admin') {
        throw new Error('This account is a merchant owner. The merchant console is at /merchant.');
      }
      onSignedIn(user);
    });
  };
  return (
    <main className="centered narrow platform">
      <h1>Platform console</h1>
      <form className="stack" onSubmit={submit}>
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={setEmail}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={setPassword}
        />
        <ErrorMessage text={submitted ? action.error : opening} />
        <button type="submit" className="button primary" disabled={action.pending}>
          Sign in
        </button>
      </form>
    </main>
  );
}
