import { describe, expect, it } from 'vitest';
import { CreateSaleBodySchema, isSalePayable, StartAttemptBodySchema } from './counter.ts';
import { MAX_LINE_ITEMS, MAX_QUANTITY } from './counter-limits.ts';

const clientSaleId = '6f1c2b8e-3d4a-4c5b-9e7f-0a1b2c3d4e5f';

describe('CreateSaleBodySchema', () => {
  it.each([
    ['a cart', { clientSaleId, items: [{ productId: 'prd_1', quantity: 2 }] }],
    ['a keyed amount with a note', { clientSaleId, keyedAmountMinor: 1250, description: 'Gift card' }],
    ['the largest quantity', { clientSaleId, items: [{ productId: 'prd_1', quantity: MAX_QUANTITY }] }],
  ])('accepts %s', (_name, body) => {
    expect(CreateSaleBodySchema.safeParse(body).success).toBe(true);
  });

  it.each([
    ['no clientSaleId', { items: [{ productId: 'prd_1', quantity: 1 }] }],
    ['a clientSaleId that is not a uuid', { clientSaleId: 'abc', keyedAmountMinor: 100 }],
    [
      'both a cart and a keyed amount',
      { clientSaleId, items: [{ productId: 'p', quantity: 1 }], keyedAmountMinor: 1 },
    ],
    ['neither', { clientSaleId }],
    ['an empty cart', { clientSaleId, items: [] }],
    [
      'a repeated product',
      {
        clientSaleId,
        items: [
          { productId: 'p', quantity: 1 },
          { productId: 'p', quantity: 2 },
        ],
      },
    ],
    [
      'too many lines',
      {
        clientSaleId,
        items: Array.from({ length: MAX_LINE_ITEMS + 1 }, (_, i) => ({ productId: `p${i}`, quantity: 1 })),
      },
    ],
    ['a quantity above the limit', { clientSaleId, items: [{ productId: 'p', quantity: MAX_QUANTITY + 1 }] }],
    ['a zero amount', { clientSaleId, keyedAmountMinor: 0 }],
    ['a float amount', { clientSaleId, keyedAmountMinor: 12.5 }],
    ['more than eight digits', { clientSaleId, keyedAmountMinor: 100_000_000 }],
    ['an unknown field', { clientSaleId, keyedAmountMinor: 100, tip: 5 }],
  ])('rejects %s', (_name, body) => {
    expect(CreateSaleBodySchema.safeParse(body).success).toBe(false);
  });
});

describe('StartAttemptBodySchema', () => {
  it('needs a uuid attemptKey and a reader id', () => {
    expect(StartAttemptBodySchema.safeParse({ attemptKey: clientSaleId, readerId: 'rdr_1' }).success).toBe(
      true,
    );
    expect(StartAttemptBodySchema.safeParse({ attemptKey: 'retry-1', readerId: 'rdr_1' }).success).toBe(
      false,
    );
    expect(StartAttemptBodySchema.safeParse({ attemptKey: clientSaleId, readerId: '' }).success).toBe(false);
  });
});

describe(isSalePayable.name, () => {
  it.each([
    ['open', true],
    ['awaiting_payment', true],
    ['payment_failed', true],
    ['processing', false],
    ['requires_capture', false],
    ['succeeded', false],
    ['canceled', false],
  ] as const)('%s → %s', (status, expected) => {
    expect(isSalePayable(status)).toBe(expected);
  });
});
