/**
 * The platform console's port to Stripe Connect and Terminal administration, over stripe-node (Stripe or
 * the emulator): connected accounts and their payout schedule, account links, login links, Terminal
 * locations, configurations (tipping), readers, and application fees. Write calls carry idempotency keys derived from our own ids.
 * Objects live on the connected account for direct charges and on the platform for destination charges,
 * so every Terminal call takes the `scope` (a `Stripe-Account` id, or null for the platform).
 * Stripe errors become AppErrors: invalid requests keep Stripe's message (400 invalid_request), network
 * failures are 503 stripe_unavailable, anything else 502 stripe_error.
 */
import type Stripe from 'stripe';
import { AppError } from '../errors.ts';

/** `Stripe-Account` to act as, or null to act as the platform. */
export type StripeScope = string | null;

export type DashboardType = 'express' | 'full' | 'none';

export interface CreateConnectedAccountInput {
  businessName: string;
  country: string;
  currency: string;
  email: string | null;
  dashboard: DashboardType;
  capabilities: ('card_payments' | 'transfers')[];
  metadata: Record<string, string>;
}

export interface TippingConfigInput {
  currency: string;
  percentages: number[];
  fixedAmountsMinor: number[];
  smartTipThresholdMinor: number | null;
}

export interface ApplicationFeeView {
  id: string;
  amountMinor: number;
  amountRefundedMinor: number;
  currency: string;
  /** Connected account the fee came from. */
  stripeAccountId: string;
  chargeId: string | null;
  /** The platform charge a destination charge's fee came from (`originating_transaction`); null otherwise. */
  originatingChargeId: string | null;
  createdAtMs: number;
}

/** stripe-node's error class name (`StripeInvalidRequestError`, …) without loading the SDK here. */
function stripeErrorType(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('type' in error)) return null;
  return typeof error.type === 'string' ? error.type : null;
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const type = stripeErrorType(error);
  const message = error instanceof Error ? error.message : String(error);
  if (type === 'StripeInvalidRequestError' || type === 'StripeCardError') {
    return new AppError('invalid_request', `Stripe refused the request: ${message}`, { cause: error });
  }
  if (type === 'StripeConnectionError') {
    return new AppError('stripe_unavailable', 'Stripe could not be reached. Try again in a moment.', {
      cause: error,
    });
  }
  return new AppError('stripe_error', 'Stripe returned an unexpected error. Try again.', { cause: error });
}

async function call<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toAppError(error);
  }
}

const scoped = (scope: StripeScope, idempotencyKey?: string): Stripe.RequestOptions => ({
  ...(scope ? { stripeAccount: scope } : {}),
  ...(idempotencyKey ? { idempotencyKey } : {}),
});

export function createConnectGateway(stripe: Stripe) {
  return {
    createAccount(input: CreateConnectedAccountInput, idempotencyKey: string): Promise<Stripe.Account> {
      const controller: Stripe.AccountCreateParams.Controller =
        input.dashboard === 'express'
          ? {
              fees: { payer: 'application' },
              losses: { payments: 'application' },
              stripe_dashboard: { type: 'express' },
            }
          : { stripe_dashboard: { type: 'full' } };
      return call(() =>
        stripe.accounts.create(
          {
            country: input.country,
            default_currency: input.currency,
            ...(input.email ? { email: input.email } : {}),
            business_profile: { name: input.businessName },
            capabilities: Object.fromEntries(input.capabilities.map((name) => [name, { requested: true }])),
            controller,
            metadata: input.metadata,
          },
          { idempotencyKey },
        ),
      );
    },
    retrieveAccount(stripeAccountId: string): Promise<Stripe.Account> {
      return call(() => stripe.accounts.retrieve(stripeAccountId));
    },
    /** Replaces the connected account's payout schedule (`settings.payouts.schedule`). */
    updatePayoutSchedule(
      stripeAccountId: string,
      schedule: Stripe.AccountUpdateParams.Settings.Payouts.Schedule,
      idempotencyKey: string,
    ): Promise<Stripe.Account> {
      return call(() =>
        stripe.accounts.update(stripeAccountId, { settings: { payouts: { schedule } } }, { idempotencyKey }),
      );
    },
    createAccountLink(
      stripeAccountId: string,
      urls: { returnUrl: string; refreshUrl: string },
    ): Promise<Stripe.AccountLink> {
      return call(() =>
        stripe.accountLinks.create({
          account: stripeAccountId,
          type: 'account_onboarding',
          return_url: urls.returnUrl,
          refresh_url: urls.refreshUrl,
        }),
      );
    },
    createLoginLink(stripeAccountId: string): Promise<Stripe.LoginLink> {
      return call(() => stripe.accounts.createLoginLink(stripeAccountId));
    },

    createLocation(
      scope: StripeScope,
      params: Stripe.Terminal.LocationCreateParams,
      idempotencyKey: string,
    ): Promise<Stripe.Terminal.Location> {
      return call(() => stripe.terminal.locations.create(params, scoped(scope, idempotencyKey)));
    },
    updateLocation(
      scope: StripeScope,
      id: string,
      params: Stripe.Terminal.LocationUpdateParams,
      idempotencyKey?: string,
    ): Promise<Stripe.Terminal.Location | Stripe.Terminal.DeletedLocation> {
      return call(() => stripe.terminal.locations.update(id, params, scoped(scope, idempotencyKey)));
    },

    /** Creates or updates the Terminal configuration holding a location's tipping; returns its id. */
    async saveTippingConfiguration(
      scope: StripeScope,
      existingId: string | null,
      tipping: TippingConfigInput | null,
      idempotencyKey: string,
    ): Promise<string> {
      const tippingParam: Stripe.Terminal.ConfigurationCreateParams.Tipping = tipping
        ? {
            [tipping.currency]: {
              ...(tipping.percentages.length > 0 ? { percentages: tipping.percentages } : {}),
              ...(tipping.fixedAmountsMinor.length > 0 ? { fixed_amounts: tipping.fixedAmountsMinor } : {}),
              ...(tipping.smartTipThresholdMinor !== null
                ? { smart_tip_threshold: tipping.smartTipThresholdMinor }
                : {}),
            },
          }
        : {};
      if (existingId) {
        const updated = await call(() =>
          stripe.terminal.configurations.update(
            existingId,
            { tipping: tipping ? tippingParam : '' },
            scoped(scope),
          ),
        );
        return updated.id;
      }
      const created = await call(() =>
        stripe.terminal.configurations.create({ tipping: tippingParam }, scoped(scope, idempotencyKey)),
      );
      return created.id;
    },

    registerReader(
      scope: StripeScope,
      params: { registrationCode: string; label: string; location: string },
      idempotencyKey: string,
    ): Promise<Stripe.Terminal.Reader> {
      return call(() =>
        stripe.terminal.readers.create(
          { registration_code: params.registrationCode, label: params.label, location: params.location },
          scoped(scope, idempotencyKey),
        ),
      );
    },
    retrieveReader(
      scope: StripeScope,
      id: string,
    ): Promise<Stripe.Terminal.Reader | Stripe.Terminal.DeletedReader> {
      return call(() => stripe.terminal.readers.retrieve(id, {}, scoped(scope)));
    },
    updateReaderLabel(scope: StripeScope, id: string, label: string) {
      return call(() => stripe.terminal.readers.update(id, { label }, scoped(scope)));
    },
    deleteReader(scope: StripeScope, id: string): Promise<Stripe.Terminal.DeletedReader> {
      return call(() => stripe.terminal.readers.del(id, {}, scoped(scope)));
    },

    /** Every application fee the platform collected from `stripeAccountId` since `sinceMs` (all pages). */
    async listApplicationFees(
      stripeAccountId: string | null,
      sinceMs: number,
    ): Promise<ApplicationFeeView[]> {
      return call(async () => {
        const fees: ApplicationFeeView[] = [];
        const params: Stripe.ApplicationFeeListParams = {
          limit: 100,
          created: { gte: Math.floor(sinceMs / 1000) },
        };
        for await (const fee of stripe.applicationFees.list(params)) {
          const account = typeof fee.account === 'string' ? fee.account : fee.account.id;
          if (stripeAccountId !== null && account !== stripeAccountId) continue;
          fees.push({
            id: fee.id,
            amountMinor: fee.amount,
            amountRefundedMinor: fee.amount_refunded,
            currency: fee.currency,
            stripeAccountId: account,
            chargeId: typeof fee.charge === 'string' ? fee.charge : (fee.charge?.id ?? null),
            originatingChargeId:
              typeof fee.originating_transaction === 'string'
                ? fee.originating_transaction
                : (fee.originating_transaction?.id ?? null),
            createdAtMs: fee.created * 1000,
          });
        }
        return fees;
      });
    },
  };
}

export type ConnectGateway = ReturnType<typeof createConnectGateway>;
