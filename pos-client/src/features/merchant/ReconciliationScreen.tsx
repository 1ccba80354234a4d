/**
 * Reconciliation of a day: our sales and refunds against Stripe's charges, refunds, application fees and
 * balance transactions. Zero differences is the normal state; each difference says what is wrong in words
 * and links the sale (the Stripe object's id stays for support).
 */
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { LoadingState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { DayField } from './DateRangeFields.tsx';
import type { MerchantApi } from './merchant-api.ts';

export function ReconciliationScreen({
  api,
  locationId,
  date,
  onDateChange,
  onOpenSale,
}: {
  api: MerchantApi;
  locationId: string;
  date: string;
  onDateChange: (date: string) => void;
  onOpenSale: (saleId: string) => void;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const scope = locationId === 'all' ? undefined : locationId;
  const result = useAsync(() => api.reconciliation({ locationId: scope, date }), [scope, date]);
  const data = result.data;
  const c = (key: string) => t(`reconciliation.columns.${key}`);
  const money = (amount: number | null, currency: string | null) =>
    amount === null ? t('common:none') : format.money(amount, currency ?? 'usd');
  return (
    <section className="stack" aria-labelledby="reconciliation-title">
      <div className="row merchant-toolbar">
        <h2 id="reconciliation-title">{t('reconciliation.title')}</h2>
        <DayField label={t('reconciliation.day')} value={date} onChange={onDateChange} />
        <Button onClick={result.reload}>{t('reconciliation.checkAgain')}</Button>
      </div>
      <ErrorMessage text={result.error} />
      {result.loading && <LoadingState label={t('reconciliation.checking')} />}
      {data && !result.loading && (
        <>
          <p
            role="status"
            data-testid="reconciliation-status"
            className={data.differences.length === 0 ? 'good' : 'warn'}
          >
            {data.differences.length === 0
              ? t('reconciliation.ok', { sales: data.matchedSalesCount, refunds: data.matchedRefundsCount })
              : t('reconciliation.differences', { count: data.differences.length })}
          </p>
          <p className="muted">
            {t('reconciliation.read', {
              charges: data.stripeObjects.charges,
              refunds: data.stripeObjects.refunds,
              fees: data.stripeObjects.applicationFees,
              transactions: data.stripeObjects.balanceTransactions,
            })}
          </p>
          {data.differences.length > 0 && (
            <DataTable
              label={t('reconciliation.title')}
              columns={[c('kind'), c('sale'), c('stripe'), c('ours'), c('theirs'), c('what')]}
              numeric={[c('ours'), c('theirs')]}
            >
              {data.differences.map((difference, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: differences have no id; the list is replaced whole.
                <tr key={index}>
                  <td>
                    {t(`reconciliation.kind.${difference.kind}`, {
                      defaultValue: difference.kind.replaceAll('_', ' '),
                    })}
                  </td>
                  <td>
                    {difference.saleId ? (
                      <Button variant="link" onClick={() => onOpenSale(difference.saleId ?? '')}>
                        {t('reconciliation.openSale')}
                      </Button>
                    ) : (
                      t('common:none')
                    )}
                  </td>
                  <td>
                    <code>{difference.stripeObjectId ?? t('common:none')}</code>
                  </td>
                  <td className="num">{money(difference.oursMinor, difference.currency)}</td>
                  <td className="num">{money(difference.stripeMinor, difference.currency)}</td>
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
