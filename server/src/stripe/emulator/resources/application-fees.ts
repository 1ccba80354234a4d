// Emulates /v1/application_fees (list with charge/created filters, retrieve) and fee refunds
// (/v1/application_fees/:id/refunds create/list, /:fee/refunds/:id retrieve/update). Fees live on the
// platform; connected accounts see none. Does NOT emulate fee refunds for Interac in-person flows separately.
import type Stripe from 'stripe';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { paginate, paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';
import { refundApplicationFee } from './ledger.ts';

function loadFee(ctx: RequestContext, id: string): Stripe.ApplicationFee {
  const fee = ctx.isPlatform
    ? ctx.store.find<Stripe.ApplicationFee>('application_fee', id, ctx.platformId)
    : undefined;
  if (!fee) throw resourceMissing('application_fee', id);
  return fee;
}

export function registerApplicationFees(api: EmulatorApi): void {
  api.get(
    '/v1/application_fees',
    p.obj({ ...p.list, charge: p.str().optional(), created: p.createdFilter().optional() }),
    (ctx, params) => {
      if (!ctx.isPlatform) return paginate([], params, '/v1/application_fees', 'application_fee');
      return paginateStored<Stripe.ApplicationFee>(
        ctx.store,
        'application_fee',
        ctx.platformId,
        params,
        '/v1/application_fees',
        'application_fee',
        {
          filter: (f) =>
            (params.charge === undefined ||
              f.charge === params.charge ||
              f.originating_transaction === params.charge) &&
            matchesCreated(f.created, params.created),
        },
      );
    },
  );

  api.get('/v1/application_fees/:id', p.obj({}), (ctx, _params, path) => loadFee(ctx, path.id ?? ''));

  api.post(
    '/v1/application_fees/:id/refunds',
    p.obj({ amount: p.int().optional(), metadata: p.metadata().optional() }),
    (ctx, params, path) => {
      const fee = loadFee(ctx, path.id ?? '');
      const remaining = fee.amount - fee.amount_refunded;
      if (remaining <= 0) {
        throw invalidRequest(`Application fee ${fee.id} has already been refunded.`, {
          code: 'charge_already_refunded',
        });
      }
      const amount = params.amount ?? remaining;
      if (amount < 1 || amount > remaining) {
        throw invalidRequest(
          `Refund amount must be between 1 and the unrefunded fee amount (${remaining}).`,
          {
            code: 'amount_too_large',
            param: 'amount',
          },
        );
      }
      return refundApplicationFee(ctx, fee, amount, mergeMetadata({}, params.metadata)).refund;
    },
  );

  api.get('/v1/application_fees/:id/refunds', p.obj({ ...p.list }), (ctx, params, path) => {
    const fee = loadFee(ctx, path.id ?? '');
    return paginate(fee.refunds.data, params, `/v1/application_fees/${fee.id}/refunds`, 'fee_refund');
  });

  const loadRefund = (ctx: RequestContext, feeId: string, id: string) => {
    const fee = loadFee(ctx, feeId);
    const refund = ctx.store.find<Stripe.FeeRefund>('fee_refund', id, ctx.platformId);
    if (!refund || refund.fee !== fee.id) throw resourceMissing('fee_refund', id);
    return { fee, refund };
  };

  api.get(
    '/v1/application_fees/:fee/refunds/:id',
    p.obj({}),
    (ctx, _params, path) => loadRefund(ctx, path.fee ?? '', path.id ?? '').refund,
  );

  api.post(
    '/v1/application_fees/:fee/refunds/:id',
    p.obj({ metadata: p.metadata().optional() }),
    (ctx, params, path) => {
      const { fee, refund } = loadRefund(ctx, path.fee ?? '', path.id ?? '');
      const next = { ...refund, metadata: mergeMetadata(refund.metadata ?? {}, params.metadata) };
      ctx.store.update(next);
      ctx.store.update({
        ...fee,
        refunds: { ...fee.refunds, data: fee.refunds.data.map((r) => (r.id === next.id ? next : r)) },
      });
      return next;
    },
  );
}
