/**
 * The merchant's sales review at `/merchant`: restores or asks for a sign-in (merchant owner or manager),
 * then shows the daily summary, the sales list and a sale's detail (with refunds), balance and payouts,
 * and the reconciliation with Stripe. Screens are addressed by path (`/merchant`, `/merchant/sales`,
 * `/merchant/sales/:id`, `/merchant/payouts`, `/merchant/reconciliation`) so links and Back work.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { SignOutEverywhere } from '../../components/ui/SignOutEverywhere.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { MerchantSignIn } from './MerchantSignIn.tsx';
import { createMerchantApi, type SignedInAs } from './merchant-api.ts';
import { PayoutsScreen } from './PayoutsScreen.tsx';
import { ReconciliationScreen } from './ReconciliationScreen.tsx';
import { SaleDetailScreen } from './SaleDetailScreen.tsx';
import { SalesScreen } from './SalesScreen.tsx';
import { SummaryScreen } from './SummaryScreen.tsx';
import './merchant.css';

type Route =
  | { screen: 'summary' }
  | { screen: 'sales' }
  | { screen: 'sale'; saleId: string }
  | { screen: 'payouts' }
  | { screen: 'reconciliation' };

function parseMerchantPath(pathname: string): Route {
  const parts = pathname
    .replace(/^\/merchant\/?/, '')
    .split('/')
    .filter(Boolean);
  if (parts[0] === 'sales' && parts[1]) return { screen: 'sale', saleId: decodeURIComponent(parts[1]) };
  if (parts[0] === 'sales') return { screen: 'sales' };
  if (parts[0] === 'payouts') return { screen: 'payouts' };
  if (parts[0] === 'reconciliation') return { screen: 'reconciliation' };
  return { screen: 'summary' };
}

function pathOf(route: Route): string {
  switch (route.screen) {
    case 'summary':
      return '/merchant';
    case 'sale':
      return `/merchant/sales/${encodeURIComponent(route.saleId)}`;
    default:
      return `/merchant/${route.screen}`;
  }
}

export function MerchantApp() {
  const api = useMemo(() => createMerchantApi(), []);
  const [signedIn, setSignedIn] = useState<SignedInAs | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(() => parseMerchantPath(window.location.pathname));
  const [locationId, setLocationId] = useState('all');
  const [date, setDate] = useState<string | null>(null);
  const loadedContext = useAsync(() => (signedIn ? api.context() : Promise.resolve(null)), [api, signedIn]);
  // Never the previous session's account while the new one loads.
  const context = signedIn && !loadedContext.loading ? loadedContext.data : null;

  useEffect(() => {
    // A failed restore leaves the sign-in screen, like no session at all.
    api.restore().then(setSignedIn, () => setSignedIn(null));
    api.client.onUnauthenticated(() => setSignedIn(null));
    const onPop = () => setRoute(parseMerchantPath(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [api]);

  // A newly loaded account starts on its only location (or all of them) and that location's today.
  useEffect(() => {
    if (!context) return;
    const first = context.locations[0];
    setLocationId(context.locations.length === 1 && first ? first.id : 'all');
    setDate(first ? (context.todayByLocation[first.id] ?? null) : null);
  }, [context]);

  const go = useCallback((next: Route) => {
    window.history.pushState(null, '', pathOf(next));
    setRoute(next);
    window.scrollTo(0, 0);
  }, []);

  if (signedIn === undefined) return <p className="centered">Loading…</p>;
  if (signedIn === null) return <MerchantSignIn api={api} onSignedIn={setSignedIn} />;

  const signOut = async () => {
    await api.signOut(signedIn).catch(() => undefined);
    setSignedIn(null);
  };

  return (
    <div className="merchant">
      <header className="merchant-header">
        <strong>{context?.account.businessName ?? 'Sales review'}</strong>
        <nav aria-label="Merchant">
          {(
            [
              ['summary', 'Summary'],
              ['sales', 'Sales'],
              ['payouts', 'Payouts'],
              ['reconciliation', 'Reconciliation'],
            ] as const
          )
            // The balance and payouts are the owner's (Stripe keeps them for the whole business).
            .filter(([screen]) => screen !== 'payouts' || context?.viewer.canSeeAccountFigures !== false)
            .map(([screen, label]) => (
              <a
                key={screen}
                href={pathOf({ screen } as Route)}
                aria-current={
                  route.screen === screen || (screen === 'sales' && route.screen === 'sale')
                    ? 'page'
                    : undefined
                }
                onClick={(event) => {
                  event.preventDefault();
                  go({ screen } as Route);
                }}
              >
                {label}
              </a>
            ))}
        </nav>
        {context && context.locations.length > 0 && (
          <label>
            Location
            <select value={locationId} onChange={(e) => setLocationId(e.target.value)}>
              {context.locations.length > 1 && <option value="all">All locations</option>}
              {context.locations.map((location) => (
                <option key={location.id} value={location.id}>
                  {location.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="muted">
          {signedIn.kind === 'owner' ? signedIn.email : `${signedIn.name} (manager)`}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
        {signedIn.kind === 'owner' && (
          <SignOutEverywhere signOutEverywhere={api.signOutEverywhere} onDone={() => setSignedIn(null)} />
        )}
      </header>
      <main className="merchant-main">
        <ErrorMessage text={loadedContext.error} className="merchant-error" />
        {context && context.locations.length === 0 && <p>This account has no locations yet.</p>}
        {context && date && (
          <>
            {route.screen === 'summary' && (
              <SummaryScreen
                api={api}
                context={context}
                locationId={locationId}
                date={date}
                onDateChange={setDate}
                onOpenSales={() => go({ screen: 'sales' })}
              />
            )}
            {route.screen === 'sales' && (
              <SalesScreen
                api={api}
                context={context}
                locationId={locationId}
                date={date}
                onOpenSale={(saleId) => go({ screen: 'sale', saleId })}
              />
            )}
            {route.screen === 'sale' && (
              <SaleDetailScreen api={api} saleId={route.saleId} onBack={() => go({ screen: 'sales' })} />
            )}
            {route.screen === 'payouts' && (
              <PayoutsScreen api={api} onOpenSale={(saleId) => go({ screen: 'sale', saleId })} />
            )}
            {route.screen === 'reconciliation' && (
              <ReconciliationScreen api={api} locationId={locationId} date={date} onDateChange={setDate} />
            )}
          </>
        )}
      </main>
    </div>
  );
}
