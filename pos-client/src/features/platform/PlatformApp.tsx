/**
 * The platform console at `/platform`: sign in as a platform admin, then the accounts list (with the
 * create-account form, the default fee plan, fees earned and the audit log) and an account's page
 * (`/platform/accounts/:id`). `/platform/invitations/:token` lets an invited merchant owner set a password.
 */
import type { ConsoleUser } from '@countertop/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { SignOutEverywhere } from '../../components/ui/SignOutEverywhere.tsx';
import { errorText } from '../../lib/errors.ts';
import { AccountsScreen } from './AccountsScreen.tsx';
import { AccountScreen } from './account/AccountScreen.tsx';
import { InvitationScreen } from './InvitationScreen.tsx';
import { OutboxScreen } from './OutboxScreen.tsx';
import { PlatformSignIn } from './PlatformSignIn.tsx';
import { createPlatformApi } from './platform-api.ts';
import './platform.css';

type PlatformRoute =
  | { screen: 'accounts' }
  | { screen: 'outbox' }
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
  if (parts[0] === 'outbox') return { screen: 'outbox' };
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
        <a
          href="/platform/outbox"
          onClick={(event) => {
            event.preventDefault();
            navigate('/platform/outbox');
          }}
        >
          Outbox
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
        <SignOutEverywhere signOutEverywhere={api.signOutEverywhere} onDone={() => setUser(null)} />
      </header>
      <main className="platform-main">
        {route.screen === 'account' ? (
          <AccountScreen api={api} accountId={route.accountId} />
        ) : route.screen === 'outbox' ? (
          <OutboxScreen api={api} />
        ) : (
          <AccountsScreen api={api} navigate={navigate} />
        )}
      </main>
    </div>
  );
}
