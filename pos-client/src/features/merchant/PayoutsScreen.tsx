/** The account's Stripe balance (available and pending), its payout schedule and recent payouts. */
import type { PayoutDetailResponse } from '@countertop/shared';
import { useState } from 'react';
import { capitalize, money } from './format.ts';
import type { MerchantApi } from './merchant-api.ts';
import { useAsync } from './use-async.ts';

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
  const [opened, setOpened] = useState<PayoutDetailResponse | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const open = (payoutId: string) => {
    setOpenError(null);
    api
      .payout(payoutId)
      .then(setOpened, (failure: unknown) =>
        setOpenError(failure instanceof Error ? failure.message : String(failure)),
      );
  };
  return (
    <section className="stack" aria-labelledby="payouts-title">
      <h2 id="payouts-title">Balance and payouts</h2>
      {balance.error && (
        <p role="alert" className="merchant-error">
          {balance.error}
        </p>
      )}
      {balance.loading && !balance.data && <p>Loading…</p>}
      {balance.data && (
        <>
          <dl className="merchant-facts">
            <dt>Available</dt>
            <dd>
              {balance.data.available.map((entry) => money(entry.amountMinor, entry.currency)).join(', ') ||
                '—'}
            </dd>
            <dt>Pending</dt>
            <dd>
              {balance.data.pending.map((entry) => money(entry.amountMinor, entry.currency)).join(', ') ||
                '—'}
            </dd>
            <dt>Payout schedule</dt>
            <dd>{scheduleText(balance.data.schedule)}</dd>
          </dl>
          <table className="merchant-table" aria-label="Payouts">
            <thead>
              <tr>
                <th scope="col">Arrives</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Transactions</th>
                <th scope="col">Payout</th>
              </tr>
            </thead>
            <tbody>
              {balance.data.payouts.map((payout) => (
                <tr key={payout.id}>
                  <td>{payout.arrivalDate.slice(0, 10)}</td>
                  <td>{money(payout.amountMinor, payout.currency)}</td>
                  <td>{capitalize(payout.status)}</td>
                  <td>{payout.transactionCount ?? '—'}</td>
                  <td>
                    <button
                      type="button"
                      onClick={() => open(payout.id)}
                      aria-label={`Show what payout ${payout.id} contains`}
                    >
                      <code>{payout.id}</code>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {balance.data.payouts.length === 0 && <p>No payouts yet.</p>}
          {openError && (
            <p role="alert" className="merchant-error">
              {openError}
            </p>
          )}
          {opened && (
            <table className="merchant-table" aria-label={`Payout ${opened.payout.id}`}>
              <caption>
                Payout {opened.payout.id}: {money(opened.payout.amountMinor, opened.payout.currency)},
                arriving {opened.payout.arrivalDate.slice(0, 10)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Fees</th>
                  <th scope="col">Net</th>
                  <th scope="col">Sale</th>
                </tr>
              </thead>
              <tbody>
                {opened.transactions.map((transaction) => (
                  <tr key={transaction.id}>
                    <td>{capitalize(transaction.type.replaceAll('_', ' '))}</td>
                    <td>{money(transaction.amountMinor, transaction.currency)}</td>
                    <td>{money(transaction.feeMinor, transaction.currency)}</td>
                    <td>{money(transaction.netMinor, transaction.currency)}</td>
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
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
