// A connected account's payout schedule, `settings[payouts][schedule]`: its params and the rules Stripe's API
// reference gives for them (https://docs.stripe.com/api/accounts/update). Pure: no store, no clock.
import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidRequest } from '../core/errors.ts';
import { p } from '../core/params.ts';

export const scheduleParams = p.obj({
  interval: p.enum(['manual', 'daily', 'weekly', 'monthly']).optional(),
  delay_days: z.union([p.int(), z.literal('minimum')]).optional(),
  weekly_anchor: p
    .enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
    .optional(),
  monthly_anchor: p.int().optional(),
});

/**
 * The lowest `delay_days` of an account (what `minimum` means). Stripe's minimum depends on the account's
 * country and risk profile; NOT emulated: every country gets 2 days here (the US standard, and the default
 * of Stripe's example Account in fixtures3.json of github.com/stripe/openapi).
 */
export const MINIMUM_DELAY_DAYS = 2;

const SCHEDULE_PARAM = 'settings[payouts][schedule]';

/**
 * Applies `settings[payouts][schedule]` as documented: `weekly_anchor` is required with, and applicable only
 * to, `interval=weekly`; `monthly_anchor` (1–31) likewise with `monthly`; anchors are only shown for their
 * interval; `delay_days` is `minimum` or a number of days not below the account's minimum and, when omitted,
 * stays at its last value. Does NOT emulate `weekly_payout_days`/`monthly_payout_days`, per-country minimum
 * delays (see MINIMUM_DELAY_DAYS) or Stripe's exact error wording (its docs do not quote it).
 */
export function applySchedule(
  current: Stripe.Account.Settings.Payouts.Schedule,
  update: z.output<typeof scheduleParams>,
): Stripe.Account.Settings.Payouts.Schedule {
  const interval = update.interval ?? current.interval;
  const weeklyAnchor =
    update.weekly_anchor ?? (current.interval === 'weekly' ? current.weekly_anchor : undefined);
  const monthlyAnchor =
    update.monthly_anchor ?? (current.interval === 'monthly' ? current.monthly_anchor : undefined);
  if (update.weekly_anchor !== undefined && interval !== 'weekly') {
    throw invalidRequest(
      `You can only set ${SCHEDULE_PARAM}[weekly_anchor] when ${SCHEDULE_PARAM}[interval] is weekly.`,
      { param: `${SCHEDULE_PARAM}[weekly_anchor]` },
    );
  }
  if (update.monthly_anchor !== undefined && interval !== 'monthly') {
    throw invalidRequest(
      `You can only set ${SCHEDULE_PARAM}[monthly_anchor] when ${SCHEDULE_PARAM}[interval] is monthly.`,
      { param: `${SCHEDULE_PARAM}[monthly_anchor]` },
    );
  }
  if (interval === 'weekly' && weeklyAnchor === undefined) {
    throw invalidRequest(`${SCHEDULE_PARAM}[weekly_anchor] is required when the interval is weekly.`, {
      param: `${SCHEDULE_PARAM}[weekly_anchor]`,
    });
  }
  if (interval === 'monthly' && monthlyAnchor === undefined) {
    throw invalidRequest(`${SCHEDULE_PARAM}[monthly_anchor] is required when the interval is monthly.`, {
      param: `${SCHEDULE_PARAM}[monthly_anchor]`,
    });
  }
  if (monthlyAnchor !== undefined && (monthlyAnchor < 1 || monthlyAnchor > 31)) {
    throw invalidRequest(`${SCHEDULE_PARAM}[monthly_anchor] must be a day of the month between 1 and 31.`, {
      param: `${SCHEDULE_PARAM}[monthly_anchor]`,
    });
  }
  let delayDays = current.delay_days;
  if (update.delay_days === 'minimum') delayDays = MINIMUM_DELAY_DAYS;
  else if (update.delay_days !== undefined) {
    if (update.delay_days < MINIMUM_DELAY_DAYS) {
      throw invalidRequest(
        `${SCHEDULE_PARAM}[delay_days] cannot be less than this account's minimum of ${MINIMUM_DELAY_DAYS} days. Use \`minimum\` for the lowest delay.`,
        { param: `${SCHEDULE_PARAM}[delay_days]` },
      );
    }
    delayDays = update.delay_days;
  }
  return {
    delay_days: delayDays,
    interval,
    ...(interval === 'weekly' && weeklyAnchor !== undefined ? { weekly_anchor: weeklyAnchor } : {}),
    ...(interval === 'monthly' && monthlyAnchor !== undefined ? { monthly_anchor: monthlyAnchor } : {}),
  };
}
