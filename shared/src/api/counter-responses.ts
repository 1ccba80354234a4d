/**
 * The counter's response schemas once more, written with `zod/mini`, for the counter's own bundle: the
 * classic schemas (api/counter.ts, api/auth.ts, api/errors.ts) pull in all of zod's schema builder (about
 * 24 KB gzipped), `zod/mini` only the checks used (about 6 KB). The classic schemas stay the contract the
 * server answers with; counter-responses.test.ts checks each mini schema describes exactly the same JSON
 * (equal JSON Schemas), so a change to one without the other fails the tests.
 */
import * as z from 'zod/mini';

const count = () => z.int().check(z.nonnegative());

const SaleLine = z.object({
  description: z.string(),
  quantity: z.int().check(z.positive()),
  unitPriceMinor: count(),
  amountMinor: count(),
});

const Sale = z.object({
  id: z.string(),
  clientSaleId: z.string(),
  status: z.enum([
    'open',
    'awaiting_payment',
    'processing',
    'requires_capture',
    'succeeded',
    'payment_failed',
    'canceled',
    'refunded',
    'partially_refunded',
  ]),
  currency: z.string(),
  lines: z.array(SaleLine),
  subtotalMinor: count(),
  taxMinor: count(),
  tipMinor: count(),
  totalMinor: count(),
  applicationFeeMinor: count(),
  createdAt: z.string(),
  staffId: z.string(),
  readerId: z.nullable(z.string()),
  paymentIntentId: z.nullable(z.string()),
  lastError: z.nullable(
    z.object({ code: z.string(), declineCode: z.nullable(z.string()), message: z.string() }),
  ),
  card: z.nullable(z.object({ brand: z.string(), last4: z.string(), readMethod: z.nullable(z.string()) })),
});

const Integration = z.enum(['js_sdk', 'server_driven']);

export const counterResponses = {
  registerInfo: z.object({
    register: z.object({ code: z.string(), name: z.string() }),
    location: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
    account: z.object({ id: z.string(), businessName: z.string(), currency: z.string() }),
    staff: z.array(z.object({ id: z.string(), displayName: z.string() })),
    csrfToken: z.string(),
  }),
  session: z.object({
    session: z.object({
      staff: z.object({ id: z.string(), displayName: z.string(), role: z.enum(['staff', 'manager']) }),
      register: z.object({ id: z.string(), code: z.string(), name: z.string() }),
      location: z.object({
        id: z.string(),
        name: z.string(),
        timeZone: z.string(),
        stripeLocationId: z.nullable(z.string()),
      }),
      account: z.object({
        id: z.string(),
        businessName: z.string(),
        currency: z.string(),
        chargeType: z.enum(['direct', 'destination']),
        canCharge: z.boolean(),
        cannotChargeReason: z.nullable(z.string()),
        tipping: z.object({
          enabled: z.boolean(),
          percentages: z.array(z.int().check(z.minimum(0), z.maximum(100))),
        }),
      }),
    }),
    csrfToken: z.string(),
  }),
  catalog: z.object({
    currency: z.string(),
    taxRateBps: count(),
    products: z.array(
      z.object({ id: z.string(), name: z.string(), priceMinor: count(), category: z.nullable(z.string()) }),
    ),
  }),
  readers: z.object({
    readers: z.array(
      z.object({
        id: z.string(),
        stripeReaderId: z.string(),
        label: z.string(),
        deviceType: z.string(),
        integration: Integration,
        status: z.nullable(z.enum(['online', 'offline'])),
      }),
    ),
  }),
  connectionToken: z.object({ secret: z.string() }),
  sale: z.object({ sale: Sale }),
  salesList: z.object({ sales: z.array(Sale) }),
  inFlight: z.object({ sale: z.nullable(Sale) }),
  attempt: z.object({
    sale: Sale,
    attempt: z.object({
      id: z.string(),
      paymentIntentId: z.string(),
      clientSecret: z.nullable(z.string()),
      integration: Integration,
    }),
  }),
  apiError: z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
};
