/**
 * Support view on an account's page: the merchant's latest sales, and a refund made on the merchant's
 * behalf (the server records it in the audit log with the admin's name).
 */
import { formatMoney, type MerchantSaleSummary } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { Button } from '../../../components/ui/Button.tsx';
import { DataTable } from '../../../components/ui/DataTable.tsx';
import { useConfirm } from '../../../components/ui/Dialog.tsx';
import { ActionMessages, ErrorMessage } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import { uuid } from '../../../lib/uuid.ts';
import { FormActions, Panel, SelectField, TextField } from '../form.tsx';
import { parseAmountToMinor } from '../format.ts';
import type { PlatformApi } from '../platform-api.ts';

const SALE_STATUS_WORDS: Record<MerchantSaleSummary['status'], string> = {
  open: 'Open',
  awaiting_payment: 'Awaiting payment',
  processing: 'Processing',
  requires_capture: 'Authorized, not captured',
  succeeded: 'Paid',
  payment_failed: 'Payment failed',
  canceled: 'Canceled',
  refunded: 'Refunded',
  partially_refunded: 'Partially refunded',
};

/** The sale's local time as the location's clock showed it: `2026-03-10 09:05`. */
const localTime = (sale: MerchantSaleSummary) => sale.localTime.slice(0, 16).replace('T', ' ');

/** "Visa •••• 4242", or "the card". */
const cardOf = (sale: MerchantSaleSummary) =>
  sale.card
    ? `${sale.card.brand.charAt(0).toUpperCase()}${sale.card.brand.slice(1)} •••• ${sale.card.last4}`
    : 'the card';

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
  const { confirm, dialog } = useConfirm();
  const refundable = (sales.data?.sales ?? []).filter(
    (sale) =>
      (sale.status === 'succeeded' || sale.status === 'partially_refunded') &&
      sale.totalMinor > sale.refundedMinor,
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const typed = parseAmountToMinor(amount, currency);
    const sale = refundable.find((candidate) => candidate.id === saleId);
    if (typed === undefined || typed === 0) {
      action.fail('The amount must be positive, in the account currency (empty for all that is left).');
      return;
    }
    if (!sale) {
      action.fail('Choose the sale to refund.');
      return;
    }
    const left = sale.totalMinor - sale.refundedMinor;
    if (typed !== null && typed > left) {
      action.fail(`At most ${formatMoney(left, sale.currency)} is left to refund on this sale.`);
      return;
    }
    const amountMinor = typed ?? left;
    const words = formatMoney(amountMinor, sale.currency);
    action.reset();
    const confirmed = await confirm({
      title:
        typed === null
          ? `Refund the full ${words} to ${cardOf(sale)} on the merchant’s behalf?`
          : `Refund ${words} to ${cardOf(sale)} on the merchant’s behalf?`,
      detail: 'The money goes back to the customer’s card and the audit log records it under your name.',
      confirmLabel: `Refund ${words}`,
    });
    if (!confirmed) return;
    void action.run(
      async () => {
        const result = await api.supportRefund(accountId, saleId, {
          refundKey: uuid(),
          reason,
          amountMinor,
        });
        sales.reload();
        return result;
      },
      (result) => `Refunded ${formatMoney(result.refund.amountMinor, currency)}.`,
    );
  };

  return (
    <Panel titleId="support-title" title="Support: latest sales">
      <div className="row spread">
        <p className="muted">Newest first; each time as the sale’s location’s clock showed it.</p>
        <Button size="small" onClick={sales.reload}>
          Refresh
        </Button>
      </div>
      <ErrorMessage text={sales.error} />
      <DataTable
        label="Latest sales"
        columns={['Local time', 'Items', 'Total', 'Refunded', 'Status']}
        numeric={['Total', 'Refunded']}
      >
        {(sales.data?.sales ?? []).map((sale) => (
          <tr key={sale.id}>
            <td>{localTime(sale)}</td>
            <td>{sale.itemsSummary}</td>
            <td className="num">{formatMoney(sale.totalMinor, sale.currency)}</td>
            <td className="num">{formatMoney(sale.refundedMinor, sale.currency)}</td>
            <td>{SALE_STATUS_WORDS[sale.status]}</td>
          </tr>
        ))}
      </DataTable>
      {refundable.length > 0 ? (
        <form
          className="platform-form"
          aria-label="Refund on the merchant's behalf"
          onSubmit={(event) => void submit(event)}
        >
          <SelectField
            label="Sale"
            required
            placeholder="Choose…"
            value={saleId}
            options={refundable.map(
              (sale) =>
                [
                  sale.id,
                  `${localTime(sale)} · ${formatMoney(sale.totalMinor, sale.currency)} · ${sale.itemsSummary}`,
                ] as const,
            )}
            onChange={setSaleId}
          />
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
      <ActionMessages action={action} />
      {dialog}
    </Panel>
  );
}
