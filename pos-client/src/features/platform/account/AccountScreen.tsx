/**
 * One connected account's page: its name and status on top, then a tab per job, each with its own URL
 * (`/platform/accounts/:id/<tab>`): Overview (Stripe status, what Stripe still needs, onboarding, the
 * owner's invitation, counter tipping), Locations & readers, Team, Fees (plan, risk limits, fees earned),
 * Payouts, Support and Audit. This file loads the account and its locations (which several tabs need).
 */
import { Button } from '../../../components/ui/Button.tsx';
import { PageHeader } from '../../../components/ui/PageHeader.tsx';
import { ErrorState, LoadingState } from '../../../components/ui/States.tsx';
import { TabNav } from '../../../components/ui/TabNav.tsx';
import { useAsync } from '../../../hooks/use-async.ts';
import { AccountStatusLabel } from '../AccountStatusLabel.tsx';
import { AuditLog } from '../AuditLog.tsx';
import { FeePlanEditor } from '../FeePlanEditor.tsx';
import { FeesEarned } from '../FeesEarned.tsx';
import { PayoutFailures } from '../PayoutFailures.tsx';
import type { PlatformApi } from '../platform-api.ts';
import { ACCOUNT_TABS, type AccountTab, platformPath } from '../routes.ts';
import { CounterTippingPanel } from './CounterTippingPanel.tsx';
import { LocationsPanel } from './LocationsPanel.tsx';
import { PayoutScheduleEditor } from './PayoutScheduleEditor.tsx';
import { ReadersPanel } from './ReadersPanel.tsx';
import { RegistersPanel } from './RegistersPanel.tsx';
import { RiskLimitsPanel } from './RiskLimitsPanel.tsx';
import { StaffPanel } from './StaffPanel.tsx';
import { StatusPanel } from './StatusPanel.tsx';
import { SupportPanel } from './SupportPanel.tsx';

const TAB_LABELS: Record<AccountTab, string> = {
  overview: 'Overview',
  locations: 'Locations & readers',
  team: 'Team',
  fees: 'Fees',
  payouts: 'Payouts',
  support: 'Support',
  audit: 'Audit',
};

export function AccountScreen({
  api,
  accountId,
  tab,
  navigate,
}: {
  api: PlatformApi;
  accountId: string;
  tab: AccountTab;
  navigate: (path: string) => void;
}) {
  const refreshReason = new URLSearchParams(window.location.search).get('onboarding');
  // Back from Stripe's onboarding: store Stripe's status now (an authenticated POST; the return URL itself
  // only redirects here).
  const account = useAsync(
    () => (refreshReason === 'returned' ? api.refreshAccount(accountId) : api.account(accountId)),
    [api, accountId, refreshReason],
  );
  const locations = useAsync(() => api.locations(accountId), [api, accountId]);
  const a = account.data?.account;

  if (account.error) return <ErrorState message={account.error} onRetry={account.reload} />;
  if (!a) return <LoadingState label="Loading the account…" />;
  const locationList = locations.data?.locations ?? [];

  return (
    <div className="stack">
      <PageHeader
        title={a.businessName}
        subtitle={<AccountStatusLabel account={a} testId="account-status" />}
        actions={<Button onClick={() => navigate(platformPath({ screen: 'accounts' }))}>All accounts</Button>}
      />
      <TabNav
        label="Account"
        tabs={ACCOUNT_TABS.map((each) => ({
          href: platformPath({ screen: 'account', accountId: a.id, tab: each }),
          label: TAB_LABELS[each],
          current: each === tab,
        }))}
        onNavigate={navigate}
      />
      {refreshReason === 'refresh' ? (
        <p className="notice">
          The onboarding link expired or was already used. Start onboarding again below.
        </p>
      ) : null}
      {tab === 'overview' && (
        <>
          <StatusPanel api={api} account={a} onChanged={account.reload} />
          <CounterTippingPanel api={api} account={a} onChanged={account.reload} />
        </>
      )}
      {tab === 'locations' && (
        <>
          <LocationsPanel api={api} account={a} locations={locations} />
          <ReadersPanel api={api} accountId={a.id} locations={locationList} />
          <RegistersPanel api={api} accountId={a.id} locations={locationList} />
        </>
      )}
      {tab === 'team' && <StaffPanel api={api} accountId={a.id} locations={locationList} />}
      {tab === 'fees' && (
        <>
          <FeePlanEditor
            api={api}
            currency={a.currency}
            title="Fee plan"
            plan={a.feePlan}
            onSave={async (plan) => {
              await api.setFeePlan(a.id, plan);
              account.reload();
            }}
          />
          <RiskLimitsPanel api={api} account={a} onChanged={account.reload} />
          <FeesEarned api={api} accountId={a.id} />
        </>
      )}
      {tab === 'payouts' && (
        <>
          <PayoutScheduleEditor api={api} accountId={a.id} />
          <PayoutFailures api={api} accountId={a.id} />
        </>
      )}
      {tab === 'support' && <SupportPanel api={api} accountId={a.id} currency={a.currency} />}
      {tab === 'audit' && <AuditLog api={api} accountId={a.id} />}
    </div>
  );
}
