/**
 * The register's cash drawer for this shift: open it with a float, pay cash in or out with a reason, and
 * close it with the cash counted against what is expected (over or short), then the Z report, printable.
 * Each action needs the `cash_drawer` permission or a manager's PIN; money-moving ones ask first.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import {
  type CounterSession,
  type DrawerResponse,
  parseMajorAmount,
  registerResponses,
  type ShiftReport,
} from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApproval } from '../../components/ApprovalDialog.tsx';
import { Button } from '../../components/ui/Button.tsx';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { useConfirm } from '../../components/ui/Dialog.tsx';
import { SelectField, TextField } from '../../components/ui/Field.tsx';
import { ActionMessages, ErrorMessage } from '../../components/ui/Messages.tsx';
import { PageHeader } from '../../components/ui/PageHeader.tsx';
import { LoadingState } from '../../components/ui/States.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { useFormatters } from '../../hooks/use-formatters.ts';
import type { CounterApi } from '../../lib/counter-api.ts';
import { cashierText } from '../../lib/errors.ts';
import { addTranslations } from '../../lib/i18n/i18n.ts';
import { uuid } from '../../lib/uuid.ts';
import { drawerEn } from './locales/en.ts';
import { ZReport } from './ZReport.tsx';

// The drawer's strings load with it, not with the counter (Japanese when it is chosen).
void addTranslations(drawerEn, { ja: () => import('./locales/ja.ts').then((module) => module.drawerJa) });

/** An amount typed in the currency (blank: none); null when it does not parse. */
export function typedAmount(text: string, currency: string, blank: number | null = null): number | null {
  if (text.trim() === '') return blank;
  return parseMajorAmount(text, currency);
}

export function DrawerScreen({
  api,
  session,
  onClose,
}: {
  api: CounterApi;
  session: CounterSession;
  onClose: () => void;
}) {
  const { t } = useTranslation(['drawer', 'counter']);
  const format = useFormatters();
  const currency = session.account.currency;
  const money = (amount: number) => format.money(amount, currency);
  const { data, error, reload } = useAsync(
    () => api.get('/api/counter/drawer', registerResponses.drawer),
    [api],
    cashierText,
  );
  const [report, setReport] = useState<ShiftReport | null>(null);
  const approval = useApproval(api.approvers);
  const { confirm, dialog } = useConfirm();
  const action = useAction(cashierText);

  return (
    <main className="shift drawer">
      <PageHeader
        title={t('title')}
        subtitle={`${session.register.name} · ${session.location.name}`}
        actions={<Button onClick={onClose}>{t('counter:shift.back')}</Button>}
      />
      <ErrorMessage text={error} />
      <ActionMessages action={action} />
      {!data && !error && <LoadingState label={t('loading')} />}
      {report && <ZReport report={report} />}
      {data && !data.shift && !report && (
        <OpenForm
          currency={currency}
          pending={action.pending}
          onOpen={async (float) => {
            const ok = await action.run(
              () =>
                approval.withApproval((given) =>
                  api.post(
                    '/api/counter/drawer/open',
                    { openingFloatMinor: float, ...(given ? { approval: given } : {}) },
                    registerResponses.drawer,
                  ),
                ),
              t('opened', { amount: money(float) }),
            );
            if (ok) reload();
          }}
        />
      )}
      {data?.shift && (
        <OpenShift
          drawer={data}
          currency={currency}
          pending={action.pending}
          onMovement={async (kind, amountMinor, reason) => {
            const key = uuid();
            const ok = await action.run(
              () =>
                approval.withApproval((given) =>
                  api.post(
                    '/api/counter/drawer/movements',
                    { movementKey: key, kind, amountMinor, reason, ...(given ? { approval: given } : {}) },
                    registerResponses.drawer,
                  ),
                ),
              t(kind === 'paid_in' ? 'paidInDone' : 'paidOutDone', {
                amount: money(amountMinor),
              }),
            );
            if (ok) reload();
          }}
          onClose={async (countedMinor, note) => {
            const expected = data.shift?.expectedMinor ?? 0;
            const difference = countedMinor - expected;
            const yes = await confirm({
              title: t('closeQuestion', { amount: money(countedMinor) }),
              detail:
                difference === 0
                  ? t('closeEven', { expected: money(expected) })
                  : t(difference > 0 ? 'closeOver' : 'closeShort', {
                      expected: money(expected),
                      amount: money(Math.abs(difference)),
                    }),
              confirmLabel: t('closeConfirm'),
              tone: 'primary',
            });
            if (!yes) return;
            await action.run(async () => {
              const answer = await approval.withApproval((given) =>
                api.post(
                  '/api/counter/drawer/close',
                  { countedMinor, ...(note ? { note } : {}), ...(given ? { approval: given } : {}) },
                  registerResponses.shiftReport,
                ),
              );
              setReport(answer.report);
              reload();
            });
          }}
        />
      )}
      {approval.dialog}
      {dialog}
    </main>
  );
}

function OpenForm({
  currency,
  pending,
  onOpen,
}: {
  currency: string;
  pending: boolean;
  onOpen: (floatMinor: number) => void;
}) {
  const { t } = useTranslation(['drawer', 'counter']);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const float = typedAmount(text, currency, 0);
    if (float === null) setError(t('amountInvalid'));
    else onOpen(float);
  };
  return (
    <form className="panel drawer-form" onSubmit={submit}>
      <h2>{t('closedTitle')}</h2>
      <p className="muted">{t('closedDetail')}</p>
      <TextField
        label={t('float')}
        value={text}
        onChange={(value) => {
          setText(value);
          setError(null);
        }}
        inputMode="decimal"
        autoComplete="off"
        error={error}
      />
      <Button type="submit" variant="primary" disabled={pending}>
        {t('open')}
      </Button>
    </form>
  );
}

function OpenShift({
  drawer,
  currency,
  pending,
  onMovement,
  onClose,
}: {
  drawer: DrawerResponse;
  currency: string;
  pending: boolean;
  onMovement: (kind: 'paid_in' | 'paid_out', amountMinor: number, reason: string) => void;
  onClose: (countedMinor: number, note: string) => void;
}) {
  const { t } = useTranslation(['drawer', 'counter']);
  const format = useFormatters();
  const money = (amount: number) => format.money(amount, currency);
  const [kind, setKind] = useState<'paid_in' | 'paid_out'>('paid_out');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const [movementError, setMovementError] = useState<string | null>(null);
  const [countText, setCountText] = useState('');
  const [note, setNote] = useState('');
  const [countError, setCountError] = useState<string | null>(null);
  const shift = drawer.shift;
  if (!shift) return null;
  const columns = [
    t('columns.time'),
    t('columns.kind'),
    t('columns.amount'),
    t('columns.reason'),
    t('columns.by'),
  ];
  return (
    <>
      <section className="panel" aria-labelledby="drawer-open-title">
        <h2 id="drawer-open-title">{t('openTitle')}</h2>
        <dl className="totals">
          <dt>{t('openedBy')}</dt>
          <dd>
            {shift.openedBy} · {format.time(shift.openedAt)}
          </dd>
          <dt>{t('float')}</dt>
          <dd>{money(shift.openingFloatMinor)}</dd>
          <dt className="total">{t('expected')}</dt>
          <dd className="total" data-testid="drawer-expected">
            {money(shift.expectedMinor)}
          </dd>
        </dl>
      </section>
      {drawer.movements.length > 0 && (
        <DataTable label={t('movements')} columns={columns} numeric={[columns[2] ?? '']}>
          {drawer.movements.map((movement) => (
            <tr key={movement.id}>
              <td>{format.time(movement.createdAt)}</td>
              <td>{t(`kinds.${movement.kind}`)}</td>
              <td className="num">{money(movement.amountMinor)}</td>
              <td>{movement.reason ?? ''}</td>
              <td>{movement.staffName}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <form
        className="panel drawer-form"
        aria-labelledby="drawer-move-title"
        onSubmit={(event) => {
          event.preventDefault();
          const amount = typedAmount(amountText, currency);
          if (amount === null || amount <= 0) return setMovementError(t('amountInvalid'));
          if (reason.trim() === '') return setMovementError(t('reasonNeeded'));
          onMovement(kind, amount, reason.trim());
          setAmountText('');
          setReason('');
        }}
      >
        <h2 id="drawer-move-title">{t('payInOut')}</h2>
        <SelectField
          label={t('movementKind')}
          value={kind}
          options={[
            ['paid_out', t('kinds.paid_out')],
            ['paid_in', t('kinds.paid_in')],
          ]}
          onChange={setKind}
        />
        <TextField
          label={t('amount')}
          value={amountText}
          onChange={(value) => {
            setAmountText(value);
            setMovementError(null);
          }}
          inputMode="decimal"
          autoComplete="off"
        />
        <TextField
          label={t('reason')}
          value={reason}
          onChange={(value) => {
            setReason(value);
            setMovementError(null);
          }}
          maxLength={200}
          error={movementError}
        />
        <Button type="submit" disabled={pending}>
          {t('record')}
        </Button>
      </form>
      <form
        className="panel drawer-form"
        aria-labelledby="drawer-close-title"
        onSubmit={(event) => {
          event.preventDefault();
          const counted = typedAmount(countText, currency);
          if (counted === null) return setCountError(t('countNeeded'));
          onClose(counted, note.trim());
        }}
      >
        <h2 id="drawer-close-title">{t('closeTitle')}</h2>
        <TextField
          label={t('counted')}
          value={countText}
          onChange={(value) => {
            setCountText(value);
            setCountError(null);
          }}
          inputMode="decimal"
          autoComplete="off"
          error={countError}
        />
        <TextField label={t('note')} value={note} onChange={setNote} maxLength={500} />
        <Button type="submit" variant="primary" disabled={pending}>
          {t('close')}
        </Button>
      </form>
    </>
  );
}
