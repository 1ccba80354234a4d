import type { Sale, Tender } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { changeFor, changeGiven, hasPaidTender, partAmount, pendingCardPart } from './tenders.ts';

const tender = (overrides: Partial<Tender>): Tender => ({
  id: 'tnd_1',
  method: 'cash',
  status: 'paid',
  amountMinor: 281,
  tipMinor: 0,
  tenderedMinor: 500,
  changeMinor: 219,
  card: null,
  cardSaleId: null,
  refundedMinor: 0,
  createdAt: '2026-12-04T10:00:00Z',
  ...overrides,
});

const saleWith = (tenders: Tender[]) => ({ tenders }) as unknown as Sale;

describe('tenders at the counter', () => {
  it('pays all that is due unless a smaller part is typed', () => {
    expect(partAmount('', 562, 'usd')).toBe(562);
    expect(partAmount('2.81', 562, 'usd')).toBe(281);
    expect(partAmount('6.00', 562, 'usd')).toBeNull();
    expect(partAmount('0', 562, 'usd')).toBeNull();
    expect(partAmount('1000', 2280, 'jpy')).toBe(1000);
  });

  it('gives the change for the cash handed over, none when it is short', () => {
    expect(changeFor(281, '5.00', 'usd')).toBe(219);
    expect(changeFor(281, '', 'usd')).toBe(0);
    expect(changeFor(281, '2.00', 'usd')).toBeNull();
    expect(changeFor(1280, '2000', 'jpy')).toBe(720);
  });

  it("reads the sale's change, paid tenders and pending card part", () => {
    const sale = saleWith([
      tender({}),
      tender({
        id: 'tnd_2',
        method: 'card',
        status: 'pending',
        tenderedMinor: null,
        changeMinor: null,
        cardSaleId: 'sal_part',
      }),
    ]);
    expect(changeGiven(sale)).toBe(219);
    expect(hasPaidTender(sale)).toBe(true);
    expect(pendingCardPart(sale)).toBe('sal_part');
    expect(hasPaidTender(saleWith([]))).toBe(false);
  });
});
