import { describe, expect, it } from 'vitest';
import { toJSONSchema } from 'zod/v4/core';
import { RegisterSignInInfoSchema, SessionResponseSchema } from './auth.ts';
import {
  AttemptResponseSchema,
  CatalogSchema,
  ConnectionTokenResponseSchema,
  InFlightResponseSchema,
  ReadersResponseSchema,
  SaleResponseSchema,
  SalesListResponseSchema,
} from './counter.ts';
import { counterResponses } from './counter-responses.ts';
import { ApiErrorSchema } from './errors.ts';

const CLASSIC = {
  registerInfo: RegisterSignInInfoSchema,
  session: SessionResponseSchema,
  catalog: CatalogSchema,
  readers: ReadersResponseSchema,
  connectionToken: ConnectionTokenResponseSchema,
  sale: SaleResponseSchema,
  salesList: SalesListResponseSchema,
  inFlight: InFlightResponseSchema,
  attempt: AttemptResponseSchema,
  apiError: ApiErrorSchema,
} as const;

describe("the counter's zod/mini response schemas", () => {
  it('cover every response the counter reads', () => {
    expect(Object.keys(counterResponses).sort()).toEqual(Object.keys(CLASSIC).sort());
  });

  for (const name of Object.keys(CLASSIC) as (keyof typeof CLASSIC)[]) {
    it(`describe the same JSON as the contract's schema: ${name}`, () => {
      expect(toJSONSchema(counterResponses[name])).toEqual(toJSONSchema(CLASSIC[name]));
    });
  }
});
