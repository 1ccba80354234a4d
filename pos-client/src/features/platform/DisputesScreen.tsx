/**
 * Every account's disputes (`/platform/disputes`): the platform's exposure per currency and per balance that
 * carries the money (open disputes, disputed amount, already taken back, fees, total at risk), then the
 * disputes themselves — filtered by status and account — with whose balance carries each (destination
 * charges: the platform's), the reason and status in words, the deadline and whether evidence was sent.
 * Times in UTC (named); money in each dispute's currency.
 */
import type { PlatformDispute } from '@countertop/shared';
import { useMemo, useState } from 'react';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/States.tsx';
import { isPlainClick } from '../../components/ui/TabNav.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { createFormatters } from '../../lib/format.ts';
import { Panel, SelectField } from './form.tsx';
import type { PlatformApi } from './platform-api.ts';
import { platformPath } from './routes.ts';

type Status = 'open' | 'closed' | 'all';

const CARRIER_NAMES = { platform: "Platform's balance", connected_account: "Merchant's balance" } as const;

/** Whether evidence went to the bank, in words. */
export function evidenceState(dispute: Pick<PlatformDispute, 'submissionCount' | 'hasEvidence' | 'stage'>) {
  if (dispute.submissionCount > 0) return 'Submitted';
  if (dispute.hasEvidence) return 'Saved, not submitted';
  return dispute.stage === 'needs_response' ? 'None yet' : 'None';
}

export function DisputesScreen({ api, navigate }: { api: PlatformApi; navigate: (path: string) => void }) {
  const format = useMemo(() => createFormatters('en-US', 'UTC'), []);
  const [status, setStatus] = useState<Status>('open');
  const [accountId, setAccountId] = useState('all');
  const accounts = useAsync(() => api.accounts(), [api]);
  const loaded = useAsync(
    () => api.disputes({ status, accountId: accountId === 'all' ? undefined : accountId }),
    [api, status, accountId],
  );
  const data = loaded.data;
  return (
    <Panel titleId="platform-disputes-title" title="Disputes" level={1}>
      <p className="muted">
        Chargebacks and inquiries on every account's sales. A dispute's money leaves the balance that holds
        its charge: the merchant's own for direct charges, the platform's for destination charges. Times in{' '}
        {format.zoneName()}.
      </p>
      <search className="row">
        <SelectField
          label="Status"
          value={status}
          options={[
            ['open', 'Open'],
            ['closed', 'Decided'],
            ['all', 'All'],
          ]}
          onChange={setStatus}
        />
        <SelectField
          label="Account"
          value={accountId}
          options={[
            ['all', 'All accounts'],
            ...(accounts.data?.accounts ?? []).map((account) => [account.id, account.businessName] as const),
          ]}
          onChange={setAccountId}
        />
      </search>
      {loaded.error ? <ErrorState message={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.loading && !data ? <LoadingState label="Loading disputes…" /> : null}
      {data ? (
        <>
          <h2>Exposure (open disputes)</h2>
          {data.exposure.length === 0 ? (
            <p className="muted" data-testid="exposure-none">
              No open disputes: nothing at risk.
            </p>
          ) : (
            <DataTable
              label="Exposure"
              columns={['Currency', 'Carried by', 'Open', 'Disputed', 'Already taken', 'Fees', 'At risk']}
              numeric={['Open', 'Disputed', 'Already taken', 'Fees', 'At risk']}
            >
              {data.exposure.map((row) => (
                <tr
                  key={`${row.currency}-${row.carriedBy}`}
                  data-exposure={`${row.currency}-${row.carriedBy}`}
                >
                  <td>{row.currency.toUpperCase()}</td>
                  <td>{CARRIER_NAMES[row.carriedBy]}</td>
                  <td className="num">{format.number(row.openCount)}</td>
                  <td className="num">{format.money(row.disputedMinor, row.currency)}</td>
                  <td className="num">{format.money(row.withdrawnMinor, row.currency)}</td>
                  <td className="num">{format.money(row.feesMinor, row.currency)}</td>
                  <td className="num">{format.money(row.totalMinor, row.currency)}</td>
                </tr>
              ))}
            </DataTable>
          )}
          <h2>Disputes</h2>
          {data.disputes.length === 0 ? (
            <EmptyState title="No disputes match." />
          ) : (
            <DataTable
              label="Disputes"
              columns={[
                'Business',
                'Opened',
                'Amount',
                'Reason',
                'Status',
                'Respond by',
                'Evidence',
                'Carried by',
              ]}
              numeric={['Amount']}
            >
              {data.disputes.map((dispute) => {
                const href = platformPath({
                  screen: 'account',
                  accountId: dispute.accountId,
                  tab: 'overview',
                });
                return (
                  <tr key={dispute.id} data-dispute={dispute.id}>
                    <td>
                      <a
                        href={href}
                        onClick={(event) => {
                          if (!isPlainClick(event)) return;
                          event.preventDefault();
                          navigate(href);
                        }}
                      >
                        {dispute.businessName}
                      </a>
                    </td>
                    <td>{format.dateTime(dispute.openedAt)}</td>
                    <td className="num">{format.money(dispute.amountMinor, dispute.currency)}</td>
                    <td>{dispute.reasonText}</td>
                    <td>{dispute.statusText}</td>
                    <td>
                      {dispute.evidenceDueBy ? format.dateTime(dispute.evidenceDueBy) : '—'}
                      {dispute.pastDue ? ' (past due)' : ''}
                    </td>
                    <td>{evidenceState(dispute)}</td>
                    <td>{dispute.carriedByText}</td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </>
      ) : null}
    </Panel>
  );
}
