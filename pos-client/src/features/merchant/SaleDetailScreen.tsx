/**
 * One sale: its lines, totals, fees, card, payment attempts and refunds in words (Stripe's ids folded away
 * for support), the receipt, and the refund form (full or partial, with a reason). A refund always asks
 * first, with the amount and the card ("Refund $2.00 to Visa •••• 4242?"); an empty amount asks "Refund the
 * full $12.34 …?" rather than refunding everything unasked. Interac payments are refunded at the reader.
 */
import { type MerchantSaleDetail, minorUnitDigits, parseMajorAmount } from '@countertop/shared';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { useConfirm } from '../../components/ui/Dialog.tsx';
import { TextField } from '../../components/ui/Field.tsx';
import { ActionMessages, ErrorMessage } from '../../components/ui/Messages.tsx';
import { LoadingState } from '../../components/ui/States.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { createFormatters, type Formatters } from '../../lib/format.ts';
import { cardBrand, entryMethod, saleStatus } from './format.ts';
import type { MerchantApi } from './merchant-api.ts';

export function SaleDetailScreen({
  api,
  saleId,
  onBack,
}: {
  api: MerchantApi;
  saleId: string;
  onBack: () => void;
}) {
  const { t } = useTranslation('merchant');
  const loaded = useAsync(() => api.sale(saleId), [saleId]);
  const [sale, setSale] = useState<MerchantSaleDetail | null>(null);
  const shown = sale?.id === saleId ? sale : (loaded.data?.sale ?? null);

  return (
    <section className="stack" aria-labelledby="sale-title">
      <div className="row">
        <Button variant="link" onClick={onBack}>
          {t('sale.back')}
        </Button>
      </div>
      <ErrorMessage text={loaded.error} />
      {!shown && loaded.loading && <LoadingState />}
      {shown && <SaleDetail sale={shown} api={api} onRefunded={setSale} />}
    </section>
  );
}

/** "Visa •••• 4242", or null for a sale without a card. */
function cardName(sale: MerchantSaleDetail): string | null {
  return sale.card ? `${cardBrand(sale.card.brand)} •••• ${sale.card.last4}` : null;
}

function SaleDetail({
  sale,
  api,
  onRefunded,
}: {
  sale: MerchantSaleDetail;
  api: MerchantApi;
  onRefunded: (sale: MerchantSaleDetail) => void;
}) {
  const { t } = useTranslation('merchant');
  const base = useFormatters();
  // The sale's own location's clock and zone, whichever location the header has chosen.
  const format = useMemo(() => createFormatters(base.locale, sale.timeZone), [base.locale, sale.timeZone]);
  const m = (value: number) => format.money(value, sale.currency);
  const card = cardName(sale);
  return (
    <>
      <h2 id="sale-title">
        {t('sale.title', { amount: m(sale.totalMinor), when: format.dateTime(sale.createdAt) })}
      </h2>
      <p className="muted">{t('common:times', { zone: format.zoneName() })}</p>
      <p>
        <strong data-testid="sale-status">{saleStatus(sale.status)}</strong> · {sale.locationName} ·{' '}
        {sale.staffName}
        {sale.card
          ? ` · ${t('sale.cardLine', {
              brand: cardBrand(sale.card.brand),
              last4: sale.card.last4,
              entry: entryMethod(sale.card.readMethod),
            })}`
          : ''}
      </p>
      <DataTable
        label={t('sale.items')}
        columns={[t('sale.item'), t('sale.qty'), t('sale.price'), t('sale.amount')]}
        numeric={[t('sale.qty'), t('sale.price'), t('sale.amount')]}
      >
        {sale.lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id and never reorder.
          <tr key={index}>
            <td>{line.description}</td>
            <td className="num">{format.number(line.quantity)}</td>
            <td className="num">{m(line.unitPriceMinor)}</td>
            <td className="num">{m(line.amountMinor)}</td>
          </tr>
        ))}
      </DataTable>
      <dl className="facts">
        <dt>{t('sale.subtotal')}</dt>
        <dd>{m(sale.subtotalMinor)}</dd>
        <dt>{t('sale.tax')}</dt>
        <dd>{m(sale.taxMinor)}</dd>
        <dt>{t('sale.tip')}</dt>
        <dd>{m(sale.tipMinor)}</dd>
        <dt>{t('sale.total')}</dt>
        <dd>{m(sale.totalMinor)}</dd>
        <dt>{t('sale.refunded')}</dt>
        <dd data-testid="sale-refunded">{m(sale.refundedMinor)}</dd>
        <dt>{t('sale.platformFee')}</dt>
        <dd>{m(sale.applicationFeeMinor)}</dd>
        <dt>{t('sale.stripeFee')}</dt>
        <dd>{sale.stripeFeeMinor === null ? t('sale.notReported') : m(sale.stripeFeeMinor)}</dd>
      </dl>
      {['succeeded', 'partially_refunded', 'refunded'].includes(sale.status) && (
        <p>
          <a href={sale.receiptUrl} target="_blank" rel="noreferrer">
            {t('sale.receipt')}
          </a>
        </p>
      )}
      <h3>{t('sale.attempts')}</h3>
      <ul>
        {sale.attempts.map((attempt) => (
          <li key={attempt.id}>
            {t('sale.attemptLine', {
              when: format.time(attempt.createdAt),
              status: t(`sale.attemptStatus.${attempt.status}`, { defaultValue: attempt.status }),
              reader: attempt.readerLabel
                ? t('sale.readerNamed', { label: attempt.readerLabel })
                : t(`sale.readerKind.${attempt.integration}`, { defaultValue: attempt.integration }),
            })}
            {attempt.errorMessage ? `: ${attempt.errorMessage}` : ''}
          </li>
        ))}
        {sale.attempts.length === 0 && <li>{t('sale.none')}</li>}
      </ul>
      <h3>{t('sale.refunds')}</h3>
      <ul aria-label={t('sale.refunds')}>
        {sale.refunds.map((refund) => (
          <li key={refund.id}>
            {t('sale.refundLine', {
              when: format.dateTime(refund.createdAt),
              amount: m(refund.amountMinor),
              status: t(`sale.refundStatus.${refund.status}`),
              reason: refund.reason ?? '',
              who: refund.requestedBy ?? t('sale.someone'),
            })}
            {refund.failureMessage ? ` · ${refund.failureMessage}` : ''}
          </li>
        ))}
        {sale.refunds.length === 0 && <li>{t('sale.none')}</li>}
      </ul>
      <details className="references">
        <summary>{t('sale.references')}</summary>
        <dl className="facts">
          <dt>{t('sale.paymentIntent')}</dt>
          <dd>
            <code>{sale.paymentIntentId ?? t('common:none')}</code>
          </dd>
          <dt>{t('sale.charge')}</dt>
          <dd>
            <code>{sale.chargeId ?? t('common:none')}</code>
          </dd>
          <dt>{t('sale.balanceTransaction')}</dt>
          <dd>
            <code>{sale.balanceTransactionId ?? t('common:none')}</code>
          </dd>
          <dt>{t('sale.saleId')}</dt>
          <dd>
            <code>{sale.id}</code>
          </dd>
        </dl>
      </details>
      {sale.refundableMinor > 0 && (
        <RefundForm sale={sale} card={card} format={format} api={api} onRefunded={onRefunded} />
      )}
    </>
  );
}

function RefundForm({
  sale,
  card,
  format,
  api,
  onRefunded,
}: {
  sale: MerchantSaleDetail;
  card: string | null;
  format: Formatters;
  api: MerchantApi;
  onRefunded: (sale: MerchantSaleDetail) => void;
}) {
  const { t } = useTranslation('merchant');
  const digits = minorUnitDigits(sale.currency);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const refund = useAction();
  const { confirm, dialog } = useConfirm();
  // One key per refund the person means: a retry after a failure reuses it, so it never refunds twice.
  const [refundKey, setRefundKey] = useState(() => crypto.randomUUID());
  const refundable = format.money(sale.refundableMinor, sale.currency);

  if (sale.paymentMethodType === 'interac_present') {
    return <p className="warn">{t('refund.interac')}</p>;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const full = amount.trim() === '';
    const amountMinor = full ? sale.refundableMinor : parseMajorAmount(amount, sale.currency);
    if (amountMinor === null || amountMinor <= 0) {
      refund.fail(t('refund.typeAmount', { example: digits === 0 ? '1200' : '12.50' }));
      return;
    }
    if (amountMinor > sale.refundableMinor) {
      refund.fail(t('refund.atMost', { amount: refundable }));
      return;
    }
    const words = format.money(amountMinor, sale.currency);
    refund.reset();
    const confirmed = await confirm({
      title: card
        ? t(full ? 'refund.questionFull' : 'refund.question', { amount: words, card })
        : t(full ? 'refund.questionFullNoCard' : 'refund.questionNoCard', { amount: words }),
      detail: t('refund.detail'),
      confirmLabel: t('refund.confirm', { amount: words }),
    });
    if (!confirmed) return;
    void refund.run(
      async () => {
        // The amount asked about, also for "the full $X": never more than the person agreed to.
        const result = await api.refund(sale.id, { refundKey, amountMinor, reason });
        setRefundKey(crypto.randomUUID());
        setAmount('');
        setReason('');
        onRefunded(result.sale);
        return result;
      },
      (result) => t('refund.done', { amount: format.money(result.refund.amountMinor, sale.currency) }),
    );
  };

  return (
    <form
      className="stack refund-form panel"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="refund-title"
    >
      <h3 id="refund-title">{t('refund.title')}</h3>
      <TextField
        label={t('refund.amount')}
        inputMode="decimal"
        value={amount}
        onChange={setAmount}
        hint={t('refund.amountHint', { amount: refundable })}
      />
      <TextField label={t('refund.reason')} required maxLength={200} value={reason} onChange={setReason} />
      <ActionMessages action={refund} />
      <Button type="submit" variant="danger" disabled={refund.pending}>
        {refund.pending ? t('refund.pending') : t('refund.submit')}
      </Button>
      {dialog}
    </form>
  );
}
