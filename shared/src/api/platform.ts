import { z } from 'zod';
import { AmountMinorSchema } from './amount.ts';
import { ChargeTypeSchema, StaffRoleSchema } from './auth.ts';
import { PIN_PATTERN } from './auth-constants.ts';

/**
 * Platform console contract (`/api/platform/*`, platform admins only): connected accounts and onboarding,
 * locations with tipping, registers, readers, staff, fee plans with a preview, fees earned, risk limits
 * and the audit log. Money is integer minor units of the account's currency.
 */

const CapabilitySchema = z.enum(['card_payments', 'transfers']);
export type Capability = z.infer<typeof CapabilitySchema>;

export const AccountIdParamSchema = z.object({ accountId: z.string().min(1).max(64) });

/** `POST /api/platform/accounts`. Country rules (available / preview / refused) are checked by the server. */
export const CreateAccountBodySchema = z.object({
  businessName: z.string().trim().min(1, 'a business name').max(100),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter country code like US')
    .transform((code) => code.toUpperCase()),
  /** Defaults to the country's currency. */
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'a three-letter currency code')
    .transform((code) => code.toLowerCase())
    .optional(),
  chargeType: ChargeTypeSchema,
  capabilities: z.array(CapabilitySchema).min(1).default(['card_payments', 'transfers']),
  /** Required (true) for Connect preview countries. */
  previewAcknowledged: z.boolean().default(false),
  email: z.string().trim().email().max(254).optional(),
});
export type CreateAccountBody = z.input<typeof CreateAccountBodySchema>;

export const FeePlanSchema = z
  .object({
    bps: z.number().int().min(0, 'fees cannot be negative').max(10_000, 'at most 10 000 bps (100 %)'),
    fixedMinor: z.number().int().min(0, 'fees cannot be negative').max(99_999_999),
    minMinor: z.number().int().min(0, 'fees cannot be negative').max(99_999_999),
    maxMinor: z.number().int().min(0, 'fees cannot be negative').max(99_999_999).nullable(),
  })
  .refine((plan) => plan.maxMinor === null || plan.maxMinor >= plan.minMinor, {
    message: 'the maximum fee must be at least the minimum fee',
    path: ['maxMinor'],
  });
export type FeePlanDto = z.infer<typeof FeePlanSchema>;

export const RiskLimitsSchema = z.object({
  /** Largest single sale (total before tip), or null for no limit. */
  maxSaleMinor: AmountMinorSchema.refine((n) => n > 0, 'a positive amount').nullable(),
  /** Largest total of sales per local day at a location's time zone, or null for no limit. */
  maxDailyMinor: z.number().int().positive().max(1_000_000_000_000).nullable(),
});
export type RiskLimits = z.infer<typeof RiskLimitsSchema>;

/** `disconnected` and `rejected`: the platform lost the account (see `standing`); the others follow onboarding. */
const AccountStatusSchema = z.enum([
  'onboarding',
  'in_review',
  'restricted',
  'active',
  'disconnected',
  'rejected',
]);

/**
 * Whether the platform still has the account, when it lost it and why: `disconnected` (the owner removed the
 * platform's access in Stripe — `deauthorized` — or Stripe refuses access — `access_revoked`) or `rejected`
 * (Stripe's `rejected.*` reason). `text` says it in one sentence, null while connected.
 */
const AccountStandingSchema = z.object({
  connection: z.enum(['connected', 'disconnected', 'rejected']),
  disconnectedAt: z.string().nullable(),
  disconnectedReason: z.enum(['deauthorized', 'access_revoked']).nullable(),
  rejectedAt: z.string().nullable(),
  rejectedReason: z.string().nullable(),
  text: z.string().nullable(),
});
export type AccountStandingDto = z.infer<typeof AccountStandingSchema>;

const PlatformAccountSchema = z.object({
  id: z.string(),
  stripeAccountId: z.string(),
  businessName: z.string(),
  country: z.string(),
  currency: z.string(),
  chargeType: ChargeTypeSchema,
  dashboardType: z.enum(['express', 'full', 'none']),
  status: AccountStatusSchema,
  statusText: z.string(),
  chargesEnabled: z.boolean(),
  payoutsEnabled: z.boolean(),
  detailsSubmitted: z.boolean(),
  /** Why the counter cannot sell for this account, or null. */
  cannotChargeReason: z.string().nullable(),
  standing: AccountStandingSchema,
  disabledReason: z.string().nullable(),
  requirements: z.array(
    z.object({
      field: z.string(),
      description: z.string(),
      /** Stripe's category: past due (overdue), currently due (by `deadline`), eventually due (later). */
      due: z.enum(['past_due', 'currently_due', 'eventually_due']),
      /** ISO instant a currently due requirement must be provided by (Stripe's `current_deadline`), or null. */
      deadline: z.string().nullable(),
    }),
  ),
  /** Stripe's `requirements.current_deadline` as an ISO instant: the date the currently due items are due. */
  currentDeadline: z.string().nullable(),
  feePlan: FeePlanSchema,
  riskLimits: RiskLimitsSchema,
  tipping: z.object({ enabled: z.boolean(), percentages: z.array(z.number()) }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PlatformAccount = z.infer<typeof PlatformAccountSchema>;

export const AccountResponseSchema = z.object({ account: PlatformAccountSchema });

// Payout schedule -------------------------------------------------------------------------------

export const PAYOUT_INTERVALS = ['manual', 'daily', 'weekly', 'monthly'] as const;
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

/**
 * `PUT /api/platform/accounts/:accountId/payout-schedule`: the connected account's whole payout schedule
 * (Stripe's `settings.payouts.schedule`). `weeklyAnchor` is required with, and only with, `weekly`;
 * `monthlyAnchor` (1–31; 29–31 pay on the last day of shorter months) with, and only with, `monthly`.
 * `delayDays` omitted means the country's minimum; Stripe refuses a delay below that minimum.
 */
export const PayoutScheduleBodySchema = z
  .object({
    interval: z.enum(PAYOUT_INTERVALS),
    delayDays: z.number().int().min(0, 'a delay of 0 days or more').max(365, 'at most 365 days').optional(),
    weeklyAnchor: z.enum(WEEKDAYS).optional(),
    monthlyAnchor: z.number().int().min(1, 'a day from 1 to 31').max(31, 'a day from 1 to 31').optional(),
  })
  .superRefine((body, ctx) => {
    if (body.interval === 'weekly' && body.weeklyAnchor === undefined) {
      ctx.addIssue({ code: 'custom', path: ['weeklyAnchor'], message: 'a weekly schedule needs a weekday' });
    }
    if (body.interval !== 'weekly' && body.weeklyAnchor !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['weeklyAnchor'],
        message: 'a weekday applies to weekly payouts only',
      });
    }
    if (body.interval === 'monthly' && body.monthlyAnchor === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['monthlyAnchor'],
        message: 'a monthly schedule needs a day of the month',
      });
    }
    if (body.interval !== 'monthly' && body.monthlyAnchor !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['monthlyAnchor'],
        message: 'a day of the month applies to monthly payouts only',
      });
    }
  });
export type PayoutScheduleBody = z.infer<typeof PayoutScheduleBodySchema>;

/** The schedule as Stripe reports it (interval is Stripe's string; anchors only for their interval). */
const PayoutScheduleSchema = z.object({
  interval: z.string(),
  delayDays: z.number().nullable(),
  weeklyAnchor: z.string().nullable(),
  monthlyAnchor: z.number().nullable(),
});
export type PayoutSchedule = z.infer<typeof PayoutScheduleSchema>;
export const PayoutScheduleResponseSchema = z.object({ schedule: PayoutScheduleSchema });

export const AccountListResponseSchema = z.object({ accounts: z.array(PlatformAccountSchema) });

export const LinkResponseSchema = z.object({ url: z.string(), expiresAt: z.string().nullable() });

export const OnboardingQuerySchema = z.object({ account: z.string().min(1).max(64) });

// Locations --------------------------------------------------------------------------------------

const AddressSchema = z.object({
  line1: z.string().trim().max(200).optional(),
  line2: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  state: z.string().trim().max(100).optional(),
  postal_code: z.string().trim().max(20).optional(),
});
export type Address = z.infer<typeof AddressSchema>;

/** On-reader tipping (applied through a Terminal configuration on the location). */
const LocationTippingSchema = z
  .object({
    /** Up to 3 suggested percentages, e.g. [15, 18, 20]. */
    percentages: z.array(z.number().int().min(1).max(100)).max(3).default([]),
    /** Up to 3 suggested fixed tips in minor units (used below the smart-tip threshold). */
    fixedAmountsMinor: z
      .array(AmountMinorSchema.refine((n) => n > 0, 'a positive amount'))
      .max(3)
      .default([]),
    /** Below this amount the reader offers the fixed amounts instead of percentages. */
    smartTipThresholdMinor: AmountMinorSchema.nullable().default(null),
  })
  .refine((t) => t.percentages.length > 0 || t.fixedAmountsMinor.length > 0, {
    message: 'give at least one tip percentage or fixed amount',
    path: ['percentages'],
  });
export type LocationTipping = z.infer<typeof LocationTippingSchema>;

export const CreateLocationBodySchema = z.object({
  name: z.string().trim().min(1, 'a name').max(100),
  address: AddressSchema,
  timeZone: z.string().min(1).max(64),
  /** Sales tax added at the counter, in basis points. */
  taxRateBps: z.number().int().min(0).max(10_000).default(0),
  tipping: LocationTippingSchema.nullable().default(null),
});
export type CreateLocationBody = z.input<typeof CreateLocationBodySchema>;

/**
 * `PATCH /api/platform/accounts/:accountId/locations/:locationId`: rename, re-address or change the time
 * zone. `address` replaces the whole address and is checked by the account country's rules; a location's
 * country cannot change (Stripe refuses it), so `address.country`, if given, must be the account's.
 */
export const UpdateLocationBodySchema = z
  .object({
    name: z.string().trim().min(1, 'a name').max(100).optional(),
    address: AddressSchema.extend({
      country: z
        .string()
        .regex(/^[A-Za-z]{2}$/, 'a two-letter country code like US')
        .transform((code) => code.toUpperCase())
        .optional(),
    }).optional(),
    timeZone: z.string().min(1).max(64).optional(),
  })
  .refine((body) => body.name !== undefined || body.address !== undefined || body.timeZone !== undefined, {
    message: 'give a name, an address or a time zone to change',
  });
export type UpdateLocationBody = z.input<typeof UpdateLocationBodySchema>;

export const UpdateLocationTippingBodySchema = z.object({ tipping: LocationTippingSchema.nullable() });

export const PlatformLocationSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  stripeLocationId: z.string().nullable(),
  name: z.string(),
  timeZone: z.string(),
  address: z.record(z.string(), z.string()),
  taxRateBps: z.number(),
  tipping: z
    .object({
      percentages: z.array(z.number()),
      fixedAmountsMinor: z.array(z.number()),
      smartTipThresholdMinor: z.number().nullable(),
    })
    .nullable(),
  terminalConfigurationId: z.string().nullable(),
});
export type PlatformLocation = z.infer<typeof PlatformLocationSchema>;

export const LocationIdParamSchema = AccountIdParamSchema.extend({ locationId: z.string().min(1).max(64) });

// Registers ----------------------------------------------------------------------------------------

export const CreateRegisterBodySchema = z.object({
  name: z.string().trim().min(1, 'a name').max(100),
  locationId: z.string().min(1).max(64),
  /** The register's short name, e.g. MISSION-3 (not a secret: devices pair with one-time pairing codes). */
  code: z
    .string()
    .trim()
    .transform((code) => code.toUpperCase())
    .pipe(
      z.string().regex(/^[A-Z0-9][A-Z0-9-]{0,31}$/, 'a code of letters, digits and dashes like MISSION-3'),
    ),
});

export const PlatformRegisterSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  locationId: z.string(),
  revoked: z.boolean(),
  createdAt: z.string(),
  /** Devices currently paired with the register (each signs staff in until unpaired). */
  pairedDevices: z.number(),
});
export type PlatformRegister = z.infer<typeof PlatformRegisterSchema>;

/**
 * `POST …/registers/:registerId/pairing-code` (platform admin, or the merchant owner): a one-time code to
 * type on the device to pair, shown once (only its hash is kept), valid 24 hours.
 */
export const PairingCodeResponseSchema = z.object({
  pairingCode: z.object({
    registerId: z.string(),
    /** `7KQ4-M2XH`. */
    code: z.string(),
    expiresAt: z.string(),
  }),
});
export type PairingCodeResponse = z.infer<typeof PairingCodeResponseSchema>;
export const RegisterIdParamSchema = AccountIdParamSchema.extend({ registerId: z.string().min(1).max(64) });

// Readers --------------------------------------------------------------------------------------------

export const SIMULATED_REGISTRATION_CODES = ['simulated-wpe', 'simulated-s700', 'simulated-s710'] as const;

export const RegisterReaderBodySchema = z.object({
  registrationCode: z.string().trim().min(1).max(100),
  label: z.string().trim().min(1, 'a label').max(100),
  locationId: z.string().min(1).max(64),
  integration: z.enum(['js_sdk', 'server_driven']),
});

export const UpdateReaderBodySchema = z.object({
  label: z.string().trim().min(1).max(100).optional(),
  /** Move to another location of the same account. */
  locationId: z.string().min(1).max(64).optional(),
});

export const PlatformReaderSchema = z.object({
  id: z.string(),
  stripeReaderId: z.string(),
  label: z.string(),
  deviceType: z.string(),
  integration: z.enum(['js_sdk', 'server_driven']),
  locationId: z.string(),
  /** Live from Stripe; null when Stripe could not be asked. */
  status: z.enum(['online', 'offline']).nullable(),
  lastSeenAt: z.string().nullable(),
  /** The action the reader is busy with (e.g. process_payment_intent), or null. */
  busyWith: z.string().nullable(),
  /** Code of the register whose unfinished sale is using the reader, or null. */
  heldByRegister: z.string().nullable(),
});
export type PlatformReader = z.infer<typeof PlatformReaderSchema>;
export const ReaderIdParamSchema = AccountIdParamSchema.extend({ readerId: z.string().min(1).max(64) });

// Staff ------------------------------------------------------------------------------------------------

export const CreateStaffBodySchema = z.object({
  displayName: z.string().trim().min(1, 'a name').max(60),
  role: StaffRoleSchema,
  pin: z.string().regex(PIN_PATTERN, 'a PIN of 4 to 8 digits'),
  locationIds: z.array(z.string().min(1).max(64)).min(1, 'at least one location'),
});

export const UpdateStaffBodySchema = z.object({
  role: StaffRoleSchema.optional(),
  pin: z.string().regex(PIN_PATTERN, 'a PIN of 4 to 8 digits').optional(),
  locationIds: z.array(z.string().min(1).max(64)).min(1, 'at least one location').optional(),
  active: z.boolean().optional(),
});

export const PlatformStaffSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  role: StaffRoleSchema,
  active: z.boolean(),
  locationIds: z.array(z.string()),
});
export type PlatformStaff = z.infer<typeof PlatformStaffSchema>;
export const StaffIdParamSchema = AccountIdParamSchema.extend({ staffId: z.string().min(1).max(64) });

// Fees ------------------------------------------------------------------------------------------------------

export const FeePreviewBodySchema = z.object({
  plan: FeePlanSchema,
  /** Sample sale totals; defaults to a spread for the currency. */
  amountsMinor: z.array(AmountMinorSchema).max(20).optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/)
    .optional(),
});

export const FeePreviewResponseSchema = z.object({
  currency: z.string(),
  rows: z.array(z.object({ amountMinor: z.number(), feeMinor: z.number() })),
});
export type FeePreviewResponse = z.infer<typeof FeePreviewResponseSchema>;

export const FeesEarnedQuerySchema = z.object({
  period: z.enum(['day', 'month']).default('day'),
  /** ISO date (inclusive) the report starts at; defaults to 90 days ago. */
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

const FeesEarnedRowSchema = z.object({
  /** `2026-03-08` (day) or `2026-03` (month), in the report's `timeZone` (UTC). */
  period: z.string(),
  accountId: z.string(),
  businessName: z.string(),
  currency: z.string(),
  feesCount: z.number(),
  collectedMinor: z.number(),
  refundedMinor: z.number(),
  netMinor: z.number(),
});
export type FeesEarnedRow = z.infer<typeof FeesEarnedRowSchema>;

export const FeesEarnedResponseSchema = z.object({
  period: z.enum(['day', 'month']),
  /**
   * The zone the days and months are counted in: the platform's chosen zone for platform-wide views,
   * `UTC` (Stripe's fee ledger is kept per UTC day, the same for every account and location).
   */
  timeZone: z.literal('UTC'),
  /** Newest period first; within a period by business name, then currency. */
  rows: z.array(FeesEarnedRowSchema),
  /** Sums per currency over the whole range (net = collected − refunded). */
  totals: z.array(
    z.object({
      currency: z.string(),
      feesCount: z.number(),
      collectedMinor: z.number(),
      refundedMinor: z.number(),
      netMinor: z.number(),
    }),
  ),
  /** Our sales whose recorded fee differs from Stripe's application fee (reconciliation). */
  mismatches: z.array(
    z.object({ saleId: z.string(), recordedFeeMinor: z.number(), stripeFeeMinor: z.number().nullable() }),
  ),
  /**
   * Whether this report could check Stripe's application fees just now. When Stripe cannot be reached the
   * report still answers from the fees our sales recorded, checked against Stripe up to `checkedThrough`.
   */
  stripeSync: z.object({ ok: z.boolean(), checkedThrough: z.string().nullable() }),
});
export type FeesEarnedResponse = z.infer<typeof FeesEarnedResponseSchema>;

// Audit -------------------------------------------------------------------------------------------------------

const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  /** Who, as recorded: a console user's e-mail, or `system` / `stripe` for automatic changes. */
  actor: z.string(),
  /** Who, in words: the e-mail, or "Countertop" / "Stripe". */
  actorName: z.string(),
  accountId: z.string().nullable(),
  /** The account's business name (null: platform-wide, or an account no longer found). */
  accountName: z.string().nullable(),
  action: z.string(),
  /** What was changed, as `<kind> <id>` (e.g. `location loc_…`). */
  target: z.string(),
  /** What was changed, in words: its current name, else the one the entry recorded (null: unknown). */
  targetName: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntryDto = z.infer<typeof AuditEntrySchema>;
export const AuditLogResponseSchema = z.object({ entries: z.array(AuditEntrySchema) });

// Outbox ------------------------------------------------------------------------------------------------------

/**
 * `GET /api/platform/outbox` (platform admin): where outgoing mail goes, and — without SMTP_URL — the mail
 * the server kept instead of sending (owner invitations with their one-time link, e-mailed receipts),
 * newest first, kept 7 days.
 */
export const OutboxResponseSchema = z.object({
  /** `smtp` (SMTP_URL is set: nothing is kept here), `outbox`, or `memory` (tests). */
  delivery: z.enum(['smtp', 'outbox', 'memory']),
  description: z.string(),
  messages: z.array(
    z.object({
      id: z.string(),
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      createdAt: z.string(),
    }),
  ),
});
export type OutboxResponse = z.infer<typeof OutboxResponseSchema>;
