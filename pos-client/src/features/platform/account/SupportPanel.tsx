/**
 * Support view on an account's page: the merchant's latest sales, and a refund made on the merchant's
 * behalf (the server records it in the audit log with the admin's name).
 */
import { formatMoney } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { DataTable } from '../../../components/ui/DataTable.tsx';
import { ActionMessages, ErrorMessage } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import { uuid } from '../../../lib/uuid.ts';
import { FormActions, Panel, TextField } from '../form.tsx';
import { parseAmountToMinor } from '../format.ts';
import type { PlatformApi } from '../platform-api.ts';

export function SupportPanel({
  api,
  accountId,
  currency,
}: {
  api: PlatformApi;
  accountId: string;
  currency: string;
}) {
  const sales = useAsync(() => api.supportSales(accountId), [api, accountId]);
  const [saleId, setSaleId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const action = useAction();
  const refundable = (sales.data?.sales ?? []).filter(
    (sale) =>
      (sale.status === 'succeeded' || sale.status === 'partially_refunded') &&
      sale.totalMinor > sale.refundedMinor,
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = parseAmountToMinor(amount, currency);
    if (amountMinor === undefined) {
      action.fail('The amount must be positive, in the account currency (empty for all).');
      return;
    }
    void action.run(
      async () => {
        const result = await api.supportRefund(accountId, saleId, {
          refundKey: uuid(),
          reason,
          ...(amountMinor ? { amountMinor } : {}),
        });
        sales.reload();
        return result;
      },
      (result) => `Refunded ${formatMoney(result.refund.amountMinor, currency)}.`,
    );
  };

  return (
    <Panel titleId="support-title" title="Support: latest sales">
      <button type="button" className="button small" onClick={sales.reload}>
        Refresh
      </button>
      <ErrorMessage text={sales.error} />
      <DataTable
        className="sales-table"
        label="Latest sales"
        columns={['When', 'Items', 'Total', 'Refunded', 'Status']}
      >
        {(sales.data?.sales ?? []).map((sale) => (
          <tr key={sale.id}>
            <td>{sale.localTime.replace('T', ' ').slice(0, 16)}</td>
            <td>{sale.itemsSummary}</td>
            <td>{formatMoney(sale.totalMinor, sale.currency)}</td>
            <td>{formatMoney(sale.refundedMinor, sale.currency)}</td>
            <td>{sale.status}</td>
          </tr>
        ))}
      </DataTable>
      {refundable.length > 0 ? (
        <form className="platform-form" aria-label="Refund on the merchant's behalf" onSubmit={submit}>
          <label>
            Sale
            <select className="input" required value={saleId} onChange={(e) => setSaleId(e.target.value)}>
              <option value="">Choose…</option>
              {refundable.map((sale) => (
                <option key={sale.id} value={sale.id}>
                  {sale.localTime.slice(0, 16).replace('T', ' ')} ·{' '}
                  {formatMoney(sale.totalMinor, sale.currency)} · {sale.itemsSummary}
                </option>
              ))}
            </select>
          </label>
          <TextField
            label={`Amount (${currency.toUpperCase()}, empty for the rest)`}
            inputMode="decimal"
            value={amount}
            onChange={setAmount}
          />
          <TextField label="Reason" required value={reason} onChange={setReason} />
          <FormActions submitLabel="Refund on the merchant's behalf" />
        </form>
      ) : null}
      <ActionMessages action={action} successClassName="ok" />
    </Panel>
  );
}
