// Emulates /v1/transfers (separate charges and transfers: create from the platform's available balance or
// tied to a `source_transaction` charge; list with destination/transfer_group/created filters; retrieve;
// update metadata/description) and reversals (/v1/transfers/:id/reversals create/list/retrieve). Each transfer
// creates a `py_` payment on the destination account. Does NOT emulate cross-border or FX transfers.
import type Stripe from 'stripe';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { paginate, paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';
import { requireConnectedAccount } from './accounts.ts';
import { SUPPORTED_CURRENCIES } from './currency.ts';
import { availableAmount, createTransfer, reverseTransfer } from './ledger.ts';

function loadTransfer(ctx: RequestContext, id: string): Stripe.Transfer {
  const t = ctx.isPlatform ? ctx.store.find<Stripe.Transfer>('transfer', id, ctx.platformId) : undefined;
  if (!t) throw resourceMissing('transfer', id);
  return t;
}

export function registerTransfers(api: EmulatorApi): void {
  api.post(
    '/v1/transfers',
    p.obj({
      amount: p.int(),
      currency: p.str(),
      destination: p.str(),
      source_transaction: p.str().optional(),
      transfer_group: p.str().optional(),
      description: p.str().optional(),
      metadata: p.metadata().optional(),
      source_type: p.enum(['bank_account', 'card', 'fpx']).optional(),
    }),
    (ctx, params) => {
      if (!ctx.isPlatform)
        throw invalidRequest('Transfers can only be created by the platform.', { param: 'destination' });
      const currency = params.currency.toLowerCase();
      if (!SUPPORTED_CURRENCIES.has(currency))
        throw invalidRequest(`Invalid currency: ${currency}.`, { param: 'currency' });
      if (params.amount < 1) throw invalidRequest('Invalid positive integer', { param: 'amount' });
      const dest = requireConnectedAccount(ctx, params.destination, 'destination');
      if ((dest.capabilities as Record<string, string> | undefined)?.transfers !== 'active') {
        throw invalidRequest(
          'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
          { code: 'insufficient_capabilities_for_transfer', param: 'destination' },
        );
      }
      let availableOn: number | undefined;
      if (params.source_transaction !== undefined) {
        const charge = ctx.store.find<Stripe.Charge>('charge', params.source_transaction, ctx.platformId);
        if (!charge) throw resourceMissing('charge', params.source_transaction, 'source_transaction');
        if (charge.status !== 'succeeded' || !charge.captured) {
          throw invalidRequest(`The source_transaction ${charge.id} must be a succeeded, captured charge.`, {
            param: 'source_transaction',
          });
        }
        if (charge.currency !== currency) {
          throw invalidRequest(
            `The currency of source_transaction's balance transaction (${charge.currency}) must be the same as the transfer currency (${currency}).`,
            { param: 'currency' },
          );
        }
        const already = ctx.store
          .all<Stripe.Transfer>('transfer', ctx.platformId)
          .filter((t) => t.source_transaction === charge.id)
          .reduce((sum, t) => sum + t.amount - t.amount_reversed, 0);
        const left =
          charge.amount_captured -
          (charge.amount_refunded - (charge.amount - charge.amount_captured)) -
          already;
        if (params.amount > left) {
          throw invalidRequest(
            `Transfer amount exceeds the source transaction's remaining transferable amount (${left}).`,
            {
              code: 'amount_too_large',
              param: 'amount',
            },
          );
        }
        const bt = charge.balance_transaction
          ? ctx.store.find<Stripe.BalanceTransaction>(
              'balance_transaction',
              String(charge.balance_transaction),
            )
          : undefined;
        availableOn = bt?.available_on;
      } else if (availableAmount(ctx, ctx.platformId, currency) < params.amount) {
        throw invalidRequest(
          'You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance',
          { code: 'balance_insufficient', param: 'amount' },
        );
      }
      return createTransfer(ctx, {
        amount: params.amount,
        currency,
        destination: dest.id,
        sourceTransaction: params.source_transaction ?? null,
        transferGroup: params.transfer_group ?? null,
        description: params.description ?? null,
        metadata: mergeMetadata({}, params.metadata),
        ...(availableOn !== undefined ? { availableOn } : {}),
      }).transfer;
    },
  );

  api.get(
    '/v1/transfers',
    p.obj({
      ...p.list,
      destination: p.str().optional(),
      transfer_group: p.str().optional(),
      created: p.createdFilter().optional(),
    }),
    (ctx, params) => {
      if (!ctx.isPlatform) return paginate([], params, '/v1/transfers', 'transfer');
      return paginateStored<Stripe.Transfer>(
        ctx.store,
        'transfer',
        ctx.platformId,
        params,
        '/v1/transfers',
        'transfer',
        {
          filter: (t) =>
            (params.destination === undefined || t.destination === params.destination) &&
            (params.transfer_group === undefined || t.transfer_group === params.transfer_group) &&
            matchesCreated(t.created, params.created),
        },
      );
    },
  );

  api.get('/v1/transfers/:id', p.obj({}), (ctx, _params, path) => loadTransfer(ctx, path.id ?? ''));

  api.post(
    '/v1/transfers/:id',
    p.obj({ metadata: p.metadata().optional(), description: p.emptyable(p.str()).optional() }),
    (ctx, params, path) => {
      const t = loadTransfer(ctx, path.id ?? '');
      const next: Stripe.Transfer = {
        ...t,
        metadata: mergeMetadata(t.metadata, params.metadata),
        description: params.description === undefined ? t.description : params.description,
      };
      ctx.store.update(next);
      ctx.emit('transfer.updated', next, {
        previousAttributes: { metadata: t.metadata, description: t.description },
      });
      return next;
    },
  );

  api.post(
    '/v1/transfers/:id/reversals',
    p.obj({
      amount: p.int().optional(),
      metadata: p.metadata().optional(),
      description: p.str().optional(),
      refund_application_fee: p.bool().optional(),
    }),
    (ctx, params, path) => {
      const t = loadTransfer(ctx, path.id ?? '');
      const left = t.amount - t.amount_reversed;
      if (left <= 0)
        throw invalidRequest(`Transfer ${t.id} has already been fully reversed.`, { param: 'amount' });
      const amount = params.amount ?? left;
      if (amount < 1 || amount > left) {
        throw invalidRequest(`Reversal amount must be between 1 and the unreversed amount (${left}).`, {
          code: 'amount_too_large',
          param: 'amount',
        });
      }
      return reverseTransfer(ctx, t, amount, {
        sourceRefund: null,
        metadata: mergeMetadata({}, params.metadata),
      }).reversal;
    },
  );

  api.get('/v1/transfers/:id/reversals', p.obj({ ...p.list }), (ctx, params, path) => {
    const t = loadTransfer(ctx, path.id ?? '');
    return paginate(t.reversals.data, params, `/v1/transfers/${t.id}/reversals`, 'transfer_reversal');
  });

  api.get('/v1/transfers/:tr/reversals/:id', p.obj({}), (ctx, _params, path) => {
    const t = loadTransfer(ctx, path.tr ?? '');
    const r = t.reversals.data.find((x) => x.id === path.id);
    if (!r) throw resourceMissing('transfer_reversal', path.id ?? '');
    return r;
  });
}
