/**
 * The merchant's sales review at `/merchant`: restores or asks for a sign-in (merchant owner or manager),
 * then a tab per job, each with its own URL: Summary (`/merchant`), Sales (`/merchant/sales`, a sale at
 * `/merchant/sales/:id`), Disputes (`/merchant/disputes`, one at `/merchant/disputes/:id`), Drawers
 * (`/merchant/drawers`), Catalog (`/merchant/catalog`, with taxes and CSV), Team (`/merchant/team`), Payouts
 * (`/merchant/payouts`) and Reconciliation (`/merchant/reconciliation`). What the viewer may not do
 * (`context.viewer`) is hidden. A banner says when the platform has lost the account's Stripe account
 * (disconnected or rejected), what happened and what still works.
 * Figures and times are the location's (its zone named on each screen); the language is the person's
 * choice, else the location's country's.
 */
import { countryOfTimeZone, type MerchantContextResponse } from '@countertop/shared';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { SelectField } from '../../components/ui/Field.tsx';
import { LanguageSwitcher } from '../../components/ui/LanguageSwitcher.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { SignOutEverywhere } from '../../components/ui/SignOutEverywhere.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { TabNav } from '../../components/ui/TabNav.tsx';
import { ToastProvider } from '../../components/ui/Toast.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { PlaceContext } from '../../hooks/use-formatters.ts';
import { useLanguageOf } from '../../hooks/use-language.ts';
import { addTranslations } from '../../lib/i18n/i18n.ts';
import { AccountStandingBanner } from './AccountStandingBanner.tsx';
import { DisputeScreen } from './DisputeScreen.tsx';
import { DisputesScreen } from './DisputesScreen.tsx';
import { dayAfterLocationChange } from './day.ts';
import { merchantEn } from './locales/en.ts';
import { MerchantSignIn } from './MerchantSignIn.tsx';
import { createMerchantApi, type SignedInAs } from './merchant-api.ts';
import { PayoutsScreen } from './PayoutsScreen.tsx';
import { ReconciliationScreen } from './ReconciliationScreen.tsx';
import { SaleDetailScreen } from './SaleDetailScreen.tsx';
import { SalesScreen } from './SalesScreen.tsx';
import { SummaryScreen } from './SummaryScreen.tsx';
import { CatalogScreen } from './shop/CatalogScreen.tsx';
import { DrawersScreen } from './shop/DrawersScreen.tsx';
import { TeamScreen } from './shop/TeamScreen.tsx';
import './merchant.css';

void addTranslations(merchantEn, { ja: () => import('./locales/ja.ts').then((module) => module.merchantJa) });

type Route =
  | { screen: 'summary' }
  | { screen: 'sales' }
  | { screen: 'sale'; saleId: string }
  | { screen: 'disputes' }
  | { screen: 'dispute'; disputeId: string }
  | { screen: 'drawers' }
  | { screen: 'catalog' }
  | { screen: 'team' }
  | { screen: 'payouts' }
  | { screen: 'reconciliation' };

type Tab = 'summary' | 'sales' | 'disputes' | 'drawers' | 'catalog' | 'team' | 'payouts' | 'reconciliation';
const TABS: readonly Tab[] = [
  'summary',
  'sales',
  'disputes',
  'drawers',
  'catalog',
  'team',
  'payouts',
  'reconciliation',
];
const SIMPLE_TABS = new Set<string>(['disputes', 'drawers', 'catalog', 'team', 'payouts', 'reconciliation']);

/** The tabs this viewer may use (the others are hidden). */
export function visibleTabs(viewer: MerchantContextResponse['viewer'] | null | undefined): Tab[] {
  return TABS.filter((tab) => {
    if (!viewer) return tab === 'summary' || tab === 'sales' || tab === 'reconciliation';
    switch (tab) {
      case 'payouts':
        return viewer.canSeeAccountFigures;
      case 'catalog':
        return viewer.kind !== 'staff';
      case 'team':
        return viewer.canManageTeam;
      case 'drawers':
        return viewer.permissions.includes('reports');
      default:
        return true;
    }
  });
}

export function parseMerchantPath(pathname: string): Route {
  const parts = pathname
    .replace(/^\/merchant\/?/, '')
    .split('/')
    .filter(Boolean);
  if (parts[0] === 'sales' && parts[1]) return { screen: 'sale', saleId: decodeURIComponent(parts[1]) };
  if (parts[0] === 'sales') return { screen: 'sales' };
  if (parts[0] === 'disputes' && parts[1])
    return { screen: 'dispute', disputeId: decodeURIComponent(parts[1]) };
  if (parts[0] && SIMPLE_TABS.has(parts[0])) return { screen: parts[0] } as Route;
  return { screen: 'summary' };
}

export function merchantPath(route: Route): string {
  switch (route.screen) {
    case 'summary':
      return '/merchant';
    case 'sale':
      return `/merchant/sales/${encodeURIComponent(route.saleId)}`;
    case 'dispute':
      return `/merchant/disputes/${encodeURIComponent(route.disputeId)}`;
    default:
      return `/merchant/${route.screen}`;
  }
}

export function MerchantApp() {
  return (
    <ToastProvider>
      <MerchantReview />
    </ToastProvider>
  );
}

function MerchantReview() {
  const { t } = useTranslation('merchant');
  const api = useMemo(() => createMerchantApi(), []);
  const [signedIn, setSignedIn] = useState<SignedInAs | null | undefined>(undefined);
  const [route, setRoute] = useState<Route>(() => parseMerchantPath(window.location.pathname));
  const [locationId, setLocationId] = useState('all');
  const [date, setDate] = useState<string | null>(null);
  const loadedContext = useAsync(() => (signedIn ? api.context() : Promise.resolve(null)), [api, signedIn]);
  // Never the previous session's account while the new one loads.
  const context = signedIn && !loadedContext.loading ? loadedContext.data : null;
  const place = useMemo(() => {
    const location =
      context?.locations.find((candidate) => candidate.id === locationId) ?? context?.locations[0] ?? null;
    const timeZone = location?.timeZone ?? null;
    return { country: timeZone ? countryOfTimeZone(timeZone) : null, timeZone };
  }, [context, locationId]);
  useLanguageOf(context ? (context.locations[0]?.timeZone ?? null) : undefined);

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
    window.history.pushState(null, '', merchantPath(next));
    setRoute(next);
    window.scrollTo(0, 0);
  }, []);

  if (signedIn === undefined) {
    return (
      <main className="centered">
        <LoadingState label={t('loading')} />
      </main>
    );
  }
  if (signedIn === null) return <MerchantSignIn api={api} onSignedIn={setSignedIn} />;

  const signOut = async () => {
    await api.signOut(signedIn).catch(() => undefined);
    setSignedIn(null);
  };
  const currentTab: Tab =
    route.screen === 'sale' ? 'sales' : route.screen === 'dispute' ? 'disputes' : route.screen;
  // The balance and payouts are the owner's (Stripe keeps them for the whole business).
  const canSeePayouts = context?.viewer.canSeeAccountFigures !== false;
  const tabs = visibleTabs(context?.viewer);
  const allowed = (tab: Tab) => tabs.includes(tab);

  return (
    <PlaceContext.Provider value={place}>
      <div className="merchant">
        <header className="topbar console-header">
          <strong className="console-title">{context?.account.businessName ?? t('title')}</strong>
          <TabNav
            label={t('nav')}
            tabs={tabs.map((tab) => ({
              href: merchantPath({ screen: tab } as Route),
              label: t(`tabs.${tab}`),
              current: tab === currentTab,
            }))}
            onNavigate={(href) => go(parseMerchantPath(href))}
          />
          <div className="row console-user">
            {context && context.locations.length > 0 && (
              <SelectField
                className="inline"
                label={t('location')}
                value={locationId}
                options={[
                  ...(context.locations.length > 1 ? [['all', t('allLocations')] as const] : []),
                  ...context.locations.map((location) => [location.id, location.name] as const),
                ]}
                onChange={(next) => {
                  // All locations: the first location's today, as the account starts on.
                  const todayOf = (id: string) =>
                    context.todayByLocation[id === 'all' ? (context.locations[0]?.id ?? '') : id] ?? null;
                  setDate((shown) => dayAfterLocationChange(shown, todayOf(locationId), todayOf(next)));
                  setLocationId(next);
                }}
              />
            )}
            <span className="muted">
              {signedIn.kind === 'owner' ? signedIn.email : t('manager', { name: signedIn.name })}
            </span>
            <LanguageSwitcher />
            <Button size="small" onClick={() => void signOut()}>
              {t('common:signOut')}
            </Button>
            {signedIn.kind === 'owner' && (
              <SignOutEverywhere signOutEverywhere={api.signOutEverywhere} onDone={() => setSignedIn(null)} />
            )}
          </div>
        </header>
        <main className="console-main">
          <ErrorMessage text={loadedContext.error} />
          {context && <AccountStandingBanner context={context} />}
          {loadedContext.loading && !context && <LoadingState label={t('loading')} />}
          {context && context.locations.length === 0 && <EmptyState title={t('noLocations')} />}
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
                  onOpenSale={(saleId) => go({ screen: 'sale', saleId })}
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
              {route.screen === 'disputes' && (
                <DisputesScreen
                  api={api}
                  context={context}
                  locationId={locationId}
                  onOpenDispute={(disputeId) => go({ screen: 'dispute', disputeId })}
                  onOpenSale={(saleId) => go({ screen: 'sale', saleId })}
                />
              )}
              {route.screen === 'dispute' && (
                <DisputeScreen
                  api={api}
                  context={context}
                  disputeId={route.disputeId}
                  onBack={() => go({ screen: 'disputes' })}
                  onOpenSale={(saleId) => go({ screen: 'sale', saleId })}
                />
              )}
              {route.screen === 'drawers' &&
                (allowed('drawers') ? (
                  <DrawersScreen
                    api={api}
                    context={context}
                    locationId={locationId}
                    date={date}
                    onDateChange={setDate}
                  />
                ) : (
                  <EmptyState title={t('notAllowed')} />
                ))}
              {route.screen === 'catalog' &&
                (allowed('catalog') ? <CatalogScreen api={api} /> : <EmptyState title={t('notAllowed')} />)}
              {route.screen === 'team' &&
                (allowed('team') ? <TeamScreen api={api} /> : <EmptyState title={t('notAllowed')} />)}
              {route.screen === 'payouts' &&
                (canSeePayouts ? (
                  <PayoutsScreen api={api} onOpenSale={(saleId) => go({ screen: 'sale', saleId })} />
                ) : (
                  <EmptyState title={t('payoutsOwnerOnly')} />
                ))}
              {route.screen === 'reconciliation' && (
                <ReconciliationScreen
                  api={api}
                  locationId={locationId}
                  date={date}
                  onDateChange={setDate}
                  onOpenSale={(saleId) => go({ screen: 'sale', saleId })}
                />
              )}
            </>
          )}
        </main>
      </div>
    </PlaceContext.Provider>
  );
}
