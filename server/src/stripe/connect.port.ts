/**
 * ConnectGateway: the port the platform console uses to administer Stripe Connect and Terminal, in our
 * domain's words: connected accounts (status, requirements, payout schedule), onboarding and dashboard
 * links, Terminal locations, configurations (on-reader tipping) and readers, and the platform's
 * application fees. Views carry only what the console reads. The adapter is `adapters/connect.adapter.ts`
 * (Stripe or, unchanged, the embedded emulator). Write calls take idempotency keys derived from our own
 * ids. Every failure is a GatewayError (`payments.port.ts`), mapped once in `adapters/errors.ts`.
 */
import type { PayoutScheduleView } from './reporting.port.ts';

export type { PayoutScheduleView } from './reporting.port.ts';

/**
 * Whose Terminal objects a call touches: a connected account's Stripe id (direct charges) or null for the
 * platform (destination charges).
 */
export type StripeScope = string | null;

export type DashboardType = 'express' | 'full' | 'none';

export interface CreateConnectedAccountInput {
  businessName: string;
  country: string;
  currency: string;
  email: string | null;
  /** `express`: the platform pays fees and carries losses; `full`: the owner's own Stripe Dashboard. */
  dashboard: DashboardType;
  capabilities: ('card_payments' | 'transfers')[];
  metadata: Record<string, string>;
  /** Stripe's `business_type`, when known at creation. */
  businessType?: 'company' | 'individual';
  /** The business's merchant category code (`business_profile.mcc`), e.g. 5814 for cafés. */
  merchantCategoryCode?: string;
}

/** What Stripe still needs from the account, by urgency (Stripe's requirement field paths). */
export interface AccountRequirements {
  /** Overdue: charges or payouts are disabled until they are provided. */
  pastDue: string[];
  /** Needed now. */
  currentlyDue: string[];
  /** Needed later, e.g. past a volume threshold. */
  eventuallyDue: string[];
  /** Why Stripe disabled the account (e.g. `requirements.past_due`), or null. */
  disabledReason: string | null;
  /** When the currently due requirements must be provided (epoch ms, Stripe's `current_deadline`), or null. */
  currentDeadline: number | null;
}

export interface ConnectedAccountView {
  id: string;
  /** Lower-case ISO currency, or null when Stripe has not settled one. */
  defaultCurrency: string | null;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  payoutsEnabled: boolean;
  requirements: AccountRequirements;
  payoutSchedule: PayoutScheduleView;
}

/** A whole payout schedule to set; Stripe checks the delay against the account's country minimum. */
export interface PayoutScheduleChange {
  interval: 'manual' | 'daily' | 'weekly' | 'monthly';
  /** Days from charge to payout, or `minimum` for the country's minimum. */
  delayDays: number | 'minimum';
  /** For weekly payouts only, e.g. `friday`. */
  weeklyAnchor: string | null;
  /** For monthly payouts only: the day of the month (1–31). */
  monthlyAnchor: number | null;
}

export interface AccountLinkView {
  url: string;
  expiresAtMs: number;
}

export interface LoginLinkView {
  url: string;
}

/** A Terminal location's postal address: Stripe's field names (`line1`, `postal_code`, …), no empty values. */
export type TerminalAddress = { country: string } & Record<string, string>;

export interface CreateTerminalLocationInput {
  displayName: string;
  address: TerminalAddress;
  /** The Terminal configuration its readers use (on-reader tipping), or null for the account's default. */
  configurationId: string | null;
  metadata: Record<string, string>;
}

/** Fields to change on a Terminal location; absent fields stay as they are. */
export interface TerminalLocationChanges {
  displayName?: string;
  /** Replaces the whole address: fields it lacks (e.g. a second line) are cleared. */
  address?: TerminalAddress;
  configurationId?: string;
}

export interface TerminalLocationView {
  id: string;
}

export interface TippingConfigInput {
  currency: string;
  percentages: number[];
  fixedAmountsMinor: number[];
  smartTipThresholdMinor: number | null;
}

export interface TerminalReaderView {
  id: string;
  /** E.g. `simulated_wisepos_e`, `stripe_s700`. */
  deviceType: string;
  /** Null when Stripe does not say. */
  status: 'online' | 'offline' | null;
  lastSeenAtMs: number | null;
  /** The type of the action the reader is carrying out (e.g. `process_payment_intent`), or null when idle. */
  busyWith: string | null;
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

export interface ConnectGateway {
  createAccount(input: CreateConnectedAccountInput, idempotencyKey: string): Promise<ConnectedAccountView>;
  /** The platform's own Stripe account id. */
  retrievePlatformAccountId(): Promise<string>;
  retrieveAccount(stripeAccountId: string): Promise<ConnectedAccountView>;
  /** Replaces the account's payout schedule; answers the schedule Stripe stored. */
  updatePayoutSchedule(
    stripeAccountId: string,
    schedule: PayoutScheduleChange,
    idempotencyKey: string,
  ): Promise<PayoutScheduleView>;
  /** A hosted onboarding link; Stripe sends the browser to `returnUrl`, or `refreshUrl` once it expired. */
  createAccountLink(
    stripeAccountId: string,
    urls: { returnUrl: string; refreshUrl: string },
  ): Promise<AccountLinkView>;
  /** An Express Dashboard sign-in link (Express accounts only). */
  createLoginLink(stripeAccountId: string): Promise<LoginLinkView>;

  createLocation(
    scope: StripeScope,
    input: CreateTerminalLocationInput,
    idempotencyKey: string,
  ): Promise<TerminalLocationView>;
  updateLocation(
    scope: StripeScope,
    stripeLocationId: string,
    changes: TerminalLocationChanges,
    idempotencyKey?: string,
  ): Promise<void>;
  /**
   * Creates (no `existingId`) or updates the Terminal configuration holding a location's tipping; null
   * `tipping` clears it. Answers the configuration's id.
   */
  saveTippingConfiguration(
    scope: StripeScope,
    existingId: string | null,
    tipping: TippingConfigInput | null,
    idempotencyKey: string,
  ): Promise<string>;

  registerReader(
    scope: StripeScope,
    input: { registrationCode: string; label: string; stripeLocationId: string },
    idempotencyKey: string,
  ): Promise<TerminalReaderView>;
  /** The reader's live state, or null when it was deleted at Stripe. */
  retrieveReader(scope: StripeScope, stripeReaderId: string): Promise<TerminalReaderView | null>;
  updateReaderLabel(scope: StripeScope, stripeReaderId: string, label: string): Promise<void>;
  deleteReader(scope: StripeScope, stripeReaderId: string): Promise<void>;

  /**
   * Every application fee the platform collected since `sinceMs` (by Stripe's `created`), from one
   * connected account or (null) from all of them.
   */
  listApplicationFees(stripeAccountId: string | null, sinceMs: number): Promise<ApplicationFeeView[]>;
}
