// The Connect Account object as pure functions (no store, no events): building a new account, its
// `controller` from the `controller` params or the legacy `type`, the derived `type`, applying create / update
// params, the state after onboarding, and the Capability view of `account.capabilities`. Requested
// capabilities are `inactive` until onboarding completes, then `active`.
import type Stripe from 'stripe';
import { z } from 'zod';
import { invalidRequest } from '../core/errors.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { p } from '../core/params.ts';
import { applySchedule, scheduleParams } from './account-payout-schedule.ts';

const ONBOARDING_REQUIREMENTS = [
  'business_profile.mcc',
  'business_profile.url',
  'business_type',
  'external_account',
  'representative.dob.day',
  'representative.dob.month',
  'representative.dob.year',
  'representative.email',
  'representative.first_name',
  'representative.last_name',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

const capabilityRequest = p.obj({ requested: p.bool().optional() });
const settingsParams = p.obj({
  payouts: p
    .obj({
      schedule: scheduleParams.optional(),
      statement_descriptor: p.str().optional(),
      debit_negative_balances: p.bool().optional(),
    })
    .optional(),
  dashboard: p.obj({ display_name: p.str().optional(), timezone: p.str().optional() }).optional(),
  payments: p.obj({ statement_descriptor: p.str().optional() }).optional(),
});
const businessProfileParams = p.obj({
  name: p.emptyable(p.str()).optional(),
  url: p.emptyable(p.str()).optional(),
  mcc: p.emptyable(p.str()).optional(),
  product_description: p.emptyable(p.str()).optional(),
  support_email: p.emptyable(p.str()).optional(),
  support_phone: p.emptyable(p.str()).optional(),
});
/** Params that create and update both take. */
export const commonAccountParams = {
  email: p.emptyable(p.str()).optional(),
  business_type: p.enum(['company', 'government_entity', 'individual', 'non_profit']).optional(),
  business_profile: businessProfileParams.optional(),
  capabilities: z.record(z.string(), capabilityRequest).optional(),
  default_currency: p.str().optional(),
  metadata: p.metadata().optional(),
  settings: settingsParams.optional(),
  tos_acceptance: p
    .obj({
      date: p.int().optional(),
      ip: p.str().optional(),
      service_agreement: p.enum(['full', 'recipient']).optional(),
    })
    .optional(),
};

function deriveType(c: Stripe.Account.Controller): Stripe.Account.Type {
  const dash = c.stripe_dashboard?.type;
  if (
    c.type === 'account' ||
    (dash === 'full' && c.fees?.payer === 'account' && c.losses?.payments === 'stripe')
  )
    return 'standard';
  if (dash === 'express' && c.requirement_collection === 'stripe') return 'express';
  if (dash === 'none' && c.requirement_collection === 'application') return 'custom';
  return 'none';
}

/** Requirements with `due` currently due and past due (an Account's and a Capability's have this shape). */
function requirements(due: string[]): Stripe.Account.Requirements & Stripe.Capability.Requirements {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: due,
    disabled_reason: due.length > 0 ? 'requirements.past_due' : null,
    errors: [],
    eventually_due: due,
    past_due: due,
    pending_verification: [],
  };
}

/** A new Account: enabled (onboarded) or with every onboarding requirement past due. */
export function buildAccount(
  id: string,
  created: number,
  opts: {
    country: string;
    email: string | null;
    controller: Stripe.Account.Controller;
    capabilities: Record<string, string>;
    defaultCurrency: string;
    enabled: boolean;
  },
): Stripe.Account {
  const due = opts.enabled ? [] : ONBOARDING_REQUIREMENTS;
  return {
    id,
    object: 'account',
    business_profile: {
      annual_revenue: null,
      estimated_worker_count: null,
      mcc: null,
      minority_owned_business_designation: null,
      monthly_estimated_revenue: { amount: 0, currency: opts.defaultCurrency },
      name: null,
      product_description: null,
      specified_commercial_transactions_act_url: null,
      support_address: null,
      support_email: null,
      support_phone: null,
      support_url: null,
      url: null,
    },
    business_type: null,
    capabilities: opts.capabilities,
    charges_enabled: opts.enabled,
    controller: opts.controller,
    country: opts.country,
    created,
    default_currency: opts.defaultCurrency,
    details_submitted: opts.enabled,
    email: opts.email,
    external_accounts: {
      object: 'list',
      data: [],
      has_more: false,
      url: `/v1/accounts/${id}/external_accounts`,
    },
    future_requirements: requirements([]),
    metadata: {},
    payouts_enabled: opts.enabled,
    requirements: requirements(due),
    settings: {
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_payments: {
        decline_on: { avs_failure: false, cvc_failure: false },
        statement_descriptor_prefix: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      dashboard: { display_name: null, timezone: 'Etc/UTC' },
      payments: {
        statement_descriptor: null,
        statement_descriptor_kana: null,
        statement_descriptor_kanji: null,
        statement_descriptor_prefix_kana: null,
        statement_descriptor_prefix_kanji: null,
      },
      payouts: {
        debit_negative_balances: true,
        schedule: { delay_days: 2, interval: 'daily' },
        statement_descriptor: null,
      },
    },
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type: deriveType(opts.controller),
  };
}

export const controllerParams = p.obj({
  fees: p.obj({ payer: p.enum(['account', 'application']).optional() }).optional(),
  losses: p.obj({ payments: p.enum(['application', 'stripe']).optional() }).optional(),
  requirement_collection: p.enum(['application', 'stripe']).optional(),
  stripe_dashboard: p.obj({ type: p.enum(['express', 'full', 'none']).optional() }).optional(),
});

type ControllerParams = z.output<typeof controllerParams>;

/** `controller` of the legacy account types, as `controller` params. */
const LEGACY_TYPE_CONTROLLERS = {
  standard: {
    stripe_dashboard: { type: 'full' },
    fees: { payer: 'account' },
    losses: { payments: 'stripe' },
    requirement_collection: 'stripe',
  },
  express: {
    stripe_dashboard: { type: 'express' },
    fees: { payer: 'application' },
    losses: { payments: 'application' },
    requirement_collection: 'stripe',
  },
  custom: {
    stripe_dashboard: { type: 'none' },
    fees: { payer: 'application' },
    losses: { payments: 'application' },
    requirement_collection: 'application',
  },
} as const satisfies Record<string, ControllerParams>;

/**
 * The account's `controller` from create's `controller` params, or from the legacy `type` (`standard` when
 * neither is given). The account's own Stripe account controls it (`type: account`) only with full Dashboard
 * access, fees paid by the account and losses borne by Stripe.
 */
export function controllerFor(params: {
  type?: keyof typeof LEGACY_TYPE_CONTROLLERS | undefined;
  controller?: ControllerParams | undefined;
  capabilities?: Record<string, unknown> | undefined;
}): Stripe.Account.Controller {
  const requested = params.controller ?? LEGACY_TYPE_CONTROLLERS[params.type ?? 'standard'];
  const dash = requested.stripe_dashboard?.type ?? 'full';
  const payer = requested.fees?.payer ?? 'account';
  const losses = requested.losses?.payments ?? 'stripe';
  const collection = requested.requirement_collection ?? 'stripe';
  if (params.controller !== undefined) {
    if (dash === 'none' && Object.keys(params.capabilities ?? {}).length === 0) {
      throw invalidRequest(
        'You must request capabilities when creating an account without Stripe Dashboard access (controller[stripe_dashboard][type]=none).',
        { param: 'capabilities' },
      );
    }
    if (collection === 'application' && dash !== 'none') {
      throw invalidRequest(
        'controller[requirement_collection]=application is only supported with controller[stripe_dashboard][type]=none.',
        { param: 'controller[requirement_collection]' },
      );
    }
  }
  const owned = dash === 'full' && payer === 'account' && losses === 'stripe';
  return {
    type: owned ? 'account' : 'application',
    is_controller: !owned,
    stripe_dashboard: { type: dash },
    fees: {
      payer:
        payer === 'application' && dash === 'express'
          ? 'application_express'
          : payer === 'application'
            ? 'application_custom'
            : payer,
    },
    losses: { payments: losses },
    requirement_collection: collection,
  };
}

/** `acct` with the create / update params applied (capabilities requested after onboarding are active). */
export function applyAccountParams(
  acct: Stripe.Account,
  params: {
    email?: string | null | undefined;
    business_type?: Stripe.Account.BusinessType | undefined;
    business_profile?: Record<string, string | null | undefined> | undefined;
    metadata?: Record<string, string> | null | undefined;
    settings?: z.output<typeof settingsParams> | undefined;
    default_currency?: string | undefined;
    tos_acceptance?: { date?: number | undefined; ip?: string | undefined } | undefined;
    capabilities?: Record<string, { requested?: boolean | undefined }> | undefined;
  },
): Stripe.Account {
  const next: Stripe.Account = structuredClone(acct);
  if (params.email !== undefined) next.email = params.email;
  if (params.business_type !== undefined) next.business_type = params.business_type;
  if (params.business_profile && next.business_profile) {
    for (const [k, v] of Object.entries(params.business_profile)) {
      if (v !== undefined) (next.business_profile as unknown as Record<string, unknown>)[k] = v;
    }
  }
  next.metadata = mergeMetadata(next.metadata ?? {}, params.metadata);
  if (params.default_currency !== undefined) next.default_currency = params.default_currency;
  const schedule = params.settings?.payouts?.schedule;
  if (next.settings?.payouts) {
    if (schedule !== undefined)
      next.settings.payouts.schedule = applySchedule(next.settings.payouts.schedule, schedule);
    if (params.settings?.payouts?.statement_descriptor !== undefined)
      next.settings.payouts.statement_descriptor = params.settings.payouts.statement_descriptor;
    if (params.settings?.payouts?.debit_negative_balances !== undefined)
      next.settings.payouts.debit_negative_balances = params.settings.payouts.debit_negative_balances;
  }
  if (next.settings && params.settings?.dashboard) {
    if (params.settings.dashboard.display_name !== undefined)
      next.settings.dashboard.display_name = params.settings.dashboard.display_name;
    if (params.settings.dashboard.timezone !== undefined)
      next.settings.dashboard.timezone = params.settings.dashboard.timezone;
  }
  if (next.settings && params.settings?.payments?.statement_descriptor !== undefined) {
    next.settings.payments.statement_descriptor = params.settings.payments.statement_descriptor;
  }
  if (params.tos_acceptance && next.tos_acceptance) {
    if (params.tos_acceptance.date !== undefined) next.tos_acceptance.date = params.tos_acceptance.date;
    if (params.tos_acceptance.ip !== undefined) next.tos_acceptance.ip = params.tos_acceptance.ip;
  }
  const caps = { ...(next.capabilities ?? {}) } as Record<string, string>;
  for (const [name, req] of Object.entries(params.capabilities ?? {})) {
    if (req.requested === true && caps[name] === undefined)
      caps[name] = next.details_submitted ? 'active' : 'inactive';
    if (req.requested === false) delete caps[name];
  }
  next.capabilities = caps;
  return next;
}

/** `previous_attributes` of an update: the top-level fields that changed, with their old values. */
export function changedAttributes(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = before[key] ?? null;
  }
  return out;
}

/** `acct` once onboarding is complete: enabled, nothing due, every requested capability active. */
export function onboardedAccount(acct: Stripe.Account, nowSec: number): Stripe.Account {
  const next: Stripe.Account = structuredClone(acct);
  next.details_submitted = true;
  next.charges_enabled = true;
  next.payouts_enabled = true;
  next.requirements = requirements([]);
  const caps = { ...(next.capabilities ?? {}) } as Record<string, string>;
  for (const name of Object.keys(caps)) caps[name] = 'active';
  next.capabilities = caps;
  if (next.business_type === null || next.business_type === undefined) next.business_type = 'company';
  if (next.tos_acceptance) {
    next.tos_acceptance.date = next.tos_acceptance.date ?? nowSec;
    next.tos_acceptance.ip = next.tos_acceptance.ip ?? '127.0.0.1';
  }
  if (next.business_profile) {
    next.business_profile.mcc = next.business_profile.mcc ?? '5812';
    next.business_profile.url = next.business_profile.url ?? 'https://example.com';
  }
  return next;
}

/** Capability object view of `account.capabilities[name]` (the emulator keeps no separate capability rows). */
export function capabilityOf(acct: Stripe.Account, name: string): Stripe.Capability {
  const status = ((acct.capabilities ?? {}) as Record<string, string>)[name] ?? 'inactive';
  const due = status === 'active' ? [] : (acct.requirements?.currently_due ?? []);
  return {
    id: name,
    object: 'capability',
    account: acct.id,
    requested: status !== 'unrequested',
    requested_at: acct.created ?? null,
    requirements: requirements(due),
    status: status as Stripe.Capability.Status,
  };
}

/** What a rejection changed on an account, so that unreject can restore it. */
export interface RejectionRecord {
  /** `platform`: POST /v1/accounts/:id/reject (can be unrejected); `stripe`: Stripe rejected the account. */
  by: 'platform' | 'stripe';
  before: {
    charges_enabled: boolean;
    payouts_enabled: boolean;
    disabled_reason: Stripe.Account.Requirements.DisabledReason | null;
    capabilities: Record<string, string>;
  };
}

/**
 * `acct` rejected: charges disabled, payouts paused unless `pausePayouts` is false, every capability
 * inactive and `requirements.disabled_reason` set to `disabledReason` (one of Stripe's `rejected.*` values,
 * https://docs.stripe.com/api/accounts/object#account_object-requirements-disabled_reason).
 */
export function rejectedAccount(
  acct: Stripe.Account,
  disabledReason: Stripe.Account.Requirements.DisabledReason,
  pausePayouts: boolean,
): Stripe.Account {
  const next: Stripe.Account = structuredClone(acct);
  next.charges_enabled = false;
  if (pausePayouts) next.payouts_enabled = false;
  next.requirements = { ...(next.requirements ?? requirements([])), disabled_reason: disabledReason };
  next.capabilities = Object.fromEntries(
    Object.keys(acct.capabilities ?? {}).map((name) => [name, 'inactive']),
  ) as Stripe.Account.Capabilities;
  return next;
}

/** The state before a rejection, kept to undo it. */
export function rejectionRecord(acct: Stripe.Account, by: RejectionRecord['by']): RejectionRecord {
  return {
    by,
    before: {
      charges_enabled: acct.charges_enabled ?? false,
      payouts_enabled: acct.payouts_enabled ?? false,
      disabled_reason: acct.requirements?.disabled_reason ?? null,
      capabilities: { ...((acct.capabilities ?? {}) as Record<string, string>) },
    },
  };
}

/** `acct` with a platform rejection undone (https://docs.stripe.com/api/accounts/unreject). */
export function unrejectedAccount(acct: Stripe.Account, record: RejectionRecord): Stripe.Account {
  const next: Stripe.Account = structuredClone(acct);
  next.charges_enabled = record.before.charges_enabled;
  next.payouts_enabled = record.before.payouts_enabled;
  next.requirements = {
    ...(next.requirements ?? requirements([])),
    disabled_reason: record.before.disabled_reason,
  };
  next.capabilities = { ...record.before.capabilities } as Stripe.Account.Capabilities;
  return next;
}
