/** The end-of-shift (Z) report of a closed drawer: cash, over/short, sales, tenders, and the printable page. */
import type { ShiftReport } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../hooks/use-formatters.ts';

export function ZReport({ report }: { report: ShiftReport }) {
  const { t } = useTranslation(['drawer', 'counter']);
  const format = useFormatters();
  const money = (amount: number | null) =>
    amount === null ? '—' : format.money(amount, report.shift.currency);
  // What left the drawer, shown as a subtraction (and no "−0").
  const out = (amount: number) => (amount === 0 ? money(0) : money(-amount));
  const { cash, sales } = report;
  const overShort = cash.overShortMinor ?? 0;
  return (
    <section className="panel z-report" aria-labelledby="z-report-title">
      <h2 id="z-report-title">{t('zTitle')}</h2>
      <p className="muted">
        {report.registerName} · {report.locationName} · {format.dateTime(report.shift.openedAt)}
        {report.shift.closedAt ? ` – ${format.dateTime(report.shift.closedAt)}` : ''}
      </p>
      <dl className="totals">
        <dt>{t('float')}</dt>
        <dd>{money(cash.openingFloatMinor)}</dd>
        <dt>{t('z.cashSales')}</dt>
        <dd>{money(cash.cashSalesMinor)}</dd>
        <dt>{t('z.cashRefunds')}</dt>
        <dd>{out(cash.cashRefundsMinor)}</dd>
        <dt>{t('z.cashVoids')}</dt>
        <dd>{out(cash.cashVoidsMinor)}</dd>
        <dt>{t('kinds.paid_in')}</dt>
        <dd>{money(cash.paidInMinor)}</dd>
        <dt>{t('kinds.paid_out')}</dt>
        <dd>{out(cash.paidOutMinor)}</dd>
        <dt className="total">{t('expected')}</dt>
        <dd className="total">{money(cash.expectedMinor)}</dd>
        <dt>{t('counted')}</dt>
        <dd>{money(cash.countedMinor)}</dd>
        <dt className="total">{overShort >= 0 ? t('z.over') : t('z.short')}</dt>
        <dd className="total" data-testid="over-short">
          {money(Math.abs(overShort))}
        </dd>
      </dl>
      <h3>{t('z.sales')}</h3>
      <dl className="totals">
        <dt>{t('z.salesCount')}</dt>
        <dd>{sales.salesCount}</dd>
        <dt>{t('z.gross')}</dt>
        <dd>{money(sales.grossSalesMinor)}</dd>
        <dt>{t('z.discounts')}</dt>
        <dd>{money(sales.discountsMinor)}</dd>
        <dt>{t('z.refunds')}</dt>
        <dd>{money(sales.refundsMinor)}</dd>
        <dt>{t('z.net')}</dt>
        <dd>{money(sales.netSalesMinor)}</dd>
        <dt>{t('z.tax')}</dt>
        <dd>{money(sales.taxMinor)}</dd>
        <dt>{t('z.tips')}</dt>
        <dd>{money(sales.tipsMinor)}</dd>
        <dt className="total">{t('z.collected')}</dt>
        <dd className="total">{money(sales.totalCollectedMinor)}</dd>
      </dl>
      <h3>{t('z.tenders')}</h3>
      <dl className="totals">
        {report.tenders.map((tender) => (
          <div key={tender.method} className="totals-row">
            <dt>{t(`z.method.${tender.method}`, { count: tender.count })}</dt>
            <dd>
              {money(tender.amountMinor + tender.tipsMinor)}
              {tender.refundsMinor > 0 ? ` (${t('z.refunded', { amount: money(tender.refundsMinor) })})` : ''}
            </dd>
          </div>
        ))}
      </dl>
      <a
        className="button primary"
        href={`/api/counter/drawer/shifts/${encodeURIComponent(report.shift.id)}/report`}
        target="_blank"
        rel="noopener"
      >
        {t('print')}
      </a>
    </section>
  );
}
