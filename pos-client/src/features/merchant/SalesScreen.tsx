/**
 * The sales list: newest first, for a range of days, with search by amount, card last 4, team member and
 * status, and "Load more" pages (keyset cursors from the server, so it stays fast on large histories).
 */
import {
  formatMoney,
  type MerchantContextResponse,
  type MerchantSaleSummary,
  minorUnitDigits,
  parseMajorAmount,
} from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { capitalize } from '../../lib/format.ts';
import { DateRangeFields } from './DateRangeFields.tsx';
import { localDateTime, STATUS_LABELS } from './format.ts';
import { exportUrl, type MerchantApi, type Query } from './merchant-api.ts';

const PAGE_SIZE = 50;

interface SalesScreenProps {
  api: MerchantApi;
  context: MerchantContextResponse;
  locationId: string;
  date: string;
  onOpenSale: (saleId: string) => void;
}

/** The pages after the first that "Load more" added, for the query they belong to. */
interface MorePages {
  query: Query;
  sales: MerchantSaleSummary[];
  cursor: string | null;
}

export function SalesScreen({ api, context, locationId, date, onOpenSale }: SalesScreenProps) {
  const scope = locationId === 'all' ? undefined : locationId;
  const [from, setFrom] = useState(date);
  const [to, setTo] = useState(date);
  const [amount, setAmount] = useState('');
  const [last4, setLast4] = useState('');
  const [staffId, setStaffId] = useState('');
  const [status, setStatus] = useState('');
  const [query, setQuery] = useState<Query>({ locationId: scope, from: date, to: date });
  const firstPage = useAsync(() => api.sales({ ...query, limit: PAGE_SIZE }), [api, query]);
  const [more, setMore] = useState<MorePages | null>(null);
  // "Load more", and a search that cannot run (an amount that does not parse).
  const request = useAction();

  const added = more?.query === query ? more : null;
  const sales = [...(firstPage.data?.sales ?? []), ...(added?.sales ?? [])];
  const cursor = added ? added.cursor : (firstPage.data?.nextCursor ?? null);
  const loading = firstPage.loading || request.pending;
  const error = request.error ?? firstPage.error;

  const search = (event: FormEvent) => {
    event.preventDefault();
    const digits = minorUnitDigits(context.account.currency);
    const amountMinor = amount.trim() === '' ? undefined : parseMajorAmount(amount, context.account.currency);
    if (amountMinor === null) {
      request.fail(`Type the amount like ${digits === 0 ? '1200' : '12.50'}.`);
      return;
    }
    request.reset();
    setQuery({
      locationId: scope,
      from,
      to,
      amountMinor,
      last4: last4.trim() || undefined,
      staffId: staffId || undefined,
      status: status || undefined,
    });
  };

  const loadMore = () => {
    if (!cursor) return;
    void request.run(async () => {
      const page = await api.sales({ ...query, limit: PAGE_SIZE, cursor });
      setMore({ query, sales: [...(added?.sales ?? []), ...page.sales], cursor: page.nextCursor });
    });
  };

  return (
    <section className="stack" aria-labelledby="sales-title">
      <h2 id="sales-title">Sales</h2>
      <form className="row merchant-toolbar" onSubmit={search} aria-label="Search sales">
        <DateRangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} />
        <label>
          Amount
          <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} size={8} />
        </label>
        <label>
          Card last 4
          <input
            inputMode="numeric"
            maxLength={4}
            value={last4}
            onChange={(e) => setLast4(e.target.value)}
            size={5}
          />
        </label>
        <label>
          Team member
          <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
            <option value="">Anyone</option>
            {context.staff.map((member) => (
              <option key={member.id} value={member.id}>
                {member.displayName}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
        <a href={exportUrl('sales', { locationId: scope, from, to })} download>
          Download (CSV)
        </a>
      </form>
      <ErrorMessage text={error} className="merchant-error" />
      <DataTable
        className="merchant-table"
        label="Sales"
        columns={[
          'Local time',
          ...(context.locations.length > 1 ? ['Location'] : []),
          'Items',
          'Card',
          'Team member',
          'Status',
          'Total',
        ]}
      >
        {sales.map((sale) => (
          <tr key={sale.id}>
            <td>
              <a
                href={`/merchant/sales/${encodeURIComponent(sale.id)}`}
                onClick={(event) => {
                  event.preventDefault();
                  onOpenSale(sale.id);
                }}
              >
                {localDateTime(sale.localTime)}
              </a>
            </td>
            {context.locations.length > 1 && (
              <td>{context.locations.find((location) => location.id === sale.locationId)?.name ?? '—'}</td>
            )}
            <td>{sale.itemsSummary || '—'}</td>
            <td>{sale.card ? `${capitalize(sale.card.brand)} •••• ${sale.card.last4}` : '—'}</td>
            <td>{sale.staffName}</td>
            <td>
              {STATUS_LABELS[sale.status] ?? sale.status}
              {sale.refundedMinor > 0 && sale.status !== 'refunded'
                ? ` (${formatMoney(sale.refundedMinor, sale.currency)} refunded)`
                : ''}
            </td>
            <td>{formatMoney(sale.totalMinor, sale.currency)}</td>
          </tr>
        ))}
      </DataTable>
      {!loading && sales.length === 0 && !error && <p>No sales match.</p>}
      {loading && <p>Loading…</p>}
      {cursor && !loading && (
        <button type="button" onClick={loadMore}>
          Load more
        </button>
      )}
    </section>
  );
}
