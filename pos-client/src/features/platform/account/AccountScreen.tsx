/**
 * One connected account's page: a panel per job, in this order: Stripe status and links, fee plan (live
 * preview), risk limits, payout schedule, counter tipping, locations, registers, readers, staff, fees
 * earned, the support view and the audit log. This file only loads the account and its locations (which
 * several panels need) and lays the panels out.
 */
import { ErrorMessage } from '../../../components/ui/Messages.tsx';
import { useAsync } from '../../../hooks/use-async.ts';
import { AuditLog } from '../AuditLog.tsx';
import { FeePlanEditor } from '../FeePlanEditor.tsx';
import { FeesEarned } from '../FeesEarned.tsx';
import type { PlatformApi } from '../platform-api.ts';
import { CounterTippingPanel } from './CounterTippingPanel.tsx';
import { LocationsPanel } from './LocationsPanel.tsx';
import { PayoutScheduleEditor } from './PayoutScheduleEditor.tsx';
import { ReadersPanel } from './ReadersPanel.tsx';
import { RegistersPanel } from './RegistersPanel.tsx';
import { RiskLimitsPanel } from './RiskLimitsPanel.tsx';
import { StaffPanel } from './StaffPanel.tsx';
import { StatusPanel } from './StatusPanel.tsx';
import { SupportPanel } from './SupportPanel.tsx';

export function AccountScreen({ api, accountId }: { api: PlatformApi; accountId: string }) {
  const refreshReason = new URLSearchParams(window.location.search).get('onboarding');
  // Back from Stripe's onboarding: store Stripe's status now (an authenticated POST; the return URL itself
  // only redirects here).
  const account = useAsync(
    () => (refreshReason === 'returned' ? api.refreshAccount(accountId) : api.account(accountId)),
    [api, accountId, refreshReason],
  );
  const locations = useAsync(() => api.locations(accountId), [api, accountId]);
  const a = account.data?.account;

  if (account.error) return <ErrorMessage text={account.error} />;
  if (!a) return <p className="muted">Loading…</p>;
  const locationList = locations.data?.locations ?? [];

  return (
    <div className="stack">
      <h1>{a.businessName}</h1>
      {refreshReason === 'refresh' ? (
        <p className="banner">
          The onboarding link expired or was already used. Start onboarding again below.
        </p>
      ) : null}
      <StatusPanel api={api} account={a} onChanged={account.reload} />
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
      <PayoutScheduleEditor api={api} accountId={a.id} />
      <CounterTippingPanel api={api} account={a} onChanged={account.reload} />
      <LocationsPanel api={api} account={a} locations={locations} />
      <RegistersPanel api={api} accountId={a.id} locations={locationList} />
      <ReadersPanel api={api} accountId={a.id} locations={locationList} />
      <StaffPanel api={api} accountId={a.id} locations={locationList} />
      <FeesEarned api={api} accountId={a.id} />
      <SupportPanel api={api} accountId={a.id} currency={a.currency} />
      <AuditLog api={api} accountId={a.id} />
    </div>
  );
}
