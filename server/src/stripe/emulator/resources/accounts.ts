// Emulates Connect accounts: /v1/accounts (create with `controller` or legacy `type`, retrieve, update, list,
// delete), /v1/account, the capabilities of an account (/v1/accounts/:id/capabilities, a view of
// `account.capabilities`) and the platform account every fresh emulator starts with. The Account object's
// rules are in account-object.ts (payout schedule: account-payout-schedule.ts); onboarding links and the
// hosted pages in account-links.ts. Does NOT emulate persons, external accounts, identity verification or
// account rejection.
import type Stripe from 'stripe';
import { accountInvalid, canAccessAccount } from '../core/account-access.ts';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { paginate } from '../core/list.ts';
import { matchesCreated, p } from '../core/params.ts';
import {
  applyAccountParams,
  buildAccount,
  capabilityOf,
  changedAttributes,
  commonAccountParams,
  controllerFor,
  controllerParams,
} from './account-object.ts';
import { defaultCurrencyFor, SUPPORTED_COUNTRIES, SUPPORTED_CURRENCIES } from './currency.ts';

/**
 * A connected account the platform can act on, named by a request parameter (transfer destination,
 * on_behalf_of, account links): 404 `No such account` otherwise, deauthorized accounts included.
 */
export function requireConnectedAccount(ctx: RequestContext, id: string, param = 'account'): Stripe.Account {
  const acct = ctx.store.find<Stripe.Account>('account', id, ctx.platformId);
  if (!acct || !canAccessAccount(ctx.store, ctx.platformId, id)) throw resourceMissing('account', id, param);
  return acct;
}

/**
 * A connected account named by an /v1/accounts/:id path: an unknown, deleted or deauthorized one is Stripe's
 * 403 `account_invalid`, as for the Stripe-Account header (core/account-access.ts).
 */
export function connectedAccountByPath(ctx: RequestContext, id: string): Stripe.Account {
  const acct = ctx.store.find<Stripe.Account>('account', id, ctx.platformId);
  if (!acct || !canAccessAccount(ctx.store, ctx.platformId, id)) throw accountInvalid(ctx.apiKey, id);
  return acct;
}

/** Saves an updated account and emits account.updated (on the connected account) with previous_attributes. */
export function saveAccount(
  ctx: RequestContext,
  before: Stripe.Account,
  after: Stripe.Account,
): Stripe.Account {
  const previous = changedAttributes(
    before as unknown as Record<string, unknown>,
    after as unknown as Record<string, unknown>,
  );
  if (Object.keys(previous).length === 0) return before;
  ctx.store.update(after);
  ctx.emit('account.updated', after, { account: after.id, previousAttributes: previous });
  return after;
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
      controller: controllerParams.optional(),
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
      const controller = controllerFor(params);
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
      .filter(
        (a) =>
          canAccessAccount(ctx.store, ctx.platformId, a.id) && matchesCreated(a.created ?? 0, params.created),
      );
    return paginate(accounts, params, '/v1/accounts', 'account');
  });

  const readable = (ctx: RequestContext, id: string): Stripe.Account => {
    if (id === ctx.account) {
      const self = ctx.store.find<Stripe.Account>('account', id);
      if (self) return self;
    }
    if (!ctx.isPlatform) throw resourceMissing('account', id);
    return connectedAccountByPath(ctx, id);
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
    const acct = connectedAccountByPath(ctx, path.id ?? '');
    ctx.store.delete(acct.id);
    return { id: acct.id, object: 'account', deleted: true };
  });
}
