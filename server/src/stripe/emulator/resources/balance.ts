// Emulates /v1/balance (available / pending per currency from balance transactions, as of the emulator clock)
// and /v1/balance_transactions (list with type/source/currency/payout/created filters, retrieve); status is
// computed from available_on against the clock. Emits balance.available when advancing the clock makes
// pending funds available. Does NOT emulate instant_available, issuing or reserved balances.
import type Stripe from 'stripe';
import type { EmulatorApi } from '../core/api.ts';
import { resourceMissing } from '../core/errors.ts';
import { paginateStored } from '../core/list.ts';
import { matchesCreated, p } from '../core/params.ts';
import { computeBalance, withLiveStatus } from './ledger.ts';

export function registerBalance(api: EmulatorApi): void {
  api.get('/v1/balance', p.obj({}), (ctx) => computeBalance(ctx, ctx.account));

  api.get(
    '/v1/balance_transactions',
    p.obj({
      ...p.list,
      type: p.str().optional(),
      source: p.str().optional(),
      currency: p.str().optional(),
      payout: p.str().optional(),
      created: p.createdFilter().optional(),
    }),
    (ctx, params) => {
      const payoutBts =
        params.payout !== undefined
          ? new Set(payoutMembers(ctx.store.getKv(`payout_bts:${params.payout}`)))
          : null;
      const now = ctx.now();
      return paginateStored<Stripe.BalanceTransaction>(
        ctx.store,
        'balance_transaction',
        ctx.account,
        params,
        '/v1/balance_transactions',
        'balance_transaction',
        {
          filter: (bt) =>
            (params.type === undefined || bt.type === params.type) &&
            (params.source === undefined || bt.source === params.source) &&
            (params.currency === undefined || bt.currency === params.currency) &&
            (payoutBts === null || payoutBts.has(bt.id)) &&
            matchesCreated(bt.created, params.created),
          map: (bt) => withLiveStatus(bt, now),
        },
      );
    },
  );

  api.get('/v1/balance_transactions/:id', p.obj({}), (ctx, _params, path) => {
    const bt = ctx.store.find<Stripe.BalanceTransaction>('balance_transaction', path.id ?? '', ctx.account);
    if (!bt) throw resourceMissing('balance_transaction', path.id ?? '');
    return withLiveStatus(bt, ctx.now());
  });

  api.onClockAdvance((ctx, from, to) => {
    for (const account of ctx.store.accountsWith('balance_transaction')) {
      const released = ctx.store
        .all<Stripe.BalanceTransaction>('balance_transaction', account)
        .filter((bt) => bt.available_on > from && bt.available_on <= to);
      for (const bt of released) ctx.store.update({ ...bt, status: 'available' });
      if (released.some((bt) => bt.amount > 0)) {
        const balance = computeBalance(ctx, account, to);
        ctx.emit('balance.available', balance as unknown as { id: string; object: string }, { account });
      }
    }
  });
}

function payoutMembers(raw: string | undefined): string[] {
  return raw ? (JSON.parse(raw) as string[]) : [];
}
