/** This shift's sales at the register: time, items, total, tip, platform fee, status, card. */
import { formatMoney, type Sale } from '@countertop/shared';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';

const STATUS_WORDS: Record<Sale['status'], string> = {
  open: 'Open',
  awaiting_payment: 'Awaiting payment',
  processing: 'Processing',
  requires_capture: 'Authorized',
  succeeded: 'Paid',
  payment_failed: 'Declined',
  canceled: 'Canceled',
  refunded: 'Refunded',
  partially_refunded: 'Partly refunded',
};

function summary(sale: Sale): string {
  const [first, ...rest] = sale.lines;
  if (!first) return 'Keyed amount';
  return rest.length === 0
    ? `${first.quantity} × ${first.description}`
    : `${first.description} +${rest.length} more`;
}

export function ShiftSales({
  api,
  timeZone,
  onClose,
}: {
  api: CounterApi;
  timeZone: string;
  onClose: () => void;
}) {
  const { data: sales, error } = useAsync(() => api.shiftSales(), [api], cashierText);

  const time = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' });
  const paid = (sales ?? []).filter(
    (sale) => sale.status === 'succeeded' || sale.status === 'partially_refunded',
  );
  const currency = sales?.[0]?.currency ?? null;

  return (
    <main className="shift">
      <div className="row spread">
        <h1>Shift sales</h1>
        <button type="button" className="button" onClick={onClose}>
          Back to counter
        </button>
      </div>
      <ErrorMessage text={error} />
      {!sales && !error && <p role="status">Loading sales…</p>}
      {sales && sales.length === 0 && <p>No sales yet this shift.</p>}
      {sales && sales.length > 0 && currency && (
        <p className="shift-summary" data-testid="shift-summary">
          <span>
            {paid.length} paid {paid.length === 1 ? 'sale' : 'sales'}
          </span>
          <span>
            Taken{' '}
            {formatMoney(
              paid.reduce((sum, sale) => sum + sale.totalMinor, 0),
              currency,
            )}
          </span>
          <span>
            Tips{' '}
            {formatMoney(
              paid.reduce((sum, sale) => sum + sale.tipMinor, 0),
              currency,
            )}
          </span>
        </p>
      )}
      {sales && sales.length > 0 && (
        <DataTable
          className="sales-table"
          columns={['Time', 'Items', 'Total', 'Tip', 'Fee', 'Status', 'Card']}
        >
          {sales.map((sale) => (
            <tr key={sale.id} data-testid="sale-row" data-sale-id={sale.id}>
              <td>{time.format(new Date(sale.createdAt))}</td>
              <td>{summary(sale)}</td>
              <td data-testid="sale-total">{formatMoney(sale.totalMinor, sale.currency)}</td>
              <td data-testid="sale-tip">{formatMoney(sale.tipMinor, sale.currency)}</td>
              <td data-testid="sale-fee">{formatMoney(sale.applicationFeeMinor, sale.currency)}</td>
              <td data-testid="sale-status">{STATUS_WORDS[sale.status]}</td>
              <td>{sale.card ? `${sale.card.brand.toUpperCase()} ${sale.card.last4}` : '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </main>
  );
}
