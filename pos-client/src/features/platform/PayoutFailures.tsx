/**
 * Failed and canceled payouts as Stripe reported them: across accounts (`/platform/payout-failures`) or one
 * account's (its Payouts tab) — the amount, when it failed, what went wrong and what to do in plain words,
 * and whether the owner was e-mailed. Times in UTC (named).
 */
import { useMemo } from 'react';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { createFormatters } from '../../lib/format.ts';
import { Panel } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';

export function PayoutFailures({
  api,
  accountId,
  level = 2,
}: {
  api: PlatformApi;
  /** One account's, or null for every account's. */
  accountId: string | null;
  level?: 1 | 2;
}) {
  const format = useMemo(() => createFormatters('en-US', 'UTC'), []);
  const loaded = useAsync(() => api.payoutFailures(accountId), [api, accountId]);
  const failures = loaded.data?.failures ?? [];
  const columns = [
    ...(accountId ? [] : ['Business']),
    'Failed',
    'Amount',
    'Status',
    'What happened',
    'Owner told',
  ];
  return (
    <Panel titleId="payout-failures-title" title="Failed payouts" level={level}>
      <p className="muted">
        Payouts Stripe could not deliver to the merchant's bank, or that were canceled; newest first, times in{' '}
        {format.zoneName()}.
      </p>
      {loaded.error ? <ErrorState message={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading && !loaded.data ? <LoadingState label="Loading failed payouts…" /> : null}
      {loaded.data && failures.length === 0 ? <EmptyState title="No failed payouts." /> : null}
      {failures.length > 0 ? (
        <DataTable label="Failed payouts" columns={columns} numeric={['Amount']}>
          {failures.map((failure) => (
            <tr key={failure.payoutId} data-payout={failure.payoutId}>
              {accountId ? null : <td>{failure.businessName}</td>}
              <td>{format.dateTime(failure.failedAt)}</td>
              <td className="num">{format.money(failure.amountMinor, failure.currency)}</td>
              <td>{failure.status === 'failed' ? 'Failed' : 'Canceled'}</td>
              <td>
                {failure.failureText}
                {failure.failureCode ? <span className="muted"> ({failure.failureCode})</span> : null}
              </td>
              <td>{failure.ownerNotifiedAt ? format.dateTime(failure.ownerNotifiedAt) : 'Not yet'}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </Panel>
  );
}
