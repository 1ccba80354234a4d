/** `/platform/invitations/:token`: an invited merchant owner sets a password, then opens /merchant. */
import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { TextField } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

export function InvitationScreen({ api, token }: { api: PlatformApi; token: string }) {
  const invitation = useAsync(() => api.invitation(token), [api, token]);
  const info = invitation.data;
  const accept = useAction();
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void accept.run(async () => {
      await api.acceptInvitation(token, password);
      setDone(true);
    });
  };
  return (
    <main className="centered narrow platform">
      <h1>Welcome to Countertop</h1>
      {done ? (
        <p>
          Your password is set and you are signed in. <a href="/merchant">Open your merchant console</a>.
        </p>
      ) : info ? (
        <form className="stack" onSubmit={submit}>
          <p>
            Set a password for <strong>{info.email}</strong> to manage <strong>{info.businessName}</strong>.
          </p>
          <TextField
            label="New password (at least 10 characters)"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={password}
            onChange={setPassword}
          />
          <button type="submit" className="button primary">
            Set password
          </button>
        </form>
      ) : null}
      <ErrorMessage text={accept.error ?? invitation.error} />
    </main>
  );
}
