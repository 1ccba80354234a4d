// Emulates /v1/payouts (create from available balance, list with status/created/arrival_date filters,
// retrieve, update metadata, cancel while pending) and automatic payouts: when the clock crosses a UTC
// midnight, each payouts-enabled account on a daily/weekly/monthly schedule is paid out its available
// balance (automatic: true; monthly anchors 29–31 pay on the last day of shorter months); pending payouts
// become `paid` once the clock passes arrival_date (payout.paid) — or fail or are canceled instead when a
// control said so (payout-failures.ts). Does NOT emulate instant payouts' fees, external accounts (and the test
// bank account numbers that make payouts fail), or payout reversals.
import type Stripe from 'stripe';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import { paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';
import { computeBalance, createBalanceTransaction } from './ledger.ts';
import {
  applyPayoutOutcome,
  cancelPayout,
  registerPayoutFailureControls,
  takeNextPayoutOutcome,
} from './payout-failures.ts';

const DAY = 86_400;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

function createPayout(
  ctx: RequestContext,
  account: string,
  opts: {
    amount: number;
    currency: string;
    automatic: boolean;
    createdAt?: number;
    description?: string | null;
    metadata?: Stripe.Metadata;
    method?: string;
    statementDescriptor?: string | null;
  },
): Stripe.Payout {
  const id = newId('po');
  const created = opts.createdAt ?? ctx.now();
  const bt = createBalanceTransaction(ctx, account, {
    amount: -opts.amount,
    currency: opts.currency,
    type: 'payout',
    source: id,
    description: opts.automatic ? 'STRIPE PAYOUT' : (opts.description ?? null),
    availableOn: created,
  });
  const members = ctx.store
    .all<Stripe.BalanceTransaction>('balance_transaction', account)
    .filter(
      (b) =>
        b.currency === opts.currency && b.available_on <= created && !ctx.store.getKv(`bt_payout:${b.id}`),
    )
    .map((b) => b.id);
  for (const m of members) ctx.store.setKv(`bt_payout:${m}`, id);
  ctx.store.setKv(`payout_bts:${id}`, JSON.stringify(members));
  const instant = opts.method === 'instant';
  const payout: Stripe.Payout = {
    id,
    object: 'payout',
    amount: opts.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: instant ? created : created + DAY,
    automatic: opts.automatic,
    balance_transaction: bt.id,
    created,
    currency: opts.currency,
    description: opts.automatic ? 'STRIPE PAYOUT' : (opts.description ?? null),
    destination: `ba_${account.slice(5, 21)}`,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: opts.metadata ?? {},
    method: instant ? 'instant' : 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: opts.automatic ? 'in_progress' : 'not_applicable',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: opts.statementDescriptor ?? null,
    status: 'pending',
    trace_id: { status: 'pending', value: null },
    type: 'bank_account',
  };
  ctx.store.insert(account, payout);
  ctx.emit('payout.created', payout, { account });
  return payout;
}

function isPayoutDay(schedule: Stripe.Account.Settings.Payouts.Schedule, dayStart: number): boolean {
  const date = new Date(dayStart * 1000);
  if (schedule.interval === 'daily') return true;
  if (schedule.interval === 'weekly')
    return WEEKDAYS[date.getUTCDay()] === (schedule.weekly_anchor ?? 'monday');
  if (schedule.interval === 'monthly') {
    // Anchors 29–31 pay on the last day of shorter months (documented on monthly_anchor).
    const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
    return date.getUTCDate() === Math.min(schedule.monthly_anchor ?? 1, lastDay);
  }
  return false;
}

export function registerPayouts(api: EmulatorApi): void {
  api.post(
    '/v1/payouts',
    p.obj({
      amount: p.int(),
      currency: p.str(),
      description: p.str().optional(),
      destination: p.str().optional(),
      metadata: p.metadata().optional(),
      method: p.enum(['standard', 'instant']).optional(),
      source_type: p.enum(['bank_account', 'card', 'fpx']).optional(),
      statement_descriptor: p.str().max(22).optional(),
    }),
    (ctx, params) => {
      const currency = params.currency.toLowerCase();
      if (params.amount < 1) throw invalidRequest('Invalid positive integer', { param: 'amount' });
      const acct = ctx.store.find<Stripe.Account>('account', ctx.account);
      if (!acct?.payouts_enabled) {
        throw invalidRequest('Payouts are not enabled for this account: finish onboarding first.', {
          code: 'payouts_not_allowed',
        });
      }
      const available =
        computeBalance(ctx, ctx.account).available.find((b) => b.currency === currency)?.amount ?? 0;
      if (available < params.amount) {
        throw invalidRequest(
          'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).',
          { code: 'balance_insufficient', param: 'amount' },
        );
      }
      return createPayout(ctx, ctx.account, {
        amount: params.amount,
        currency,
        automatic: false,
        description: params.description ?? null,
        metadata: mergeMetadata({}, params.metadata),
        method: params.method ?? 'standard',
        statementDescriptor: params.statement_descriptor ?? null,
      });
    },
  );

  const load = (ctx: RequestContext, id: string) => {
    const po = ctx.store.find<Stripe.Payout>('payout', id, ctx.account);
    if (!po) throw resourceMissing('payout', id);
    return po;
  };

  api.get(
    '/v1/payouts',
    p.obj({
      ...p.list,
      status: p.str().optional(),
      created: p.createdFilter().optional(),
      arrival_date: p.createdFilter().optional(),
      destination: p.str().optional(),
    }),
    (ctx, params) => {
      return paginateStored<Stripe.Payout>(
        ctx.store,
        'payout',
        ctx.account,
        params,
        '/v1/payouts',
        'payout',
        {
          filter: (po) =>
            (params.status === undefined || po.status === params.status) &&
            (params.destination === undefined || po.destination === params.destination) &&
            matchesCreated(po.created, params.created) &&
            matchesCreated(po.arrival_date, params.arrival_date),
        },
      );
    },
  );

  api.get('/v1/payouts/:id', p.obj({}), (ctx, _params, path) => load(ctx, path.id ?? ''));

  api.post('/v1/payouts/:id', p.obj({ metadata: p.metadata().optional() }), (ctx, params, path) => {
    const po = load(ctx, path.id ?? '');
    const next = { ...po, metadata: mergeMetadata(po.metadata ?? {}, params.metadata) };
    ctx.store.update(next);
    ctx.emit('payout.updated', next, { previousAttributes: { metadata: po.metadata } });
    return next;
  });

  api.post('/v1/payouts/:id/cancel', p.obj({}), (ctx, _params, path) => {
    const po = load(ctx, path.id ?? '');
    if (po.status !== 'pending' || po.automatic) {
      throw invalidRequest(
        `Payout ${po.id} cannot be canceled: only pending manual payouts can be canceled (status: ${po.status}).`,
      );
    }
    return cancelPayout(ctx, ctx.account, po);
  });

  registerPayoutFailureControls(api);

  api.onClockAdvance((ctx, from, to) => {
    // Automatic payouts at each UTC midnight crossed, then arrivals.
    const accounts = ctx.store.all<Stripe.Account>('account', ctx.platformId);
    for (let day = Math.floor(from / DAY) * DAY + DAY; day <= to; day += DAY) {
      for (const acct of accounts) {
        const schedule = acct.settings?.payouts?.schedule;
        if (
          !acct.payouts_enabled ||
          !schedule ||
          schedule.interval === 'manual' ||
          !isPayoutDay(schedule, day)
        )
          continue;
        const balance = computeBalance(ctx, acct.id, day);
        for (const row of balance.available) {
          if (row.amount > 0)
            createPayout(ctx, acct.id, {
              amount: row.amount,
              currency: row.currency,
              automatic: true,
              createdAt: day,
            });
        }
      }
    }
    for (const account of ctx.store.accountsWith('payout')) {
      for (const po of ctx.store.all<Stripe.Payout>('payout', account)) {
        if (po.status !== 'pending' || po.arrival_date > to) continue;
        const outcome = takeNextPayoutOutcome(ctx, account);
        if (outcome !== undefined) {
          applyPayoutOutcome(ctx, account, po, outcome);
          continue;
        }
        const next: Stripe.Payout = {
          ...po,
          status: 'paid',
          reconciliation_status: po.automatic ? 'completed' : po.reconciliation_status,
          trace_id: { status: 'supported', value: `EMU${po.id.slice(3, 15).toUpperCase()}` },
        };
        ctx.store.update(next);
        ctx.emit('payout.paid', next, { account, previousAttributes: { status: 'pending' } });
      }
    }
  });
}
