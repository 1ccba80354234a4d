/**
 * The daily summary a merchant reads at closing time: the day's figures (in the location's time zone)
 * next to the same weekday last week, sales by hour and the last 30 days as charts, breakdowns by payment
 * method, item, team member and location (Breakdowns), uncaptured authorizations (Authorizations), a
 * week/month/custom range view (RangeSummary) and CSV downloads.
 */
import { formatMoney, type MerchantContextResponse } from '@countertop/shared';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { Authorizations } from './Authorizations.tsx';
import { Breakdowns } from './Breakdowns.tsx';
import { Chart } from './Chart.tsx';
import { FIGURE_ROWS } from './figures.ts';
import { changePercent } from './format.ts';
import { exportUrl, type MerchantApi } from './merchant-api.ts';
import { RangeSummary } from './RangeSummary.tsx';

interface SummaryScreenProps {
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
      <ErrorMessage text={daily.error} className="merchant-error" />
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
          <DataTable
            className="merchant-table figures"
            label={`Figures for ${date}`}
            columns={['Figure', date, daily.data?.comparedWith ?? '', 'Change']}
          >
            {FIGURE_ROWS.map((row) => {
              const change = comparison?.figures[row.key];
              const show = (value: number) =>
                row.count ? String(value) : formatMoney(value, current.currency);
              return (
                <tr key={row.key} className={row.strong ? 'strong' : undefined} data-figure={row.key}>
                  <th scope="row">{row.label}</th>
                  <td>{show(current.figures[row.key])}</td>
                  <td>{show(change?.previous ?? 0)}</td>
                  <td>{changePercent(change?.changeBps ?? null)}</td>
                </tr>
              );
            })}
          </DataTable>
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

      <Authorizations api={api} locationId={scope} />
      <RangeSummary api={api} locationId={scope} date={date} />
    </section>
  );
}
