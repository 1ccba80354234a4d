/**
 * One sale: its lines, totals, fees, card, payment attempts, refunds and Stripe ids, the receipt, and the
 * refund form (full or partial, with a reason). Interac payments are refunded at the counter's reader.
 */
import { formatMoney, type MerchantSaleDetail, minorUnitDigits, parseMajorAmount } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ActionMessages, ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { capitalize } from '../../lib/format.ts';
import { entryMethod, localDateTime, STATUS_LABELS } from './format.ts';
import type { MerchantApi } from './merchant-api.ts';

/** An ISO instant as a wall-clock time in the sale's location, e.g. `09:05:12`. */
function timeIn(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(iso));
}

export function SaleDetailScreen({
  api,
  saleId,
  onBack,
}: {
  api: MerchantApi;
  saleId: string;
  onBack: () => void;
}) {
  const loaded = useAsync(() => api.sale(saleId), [saleId]);
  const [sale, setSale] = useState<MerchantSaleDetail | null>(null);
  const shown = sale?.id === saleId ? sale : (loaded.data?.sale ?? null);

  return (
    <section className="stack" aria-labelledby="sale-title">
      <div className="row">
        <button type="button" onClick={onBack}>
          ← Back to sales
        </button>
      </div>
      <ErrorMessage text={loaded.error} className="merchant-error" />
      {!shown && loaded.loading && <p>Loading…</p>}
      {shown && <SaleDetail sale={shown} api={api} onRefunded={setSale} />}
    </section>
  );
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
  const m = (value: number) => formatMoney(value, sale.currency);
  return (
    <>
      <h2 id="sale-title">
        Sale of {m(sale.totalMinor)} · {localDateTime(sale.localTime)}
      </h2>
      <p>
        <strong data-testid="sale-status">{STATUS_LABELS[sale.status] ?? sale.status}</strong> ·{' '}
        {sale.locationName} · {sale.staffName}
        {sale.card
          ? ` · ${capitalize(sale.card.brand)} •••• ${sale.card.last4} (${entryMethod(sale.card.readMethod)})`
          : ''}
      </p>
      <DataTable className="merchant-table" label="Items" columns={['Item', 'Qty', 'Price', 'Amount']}>
        {sale.lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id and never reorder.
          <tr key={index}>
            <td>{line.description}</td>
            <td>{line.quantity}</td>
            <td>{m(line.unitPriceMinor)}</td>
            <td>{m(line.amountMinor)}</td>
          </tr>
        ))}
      </DataTable>
      <dl className="merchant-facts">
        <dt>Subtotal</dt>
        <dd>{m(sale.subtotalMinor)}</dd>
        <dt>Tax</dt>
        <dd>{m(sale.taxMinor)}</dd>
        <dt>Tip</dt>
        <dd>{m(sale.tipMinor)}</dd>
        <dt>Total</dt>
        <dd>{m(sale.totalMinor)}</dd>
        <dt>Refunded</dt>
        <dd data-testid="sale-refunded">{m(sale.refundedMinor)}</dd>
        <dt>Platform fee</dt>
        <dd>{m(sale.applicationFeeMinor)}</dd>
        <dt>Stripe fee</dt>
        <dd>{sale.stripeFeeMinor === null ? 'Not reported yet' : m(sale.stripeFeeMinor)}</dd>
        <dt>PaymentIntent</dt>
        <dd>
          <code>{sale.paymentIntentId ?? '—'}</code>
        </dd>
        <dt>Charge</dt>
        <dd>
          <code>{sale.chargeId ?? '—'}</code>
        </dd>
        <dt>Balance transaction</dt>
        <dd>
          <code>{sale.balanceTransactionId ?? '—'}</code>
        </dd>
        <dt>Sale id</dt>
        <dd>
          <code>{sale.id}</code>
        </dd>
      </dl>
      {['succeeded', 'partially_refunded', 'refunded'].includes(sale.status) && (
        <p>
          <a href={sale.receiptUrl} target="_blank" rel="noreferrer">
            Open the receipt
          </a>
        </p>
      )}
      <h3>Payment attempts</h3>
      <ul>
        {sale.attempts.map((attempt) => (
          <li key={attempt.id}>
            {timeIn(attempt.createdAt, sale.timeZone)} — {attempt.status} ({attempt.integration})
            {attempt.errorMessage ? `: ${attempt.errorMessage}` : ''}
          </li>
        ))}
        {sale.attempts.length === 0 && <li>None</li>}
      </ul>
      <h3>Refunds</h3>
      <ul aria-label="Refunds">
        {sale.refunds.map((refund) => (
          <li key={refund.id}>
            {localDateTime(refund.localTime)} — {m(refund.amountMinor)} {refund.status} · “{refund.reason}” by{' '}
            {refund.requestedBy ?? 'unknown'}
            {refund.stripeRefundId ? ` · ${refund.stripeRefundId}` : ''}
            {refund.failureMessage ? ` · ${refund.failureMessage}` : ''}
          </li>
        ))}
        {sale.refunds.length === 0 && <li>None</li>}
      </ul>
      {sale.refundableMinor > 0 && <RefundForm sale={sale} api={api} onRefunded={onRefunded} />}
    </>
  );
}

function RefundForm({
  sale,
  api,
  onRefunded,
}: {
  sale: MerchantSaleDetail;
  api: MerchantApi;
  onRefunded: (sale: MerchantSaleDetail) => void;
}) {
  const digits = minorUnitDigits(sale.currency);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const refund = useAction();
  // One key per refund the person means: a retry after a failure reuses it, so it never refunds twice.
  const [refundKey, setRefundKey] = useState(() => crypto.randomUUID());

  if (sale.paymentMethodType === 'interac_present') {
    return (
      <p className="merchant-warn">
        This is an Interac payment: refund it in person at the counter, with the customer's card on the
        reader.
      </p>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = amount.trim() === '' ? sale.refundableMinor : parseMajorAmount(amount, sale.currency);
    if (amountMinor === null || amountMinor <= 0) {
      refund.fail(`Type the amount like ${digits === 0 ? '1200' : '12.50'}.`);
      return;
    }
    if (amountMinor > sale.refundableMinor) {
      refund.fail(`At most ${formatMoney(sale.refundableMinor, sale.currency)} can be refunded.`);
      return;
    }
    void refund.run(
      async () => {
        const result = await api.refund(sale.id, { refundKey, amountMinor, reason });
        setRefundKey(crypto.randomUUID());
        setAmount('');
        setReason('');
        onRefunded(result.sale);
        return result;
      },
      (result) => `Refunded ${formatMoney(result.refund.amountMinor, sale.currency)}.`,
    );
  };

  return (
    <form className="stack merchant-refund" onSubmit={submit} aria-labelledby="refund-title">
      <h3 id="refund-title">Refund</h3>
      <label>
        Amount (leave empty for the full {formatMoney(sale.refundableMinor, sale.currency)})
        <input inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
      </label>
      <label>
        Reason
        <input required maxLength={200} value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <ActionMessages action={refund} errorClassName="merchant-error" />
      <button type="submit" disabled={refund.pending}>
        {refund.pending ? 'Refunding…' : 'Refund'}
      </button>
    </form>
  );
}
