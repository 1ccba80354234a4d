/** The account's Stripe balance (available and pending), its payout schedule and recent payouts. */
import { formatMoney } from '@countertop/shared';
import { useState } from 'react';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { capitalize } from '../../lib/format.ts';
import type { MerchantApi } from './merchant-api.ts';

function scheduleText(schedule: {
  interval: string;
  delayDays: number | null;
  weeklyAnchor: string | null;
  monthlyAnchor: number | null;
}): string {
  const delay = schedule.delayDays === null ? '' : `, ${schedule.delayDays} day(s) after payment`;
  if (schedule.interval === 'weekly') return `Weekly on ${capitalize(schedule.weeklyAnchor)}${delay}`;
  if (schedule.interval === 'monthly') return `Monthly on day ${schedule.monthlyAnchor ?? '?'}${delay}`;
  if (schedule.interval === 'manual') return 'Manual payouts';
  return `${capitalize(schedule.interval)}${delay}`;
}

export function PayoutsScreen({
  api,
  onOpenSale,
}: {
  api: MerchantApi;
  onOpenSale: (saleId: string) => void;
}) {
  const balance = useAsync(() => api.balance(), []);
  const [openedId, setOpenedId] = useState<string | null>(null);
  const openedPayout = useAsync(() => (openedId ? api.payout(openedId) : Promise.resolve(null)), [openedId]);
  const opened = openedPayout.data;
  return (
    <section className="stack" aria-labelledby="payouts-title">
      <h2 id="payouts-title">Balance and payouts</h2>
      <ErrorMessage text={balance.error} className="merchant-error" />
      {balance.loading && !balance.data && <p>Loading…</p>}
      {balance.data && (
        <>
          <dl className="merchant-facts">
            <dt>Available</dt>
            <dd>
              {balance.data.available
                .map((entry) => formatMoney(entry.amountMinor, entry.currency))
                .join(', ') || '—'}
            </dd>
            <dt>Pending</dt>
            <dd>
              {balance.data.pending
                .map((entry) => formatMoney(entry.amountMinor, entry.currency))
                .join(', ') || '—'}
            </dd>
            <dt>Payout schedule</dt>
            <dd>{scheduleText(balance.data.schedule)}</dd>
          </dl>
          <DataTable
            className="merchant-table"
            label="Payouts"
            columns={['Arrives', 'Amount', 'Status', 'Transactions', 'Payout']}
          >
            {balance.data.payouts.map((payout) => (
              <tr key={payout.id}>
                <td>{payout.arrivalDate.slice(0, 10)}</td>
                <td>{formatMoney(payout.amountMinor, payout.currency)}</td>
                <td>{capitalize(payout.status)}</td>
                <td>{payout.transactionCount ?? '—'}</td>
                <td>
                  <button
                    type="button"
                    onClick={() => (openedId === payout.id ? openedPayout.reload() : setOpenedId(payout.id))}
                    aria-label={`Show what payout ${payout.id} contains`}
                  >
                    <code>{payout.id}</code>
                  </button>
                </td>
              </tr>
            ))}
          </DataTable>
          {balance.data.payouts.length === 0 && <p>No payouts yet.</p>}
          <ErrorMessage text={openedPayout.error} className="merchant-error" />
          {opened && (
            <DataTable
              className="merchant-table"
              label={`Payout ${opened.payout.id}`}
              caption={
                <>
                  Payout {opened.payout.id}: {formatMoney(opened.payout.amountMinor, opened.payout.currency)},
                  arriving {opened.payout.arrivalDate.slice(0, 10)}
                </>
              }
              columns={['Type', 'Amount', 'Fees', 'Net', 'Sale']}
            >
              {opened.transactions.map((transaction) => (
                <tr key={transaction.id}>
                  <td>{capitalize(transaction.type.replaceAll('_', ' '))}</td>
                  <td>{formatMoney(transaction.amountMinor, transaction.currency)}</td>
                  <td>{formatMoney(transaction.feeMinor, transaction.currency)}</td>
                  <td>{formatMoney(transaction.netMinor, transaction.currency)}</td>
                  <td>
                    {transaction.saleId ? (
                      <button type="button" onClick={() => onOpenSale(transaction.saleId ?? '')}>
                        Open sale
                      </button>
                    ) : (
                      <code>{transaction.source ?? '—'}</code>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}
