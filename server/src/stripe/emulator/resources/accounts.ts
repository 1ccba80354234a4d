// Emulates Connect accounts: /v1/accounts (create with `controller` or legacy `type`, retrieve, update, list,
// delete), /v1/account, /v1/account_links (single-use hosted onboarding on the emulator's own origin, 300 s
// expiry), /v1/accounts/:id/login_links (Express Dashboard accounts only), the payout schedule
// (`settings[payouts][schedule]`, validated; see applySchedule), the hosted onboarding page
// /_emulator/onboarding/:token and the /_emulator/accounts/:id/onboarding control. Requested capabilities are
// `inactive` until onboarding completes, then `active`. Does NOT emulate persons, external accounts, identity
// verification, capability endpoints or account rejection.
import type { Context } from 'hono';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { stripeErrorResponse } from '../core/control.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { newId, randomToken } from '../core/ids.ts';
import { paginate } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';
import { defaultCurrencyFor, SUPPORTED_COUNTRIES, SUPPORTED_CURRENCIES } from './currency.ts';

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
const scheduleParams = p.obj({
  interval: p.enum(['manual', 'daily', 'weekly', 'monthly']).optional(),
  delay_days: z.union([p.int(), z.literal('minimum')]).optional(),
  weekly_anchor: p
    .enum(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
    .optional(),
  monthly_anchor: p.int().optional(),
});
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
const commonAccountParams = {
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

type DashboardType = 'express' | 'full' | 'none';

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

function requirements(due: string[]): Stripe.Account.Requirements {
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

function buildAccount(
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

/** A connected account of the platform (throws 404 otherwise). */
export function requireConnectedAccount(ctx: RequestContext, id: string, param = 'account'): Stripe.Account {
  const acct = ctx.store.find<Stripe.Account>('account', id, ctx.platformId);
  if (!acct || id === ctx.platformId) throw resourceMissing('account', id, param);
  return acct;
}

/**
 * The lowest `delay_days` of an account (what `minimum` means). Stripe's minimum depends on the account's
 * country and risk profile; NOT emulated: every country gets 2 days here (the US standard, and the default
 * Stripe shows on new accounts in our fixtures).
 */
export const MINIMUM_DELAY_DAYS = 2;

const SCHEDULE_PARAM = 'settings[payouts][schedule]';

/**
 * Applies `settings[payouts][schedule]` as documented: `weekly_anchor` is required with, and applicable only
 * to, `interval=weekly`; `monthly_anchor` (1–31) likewise with `monthly`; anchors are only shown for their
 * interval; `delay_days` is `minimum` or a number of days not below the account's minimum and, when omitted,
 * stays at its last value. Does NOT emulate `weekly_payout_days`/`monthly_payout_days`, per-country minimum
 * delays (see MINIMUM_DELAY_DAYS) or Stripe's exact error wording (not in our sources).
 */
function applySchedule(
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

function applyAccountParams(
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

function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) out[key] = before[key] ?? null;
  }
  return out;
}

/** Saves an updated account and emits account.updated (on the connected account) with previous_attributes. */
export function saveAccount(
  ctx: RequestContext,
  before: Stripe.Account,
  after: Stripe.Account,
): Stripe.Account {
  const previous = diff(
    before as unknown as Record<string, unknown>,
    after as unknown as Record<string, unknown>,
  );
  if (Object.keys(previous).length === 0) return before;
  ctx.store.update(after);
  ctx.emit('account.updated', after, { account: after.id, previousAttributes: previous });
  return after;
}

/** Applies an onboarding outcome (hosted page buttons / control endpoint). */
export function completeOnboarding(
  ctx: RequestContext,
  accountId: string,
  outcome: 'complete' | 'abandon',
): Stripe.Account {
  const acct = requireConnectedAccount(ctx, accountId, 'id');
  if (outcome === 'abandon') return acct;
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
    next.tos_acceptance.date = next.tos_acceptance.date ?? ctx.now();
    next.tos_acceptance.ip = next.tos_acceptance.ip ?? '127.0.0.1';
  }
  if (next.business_profile) {
    next.business_profile.mcc = next.business_profile.mcc ?? '5812';
    next.business_profile.url = next.business_profile.url ?? 'https://example.com';
  }
  const saved = saveAccount(ctx, acct, next);
  const before = (acct.capabilities ?? {}) as Record<string, string>;
  for (const name of Object.keys(caps)) {
    if (before[name] !== caps[name]) {
      ctx.emit('capability.updated', capabilityOf(saved, name), {
        account: saved.id,
        previousAttributes: { status: before[name] ?? null },
      });
    }
  }
  return saved;
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
    requirements: {
      alternatives: [],
      current_deadline: null,
      currently_due: due,
      disabled_reason: due.length > 0 ? 'requirements.past_due' : null,
      errors: [],
      eventually_due: due,
      past_due: due,
      pending_verification: [],
    },
    status: status as Stripe.Capability.Status,
  };
}

interface LinkRecord {
  account: string;
  type: 'account_onboarding' | 'account_update';
  return_url: string | null;
  refresh_url: string | null;
  expires_at: number;
  used: boolean;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style>
</head><body>${body}</body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function registerAccounts(api: EmulatorApi): void {
  api.onBootstrap((ctx) => {
    if (ctx.store.find('account', ctx.platformId)) return;
    const platform = buildAccount(ctx.platformId, ctx.now(), {
      country: 'US',
      email: 'platform@countertop.test',
      controller: { type: 'account' },
      capabilities: { card_payments: 'active', transfers: 'active' },
      defaultCurrency: 'usd',
      enabled: true,
    });
    platform.business_type = 'company';
    if (platform.business_profile) platform.business_profile.name = 'Countertop Platform (emulated)';
    ctx.store.insert(ctx.platformId, platform);
  });

  api.post(
    '/v1/accounts',
    p.obj({
      ...commonAccountParams,
      type: p.enum(['custom', 'express', 'standard']).optional(),
      country: p.str().optional(),
      controller: p
        .obj({
          fees: p.obj({ payer: p.enum(['account', 'application']).optional() }).optional(),
          losses: p.obj({ payments: p.enum(['application', 'stripe']).optional() }).optional(),
          requirement_collection: p.enum(['application', 'stripe']).optional(),
          stripe_dashboard: p.obj({ type: p.enum(['express', 'full', 'none']).optional() }).optional(),
        })
        .optional(),
      company: p
        .obj({ name: p.str().optional(), phone: p.str().optional(), tax_id: p.str().optional() })
        .optional(),
      individual: p
        .obj({ first_name: p.str().optional(), last_name: p.str().optional(), email: p.str().optional() })
        .optional(),
    }),
    (ctx, params) => {
      if (!ctx.isPlatform) {
        throw invalidRequest('Connected accounts cannot create other accounts.', { param: 'Stripe-Account' });
      }
      if (params.type && params.controller) {
        throw invalidRequest('You cannot specify `type` together with `controller`. Use only `controller`.', {
          code: 'parameters_exclusive',
          param: 'type',
        });
      }
      const country = (params.country ?? 'US').toUpperCase();
      if (!SUPPORTED_COUNTRIES.includes(country)) {
        throw invalidRequest(
          `Country '${params.country}' is unknown. Try using a 2-character alphanumeric country code instead, such as 'US', 'EG', or 'GB'. A full list of country codes is available at https://www.iso.org/obp/ui/#search/code`,
          { param: 'country' },
        );
      }
      const currency = (params.default_currency ?? defaultCurrencyFor(country)).toLowerCase();
      if (!SUPPORTED_CURRENCIES.has(currency))
        throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'default_currency' });
      let controller: Stripe.Account.Controller;
      if (params.type === 'standard' || (!params.type && !params.controller)) {
        controller = {
          type: 'account',
          is_controller: false,
          stripe_dashboard: { type: 'full' },
          fees: { payer: 'account' },
          losses: { payments: 'stripe' },
          requirement_collection: 'stripe',
        };
      } else if (params.type === 'express') {
        controller = {
          type: 'application',
          is_controller: true,
          stripe_dashboard: { type: 'express' },
          fees: { payer: 'application_express' },
          losses: { payments: 'application' },
          requirement_collection: 'stripe',
        };
      } else if (params.type === 'custom') {
        controller = {
          type: 'application',
          is_controller: true,
          stripe_dashboard: { type: 'none' },
          fees: { payer: 'application_custom' },
          losses: { payments: 'application' },
          requirement_collection: 'application',
        };
      } else {
        const c = params.controller ?? {};
        const dash: DashboardType = c.stripe_dashboard?.type ?? 'full';
        const payer = c.fees?.payer ?? 'account';
        const losses = c.losses?.payments ?? 'stripe';
        const collection = c.requirement_collection ?? 'stripe';
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
        const owned = dash === 'full' && payer === 'account' && losses === 'stripe';
        controller = {
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
      const id = newId('acct', 16);
      const base = buildAccount(id, ctx.now(), {
        country,
        email: params.email ?? null,
        controller,
        capabilities: {},
        defaultCurrency: currency,
        enabled: false,
      });
      const acct = applyAccountParams(base, params);
      if (params.company && acct.business_profile && params.company.name)
        acct.business_profile.name ??= params.company.name;
      ctx.store.insert(ctx.platformId, acct);
      return acct;
    },
  );

  api.get('/v1/account', p.obj({}), (ctx) => {
    const acct = ctx.store.find<Stripe.Account>('account', ctx.account);
    if (!acct) throw resourceMissing('account', ctx.account);
    return acct;
  });

  api.get('/v1/accounts', p.obj({ ...p.list, created: p.createdFilter().optional() }), (ctx, params) => {
    if (!ctx.isPlatform) return paginate([], params, '/v1/accounts', 'account');
    const accounts = ctx.store
      .all<Stripe.Account>('account', ctx.platformId)
      .filter((a) => a.id !== ctx.platformId && matchesCreated(a.created ?? 0, params.created));
    return paginate(accounts, params, '/v1/accounts', 'account');
  });

  const readable = (ctx: RequestContext, id: string): Stripe.Account => {
    if (id === ctx.account) {
      const self = ctx.store.find<Stripe.Account>('account', id);
      if (self) return self;
    }
    if (!ctx.isPlatform) throw resourceMissing('account', id);
    return requireConnectedAccount(ctx, id, 'id');
  };

  api.get('/v1/accounts/:id', p.obj({}), (ctx, _params, path) => readable(ctx, path.id ?? ''));

  api.post('/v1/accounts/:id', p.obj({ ...commonAccountParams }), (ctx, params, path) => {
    const acct = readable(ctx, path.id ?? '');
    if (params.default_currency !== undefined && !SUPPORTED_CURRENCIES.has(params.default_currency)) {
      throw invalidRequest(`Invalid currency: ${params.default_currency}.`, { param: 'default_currency' });
    }
    return saveAccount(ctx, acct, applyAccountParams(acct, params));
  });

  api.get('/v1/accounts/:id/capabilities', p.obj({}), (ctx, _params, path) => {
    const acct = readable(ctx, path.id ?? '');
    const data = Object.keys(acct.capabilities ?? {})
      .sort()
      .map((name) => capabilityOf(acct, name));
    return { object: 'list', data, has_more: false, url: `/v1/accounts/${acct.id}/capabilities` };
  });

  api.get('/v1/accounts/:id/capabilities/:capability', p.obj({}), (ctx, _params, path) => {
    const acct = readable(ctx, path.id ?? '');
    const name = path.capability ?? '';
    if (!(name in (acct.capabilities ?? {}))) throw resourceMissing('capability', name, 'capability');
    return capabilityOf(acct, name);
  });

  api.post(
    '/v1/accounts/:id/capabilities/:capability',
    p.obj({ requested: p.bool().optional() }),
    (ctx, params, path) => {
      const acct = readable(ctx, path.id ?? '');
      const name = path.capability ?? '';
      const next = saveAccount(
        ctx,
        acct,
        applyAccountParams(acct, { capabilities: { [name]: { requested: params.requested } } }),
      );
      if (!(name in (next.capabilities ?? {}))) {
        return { ...capabilityOf(next, name), requested: false, requested_at: null, status: 'inactive' };
      }
      return capabilityOf(next, name);
    },
  );

  api.del('/v1/accounts/:id', p.obj({}), (ctx, _params, path) => {
    const acct = requireConnectedAccount(ctx, path.id ?? '', 'id');
    ctx.store.delete(acct.id);
    return { id: acct.id, object: 'account', deleted: true };
  });

  api.post(
    '/v1/account_links',
    p.obj({
      account: p.str(),
      type: p.enum(['account_onboarding', 'account_update']),
      refresh_url: p.str().optional(),
      return_url: p.str().optional(),
      collect: p.enum(['currently_due', 'eventually_due']).optional(),
      collection_options: p
        .obj({
          fields: p.enum(['currently_due', 'eventually_due']).optional(),
          future_requirements: p.enum(['include', 'omit']).optional(),
        })
        .optional(),
    }),
    (ctx, params) => {
      if (!ctx.isPlatform)
        throw invalidRequest('Account Links can only be created by the platform.', { param: 'account' });
      const acct = requireConnectedAccount(ctx, params.account);
      if (params.type === 'account_update' && acct.controller?.requirement_collection !== 'application') {
        throw invalidRequest(
          'You cannot create `account_update` type Account Links for accounts where the platform is not responsible for collecting requirements (controller[requirement_collection] must be `application`). Use `account_onboarding` instead.',
          { param: 'type' },
        );
      }
      const token = randomToken(32);
      const created = ctx.now();
      const record: LinkRecord = {
        account: acct.id,
        type: params.type,
        return_url: params.return_url ?? null,
        refresh_url: params.refresh_url ?? null,
        expires_at: created + 300,
        used: false,
      };
      ctx.store.setKv(`account_link:${token}`, JSON.stringify(record));
      const link: Stripe.AccountLink = {
        object: 'account_link',
        created,
        expires_at: record.expires_at,
        url: `${ctx.origin}/_emulator/onboarding/${token}`,
      };
      return link;
    },
  );

  api.post('/v1/accounts/:id/login_links', p.obj({}), (ctx, _params, path) => {
    const acct = requireConnectedAccount(ctx, path.id ?? '', 'account');
    if (acct.controller?.stripe_dashboard?.type !== 'express') {
      throw invalidRequest(
        'Cannot create a login link for an account that does not have access to the Express Dashboard.',
        { param: 'account' },
      );
    }
    const token = randomToken(32);
    ctx.store.setKv(`login_link:${token}`, JSON.stringify({ account: acct.id, used: false }));
    const link: Stripe.LoginLink = {
      object: 'login_link',
      created: ctx.now(),
      url: `${ctx.origin}/_emulator/express/${token}`,
    };
    return link;
  });

  const origin = (c: Context) => new URL(c.req.url).origin;

  api.hono.get('/_emulator/onboarding/:token', (c) => {
    const token = c.req.param('token');
    const raw = api.store.getKv(`account_link:${token}`);
    if (!raw) return c.html(page('Link not found', '<h1>This onboarding link is invalid.</h1>'), 404);
    const link = JSON.parse(raw) as LinkRecord;
    if (link.used || api.clock.nowSec() > link.expires_at) {
      if (link.refresh_url) return c.redirect(link.refresh_url, 302);
      return c.html(
        page('Link expired', '<h1>This onboarding link has expired or was already used.</h1>'),
        410,
      );
    }
    api.store.setKv(`account_link:${token}`, JSON.stringify({ ...link, used: true }));
    const session = randomToken(32);
    api.store.setKv(`onboarding_session:${session}`, JSON.stringify(link));
    const acct = api.store.find<Stripe.Account>('account', link.account);
    const name = escapeHtml(acct?.business_profile?.name ?? acct?.email ?? link.account);
    return c.html(
      page(
        'Stripe onboarding (emulated)',
        `<h1>Onboarding for ${name}</h1><p>Emulated Stripe-hosted ${link.type === 'account_update' ? 'account update' : 'onboarding'} for <code>${escapeHtml(link.account)}</code>.</p>
<form method="post" action="/_emulator/onboarding/session/${session}"><button name="outcome" value="complete" type="submit">Complete onboarding</button><button name="outcome" value="abandon" type="submit">Abandon</button></form>`,
      ),
    );
  });

  api.hono.post('/_emulator/onboarding/session/:session', async (c) => {
    const session = c.req.param('session');
    const raw = api.store.getKv(`onboarding_session:${session}`);
    if (!raw)
      return c.html(page('Session expired', '<h1>This onboarding session is no longer valid.</h1>'), 410);
    const link = JSON.parse(raw) as LinkRecord;
    const form = await c.req.parseBody();
    const outcome = form.outcome === 'complete' ? 'complete' : 'abandon';
    try {
      api.withContext(api.platformId(), { origin: origin(c) }, (ctx) => {
        completeOnboarding(ctx, link.account, outcome);
        ctx.store.setKv(`onboarding_session:${session}`, JSON.stringify(link));
      });
    } catch (err) {
      return stripeErrorResponse(c, err);
    }
    if (link.return_url) return c.redirect(link.return_url, 303);
    return c.html(
      page(
        'Onboarding finished',
        `<h1>Onboarding ${outcome === 'complete' ? 'completed' : 'abandoned'}</h1>`,
      ),
    );
  });

  api.hono.post('/_emulator/accounts/:id/onboarding', async (c) => {
    const body = z
      .strictObject({ outcome: z.enum(['complete', 'abandon']) })
      .safeParse(await c.req.json().catch(() => null));
    if (!body.success)
      return stripeErrorResponse(c, invalidRequest("Body must be { outcome: 'complete' | 'abandon' }"));
    try {
      const acct = api.withContext(api.platformId(), { origin: origin(c) }, (ctx) =>
        completeOnboarding(ctx, c.req.param('id'), body.data.outcome),
      );
      return c.json(acct);
    } catch (err) {
      return stripeErrorResponse(c, err);
    }
  });

  api.hono.get('/_emulator/express/:token', (c) => {
    const key = `login_link:${c.req.param('token')}`;
    const raw = api.store.getKv(key);
    if (!raw) return c.html(page('Link not found', '<h1>This login link is invalid.</h1>'), 404);
    const link = JSON.parse(raw) as { account: string; used: boolean };
    if (link.used) return c.html(page('Link used', '<h1>This login link was already used.</h1>'), 410);
    api.store.setKv(key, JSON.stringify({ ...link, used: true }));
    return c.html(
      page(
        'Express Dashboard (emulated)',
        `<h1>Express Dashboard</h1><p>Signed in to <code>${escapeHtml(link.account)}</code>.</p>`,
      ),
    );
  });
}
