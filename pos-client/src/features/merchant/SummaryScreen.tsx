/**
 * The daily summary a merchant reads at closing time: the day's figures (in the location's time zone)
 * next to the same weekday last week, sales by hour and the last 30 days as charts, breakdowns by payment
 * method, item, team member and location, a week/month/custom range view, uncaptured authorizations and
 * CSV downloads.
 */
import type { CurrencySummary, MerchantContextResponse, SalesFigures } from '@countertop/shared';
import { useState } from 'react';
import { Chart } from './Chart.tsx';
import { capitalize, changePercent, entryMethod, money } from './format.ts';
import { exportUrl, type MerchantApi } from './merchant-api.ts';
import { useAsync } from './use-async.ts';

const FIGURE_ROWS: { key: keyof SalesFigures; label: string; count?: boolean; strong?: boolean }[] = [
  { key: 'grossSalesMinor', label: 'Gross sales' },
  { key: 'refundsMinor', label: 'Refunds' },
  { key: 'discountsMinor', label: 'Discounts' },
  { key: 'netSalesMinor', label: 'Net sales', strong: true },
  { key: 'taxMinor', label: 'Tax' },
  { key: 'tipsMinor', label: 'Tips' },
  { key: 'totalCollectedMinor', label: 'Total collected', strong: true },
  { key: 'stripeFeesMinor', label: 'Stripe processing fees' },
  { key: 'applicationFeesMinor', label: 'Platform fees' },
  { key: 'applicationFeeRefundsMinor', label: 'Platform fees returned' },
  { key: 'netToMerchantMinor', label: 'Net to you', strong: true },
  { key: 'salesCount', label: 'Sales', count: true },
  { key: 'refundsCount', label: 'Refunds (count)', count: true },
  { key: 'averageSaleMinor', label: 'Average sale' },
];

export interface SummaryScreenProps {
  api: MerchantApi;
  context: MerchantContextResponse;
  locationId: string;
  date: string;
  onDateChange: (date: string) => void;
  onOpenSales: () => void;
}

export function SummaryScreen({
  api,
  context,
  locationId,
  date,
  onDateChange,
  onOpenSales,
}: SummaryScreenProps) {
  const scope = locationId === 'all' ? undefined : locationId;
  const daily = useAsync(() => api.dailySummary({ locationId: scope, date }), [scope, date]);
  const series = useAsync(() => api.series({ locationId: scope, date, days: 30 }), [scope, date]);
  const holds = useAsync(() => api.authorizations({ locationId: scope }), [scope]);
  const [period, setPeriod] = useState<'week' | 'month' | 'custom'>('week');
  const [from, setFrom] = useState(date);
  const [to, setTo] = useState(date);
  const range = useAsync(
    () =>
      api.rangeSummary(
        period === 'custom' ? { locationId: scope, period, from, to } : { locationId: scope, period, date },
      ),
    [scope, period, date, period === 'custom' ? from : '', period === 'custom' ? to : ''],
  );

  const currency = context.account.currency;
  const current =
    daily.data?.summary.currencies.find((entry) => entry.currency === currency) ??
    daily.data?.summary.currencies[0];
  const comparison = daily.data?.comparison.find(
    (entry) => entry.currency === (current?.currency ?? currency),
  );
  const seriesRows = (series.data?.series ?? []).filter(
    (row) => row.currency === (current?.currency ?? currency),
  );
  const exportQuery = { locationId: scope, from: date, to: date };

  return (
    <section className="stack" aria-labelledby="summary-title">
      <div className="row merchant-toolbar">
        <h2 id="summary-title">Daily summary</h2>
        <label>
          Day
          <input type="date" value={date} onChange={(e) => e.target.value && onDateChange(e.target.value)} />
        </label>
        <span className="muted">
          Compared with {daily.data?.comparedWith ?? '…'} (same weekday last week)
        </span>
      </div>
      {daily.error && (
        <p role="alert" className="merchant-error">
          {daily.error}
        </p>
      )}
      {daily.loading && !daily.data && <p>Loading…</p>}
      {daily.data && !current && <p>No sales on {date}.</p>}
      {current && (
        <>
          {current.stripeFeesUnknownCount > 0 && (
            <p className="muted">
              Stripe has not reported the fee of {current.stripeFeesUnknownCount} sale(s) yet; fees and net
              are provisional.
            </p>
          )}
          <table className="merchant-table figures" aria-label={`Figures for ${date}`}>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">{date}</th>
                <th scope="col">{daily.data?.comparedWith}</th>
                <th scope="col">Change</th>
              </tr>
            </thead>
            <tbody>
              {FIGURE_ROWS.map((row) => {
                const change = comparison?.figures[row.key];
                const show = (value: number) => (row.count ? String(value) : money(value, current.currency));
                return (
                  <tr key={row.key} className={row.strong ? 'strong' : undefined} data-figure={row.key}>
                    <th scope="row">{row.label}</th>
                    <td>{show(current.figures[row.key])}</td>
                    <td>{show(change?.previous ?? 0)}</td>
                    <td>{changePercent(change?.changeBps ?? null)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="row">
            <button type="button" onClick={onOpenSales}>
              See the sales of this day
            </button>
            <a href={exportUrl('sales', exportQuery)} download>
              Download sales (CSV)
            </a>
            <a href={exportUrl('refunds', exportQuery)} download>
              Download refunds (CSV)
            </a>
            <a href={exportUrl('daily-summary', exportQuery)} download>
              Download daily summary (CSV)
            </a>
          </div>
          <Chart
            title={`Sales by hour, ${date}`}
            kind="bars"
            currency={current.currency}
            labels={current.byHour.map((slot) => `${String(slot.hour).padStart(2, '0')}:00`)}
            valuesMinor={current.byHour.map((slot) => slot.totalMinor)}
          />
          <Breakdowns summary={current} context={context} />
        </>
      )}
      {seriesRows.length > 0 && (
        <Chart
          title="Total collected, last 30 days"
          kind="line"
          currency={current?.currency ?? currency}
          labels={seriesRows.map((row) => row.date.slice(5))}
          valuesMinor={seriesRows.map((row) => row.figures.totalCollectedMinor)}
        />
      )}

      <section className="stack" aria-labelledby="holds-title">
        <h2 id="holds-title">Authorized, not captured</h2>
        {holds.data && holds.data.authorizations.length === 0 && (
          <p className="muted">None. Every payment was captured.</p>
        )}
        {holds.data && holds.data.authorizations.length > 0 && (
          <table className="merchant-table">
            <thead>
              <tr>
                <th scope="col">Sale</th>
                <th scope="col">Amount</th>
                <th scope="col">Capture before</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {holds.data.authorizations.map((hold) => (
                <tr key={hold.saleId}>
                  <td>{hold.saleId}</td>
                  <td>{money(hold.amountMinor, hold.currency)}</td>
                  <td>
                    {new Date(hold.captureBefore).toLocaleString()}
                    {hold.captureBeforeSource === 'estimate' ? ' (estimated)' : ''}
                  </td>
                  <td>
                    {hold.nearDeadline ? (
                      <strong className="merchant-warn">Capture soon — expires within a day</strong>
                    ) : (
                      'Held'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="stack" aria-labelledby="range-title">
        <div className="row merchant-toolbar">
          <h2 id="range-title">Week, month or custom range</h2>
          <label>
            Period
            <select value={period} onChange={(e) => setPeriod(e.target.value as typeof period)}>
              <option value="week">Week of {date}</option>
              <option value="month">Month of {date}</option>
              <option value="custom">Custom</option>
            </select>
          </label>
          {period === 'custom' && (
            <>
              <label>
                From
                <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label>
                To
                <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
            </>
          )}
        </div>
        {range.error && (
          <p role="alert" className="merchant-error">
            {range.error}
          </p>
        )}
        {range.data && (
          <RangeFigures
            summary={range.data.summary.currencies[0] ?? null}
            label={`${range.data.summary.range.from} to ${range.data.summary.range.to}`}
            query={{ locationId: scope, ...range.data.summary.range }}
          />
        )}
      </section>
    </section>
  );
}

function RangeFigures({
  summary,
  label,
  query,
}: {
  summary: CurrencySummary | null;
  label: string;
  query: { locationId: string | undefined; from: string; to: string };
}) {
  if (!summary) return <p>No sales from {label}.</p>;
  return (
    <>
      <table className="merchant-table figures" aria-label={`Figures for ${label}`}>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            <th scope="col">{label}</th>
          </tr>
        </thead>
        <tbody>
          {FIGURE_ROWS.map((row) => (
            <tr key={row.key} className={row.strong ? 'strong' : undefined}>
              <th scope="row">{row.label}</th>
              <td>
                {row.count ? summary.figures[row.key] : money(summary.figures[row.key], summary.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <a href={exportUrl('daily-summary', query)} download>
        Download these days (CSV)
      </a>
    </>
  );
}

function Breakdowns({ summary, context }: { summary: CurrencySummary; context: MerchantContextResponse }) {
  const staffName = (id: string) => context.staff.find((member) => member.id === id)?.displayName ?? id;
  const locationName = (id: string) => context.locations.find((location) => location.id === id)?.name ?? id;
  const m = (value: number) => money(value, summary.currency);
  return (
    <div className="merchant-grid">
      <table className="merchant-table">
        <caption>By payment method</caption>
        <thead>
          <tr>
            <th scope="col">Card</th>
            <th scope="col">Entry</th>
            <th scope="col">Sales</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {summary.byPaymentMethod.map((row) => (
            <tr key={`${row.cardBrand}-${row.readMethod}`}>
              <td>{capitalize(row.cardBrand)}</td>
              <td>{entryMethod(row.readMethod)}</td>
              <td>{row.salesCount}</td>
              <td>{m(row.totalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="merchant-table">
        <caption>By item</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Sold</th>
            <th scope="col">Gross</th>
          </tr>
        </thead>
        <tbody>
          {summary.byItem.map((row) => (
            <tr key={row.itemId ?? row.description}>
              <td>{row.description}</td>
              <td>{row.quantity}</td>
              <td>{m(row.grossSalesMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="merchant-table">
        <caption>By team member</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Sales</th>
            <th scope="col">Tips</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {summary.byStaff.map((row) => (
            <tr key={row.staffId}>
              <td>{staffName(row.staffId)}</td>
              <td>{row.salesCount}</td>
              <td>{m(row.tipsMinor)}</td>
              <td>{m(row.totalMinor)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary.byLocation.length > 1 && (
        <table className="merchant-table">
          <caption>By location</caption>
          <thead>
            <tr>
              <th scope="col">Location</th>
              <th scope="col">Sales</th>
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {summary.byLocation.map((row) => (
              <tr key={row.locationId}>
                <td>{locationName(row.locationId)}</td>
                <td>{row.salesCount}</td>
                <td>{m(row.totalMinor)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
