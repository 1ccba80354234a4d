/**
 * Refunds and voids at the counter: find the sale (today's at this register, by receipt number, or by the
 * card's last four digits), then refund items or an amount to one of its tenders with a reason — after a
 * confirmation that states the amount — or void a sale that took cash but is not paid in full. Without the
 * `refunds` permission a manager approves with their PIN.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import {
  type CounterRefund,
  type CounterSession,
  counterResponses,
  parseMajorAmount,
  registerResponses,
  type Sale,
} from '@countertop/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApproval } from '../../components/ApprovalDialog.tsx';
import { Button } from '../../components/ui/Button.tsx';
import { useConfirm } from '../../components/ui/Dialog.tsx';
import { SelectField, TextField } from '../../components/ui/Field.tsx';
import { ActionMessages, ErrorMessage } from '../../components/ui/Messages.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';
import { addTranslations } from '../../lib/i18n/i18n.ts';
import { uuid } from '../../lib/uuid.ts';
import { SaleSummary } from '../sales/index.ts';
import { refundsEn } from './locales/en.ts';
import { canVoid, itemsRefundMinor, linesLeft, refundableTenders } from './refund-math.ts';

// The refunds screen's strings load with it, not with the counter (Japanese when it is chosen).
void addTranslations(refundsEn, { ja: () => import('./locales/ja.ts').then((module) => module.refundsJa) });

export function RefundsScreen({
  api,
  session,
  onClose,
}: {
  api: CounterApi;
  session: CounterSession;
  onClose: () => void;
}) {
  const { t } = useTranslation(['refunds', 'counter']);
  const format = useFormatters();
  const [receipt, setReceipt] = useState('');
  const [last4, setLast4] = useState('');
  const [found, setFound] = useState<Sale[] | null>(null);
  const [selected, setSelected] = useState<Sale | null>(null);
  const searching = useAction(cashierText);
  const today = useAsync(
    async () => (await api.get('/api/counter/sales?scope=today', counterResponses.salesList)).sales,
    [api],
    cashierText,
  );

  const search = (query: string) =>
    void searching.run(async () => {
      const answer = await api.get(`/api/counter/sales-lookup?${query}`, counterResponses.salesList);
      setFound(answer.sales);
      if (answer.sales.length === 1) setSelected(answer.sales[0] ?? null);
    });

  const list = (found ?? today.data ?? []).filter((sale) => sale.kind === 'sale');
  const columnsTitle = found ? t('found') : t('today');

  return (
    <main className="shift refunds">
      <PageHeader title={t('title')} actions={<Button onClick={onClose}>{t('counter:shift.back')}</Button>} />
      <div className="refund-search row">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (receipt.trim()) search(`receiptNumber=${encodeURIComponent(receipt.trim())}`);
          }}
        >
          <TextField label={t('receiptNumber')} value={receipt} onChange={setReceipt} autoComplete="off" />
          <Button type="submit">{t('find')}</Button>
        </form>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (/^\d{4}$/.test(last4)) search(`last4=${last4}`);
            else searching.fail(t('last4Invalid'));
          }}
        >
          <TextField
            label={t('last4')}
            value={last4}
            onChange={(value) => setLast4(value.replace(/\D/g, '').slice(0, 4))}
            inputMode="numeric"
            autoComplete="off"
          />
          <Button type="submit">{t('findCard')}</Button>
        </form>
      </div>
      <ErrorMessage text={searching.error ?? today.error} />
      {selected ? (
        <SaleRefund
          api={api}
          session={session}
          sale={selected}
          onSale={(sale) => {
            setSelected(sale);
            today.reload();
          }}
          onBack={() => setSelected(null)}
        />
      ) : (
        <section aria-label={columnsTitle}>
          <h2>{columnsTitle}</h2>
          {!today.data && !today.error && !found && <LoadingState label={t('counter:shift.loading')} />}
          {(found || today.data) && list.length === 0 && <EmptyState title={t('none')} />}
          <ul className="sale-picks">
            {list.map((sale) => (
              <li key={sale.id}>
                <Button onClick={() => setSelected(sale)}>
                  {t('pick', {
                    receipt: sale.receiptNumber ?? t('noReceipt'),
                    amount: format.money(sale.totalMinor, sale.currency),
                    time: format.time(sale.createdAt),
                    status: t(`counter:status.${sale.status}`),
                  })}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

function SaleRefund({
  api,
  session,
  sale,
  onSale,
  onBack,
}: {
  api: CounterApi;
  session: CounterSession;
  sale: Sale;
  onSale: (sale: Sale) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation(['refunds', 'counter']);
  const format = useFormatters();
  const money = (amount: number) => format.money(amount, sale.currency);
  const approval = useApproval(api.approvers);
  const { confirm, dialog } = useConfirm();
  const action = useAction(cashierText);
  const refunds = useAsync(
    async () =>
      (await api.get(`${api.saleUrl(sale.id)}/refunds`, registerResponses.refunds))
        .refunds as CounterRefund[],
    [api, sale],
    cashierText,
  );
  const tenders = refundableTenders(sale);
  const [tenderId, setTenderId] = useState('');
  const [mode, setMode] = useState<'items' | 'amount'>('items');
  const [quantities, setQuantities] = useState<Record<number, number>>({});
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const tender =
    tenders.find((candidate) => candidate.id === tenderId) ?? (tenders.length === 1 ? tenders[0] : undefined);
  const left = refunds.data ? linesLeft(sale, refunds.data) : null;
  const mayRefund = session.staff.permissions.includes('refunds');
  const tenderName = (candidate: (typeof tenders)[number]) =>
    candidate.method === 'cash'
      ? t('toCash')
      : t('toCard', {
          brand: candidate.card?.brand.toUpperCase() ?? '',
          last4: candidate.card?.last4 ?? '',
        });

  const refund = async () => {
    if (!tender) return action.fail(t('chooseTender'));
    if (reason.trim() === '') return action.fail(t('reasonNeeded'));
    let amount: number;
    let items: { position: number; quantity: number }[] | undefined;
    if (mode === 'items') {
      items = Object.entries(quantities)
        .map(([position, quantity]) => ({ position: Number(position), quantity }))
        .filter((item) => item.quantity > 0);
      if (!left || items.length === 0) return action.fail(t('chooseItems'));
      amount = itemsRefundMinor(sale, left, quantities);
    } else {
      const typed = parseMajorAmount(amountText, sale.currency);
      if (typed === null || typed <= 0) return action.fail(t('amountInvalid'));
      amount = typed;
    }
    if (amount > tender.refundableMinor) {
      return action.fail(t('tooMuch', { amount: money(tender.refundableMinor) }));
    }
    const yes = await confirm({
      title: t('question', { amount: money(amount), to: tenderName(tender) }),
      detail: t('questionDetail', { reason: reason.trim() }),
      confirmLabel: t('confirm', { amount: money(amount) }),
    });
    if (!yes) return;
    const key = uuid();
    await action.run(
      async () => {
        const answer = await approval.withApproval(
          (given) =>
            api.post(
              `${api.saleUrl(sale.id)}/refunds`,
              {
                refundKey: key,
                tenderId: tender.id,
                ...(items ? { items } : { amountMinor: amount }),
                reason: reason.trim(),
                ...(given ? { approval: given } : {}),
              },
              registerResponses.refund,
            ),
          { ask: !mayRefund },
        );
        setQuantities({});
        setAmountText('');
        setReason('');
        onSale(answer.sale);
        return answer.refund;
      },
      (done) => t('done', { amount: money(done.amountMinor), to: tenderName(tender) }),
    );
  };

  const voidSale = async () => {
    if (reason.trim() === '') return action.fail(t('reasonNeeded'));
    const yes = await confirm({
      title: t('voidQuestion', { amount: money(sale.totalMinor) }),
      detail: t('voidDetail'),
      confirmLabel: t('voidConfirm'),
    });
    if (!yes) return;
    await action.run(async () => {
      const answer = await approval.withApproval(
        (given) =>
          api.post(
            `${api.saleUrl(sale.id)}/void`,
            { reason: reason.trim(), ...(given ? { approval: given } : {}) },
            counterResponses.sale,
          ),
        { ask: !mayRefund },
      );
      onSale(answer.sale);
    }, t('voided'));
  };

  return (
    <section className="panel sale-refund" aria-labelledby="refund-title">
      <h2 id="refund-title">
        {t('saleTitle', { receipt: sale.receiptNumber ?? t('noReceipt') })}{' '}
        <span className="muted">{t(`counter:status.${sale.status}`)}</span>
      </h2>
      <Button onClick={onBack}>{t('otherSale')}</Button>
      <SaleSummary sale={sale} />
      <ActionMessages action={action} />
      {tenders.length === 0 && !canVoid(sale) && <p className="muted">{t('nothingLeft')}</p>}
      {tenders.length > 0 && !canVoid(sale) && (
        <form
          className="refund-form"
          onSubmit={(event) => {
            event.preventDefault();
            void refund();
          }}
        >
          {tenders.length > 1 ? (
            <SelectField
              label={t('tender')}
              value={tenderId}
              placeholder={t('chooseTender')}
              options={tenders.map(
                (candidate) =>
                  [
                    candidate.id,
                    t('tenderOption', {
                      name: tenderName(candidate),
                      amount: money(candidate.refundableMinor),
                    }),
                  ] as const,
              )}
              onChange={setTenderId}
            />
          ) : (
            tender && (
              <p>
                {t('tenderOption', {
                  name: tenderName(tender),
                  amount: money(tender.refundableMinor),
                })}
              </p>
            )
          )}
          <SelectField
            label={t('what')}
            value={mode}
            options={[
              ['items', t('items')],
              ['amount', t('amount')],
            ]}
            onChange={setMode}
          />
          {mode === 'items' && left && (
            <fieldset className="choice-group">
              <legend>{t('items')}</legend>
              {left.map((entry) => (
                <TextField
                  key={entry.position}
                  label={t('quantityOf', { description: entry.description, left: entry.left })}
                  type="number"
                  min={0}
                  max={entry.left}
                  disabled={entry.left === 0}
                  value={String(quantities[entry.position] ?? 0)}
                  onChange={(value) =>
                    setQuantities((current) => ({
                      ...current,
                      [entry.position]: Math.max(0, Math.min(entry.left, Number.parseInt(value, 10) || 0)),
                    }))
                  }
                />
              ))}
            </fieldset>
          )}
          {mode === 'items' && !left && <LoadingState label={t('loadingRefunds')} />}
          {mode === 'amount' && (
            <TextField
              label={t('amountToRefund')}
              value={amountText}
              onChange={setAmountText}
              inputMode="decimal"
              autoComplete="off"
            />
          )}
          <TextField label={t('reason')} value={reason} onChange={setReason} maxLength={200} />
          <Button type="submit" variant="danger" disabled={action.pending}>
            {t('refund')}
          </Button>
        </form>
      )}
      {canVoid(sale) && (
        <form
          className="refund-form"
          onSubmit={(event) => {
            event.preventDefault();
            void voidSale();
          }}
        >
          <p>{t('voidExplain')}</p>
          <TextField label={t('reason')} value={reason} onChange={setReason} maxLength={200} />
          <Button type="submit" variant="danger" disabled={action.pending}>
            {t('void')}
          </Button>
        </form>
      )}
      {approval.dialog}
      {dialog}
    </section>
  );
}
