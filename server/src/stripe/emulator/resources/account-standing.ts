// Emulates what ends a connected account's standing with the platform:
// - POST /v1/accounts/:id/reject (reason, payouts_action) and /unreject
//   (https://docs.stripe.com/api/accounts/reject): only for accounts whose negative balances the platform
//   carries (`controller.losses.payments = application`, i.e. Custom and Express); charges disabled, payouts
//   paused unless `payouts_action=none`, capabilities inactive, `requirements.disabled_reason = rejected.*`,
//   account.updated and capability.updated;
// - the control POST /_emulator/accounts/:id/reject {reason} for Stripe rejecting an account itself (any
//   connected account; `rejected.fraud`, `rejected.terms_of_service`, `rejected.listed`, `rejected.other` or
//   `rejected.incomplete_verification`; cannot be unrejected by the platform);
// - the control POST /_emulator/accounts/:id/deauthorize for the account disconnecting from the platform:
//   `account.application.deauthorized` (data.object: the platform's Application `{id: ca_…, object:
//   'application', name}`, `account` set) to the platform's Connect webhook endpoints, after which every
//   request for that account answers Stripe's 403 `account_invalid` (core/account-access.ts).
// Which `rejected.*` value each reject `reason` gives is the emulator's choice (Stripe documents the reasons
// and the values, not the mapping): fraud_* → rejected.fraud, terms_of_service → rejected.terms_of_service,
// credit and other → rejected.other.
import type { Context } from 'hono';
import type Stripe from 'stripe';
import { z } from 'zod';
import { revokeAccountAccess } from '../core/account-access.ts';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { answerJson, readControlBody } from '../core/control.ts';
import { invalidRequest } from '../core/errors.ts';
import { p } from '../core/params.ts';
import {
  capabilityOf,
  type RejectionRecord,
  rejectedAccount,
  rejectionRecord,
  unrejectedAccount,
} from './account-object.ts';
import { connectedAccountByPath, requireConnectedAccount, saveAccount } from './accounts.ts';
import { applicationId } from './ledger.ts';

type DisabledReason = Stripe.Account.Requirements.DisabledReason;

const PLATFORM_REJECT_REASONS = [
  'credit',
  'fraud',
  'fraud_no_intent_to_fulfill',
  'fraud_other',
  'fraud_payment_method_casher',
  'fraud_payment_method_tester',
  'other',
  'terms_of_service',
] as const;

function disabledReasonFor(reason: (typeof PLATFORM_REJECT_REASONS)[number]): DisabledReason {
  if (reason.startsWith('fraud')) return 'rejected.fraud';
  if (reason === 'terms_of_service') return 'rejected.terms_of_service';
  return 'rejected.other';
}

const rejectionKey = (accountId: string) => `account_rejection:${accountId}`;

function readRejection(ctx: RequestContext, accountId: string): RejectionRecord | undefined {
  const raw = ctx.store.getKv(rejectionKey(accountId));
  return raw === undefined ? undefined : (JSON.parse(raw) as RejectionRecord);
}

/** Saves `after` (account.updated) and emits capability.updated for every capability whose status changed. */
function saveWithCapabilities(
  ctx: RequestContext,
  before: Stripe.Account,
  after: Stripe.Account,
): Stripe.Account {
  const saved = saveAccount(ctx, before, after);
  const was = (before.capabilities ?? {}) as Record<string, string>;
  const now = (saved.capabilities ?? {}) as Record<string, string>;
  for (const name of Object.keys(now)) {
    if (was[name] !== now[name]) {
      ctx.emit('capability.updated', capabilityOf(saved, name), {
        account: saved.id,
        previousAttributes: { status: was[name] ?? null },
      });
    }
  }
  return saved;
}

function reject(
  ctx: RequestContext,
  acct: Stripe.Account,
  by: RejectionRecord['by'],
  disabledReason: DisabledReason,
  pausePayouts: boolean,
): Stripe.Account {
  if (readRejection(ctx, acct.id) !== undefined) return acct;
  ctx.store.setKv(rejectionKey(acct.id), JSON.stringify(rejectionRecord(acct, by)));
  return saveWithCapabilities(ctx, acct, rejectedAccount(acct, disabledReason, pausePayouts));
}

const stripeRejectionBody = z.strictObject({
  reason: z.enum(['fraud', 'terms_of_service', 'listed', 'other', 'incomplete_verification']).optional(),
});

export function registerAccountStanding(api: EmulatorApi): void {
  api.post(
    '/v1/accounts/:id/reject',
    p.obj({ reason: p.enum(PLATFORM_REJECT_REASONS), payouts_action: p.enum(['none', 'pause']).optional() }),
    (ctx, params, path) => {
      if (!ctx.isPlatform) throw invalidRequest('Only a platform can reject its connected accounts.');
      const acct = connectedAccountByPath(ctx, path.id ?? '');
      if (acct.controller?.losses?.payments !== 'application') {
        throw invalidRequest(
          'You can only reject accounts where your platform is liable for negative balances (controller[losses][payments]=application), such as Custom and Express accounts.',
          { param: 'account' },
        );
      }
      return reject(
        ctx,
        acct,
        'platform',
        disabledReasonFor(params.reason),
        params.payouts_action !== 'none',
      );
    },
  );

  api.post('/v1/accounts/:id/unreject', p.obj({}), (ctx, _params, path) => {
    if (!ctx.isPlatform) throw invalidRequest('Only a platform can unreject its connected accounts.');
    const acct = connectedAccountByPath(ctx, path.id ?? '');
    const record = readRejection(ctx, acct.id);
    if (record?.by !== 'platform') {
      throw invalidRequest(
        'Only accounts that were rejected by your platform can be unrejected; this account was not.',
        { param: 'account' },
      );
    }
    ctx.store.deleteKv(rejectionKey(acct.id));
    return saveWithCapabilities(ctx, acct, unrejectedAccount(acct, record));
  });

  const origin = (c: Context) => new URL(c.req.url).origin;

  api.hono.post('/_emulator/accounts/:id/reject', (c) =>
    answerJson(c, async () => {
      const body = await readControlBody(c, stripeRejectionBody);
      return api.withContext(api.platformId(), { origin: origin(c) }, (ctx) => {
        const acct = requireConnectedAccount(ctx, c.req.param('id'), 'id');
        return reject(ctx, acct, 'stripe', `rejected.${body.reason ?? 'other'}`, true);
      });
    }),
  );

  api.hono.post('/_emulator/accounts/:id/deauthorize', (c) =>
    answerJson(c, async () => {
      await readControlBody(c, z.strictObject({}));
      return api.withContext(api.platformId(), { origin: origin(c) }, (ctx) => {
        const acct = requireConnectedAccount(ctx, c.req.param('id'), 'id');
        const platform = ctx.store.find<Stripe.Account>('account', ctx.platformId);
        const application: Stripe.Application = {
          id: applicationId(ctx),
          object: 'application',
          name: platform?.business_profile?.name ?? null,
        };
        const event = ctx.emit('account.application.deauthorized', application, { account: acct.id });
        revokeAccountAccess(ctx.store, acct.id);
        return { account: acct.id, deauthorized: true, event: event.id };
      });
    }),
  );
}
