/**
 * Payout schedule editor for one connected account: how often Stripe pays the merchant out (manual, daily,
 * weekly on a weekday, monthly on a day), and how many days funds are held (empty for the country minimum).
 * Reads the schedule from Stripe through our server and saves it there; the weekday and day-of-month fields
 * only appear for the interval they belong to.
 */
import { PAYOUT_INTERVALS, type PayoutSchedule, type PayoutScheduleBody, WEEKDAYS } from '@countertop/shared';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { ActionMessages, ErrorMessage } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { useAsync } from '../../../hooks/use-async.ts';
import { capitalize } from '../../../lib/format.ts';
import { FormActions, Panel } from '../form.tsx';
import type { PlatformApi } from '../platform-api.ts';

interface ScheduleDraft {
  interval: string;
  delayDays: string;
  weeklyAnchor: string;
  monthlyAnchor: string;
}

const INTERVAL_LABELS: Record<(typeof PAYOUT_INTERVALS)[number], string> = {
  manual: 'Manual (only payouts created through the API)',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
};

function scheduleToDraft(schedule: PayoutSchedule): ScheduleDraft {
  return {
    interval: schedule.interval,
    delayDays: schedule.delayDays === null ? '' : String(schedule.delayDays),
    weeklyAnchor: schedule.weeklyAnchor ?? 'monday',
    monthlyAnchor: schedule.monthlyAnchor === null ? '1' : String(schedule.monthlyAnchor),
  };
}

/** The request the draft describes (anchors only for their interval), or what is wrong with it. */
export function draftToSchedule(draft: ScheduleDraft): PayoutScheduleBody | string {
  const interval = PAYOUT_INTERVALS.find((value) => value === draft.interval);
  if (!interval) return 'Choose how often payouts happen.';
  let delayDays: number | undefined;
  if (draft.delayDays.trim() !== '') {
    delayDays = Number(draft.delayDays);
    if (!Number.isInteger(delayDays) || delayDays < 0 || delayDays > 365) {
      return 'The delay must be a whole number of days from 0 to 365, or empty for the minimum.';
    }
  }
  const body: PayoutScheduleBody = { interval, ...(delayDays === undefined ? {} : { delayDays }) };
  if (interval === 'weekly') {
    const weeklyAnchor = WEEKDAYS.find((day) => day === draft.weeklyAnchor);
    if (!weeklyAnchor) return 'Choose the weekday of weekly payouts.';
    return { ...body, weeklyAnchor };
  }
  if (interval === 'monthly') {
    const monthlyAnchor = Number(draft.monthlyAnchor);
    if (!Number.isInteger(monthlyAnchor) || monthlyAnchor < 1 || monthlyAnchor > 31) {
      return 'The day of the month must be from 1 to 31.';
    }
    return { ...body, monthlyAnchor };
  }
  return body;
}

/** The schedule in words, e.g. "Weekly on Friday, funds held 7 days". */
export function describeSchedule(schedule: PayoutSchedule): string {
  const held = schedule.delayDays === null ? '' : `, funds held ${schedule.delayDays} day(s)`;
  if (schedule.interval === 'manual') return `Manual payouts${held}`;
  if (schedule.interval === 'weekly') return `Weekly on ${capitalize(schedule.weeklyAnchor ?? '?')}${held}`;
  if (schedule.interval === 'monthly') return `Monthly on day ${schedule.monthlyAnchor ?? '?'}${held}`;
  return `${capitalize(schedule.interval)}${held}`;
}

export function PayoutScheduleForm({
  schedule,
  onSave,
}: {
  schedule: PayoutSchedule;
  onSave: (body: PayoutScheduleBody) => Promise<void>;
}) {
  const id = useId();
  const [draft, setDraft] = useState<ScheduleDraft>(() => scheduleToDraft(schedule));
  const action = useAction();
  useEffect(() => setDraft(scheduleToDraft(schedule)), [schedule]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = draftToSchedule(draft);
    if (typeof parsed === 'string') action.fail(parsed);
    else void action.run(() => onSave(parsed), 'Payout schedule saved on Stripe.');
  };

  return (
    <form className="platform-form" onSubmit={submit} aria-label="Payout schedule">
      <p className="muted">Now: {describeSchedule(schedule)}</p>
      <label>
        Payout frequency
        <select
          className="input"
          value={draft.interval}
          onChange={(e) => setDraft({ ...draft, interval: e.target.value })}
        >
          {PAYOUT_INTERVALS.map((interval) => (
            <option key={interval} value={interval}>
              {INTERVAL_LABELS[interval]}
            </option>
          ))}
        </select>
      </label>
      {draft.interval === 'weekly' ? (
        <label>
          Weekday of payouts
          <select
            className="input"
            value={draft.weeklyAnchor}
            onChange={(e) => setDraft({ ...draft, weeklyAnchor: e.target.value })}
          >
            {WEEKDAYS.map((day) => (
              <option key={day} value={day}>
                {capitalize(day)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {draft.interval === 'monthly' ? (
        <label>
          Day of the month (1–31)
          <input
            className="input"
            inputMode="numeric"
            value={draft.monthlyAnchor}
            aria-describedby={`${id}-monthly`}
            onChange={(e) => setDraft({ ...draft, monthlyAnchor: e.target.value })}
          />
          <small id={`${id}-monthly`} className="muted">
            29–31 pay on the last day of shorter months
          </small>
        </label>
      ) : null}
      <label>
        Delay in days (empty for the country minimum)
        <input
          className="input"
          inputMode="numeric"
          value={draft.delayDays}
          aria-describedby={`${id}-delay`}
          onChange={(e) => setDraft({ ...draft, delayDays: e.target.value })}
        />
        <small id={`${id}-delay`} className="muted">
          How long funds from a payment are held before they can be paid out
        </small>
      </label>
      <FormActions submitLabel="Save payout schedule" primary />
      <ActionMessages action={action} successClassName="ok" />
    </form>
  );
}

export function PayoutScheduleEditor({ api, accountId }: { api: PlatformApi; accountId: string }) {
  const loaded = useAsync(() => api.payoutSchedule(accountId), [api, accountId]);
  return (
    <Panel titleId="payout-schedule-title" title="Payout schedule">
      {loaded.error ? (
        <ErrorMessage text={loaded.error} />
      ) : loaded.data ? (
        <PayoutScheduleForm
          schedule={loaded.data.schedule}
          onSave={async (body) => {
            await api.setPayoutSchedule(accountId, body);
            loaded.reload();
          }}
        />
      ) : (
        <p className="muted">Loading…</p>
      )}
    </Panel>
  );
}
