import { describe, expect, it } from 'vitest';
import { toJSONSchema } from 'zod/v4/core';
import {
  CounterRefundResponseSchema,
  CounterRefundsResponseSchema,
  DrawerResponseSchema,
  PaymentOptionsResponseSchema,
  ShiftReportResponseSchema,
  ShiftsResponseSchema,
  TenderResponseSchema,
} from './register.ts';
import { registerResponses } from './register-responses.ts';

const CLASSIC = {
  tender: TenderResponseSchema,
  paymentOptions: PaymentOptionsResponseSchema,
  drawer: DrawerResponseSchema,
  shiftReport: ShiftReportResponseSchema,
  shifts: ShiftsResponseSchema,
  refund: CounterRefundResponseSchema,
  refunds: CounterRefundsResponseSchema,
} as const;

describe("the register's zod/mini response schemas", () => {
  it('cover every money response the counter reads', () => {
    expect(Object.keys(registerResponses).sort()).toEqual(Object.keys(CLASSIC).sort());
  });

  for (const name of Object.keys(CLASSIC) as (keyof typeof CLASSIC)[]) {
    it(`describe the same JSON as the contract's schema: ${name}`, () => {
      expect(toJSONSchema(registerResponses[name])).toEqual(toJSONSchema(CLASSIC[name]));
    });
  }
});
