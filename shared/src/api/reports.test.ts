import { describe, expect, it } from 'vitest';
import {
  CreateRefundBodySchema,
  PayoutParamsSchema,
  SalesSearchQuerySchema,
  SeriesQuerySchema,
} from './reports.ts';

describe('merchant report contracts', () => {
  it('reads the sales search query from strings, with a default page size', () => {
    expect(SalesSearchQuerySchema.parse({ amountMinor: '1234', last4: '4242', limit: '10' })).toMatchObject({
      amountMinor: 1234,
      last4: '4242',
      limit: 10,
    });
    expect(SalesSearchQuerySchema.parse({}).limit).toBe(50);
    expect(SalesSearchQuerySchema.safeParse({ limit: '500' }).success).toBe(false);
    expect(SalesSearchQuerySchema.safeParse({ last4: '42a2' }).success).toBe(false);
    expect(SalesSearchQuerySchema.safeParse({ from: '10/03/2026' }).success).toBe(false);
    expect(SalesSearchQuerySchema.safeParse({ status: 'lost' }).success).toBe(false);
  });

  it('needs a uuid key and a reason for a refund; the amount is optional but positive', () => {
    const refundKey = '6f1c1c7e-6a3b-4c52-9f0e-2d7b8f1f4a10';
    expect(CreateRefundBodySchema.parse({ refundKey, reason: ' Wrong size ' })).toEqual({
      refundKey,
      reason: 'Wrong size',
    });
    expect(CreateRefundBodySchema.safeParse({ refundKey, reason: '   ' }).success).toBe(false);
    expect(CreateRefundBodySchema.safeParse({ refundKey, reason: 'x', amountMinor: 0 }).success).toBe(false);
    expect(CreateRefundBodySchema.safeParse({ refundKey, reason: 'x', amountMinor: 1.5 }).success).toBe(
      false,
    );
    expect(CreateRefundBodySchema.safeParse({ refundKey: 'again', reason: 'x' }).success).toBe(false);
  });

  it('bounds the series to a year and payouts to po_ ids', () => {
    expect(SeriesQuerySchema.parse({}).days).toBe(30);
    expect(SeriesQuerySchema.safeParse({ days: '367' }).success).toBe(false);
    expect(PayoutParamsSchema.safeParse({ payoutId: 'po_123abc' }).success).toBe(true);
    expect(PayoutParamsSchema.safeParse({ payoutId: '../balance' }).success).toBe(false);
  });
});
