/**
 * The daily summary a merchant reads at closing time: the day's figures (in the location's time zone,
 * named) next to the same weekday last week, sales by hour and the last 30 days as charts, breakdowns by
 * payment method, item, team member and location (Breakdowns), uncaptured authorizations
 * (Authorizations), the day's disputes (opened, money taken back and returned, fees, won and lost), a
 * week/month/custom range view (RangeSummary) and CSV downloads.
 */
import type { MerchantContextResponse } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { Authorizations } from './Authorizations.tsx';
import { Breakdowns } from './Breakdowns.tsx';
import { Chart } from './Chart.tsx';
import { DayField } from './DateRangeFields.tsx';
import { Definitions } from './Definitions.tsx';
import { DisputeFigures } from './DisputeFigures.tsx';
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
  onOpenSale: (saleId: string) => void;
}

export function SummaryScreen({
  api,
  context,
  locationId,
  date,
  onDateChange,
  onOpenSales,
  onOpenSale,
}: SummaryScreenProps) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
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
  const day = format.day(date);
  const comparedWith = daily.data ? format.day(daily.data.comparedWith) : '…';

  return (
    <section className="stack" aria-labelledby="summary-title">
      <div className="row merchant-toolbar">
        <h2 id="summary-title">{t('summary.title')}</h2>
        <DayField label={t('summary.day')} value={date} onChange={onDateChange} />
        <span className="muted">{t('summary.comparedWith', { day: comparedWith })}</span>
        <span className="muted">{t('common:times', { zone: format.zoneName() })}</span>
      </div>
      <ErrorMessage text={daily.error} />
      {daily.loading && !daily.data && <LoadingState />}
      {daily.data && !current && <EmptyState title={t('summary.noSales', { day })} />}
      {current && (
        <>
          {current.stripeFeesUnknownCount > 0 && (
            <p className="muted">{t('summary.feesPending', { count: current.stripeFeesUnknownCount })}</p>
          )}
          <DataTable
            className="figures"
            label={t('summary.figuresFor', { day })}
            columns={[t('summary.figure'), day, comparedWith, t('summary.change')]}
            numeric={[day, comparedWith, t('summary.change')]}
          >
            {FIGURE_ROWS.map((row) => {
              const change = comparison?.figures[row.key];
              const show = (value: number) =>
                row.count ? format.number(value) : format.money(value, current.currency);
              return (
                <tr key={row.key} className={row.strong ? 'strong' : undefined} data-figure={row.key}>
                  <th scope="row">{t(`figures.${row.key}`)}</th>
                  <td className="num">{show(current.figures[row.key])}</td>
                  <td className="num">{show(change?.previous ?? 0)}</td>
                  <td className="num">{changePercent(change?.changeBps ?? null, format.locale)}</td>
                </tr>
              );
            })}
          </DataTable>
          <Definitions definitions={daily.data?.summary.definitions ?? {}} />
          <div className="row">
            <Button variant="primary" onClick={onOpenSales}>
              {t('summary.seeSales')}
            </Button>
            <a className="button" href={exportUrl('sales', exportQuery)} download>
              {t('summary.downloadSales')}
            </a>
            <a className="button" href={exportUrl('refunds', exportQuery)} download>
              {t('summary.downloadRefunds')}
            </a>
            <a className="button" href={exportUrl('daily-summary', exportQuery)} download>
              {t('summary.downloadDaily')}
            </a>
            <a className="button" href={exportUrl('disputes', exportQuery)} download>
              {t('summary.downloadDisputes')}
            </a>
          </div>
          <Chart
            title={t('summary.byHour', { day })}
            kind="bars"
            currency={current.currency}
            labels={current.byHour.map((slot) => `${String(slot.hour).padStart(2, '0')}:00`)}
            valuesMinor={current.byHour.map((slot) => slot.totalMinor)}
          />
          <Breakdowns summary={current} context={context} />
        </>
      )}
      {daily.data && <DisputeFigures figures={daily.data.disputes} day={day} />}
      {seriesRows.length > 0 && (
        <Chart
          title={t('summary.last30')}
          kind="line"
          currency={current?.currency ?? currency}
          labels={seriesRows.map((row) => row.date.slice(5))}
          valuesMinor={seriesRows.map((row) => row.figures.totalCollectedMinor)}
        />
      )}

      <Authorizations api={api} context={context} locationId={scope} onOpenSale={onOpenSale} />
      <RangeSummary api={api} locationId={scope} date={date} />
    </section>
  );
}
