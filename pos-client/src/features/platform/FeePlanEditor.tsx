/**
 * Fee plan editor: basis points, fixed amount, minimum and optional maximum (typed in the currency's
 * units), with a live preview of the fee on sample sale amounts computed by the server's own fee rule.
 */
import { type FeePlanDto, type FeePreviewResponse, formatMoney } from '@countertop/shared';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { DataTable } from '../../components/ui/DataTable.tsx';
import { ActionMessages, ErrorMessage } from '../../components/ui/Messages.tsx';
import { useAction } from '../../hooks/use-action.ts';
import { useAsync } from '../../hooks/use-async.ts';
import { FormActions, Panel, TextField } from './form.tsx';
import { bpsToPercent, minorToInput, parseAmountToMinor } from './format.ts';
import type { PlatformApi } from './platform-api.ts';

interface Draft {
  bps: string;
  fixed: string;
  min: string;
  max: string;
}

function toDraft(plan: FeePlanDto, currency: string): Draft {
  return {
    bps: String(plan.bps),
    fixed: minorToInput(plan.fixedMinor, currency),
    min: minorToInput(plan.minMinor, currency),
    max: minorToInput(plan.maxMinor, currency),
  };
}

/** The plan the draft describes, or a message saying what is wrong with it. */
export function draftToPlan(draft: Draft, currency: string): FeePlanDto | string {
  const bps = Number(draft.bps);
  if (draft.bps.trim() === '' || !Number.isInteger(bps) || bps < 0 || bps > 10_000) {
    return 'Basis points must be a whole number from 0 to 10000.';
  }
  const fixed = parseAmountToMinor(draft.fixed, currency);
  const min = parseAmountToMinor(draft.min, currency);
  const max = parseAmountToMinor(draft.max, currency);
  if (fixed === undefined || min === undefined || max === undefined) {
    return 'Amounts must be zero or positive, with at most the currency’s decimals.';
  }
  if (max !== null && max < (min ?? 0)) return 'The maximum fee must be at least the minimum fee.';
  return { bps, fixedMinor: fixed ?? 0, minMinor: min ?? 0, maxMinor: max };
}

export function FeePlanEditor({
  api,
  currency,
  plan,
  title,
  onSave,
}: {
  api: PlatformApi;
  currency: string;
  plan: FeePlanDto;
  title: string;
  onSave: (plan: FeePlanDto) => Promise<void>;
}) {
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => toDraft(plan, currency));
  const [preview, setPreview] = useState<FeePreviewResponse | null>(null);
  const action = useAction();
  const parsed = draftToPlan(draft, currency);

  useEffect(() => setDraft(toDraft(plan, currency)), [plan, currency]);

  const planKey = typeof parsed === 'string' ? null : JSON.stringify(parsed);
  useEffect(() => {
    if (planKey === null) return;
    const timer = setTimeout(() => {
      api.previewFees(JSON.parse(planKey) as FeePlanDto, currency).then(setPreview, () => setPreview(null));
    }, 200);
    return () => clearTimeout(timer);
  }, [api, currency, planKey]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typeof parsed === 'string') action.fail(parsed);
    else void action.run(() => onSave(parsed), 'Saved. New sales use this plan.');
  };
  const field = (key: keyof Draft, label: string, hint: string) => (
    <TextField
      label={label}
      inputMode="decimal"
      value={draft[key]}
      aria-describedby={`${id}-${key}`}
      onChange={(value) => setDraft({ ...draft, [key]: value })}
    >
      <small id={`${id}-${key}`} className="muted">
        {hint}
      </small>
    </TextField>
  );

  return (
    <Panel titleId={`${id}-title`} title={title}>
      <form className="platform-form" onSubmit={submit}>
        {field(
          'bps',
          'Percentage (basis points)',
          `100 bps = 1 %${typeof parsed === 'string' ? '' : ` · now ${bpsToPercent(parsed.bps)}`}`,
        )}
        {field('fixed', `Fixed fee per sale (${currency.toUpperCase()})`, 'Added to the percentage')}
        {field('min', `Minimum fee (${currency.toUpperCase()})`, '0 for none')}
        {field('max', `Maximum fee (${currency.toUpperCase()})`, 'Empty for no maximum')}
        <FormActions submitLabel="Save fee plan" primary />
      </form>
      <ErrorMessage text={typeof parsed === 'string' ? parsed : null} />
      <ActionMessages action={action} successClassName="ok" />
      {preview && typeof parsed !== 'string' ? (
        <DataTable label="Fee preview" columns={['Sale', 'Platform fee']}>
          {preview.rows.map((row) => (
            <tr key={row.amountMinor}>
              <td>{formatMoney(row.amountMinor, currency)}</td>
              <td>{formatMoney(row.feeMinor, currency)}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </Panel>
  );
}

/** `/platform/fee-plan`: the plan new accounts start with, in USD (each account can have its own). */
export function DefaultFeePlan({ api }: { api: PlatformApi }) {
  const defaultPlan = useAsync(() => api.defaultFeePlan(), [api]);
  return (
    <div className="stack">
      <h1>Default fee plan</h1>
      <p className="muted">
        New accounts start with this plan; change an account’s own plan on its Fees tab.
      </p>
      <ErrorMessage text={defaultPlan.error} />
      {defaultPlan.data ? (
        <FeePlanEditor
          api={api}
          currency="usd"
          title="Platform default fee plan (new accounts start with it)"
          plan={defaultPlan.data.plan}
          onSave={async (plan) => {
            await api.setDefaultFeePlan(plan);
            defaultPlan.reload();
          }}
        />
      ) : null}
    </div>
  );
}
