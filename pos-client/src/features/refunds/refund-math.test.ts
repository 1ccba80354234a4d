import type { CounterRefund, Sale } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { canVoid, itemsRefundMinor, linesLeft, refundableTenders } from './refund-math.ts';

const line = (description: string, quantity: number, totalMinor: number, taxMinor: number) => ({
  description,
  quantity,
  unitPriceMinor: 0,
  amountMinor: totalMinor,
  productId: null,
  variantId: null,
  variantName: null,
  modifiers: [],
  discount: null,
  discountMinor: 0,
  taxMinor,
  taxRateBps: 863,
  totalMinor,
});

const sale = {
  id: 'sal_1',
  kind: 'sale',
  status: 'succeeded',
  currency: 'usd',
  lines: [line('Flat white (12 oz)', 1, 562, 45), line('Croissant', 3, 1000, 80)],
  tenders: [
    { id: 'tnd_cash', method: 'cash', status: 'paid', amountMinor: 781, tipMinor: 0, refundedMinor: 0 },
    { id: 'tnd_card', method: 'card', status: 'paid', amountMinor: 781, tipMinor: 100, refundedMinor: 881 },
  ],
} as unknown as Sale;

const refund = (items: CounterRefund['items']): CounterRefund =>
  ({ status: 'succeeded', items }) as unknown as CounterRefund;

describe('refunds at the counter', () => {
  it('refunds units by the shared cumulative rule, whatever was refunded before', () => {
    const fresh = linesLeft(sale, []);
    expect(itemsRefundMinor(sale, fresh, { 0: 1 })).toBe(562);
    // Three croissants for $10.00: one is $3.33, two $6.67, all three $10.00 in any pieces.
    expect(itemsRefundMinor(sale, fresh, { 1: 1 })).toBe(333);
    const afterOne = linesLeft(sale, [refund([{ position: 1, quantity: 1, amountMinor: 333 }])]);
    expect(afterOne[1]).toMatchObject({ left: 2, refundedQuantity: 1 });
    expect(itemsRefundMinor(sale, afterOne, { 1: 2 })).toBe(667);
  });

  it('offers only paid tenders with something left, and voids only unpaid sales that took cash', () => {
    expect(refundableTenders(sale).map((tender) => [tender.id, tender.refundableMinor])).toEqual([
      ['tnd_cash', 781],
    ]);
    expect(canVoid(sale)).toBe(false);
    expect(canVoid({ ...sale, status: 'awaiting_payment' })).toBe(true);
  });
});
