/** The figures of a week, a month or a custom range of days, with their CSV download. */
import type { CurrencySummary } from '@countertop/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { SelectField } from '../../components/ui/Field.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { EmptyState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { DateRangeFields } from './DateRangeFields.tsx';
import { Definitions } from './Definitions.tsx';
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
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const [period, setPeriod] = useState<Period>('week');
  const [from, setFrom] = useState(date);
  const [to, setTo] = useState(date);
  const range = useAsync(
    () =>
      api.rangeSummary(period === 'custom' ? { locationId, period, from, to } : { locationId, period, date }),
    [locationId, period, date, period === 'custom' ? from : '', period === 'custom' ? to : ''],
  );
  const day = format.day(date);
  return (
    <section className="stack" aria-labelledby="range-title">
      <div className="row merchant-toolbar">
        <h2 id="range-title">{t('range.title')}</h2>
        <SelectField
          label={t('range.period')}
          value={period}
          options={[
            ['week', t('range.week', { day })],
            ['month', t('range.month', { day })],
            ['custom', t('range.custom')],
          ]}
          onChange={setPeriod}
        />
        {period === 'custom' && <DateRangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} />}
      </div>
      <ErrorMessage text={range.error} />
      {range.data && (
        <RangeFigures
          summary={range.data.summary.currencies[0] ?? null}
          definitions={range.data.summary.definitions}
          label={t('range.label', {
            from: format.day(range.data.summary.range.from),
            to: format.day(range.data.summary.range.to),
          })}
          query={{ locationId, ...range.data.summary.range }}
        />
      )}
    </section>
  );
}

function RangeFigures({
  summary,
  definitions,
  label,
  query,
}: {
  summary: CurrencySummary | null;
  definitions: Record<string, string>;
  label: string;
  query: { locationId: string | undefined; from: string; to: string };
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  if (!summary) return <EmptyState title={t('range.noSales', { range: label })} />;
  return (
    <>
      <DataTable
        className="figures"
        label={t('range.figuresFor', { range: label })}
        columns={[t('summary.figure'), label]}
        numeric={[label]}
      >
        {FIGURE_ROWS.map((row) => (
          <tr key={row.key} className={row.strong ? 'strong' : undefined}>
            <th scope="row">{t(`figures.${row.key}`)}</th>
            <td className="num">
              {row.count
                ? format.number(summary.figures[row.key])
                : format.money(summary.figures[row.key], summary.currency)}
            </td>
          </tr>
        ))}
      </DataTable>
      <Definitions definitions={definitions} />
      <a className="button" href={exportUrl('daily-summary', query)} download>
        {t('range.download')}
      </a>
    </>
  );
}
