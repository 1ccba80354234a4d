/**
 * Support view on an account's page: the merchant's latest sales, and a refund made on the merchant's
 * behalf (the server records it in the audit log with the admin's name).
 */
import { type FormEvent, useState } from 'react';
import { uuid } from '../../lib/uuid.ts';
import { money, parseAmountToMinor } from './format.ts';
import type { PlatformApi } from './platform-api.ts';
import { errorText, useLoad } from './use-load.ts';

export function SupportPanel({
  api,
  accountId,
  currency,
}: {
  api: PlatformApi;
  accountId: string;
  currency: string;
}) {
  const sales = useLoad(() => api.supportSales(accountId), [api, accountId]);
  const [saleId, setSaleId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const refundable = (sales.data?.sales ?? []).filter(
    (sale) =>
      (sale.status === 'succeeded' || sale.status === 'partially_refunded') &&
      sale.totalMinor > sale.refundedMinor,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = parseAmountToMinor(amount, currency);
    if (amountMinor === undefined) {
      setMessage({
        kind: 'error',
        text: 'The amount must be positive, in the account currency (empty for all).',
      });
      return;
    }
    setMessage(null);
    api
      .supportRefund(accountId, saleId, {
        refundKey: uuid(),
        reason,
        ...(amountMinor ? { amountMinor } : {}),
      })
      .then(
        (result) => {
          setMessage({ kind: 'ok', text: `Refunded ${money(result.refund.amountMinor, currency)}.` });
          sales.reload();
        },
        (failure: unknown) => setMessage({ kind: 'error', text: errorText(failure) }),
      );
  };

  return (
    <section className="panel" aria-labelledby="support-title">
      <h2 id="support-title">Support: latest sales</h2>
      <button type="button" className="button small" onClick={sales.reload}>
        Refresh
      </button>
      {sales.error ? (
        <p className="error" role="alert">
          {sales.error}
        </p>
      ) : null}
      <table className="sales-table" aria-label="Latest sales">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Items</th>
            <th scope="col">Total</th>
            <th scope="col">Refunded</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {(sales.data?.sales ?? []).map((sale) => (
            <tr key={sale.id}>
              <td>{sale.localTime.replace('T', ' ').slice(0, 16)}</td>
              <td>{sale.itemsSummary}</td>
              <td>{money(sale.totalMinor, sale.currency)}</td>
              <td>{money(sale.refundedMinor, sale.currency)}</td>
              <td>{sale.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {refundable.length > 0 ? (
        <form className="platform-form" aria-label="Refund on the merchant's behalf" onSubmit={submit}>
          <label>
            Sale
            <select className="input" required value={saleId} onChange={(e) => setSaleId(e.target.value)}>
              <option value="">Choose…</option>
              {refundable.map((sale) => (
                <option key={sale.id} value={sale.id}>
                  {sale.localTime.slice(0, 16).replace('T', ' ')} · {money(sale.totalMinor, sale.currency)} ·{' '}
                  {sale.itemsSummary}
                </option>
              ))}
            </select>
          </label>
          <label>
            Amount ({currency.toUpperCase()}, empty for the rest)
            <input
              className="input"
              inputMode="decimal"
              value={amount}
              onChange={(e) => setAmount(e.target.value)}
            />
          </label>
          <label>
            Reason
            <input className="input" required value={reason} onChange={(e) => setReason(e.target.value)} />
          </label>
          <div className="platform-actions">
            <button type="submit" className="button">
              Refund on the merchant's behalf
            </button>
          </div>
        </form>
      ) : null}
      {message ? (
        <p
          className={message.kind === 'error' ? 'error' : 'ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
    </section>
  );
}
