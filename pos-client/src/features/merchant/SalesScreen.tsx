/**
 * The sales list: newest first, for a range of days, with search by amount, card last 4, team member and
 * status, and "Load more" pages (keyset cursors from the server, so it stays fast on large histories).
 */
import { type MerchantContextResponse, type MerchantSaleSummary, minorUnitDigits } from '@countertop/shared';
import { type FormEvent, useEffect, useState } from 'react';
import { capitalize, localDateTime, money, parseMajorAmount, STATUS_LABELS } from './format.ts';
import { exportUrl, type MerchantApi, type Query } from './merchant-api.ts';

export interface SalesScreenProps {
  api: MerchantApi;
  context: MerchantContextResponse;
  locationId: string;
  date: string;
  onOpenSale: (saleId: string) => void;
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
  const [sales, setSales] = useState<MerchantSaleSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(null);
    api.sales({ ...query, limit: 50 }).then(
      (page) => {
        if (!live) return;
        setSales(page.sales);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        setError(failure instanceof Error ? failure.message : String(failure));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [api, query]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const digits = minorUnitDigits(context.account.currency);
    const amountMinor = amount.trim() === '' ? undefined : parseMajorAmount(amount, digits);
    if (amountMinor === null) {
      setError(`Type the amount like ${digits === 0 ? '1200' : '12.50'}.`);
      return;
    }
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

  const loadMore = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await api.sales({ ...query, limit: 50, cursor });
      setSales((previous) => [...previous, ...page.sales]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setLoading(false);
    }
  };

  return (
    <section className="stack" aria-labelledby="sales-title">
      <h2 id="sales-title">Sales</h2>
      <form className="row merchant-toolbar" onSubmit={search} aria-label="Search sales">
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
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
      {error && (
        <p role="alert" className="merchant-error">
          {error}
        </p>
      )}
      <table className="merchant-table" aria-label="Sales">
        <thead>
          <tr>
            <th scope="col">Local time</th>
            {context.locations.length > 1 && <th scope="col">Location</th>}
            <th scope="col">Items</th>
            <th scope="col">Card</th>
            <th scope="col">Team member</th>
            <th scope="col">Status</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
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
                  ? ` (${money(sale.refundedMinor, sale.currency)} refunded)`
                  : ''}
              </td>
              <td>{money(sale.totalMinor, sale.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && sales.length === 0 && !error && <p>No sales match.</p>}
      {loading && <p>Loading…</p>}
      {cursor && !loading && (
        <button type="button" onClick={() => void loadMore()}>
          Load more
        </button>
      )}
    </section>
  );
}
