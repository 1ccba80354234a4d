/** The figures of a week, a month or a custom range of days, with their CSV download. */
import { type CurrencySummary, formatMoney } from '@countertop/shared';
import { useState } from 'react';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { DateRangeFields } from './DateRangeFields.tsx';
import { FIGURE_ROWS } from './figures.ts';
import { exportUrl, type MerchantApi } from './merchant-api.ts';

type Period = 'week' | 'month' | 'custom';

export function RangeSummary({
  api,
  locationId,
  date,
}: {
  api: MerchantApi;
  locationId: string | undefined;
  date: string;
}) {
  const [period, setPeriod] = useState<Period>('week');
  const [from, setFrom] = useState(date);
  const [to, setTo] = useState(date);
  const range = useAsync(
    () =>
      api.rangeSummary(period === 'custom' ? { locationId, period, from, to } : { locationId, period, date }),
    [locationId, period, date, period === 'custom' ? from : '', period === 'custom' ? to : ''],
  );
  return (
    <section className="stack" aria-labelledby="range-title">
      <div className="row merchant-toolbar">
        <h2 id="range-title">Week, month or custom range</h2>
        <label>
          Period
          <select value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
            <option value="week">Week of {date}</option>
            <option value="month">Month of {date}</option>
            <option value="custom">Custom</option>
          </select>
        </label>
        {period === 'custom' && <DateRangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} />}
      </div>
      <ErrorMessage text={range.error} className="merchant-error" />
      {range.data && (
        <RangeFigures
          summary={range.data.summary.currencies[0] ?? null}
          label={`${range.data.summary.range.from} to ${range.data.summary.range.to}`}
          query={{ locationId, ...range.data.summary.range }}
        />
      )}
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
      <DataTable
        className="merchant-table figures"
        label={`Figures for ${label}`}
        columns={['Figure', label]}
      >
        {FIGURE_ROWS.map((row) => (
          <tr key={row.key} className={row.strong ? 'strong' : undefined}>
            <th scope="row">{row.label}</th>
            <td>
              {row.count ? summary.figures[row.key] : formatMoney(summary.figures[row.key], summary.currency)}
            </td>
          </tr>
        ))}
      </DataTable>
      <a href={exportUrl('daily-summary', query)} download>
        Download these days (CSV)
      </a>
    </>
  );
}
