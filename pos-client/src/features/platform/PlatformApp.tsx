/**
 * The platform console at `/platform`: sign in as a platform admin, then the accounts list (with the
 * create-account form, the default fee plan, fees earned and the audit log) and an account's page
 * (`/platform/accounts/:id`). `/platform/invitations/:token` lets an invited merchant owner set a password.
 */
import type { ConsoleUser } from '@countertop/shared';
import { type FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { AccountScreen } from './AccountScreen.tsx';
import { AccountsScreen } from './AccountsScreen.tsx';
import { createPlatformApi, type PlatformApi } from './platform-api.ts';
import { errorText } from './use-load.ts';
import './platform.css';

export type PlatformRoute =
  | { screen: 'accounts' }
  | { screen: 'account'; accountId: string }
  | { screen: 'invitation'; token: string };

export function parsePlatformPath(pathname: string): PlatformRoute {
  const parts = pathname
    .replace(/^\/platform\/?/, '')
    .split('/')
    .filter(Boolean);
  if (parts[0] === 'accounts' && parts[1])
    return { screen: 'account', accountId: decodeURIComponent(parts[1]) };
  if (parts[0] === 'invitations' && parts[1])
    return { screen: 'invitation', token: decodeURIComponent(parts[1]) };
  return { screen: 'accounts' };
}

export function PlatformApp() {
  const api = useMemo(() => createPlatformApi(), []);
  const [user, setUser] = useState<ConsoleUser | null | undefined>(undefined);
  const [route, setRoute] = useState<PlatformRoute>(() => parsePlatformPath(window.location.pathname));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.restore().then(setUser, (failure: unknown) => {
      setError(errorText(failure));
      setUser(null);
    });
    api.client.onUnauthenticated(() => setUser(null));
    const onPop = () => setRoute(parsePlatformPath(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [api]);

  const navigate = useCallback((path: string) => {
    window.history.pushState(null, '', path);
    setRoute(parsePlatformPath(path));
    window.scrollTo(0, 0);
  }, []);

  if (route.screen === 'invitation') return <InvitationScreen api={api} token={route.token} />;
  if (user === undefined) return <p className="centered muted">Loading…</p>;
  if (user === null || user.role !== 'platform_admin') {
    return (
      <PlatformSignIn
        api={api}
        notAdmin={user?.role === 'merchant_owner'}
        error={error}
        onSignedIn={setUser}
      />
    );
  }

  return (
    <div className="platform">
      <header className="topbar">
        <a
          className="platform-home"
          href="/platform"
          onClick={(event) => {
            event.preventDefault();
            navigate('/platform');
          }}
        >
          Countertop platform
        </a>
        <span className="muted">{user.email}</span>
        <button
          type="button"
          className="button small"
          onClick={() =>
            void api.signOut().then(
              () => setUser(null),
              (failure: unknown) => setError(errorText(failure)),
            )
          }
        >
          Sign out
        </button>
      </header>
      <main className="platform-main">
        {route.screen === 'account' ? (
          <AccountScreen api={api} accountId={route.accountId} />
        ) : (
          <AccountsScreen api={api} navigate={navigate} />
        )}
      </main>
    </div>
  );
}

function PlatformSignIn({
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
  const [error, setError] = useState<string | null>(
    initialError ??
      (notAdmin
        ? 'You are signed in as a merchant owner: open /merchant, or sign in as a platform admin.'
        : null),
  );
  const [busy, setBusy] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    api
      .signIn(email, password)
      .then((user) => {
        if (user.role !== 'platform_admin') {
          setError('This account is a merchant owner. The merchant console is at /merchant.');
          return;
        }
        onSignedIn(user);
      })
      .catch((failure: unknown) => setError(errorText(failure)))
      .finally(() => setBusy(false));
  };
  return (
    <main className="centered narrow platform">
      <h1>Platform console</h1>
      <form className="stack" onSubmit={submit}>
        <label>
          Email
          <input
            className="input"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </label>
        <label>
          Password
          <input
            className="input"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" className="button primary" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  );
}

function InvitationScreen({ api, token }: { api: PlatformApi; token: string }) {
  const [info, setInfo] = useState<{ email: string; businessName: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  useEffect(() => {
    api.invitation(token).then(setInfo, (failure: unknown) => setError(errorText(failure)));
  }, [api, token]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    api.acceptInvitation(token, password).then(
      () => setDone(true),
      (failure: unknown) => setError(errorText(failure)),
    );
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
          <label>
            New password (at least 10 characters)
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              minLength={10}
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </label>
          <button type="submit" className="button primary">
            Set password
          </button>
        </form>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
}

export default PlatformApp;
