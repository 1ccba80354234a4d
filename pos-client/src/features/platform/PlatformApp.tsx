/**
 * The platform console at `/platform`: sign in as a platform admin, then tabs with their own URLs —
 * Accounts (search and status filters; `/platform/accounts/new` creates one), Fees earned, the Default fee
 * plan, the Audit log and the Outbox (the mail kept when no SMTP server is configured) — and an account's
 * page with its own tabs (routes.ts); "Sign out everywhere" ends every session of the admin. The console speaks
 * English (its strings are plain text); the UI kit around it follows the language switcher.
 * `/platform/invitations/:token` lets an invited merchant owner set a password.
 */
import type { ConsoleUser } from '@countertop/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button } from '../../components/ui/Button.tsx';
import { SignOutEverywhere } from '../../components/ui/SignOutEverywhere.tsx';
import { LoadingState } from '../../components/ui/States.tsx';
import { TabNav } from '../../components/ui/TabNav.tsx';
import { ToastProvider } from '../../components/ui/Toast.tsx';
import { errorText } from '../../lib/errors.ts';
import { setLanguage } from '../../lib/i18n/i18n.ts';
import { AccountsScreen } from './AccountsScreen.tsx';
import { AuditLog } from './AuditLog.tsx';
import { AccountScreen } from './account/AccountScreen.tsx';
import { CreateAccountScreen } from './CreateAccountForm.tsx';
import { DisputesScreen } from './DisputesScreen.tsx';
import { DefaultFeePlan } from './FeePlanEditor.tsx';
import { FeesEarned } from './FeesEarned.tsx';
import { InvitationScreen } from './InvitationScreen.tsx';
import { OutboxScreen } from './OutboxScreen.tsx';
import { PayoutFailures } from './PayoutFailures.tsx';
import { PlatformSignIn } from './PlatformSignIn.tsx';
import { createPlatformApi } from './platform-api.ts';
import {
  CONSOLE_TABS,
  type ConsoleTab,
  type PlatformRoute,
  parsePlatformPath,
  platformPath,
} from './routes.ts';
import './platform.css';

export { parsePlatformPath } from './routes.ts';

const TAB_LABELS: Record<ConsoleTab, string> = {
  accounts: 'Accounts',
  disputes: 'Disputes',
  'payout-failures': 'Failed payouts',
  fees: 'Fees earned',
  'fee-plan': 'Default fee plan',
  audit: 'Audit log',
  outbox: 'Outbox',
};

export function PlatformApp() {
  return (
    <ToastProvider>
      <PlatformConsole />
    </ToastProvider>
  );
}

function PlatformConsole() {
  const api = useMemo(() => createPlatformApi(), []);
  const [user, setUser] = useState<ConsoleUser | null | undefined>(undefined);
  const [route, setRoute] = useState<PlatformRoute>(() => parsePlatformPath(window.location.pathname));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    // The console's own strings are English; the kit's (dialogs, states) follow it.
    void setLanguage('en');
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
  if (user === undefined) {
    return (
      <main className="centered">
        <LoadingState />
      </main>
    );
  }
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

  const currentTab: ConsoleTab | null =
    route.screen === 'account' || route.screen === 'new-account'
      ? 'accounts'
      : (CONSOLE_TABS.find((tab) => tab === route.screen) ?? null);

  return (
    <div className="platform">
      <header className="topbar console-header">
        <a
          className="console-title platform-home"
          href="/platform"
          onClick={(event) => {
            event.preventDefault();
            navigate('/platform');
          }}
        >
          Countertop platform
        </a>
        <TabNav
          label="Platform"
          tabs={CONSOLE_TABS.map((tab) => ({
            href: platformPath({ screen: tab }),
            label: TAB_LABELS[tab],
            current: tab === currentTab,
          }))}
          onNavigate={navigate}
        />
        <div className="row console-user">
          <span className="muted">{user.email}</span>
          <Button
            size="small"
            onClick={() =>
              void api.signOut().then(
                () => setUser(null),
                (failure: unknown) => setError(errorText(failure)),
              )
            }
          >
            Sign out
          </Button>
          <SignOutEverywhere signOutEverywhere={api.signOutEverywhere} onDone={() => setUser(null)} />
        </div>
      </header>
      <main className="console-main">
        {route.screen === 'account' && (
          <AccountScreen api={api} accountId={route.accountId} tab={route.tab} navigate={navigate} />
        )}
        {route.screen === 'new-account' && <CreateAccountScreen api={api} navigate={navigate} />}
        {route.screen === 'accounts' && <AccountsScreen api={api} navigate={navigate} />}
        {route.screen === 'fees' && <FeesEarned api={api} accountId={null} level={1} />}
        {route.screen === 'fee-plan' && <DefaultFeePlan api={api} />}
        {route.screen === 'audit' && <AuditLog api={api} accountId={null} level={1} />}
        {route.screen === 'outbox' && <OutboxScreen api={api} />}
        {route.screen === 'disputes' && <DisputesScreen api={api} navigate={navigate} />}
        {route.screen === 'payout-failures' && <PayoutFailures api={api} accountId={null} level={1} />}
      </main>
    </div>
  );
}
