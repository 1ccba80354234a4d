/**
 * Reconciliation of a day: our sales and refunds against Stripe's charges, refunds, application fees and
 * balance transactions. Zero differences is the normal state; each difference names the sale and the
 * Stripe object.
 */
import { formatMoney } from '@countertop/shared';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import type { MerchantApi } from './merchant-api.ts';

export function ReconciliationScreen({
  api,
  locationId,
  date,
  onDateChange,
}: {
  api: MerchantApi;
  locationId: string;
  date: string;
  onDateChange: (date: string) => void;
}) {
  const scope = locationId === 'all' ? undefined : locationId;
  const result = useAsync(() => api.reconciliation({ locationId: scope, date }), [scope, date]);
  const data = result.data;
  return (
    <section className="stack" aria-labelledby="reconciliation-title">
      <div className="row merchant-toolbar">
        <h2 id="reconciliation-title">Reconciliation with Stripe</h2>
        <label>
          Day
          <input type="date" value={date} onChange={(e) => e.target.value && onDateChange(e.target.value)} />
        </label>
        <button type="button" onClick={result.reload}>
          Check again
        </button>
      </div>
      <ErrorMessage text={result.error} className="merchant-error" />
      {result.loading && <p>Checking with Stripe…</p>}
      {data && !result.loading && (
        <>
          <p
            role="status"
            data-testid="reconciliation-status"
            className={data.differences.length === 0 ? 'merchant-good' : 'merchant-warn'}
          >
            {data.differences.length === 0
              ? `Everything ties out: 0 differences (${data.matchedSalesCount} sales, ${data.matchedRefundsCount} refunds matched).`
              : `${data.differences.length} difference(s) with Stripe.`}
          </p>
          <p className="muted">
            Stripe objects read: {data.stripeObjects.charges} charges, {data.stripeObjects.refunds} refunds,{' '}
            {data.stripeObjects.applicationFees} application fees, {data.stripeObjects.balanceTransactions}{' '}
            balance transactions.
          </p>
          {data.differences.length > 0 && (
            <DataTable
              className="merchant-table"
              label="Differences"
              columns={['Kind', 'Sale', 'Stripe object', 'Ours', 'Stripe', 'What is wrong']}
            >
              {data.differences.map((difference, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: differences have no id; the list is replaced whole.
                <tr key={index}>
                  <td>{difference.kind.replaceAll('_', ' ')}</td>
                  <td>
                    <code>{difference.saleId ?? '—'}</code>
                  </td>
                  <td>
                    <code>{difference.stripeObjectId ?? '—'}</code>
                  </td>
                  <td>
                    {difference.oursMinor === null
                      ? '—'
                      : formatMoney(difference.oursMinor, difference.currency ?? 'usd')}
                  </td>
                  <td>
                    {difference.stripeMinor === null
                      ? '—'
                      : formatMoney(difference.stripeMinor, difference.currency ?? 'usd')}
                  </td>
                  <td>{difference.message}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}
