/**
 * The ConnectGateway adapter over stripe-node (Stripe or, unchanged, the embedded emulator): connected
 * accounts and their payout schedule, account and login links, Terminal locations, configurations
 * (tipping), readers, and application fees. Terminal objects live on the connected account for direct
 * charges and on the platform for destination charges, so every Terminal call takes the `scope`.
 * Stripe's objects become the port's views here, and stripe-node errors become GatewayError through the
 * shared mapping (`errors.ts`).
 */
import type Stripe from 'stripe';
import type {
  AccountRequirements,
  ApplicationFeeView,
  ConnectedAccountView,
  ConnectGateway,
  PayoutScheduleChange,
  PayoutScheduleView,
  StripeScope,
  TerminalLocationChanges,
  TerminalReaderView,
  TippingConfigInput,
} from '../connect.port.ts';
import { call } from './errors.ts';

const scoped = (scope: StripeScope, idempotencyKey?: string): Stripe.RequestOptions => ({
  ...(scope ? { stripeAccount: scope } : {}),
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

function idOf(value: string | { id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Stripe's `settings.payouts.schedule` in the port's words. */
function toPayoutSchedule(account: Stripe.Account): PayoutScheduleView {
  const schedule = account.settings?.payouts?.schedule;
  return {
    interval: schedule?.interval ?? 'unknown',
    delayDays: schedule?.delay_days ?? null,
    weeklyAnchor: schedule?.weekly_anchor ?? null,
    monthlyAnchor: schedule?.monthly_anchor ?? null,
  };
}

function toRequirements(requirements: Stripe.Account.Requirements | null | undefined): AccountRequirements {
  return {
    pastDue: requirements?.past_due ?? [],
    currentlyDue: requirements?.currently_due ?? [],
    eventuallyDue: requirements?.eventually_due ?? [],
    disabledReason: requirements?.disabled_reason ?? null,
    currentDeadline:
      typeof requirements?.current_deadline === 'number' ? requirements.current_deadline * 1000 : null,
  };
}

function toConnectedAccount(account: Stripe.Account): ConnectedAccountView {
  return {
    id: account.id,
    defaultCurrency: account.default_currency?.toLowerCase() ?? null,
    chargesEnabled: account.charges_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    requirements: toRequirements(account.requirements),
    payoutSchedule: toPayoutSchedule(account),
  };
}

function toPayoutScheduleParams(
  schedule: PayoutScheduleChange,
): Stripe.AccountUpdateParams.Settings.Payouts.Schedule {
  return {
    interval: schedule.interval,
    delay_days: schedule.delayDays,
    ...(schedule.weeklyAnchor !== null ? { weekly_anchor: schedule.weeklyAnchor } : {}),
    ...(schedule.monthlyAnchor !== null ? { monthly_anchor: schedule.monthlyAnchor } : {}),
  };
}

function toLocationUpdateParams(changes: TerminalLocationChanges): Stripe.Terminal.LocationUpdateParams {
  return {
    ...(changes.displayName !== undefined ? { display_name: changes.displayName } : {}),
    // Stripe keeps address sub-fields that are not sent, so line2 is sent empty to clear it unless given.
    ...(changes.address !== undefined ? { address: { line2: '', ...changes.address } } : {}),
    ...(changes.configurationId !== undefined ? { configuration_overrides: changes.configurationId } : {}),
  };
}

function toTippingParams(tipping: TippingConfigInput): Stripe.Terminal.ConfigurationCreateParams.Tipping {
  return {
    [tipping.currency]: {
      ...(tipping.percentages.length > 0 ? { percentages: tipping.percentages } : {}),
      ...(tipping.fixedAmountsMinor.length > 0 ? { fixed_amounts: tipping.fixedAmountsMinor } : {}),
      ...(tipping.smartTipThresholdMinor !== null
        ? { smart_tip_threshold: tipping.smartTipThresholdMinor }
        : {}),
    },
  };
}

function toTerminalReader(reader: Stripe.Terminal.Reader): TerminalReaderView {
  return {
    id: reader.id,
    deviceType: reader.device_type,
    status: reader.status === 'online' ? 'online' : reader.status === 'offline' ? 'offline' : null,
    // Stripe gives a reader's last_seen_at in milliseconds.
    lastSeenAtMs: reader.last_seen_at ?? null,
    busyWith: reader.action?.status === 'in_progress' ? reader.action.type : null,
  };
}

function toApplicationFee(fee: Stripe.ApplicationFee): ApplicationFeeView {
  return {
    id: fee.id,
    amountMinor: fee.amount,
    amountRefundedMinor: fee.amount_refunded,
    currency: fee.currency,
    stripeAccountId: typeof fee.account === 'string' ? fee.account : fee.account.id,
    chargeId: idOf(fee.charge),
    originatingChargeId: idOf(fee.originating_transaction),
    createdAtMs: fee.created * 1000,
  };
}

export function createConnectGateway(stripe: Stripe): ConnectGateway {
  return {
    async createAccount(input, idempotencyKey) {
      const controller: Stripe.AccountCreateParams.Controller =
        input.dashboard === 'express'
          ? {
              fees: { payer: 'application' },
              losses: { payments: 'application' },
              stripe_dashboard: { type: 'express' },
            }
          : { stripe_dashboard: { type: 'full' } };
      const account = await call(() =>
        stripe.accounts.create(
          {
            country: input.country,
            default_currency: input.currency,
            ...(input.email ? { email: input.email } : {}),
            business_profile: {
              name: input.businessName,
              ...(input.merchantCategoryCode ? { mcc: input.merchantCategoryCode } : {}),
            },
            ...(input.businessType ? { business_type: input.businessType } : {}),
            capabilities: Object.fromEntries(input.capabilities.map((name) => [name, { requested: true }])),
            controller,
            metadata: input.metadata,
          },
          { idempotencyKey },
        ),
      );
      return toConnectedAccount(account);
    },

    async retrievePlatformAccountId() {
      return (await call(() => stripe.accounts.retrieveCurrent())).id;
    },

    async retrieveAccount(stripeAccountId) {
      return toConnectedAccount(await call(() => stripe.accounts.retrieve(stripeAccountId)));
    },

    async updatePayoutSchedule(stripeAccountId, schedule, idempotencyKey) {
      const account = await call(() =>
        stripe.accounts.update(
          stripeAccountId,
          { settings: { payouts: { schedule: toPayoutScheduleParams(schedule) } } },
          { idempotencyKey },
        ),
      );
      return toPayoutSchedule(account);
    },

    async createAccountLink(stripeAccountId, urls) {
      const link = await call(() =>
        stripe.accountLinks.create({
          account: stripeAccountId,
          type: 'account_onboarding',
          return_url: urls.returnUrl,
          refresh_url: urls.refreshUrl,
        }),
      );
      return { url: link.url, expiresAtMs: link.expires_at * 1000 };
    },

    async createLoginLink(stripeAccountId) {
      const link = await call(() => stripe.accounts.createLoginLink(stripeAccountId));
      return { url: link.url };
    },

    async createLocation(scope, input, idempotencyKey) {
      const location = await call(() =>
        stripe.terminal.locations.create(
          {
            display_name: input.displayName,
            address: input.address,
            ...(input.configurationId ? { configuration_overrides: input.configurationId } : {}),
            metadata: input.metadata,
          },
          scoped(scope, idempotencyKey),
        ),
      );
      return { id: location.id };
    },

    async updateLocation(scope, stripeLocationId, changes, idempotencyKey) {
      await call(() =>
        stripe.terminal.locations.update(
          stripeLocationId,
          toLocationUpdateParams(changes),
          scoped(scope, idempotencyKey),
        ),
      );
    },

    async saveTippingConfiguration(scope, existingId, tipping, idempotencyKey) {
      if (existingId) {
        const updated = await call(() =>
          stripe.terminal.configurations.update(
            existingId,
            { tipping: tipping ? toTippingParams(tipping) : '' },
            scoped(scope),
          ),
        );
        return updated.id;
      }
      const created = await call(() =>
        stripe.terminal.configurations.create(
          { tipping: tipping ? toTippingParams(tipping) : {} },
          scoped(scope, idempotencyKey),
        ),
      );
      return created.id;
    },

    async registerReader(scope, input, idempotencyKey) {
      const reader = await call(() =>
        stripe.terminal.readers.create(
          {
            registration_code: input.registrationCode,
            label: input.label,
            location: input.stripeLocationId,
          },
          scoped(scope, idempotencyKey),
        ),
      );
      return toTerminalReader(reader);
    },

    async retrieveReader(scope, stripeReaderId) {
      const found = await call(() => stripe.terminal.readers.retrieve(stripeReaderId, {}, scoped(scope)));
      return found.deleted ? null : toTerminalReader(found);
    },

    async updateReaderLabel(scope, stripeReaderId, label) {
      await call(() => stripe.terminal.readers.update(stripeReaderId, { label }, scoped(scope)));
    },

    async deleteReader(scope, stripeReaderId) {
      await call(() => stripe.terminal.readers.del(stripeReaderId, {}, scoped(scope)));
    },

    async listApplicationFees(stripeAccountId, sinceMs) {
      return call(async () => {
        const fees: ApplicationFeeView[] = [];
        const params: Stripe.ApplicationFeeListParams = {
          limit: 100,
          created: { gte: Math.floor(sinceMs / 1000) },
        };
        for await (const fee of stripe.applicationFees.list(params)) {
          const view = toApplicationFee(fee);
          if (stripeAccountId === null || view.stripeAccountId === stripeAccountId) fees.push(view);
        }
        return fees;
      });
    },
  };
}
