/**
 * The counter's response schemas once more, written with `zod/mini`, for the counter's own bundle: the
 * classic schemas (api/counter.ts, api/auth.ts, api/errors.ts) pull in all of zod's schema builder (about
 * 24 KB gzipped), `zod/mini` only the checks used (about 6 KB). The classic schemas stay the contract the
 * server answers with; counter-responses.test.ts checks each mini schema describes exactly the same JSON
 * (equal JSON Schemas), so a change to one without the other fails the tests.
 */
import * as z from 'zod/mini';

const count = () => z.int().check(z.nonnegative());

const AppliedDiscount = z.object({
  discountId: z.nullable(z.string()),
  name: z.string(),
  kind: z.enum(['percentage', 'fixed']),
  percentBps: z.nullable(z.int()),
  amountMinor: z.nullable(z.int()),
  discountMinor: count(),
  approvedBy: z.nullable(z.string()),
});

const SaleLine = z.object({
  description: z.string(),
  quantity: z.int().check(z.positive()),
  unitPriceMinor: count(),
  amountMinor: count(),
  productId: z.nullable(z.string()),
  variantId: z.nullable(z.string()),
  variantName: z.nullable(z.string()),
  modifiers: z.array(
    z.object({ modifierId: z.nullable(z.string()), name: z.string(), priceDeltaMinor: z.int() }),
  ),
  discount: z.nullable(AppliedDiscount),
  discountMinor: count(),
  taxMinor: count(),
  taxRateBps: count(),
  totalMinor: count(),
});

const Card = z.object({ brand: z.string(), last4: z.string(), readMethod: z.nullable(z.string()) });

const Tender = z.object({
  id: z.string(),
  method: z.enum(['cash', 'card']),
  status: z.enum(['pending', 'paid', 'canceled', 'voided']),
  amountMinor: count(),
  tipMinor: count(),
  tenderedMinor: z.nullable(z.int()),
  changeMinor: z.nullable(z.int()),
  card: z.nullable(Card),
  cardSaleId: z.nullable(z.string()),
  refundedMinor: count(),
  createdAt: z.string(),
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
  discountMinor: count(),
  saleDiscount: z.nullable(AppliedDiscount),
  taxMinor: count(),
  taxIncluded: z.boolean(),
  taxes: z.array(
    z.object({
      name: z.string(),
      taxClass: z.enum(['standard', 'reduced']),
      rateBps: z.int(),
      baseMinor: z.int(),
      taxMinor: z.int(),
    }),
  ),
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
  card: z.nullable(Card),
  kind: z.enum(['sale', 'card_part']),
  parentSaleId: z.nullable(z.string()),
  receiptNumber: z.nullable(z.string()),
  tenders: z.array(Tender),
  amountDueMinor: count(),
});

/** The sale and tender twins, for the register's money responses (register-responses.ts). */
export { Sale as MiniSaleSchema, Tender as MiniTenderSchema };

const rate = () => z.int().check(z.minimum(0), z.maximum(10_000));

const Integration = z.enum(['js_sdk', 'server_driven']);

export const counterResponses = {
  registerInfo: z.object({
    register: z.object({ code: z.string(), name: z.string() }),
    location: z.object({ id: z.string(), name: z.string(), timeZone: z.string(), country: z.string() }),
    account: z.object({ id: z.string(), businessName: z.string(), currency: z.string() }),
    staff: z.array(z.object({ id: z.string(), displayName: z.string() })),
    csrfToken: z.string(),
  }),
  session: z.object({
    session: z.object({
      staff: z.object({
        id: z.string(),
        displayName: z.string(),
        role: z.enum(['staff', 'manager']),
        permissions: z.array(z.enum(['discounts', 'refunds', 'cash_drawer', 'reports'])),
      }),
      register: z.object({ id: z.string(), code: z.string(), name: z.string() }),
      location: z.object({
        id: z.string(),
        name: z.string(),
        timeZone: z.string(),
        country: z.string(),
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
    taxes: z.strictObject({
      pricesIncludeTax: z.boolean(),
      taxName: z.string().check(z.trim(), z.minLength(1), z.maxLength(40)),
      standardRateBps: rate(),
      reducedRateBps: z.nullable(rate()),
    }),
    categories: z.array(z.object({ id: z.string(), name: z.string(), color: z.nullable(z.string()) })),
    items: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        categoryId: z.nullable(z.string()),
        priceMinor: z.int(),
        sku: z.nullable(z.string()),
        color: z.nullable(z.string()),
        taxClass: z.enum(['standard', 'reduced', 'exempt']),
        variants: z.array(z.object({ id: z.string(), name: z.string(), priceMinor: z.int() })),
        modifierGroupIds: z.array(z.string()),
      }),
    ),
    modifierGroups: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        minSelected: z.int(),
        maxSelected: z.nullable(z.int()),
        modifiers: z.array(z.object({ id: z.string(), name: z.string(), priceDeltaMinor: z.int() })),
      }),
    ),
    discounts: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(['percentage', 'fixed']),
        percentBps: z.nullable(z.int()),
        amountMinor: z.nullable(z.int()),
        appliesTo: z.enum(['item', 'sale']),
      }),
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
  apiError: z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      rows: z.optional(z.array(z.object({ row: z.int(), message: z.string() }))),
    }),
  }),
};
