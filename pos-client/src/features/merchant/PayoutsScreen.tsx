/**
 * The account's Stripe balance (available and pending, a negative balance explained), its payout schedule
 * and recent payouts by arrival date and amount, newest first; a payout opens to what it contains. A failed
 * or canceled payout is marked, with what went wrong and what to do in plain words.
 */
import type { BalanceResponse, Payout } from '@countertop/shared';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import type { MerchantApi } from './merchant-api.ts';

const WEEKDAY_INDEX: Record<string, number> = {
  monday: 0,
  tuesday: 1,
  wednesday: 2,
  thursday: 3,
  friday: 4,
  saturday: 5,
  sunday: 6,
};

/** "Weekly on Friday, 2 days after payment", in the UI language (weekday names from Intl). */
export function scheduleText(
  schedule: BalanceResponse['schedule'],
  t: TFunction<'merchant'>,
  locale: string,
): string {
  let base: string;
  if (schedule.interval === 'weekly') {
    // 2024-01-01 was a Monday.
    const index = WEEKDAY_INDEX[schedule.weeklyAnchor ?? ''] ?? 0;
    const day = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2024, 0, 1 + index)),
    );
    base = t('payouts.scheduleText.weekly', { day });
  } else if (schedule.interval === 'monthly') {
    base = t('payouts.scheduleText.monthly', { day: schedule.monthlyAnchor ?? '?' });
  } else if (schedule.interval === 'manual') {
    return t('payouts.scheduleText.manual');
  } else {
    base = t('payouts.scheduleText.daily');
  }
  return schedule.delayDays === null
    ? base
    : t('payouts.scheduleText.delay', { schedule: base, count: schedule.delayDays });
}

/** A failed or canceled payout in the UI language (Stripe's code in words; else the server's words). */
export function payoutFailureText(
  payout: Pick<Payout, 'status' | 'failureCode' | 'failureText'>,
  t: TFunction<'merchant'>,
): string {
  if (payout.status === 'canceled') return t('payouts.failure.canceled');
  if (payout.failureCode) {
    return t(`payouts.failure.${payout.failureCode}`, { defaultValue: payout.failureText ?? '' });
  }
  return payout.failureText ?? '';
}

export function PayoutsScreen({
  api,
  onOpenSale,
}: {
  api: MerchantApi;
  onOpenSale: (saleId: string) => void;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const balance = useAsync(() => api.balance(), []);
  const [openedId, setOpenedId] = useState<string | null>(null);
  const openedPayout = useAsync(() => (openedId ? api.payout(openedId) : Promise.resolve(null)), [openedId]);
  const opened = openedPayout.data;
  const day = (iso: string) => format.day(iso.slice(0, 10));
  const amounts = (entries: BalanceResponse['available']) =>
    entries.map((entry) => format.money(entry.amountMinor, entry.currency)).join(', ') || t('common:none');
  const payouts = [...(balance.data?.payouts ?? [])].sort((a, b) =>
    b.arrivalDate.localeCompare(a.arrivalDate),
  );
  const columns = (key: string) => t(`payouts.columns.${key}`);
  return (
    <section className="stack" aria-labelledby="payouts-title">
      <h2 id="payouts-title">{t('payouts.title')}</h2>
      <ErrorMessage text={balance.error} />
      {balance.loading && !balance.data && <LoadingState />}
      {balance.data && (
        <>
          <dl className="facts">
            <dt>{t('payouts.available')}</dt>
            <dd data-testid="balance-available">{amounts(balance.data.available)}</dd>
            <dt>{t('payouts.pending')}</dt>
            <dd>{amounts(balance.data.pending)}</dd>
            <dt>{t('payouts.schedule')}</dt>
            <dd>{scheduleText(balance.data.schedule, t, format.locale)}</dd>
          </dl>
          {balance.data.available.some((entry) => entry.amountMinor < 0) && (
            <p className="notice">{t('payouts.negative')}</p>
          )}
          {payouts.length === 0 ? (
            <EmptyState title={t('payouts.none')} />
          ) : (
            <DataTable
              label={t('payouts.title')}
              columns={[
                columns('arrives'),
                columns('amount'),
                columns('status'),
                columns('transactions'),
                columns('contents'),
              ]}
              numeric={[columns('amount'), columns('transactions')]}
            >
              {payouts.map((payout) => (
                <tr key={payout.id} className={payout.failureText ? 'payout-failed' : undefined}>
                  <td>{day(payout.arrivalDate)}</td>
                  <td className="num">{format.money(payout.amountMinor, payout.currency)}</td>
                  <td>
                    {t(`payouts.status.${payout.status}`, { defaultValue: payout.status })}
                    {payout.failureText && (
                      <>
                        <br />
                        <small className="warn" data-testid="payout-failure">
                          {payoutFailureText(payout, t)}
                        </small>
                      </>
                    )}
                  </td>
                  <td className="num">
                    {payout.transactionCount === null
                      ? t('common:none')
                      : format.number(payout.transactionCount)}
                  </td>
                  <td>
                    <Button
                      size="small"
                      onClick={() =>
                        openedId === payout.id ? openedPayout.reload() : setOpenedId(payout.id)
                      }
                      aria-label={t('payouts.showLabel', {
                        amount: format.money(payout.amountMinor, payout.currency),
                        day: day(payout.arrivalDate),
                      })}
                    >
                      {t('payouts.show')}
                    </Button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          <ErrorMessage text={openedPayout.error} />
          {opened?.payout.failureText && (
            <p className="notice" data-testid="payout-detail-failure">
              {t('payouts.failedDetail', {
                amount: format.money(opened.payout.amountMinor, opened.payout.currency),
                status: t(`payouts.status.${opened.payout.status}`, { defaultValue: opened.payout.status }),
                text: payoutFailureText(opened.payout, t),
              })}
            </p>
          )}
          {opened && (
            <DataTable
              label={t('payouts.detail', {
                amount: format.money(opened.payout.amountMinor, opened.payout.currency),
                day: day(opened.payout.arrivalDate),
              })}
              caption={t('payouts.detail', {
                amount: format.money(opened.payout.amountMinor, opened.payout.currency),
                day: day(opened.payout.arrivalDate),
              })}
              columns={[
                t('payouts.transaction.type'),
                t('payouts.transaction.amount'),
                t('payouts.transaction.fees'),
                t('payouts.transaction.net'),
                t('payouts.transaction.sale'),
              ]}
              numeric={[
                t('payouts.transaction.amount'),
                t('payouts.transaction.fees'),
                t('payouts.transaction.net'),
              ]}
            >
              {opened.transactions.map((transaction) => (
                <tr key={transaction.id}>
                  <td>
                    {t(`payouts.type.${transaction.type}`, {
                      defaultValue: transaction.type.replaceAll('_', ' '),
                    })}
                  </td>
                  <td className="num">{format.money(transaction.amountMinor, transaction.currency)}</td>
                  <td className="num">{format.money(transaction.feeMinor, transaction.currency)}</td>
                  <td className="num">{format.money(transaction.netMinor, transaction.currency)}</td>
                  <td>
                    {transaction.saleId ? (
                      <Button size="small" onClick={() => onOpenSale(transaction.saleId ?? '')}>
                        {t('payouts.openSale')}
                      </Button>
                    ) : (
                      t('common:none')
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </section>
  );
}
