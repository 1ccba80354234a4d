/** This shift's sales at the register: time, items, total, tip, platform fee, status, card. */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import type { Sale } from '@countertop/shared';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';

function summary(sale: Sale, t: TFunction<'counter'>): string {
  const [first, ...rest] = sale.lines;
  if (!first) return t('shift.keyed');
  return rest.length === 0
    ? t('shift.oneLine', { quantity: first.quantity, description: first.description })
    : t('shift.moreLines', { description: first.description, count: rest.length });
}

export function ShiftSales({ api, onClose }: { api: CounterApi; onClose: () => void }) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const { data: sales, error } = useAsync(() => api.shiftSales(), [api], cashierText);

  const paid = (sales ?? []).filter(
    (sale) => sale.status === 'succeeded' || sale.status === 'partially_refunded',
  );
  const currency = sales?.[0]?.currency ?? null;
  const columns = t('shift.columns', { returnObjects: true }) as Record<string, string>;

  return (
    <main className="shift">
      <PageHeader
        title={t('shift.title')}
        subtitle={t('common:times', { zone: format.zoneName() })}
        actions={<Button onClick={onClose}>{t('shift.back')}</Button>}
      />
      <ErrorMessage text={error} />
      {!sales && !error && <LoadingState label={t('shift.loading')} />}
      {sales && sales.length === 0 && <EmptyState title={t('shift.empty')} />}
      {sales && sales.length > 0 && currency && (
        <p className="shift-summary" data-testid="shift-summary">
          <span>{t('shift.paid', { count: paid.length })}</span>
          <span>
            {t('shift.taken', {
              amount: format.money(
                paid.reduce((sum, sale) => sum + sale.totalMinor, 0),
                currency,
              ),
            })}
          </span>
          <span>
            {t('shift.tips', {
              amount: format.money(
                paid.reduce((sum, sale) => sum + sale.tipMinor, 0),
                currency,
              ),
            })}
          </span>
        </p>
      )}
      {sales && sales.length > 0 && (
        <DataTable
          label={t('shift.title')}
          columns={[
            columns.time ?? '',
            columns.items ?? '',
            columns.total ?? '',
            columns.tip ?? '',
            columns.fee ?? '',
            columns.status ?? '',
            columns.card ?? '',
          ]}
          numeric={[columns.total ?? '', columns.tip ?? '', columns.fee ?? '']}
        >
          {sales.map((sale) => (
            <tr key={sale.id} data-testid="sale-row" data-sale-id={sale.id}>
              <td>{format.time(sale.createdAt)}</td>
              <td>{summary(sale, t)}</td>
              <td className="num" data-testid="sale-total">
                {format.money(sale.totalMinor, sale.currency)}
              </td>
              <td className="num" data-testid="sale-tip">
                {format.money(sale.tipMinor, sale.currency)}
              </td>
              <td className="num" data-testid="sale-fee">
                {format.money(sale.applicationFeeMinor, sale.currency)}
              </td>
              <td data-testid="sale-status">{t(`status.${sale.status}`)}</td>
              <td>{sale.card ? `${sale.card.brand.toUpperCase()} ${sale.card.last4}` : t('common:none')}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </main>
  );
}
