/**
 * Fee plan editor: basis points, fixed amount, minimum and optional maximum (typed in the currency's
 * units), with a live preview of the fee on sample sale amounts computed by the server's own fee rule.
 */
import type { FeePlanDto, FeePreviewResponse } from '@countertop/shared';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { bpsToPercent, minorToInput, money, parseAmountToMinor } from './format.ts';
import type { PlatformApi } from './platform-api.ts';
import { errorText } from './use-load.ts';

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
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
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
    if (typeof parsed === 'string') {
      setMessage({ kind: 'error', text: parsed });
      return;
    }
    setMessage(null);
    onSave(parsed).then(
      () => setMessage({ kind: 'ok', text: 'Saved. New sales use this plan.' }),
      (failure: unknown) => setMessage({ kind: 'error', text: errorText(failure) }),
    );
  };
  const field = (key: keyof Draft, label: string, hint: string) => (
    <label>
      {label}
      <input
        className="input"
        inputMode="decimal"
        value={draft[key]}
        aria-describedby={`${id}-${key}`}
        onChange={(event) => setDraft({ ...draft, [key]: event.target.value })}
      />
      <small id={`${id}-${key}`} className="muted">
        {hint}
      </small>
    </label>
  );

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <form className="platform-form" onSubmit={submit}>
        {field(
          'bps',
          'Percentage (basis points)',
          `100 bps = 1 %${typeof parsed === 'string' ? '' : ` · now ${bpsToPercent(parsed.bps)}`}`,
        )}
        {field('fixed', `Fixed fee per sale (${currency.toUpperCase()})`, 'Added to the percentage')}
        {field('min', `Minimum fee (${currency.toUpperCase()})`, '0 for none')}
        {field('max', `Maximum fee (${currency.toUpperCase()})`, 'Empty for no maximum')}
        <div className="platform-actions">
          <button type="submit" className="button primary">
            Save fee plan
          </button>
        </div>
      </form>
      {typeof parsed === 'string' ? (
        <p className="error" role="alert">
          {parsed}
        </p>
      ) : null}
      {message ? (
        <p
          className={message.kind === 'error' ? 'error' : 'ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
      {preview && typeof parsed !== 'string' ? (
        <table className="sales-table" aria-label="Fee preview">
          <thead>
            <tr>
              <th scope="col">Sale</th>
              <th scope="col">Platform fee</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr key={row.amountMinor}>
                <td>{money(row.amountMinor, currency)}</td>
                <td>{money(row.feeMinor, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
