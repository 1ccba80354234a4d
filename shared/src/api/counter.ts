/**
 * Counter checkout API contract: the catalog, the register's readers,
 * connection tokens, sales and payment attempts, receipts. Request and response schemas side by side;
 * the server validates requests with them and the client parses responses with them.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money.ts';
import { CounterCatalogShape } from './catalog.ts';
import { MAX_LINE_ITEMS, MAX_MODIFIERS_PER_LINE, MAX_QUANTITY } from './counter-limits.ts';

/** Longest free-text description on a keyed sale. */
const MAX_DESCRIPTION_LENGTH = 200;
/** Longest id we accept in a path or body (our ids and Stripe's are far shorter). */
const MAX_ID_LENGTH = 64;

const IdSchema = z.string().trim().min(1).max(MAX_ID_LENGTH);

// ---------------------------------------------------------------------------------------------
// Sales

export const SaleStatusSchema = z.enum([
  'open',
  'awaiting_payment',
  'processing',
  'requires_capture',
  'succeeded',
  'payment_failed',
  'canceled',
  'refunded',
  'partially_refunded',
]);
export type SaleStatus = z.infer<typeof SaleStatusSchema>;

/** Whether a new payment attempt may start for a sale in this status. */
export function isSalePayable(status: SaleStatus): boolean {
  return status === 'open' || status === 'awaiting_payment' || status === 'payment_failed';
}

/** A discount as applied to a line or a sale (what it was, and what it took off). */
export const AppliedDiscountSchema = z.object({
  /** The merchant's predefined discount; null for a custom one typed at the counter. */
  discountId: z.string().nullable(),
  name: z.string(),
  kind: z.enum(['percentage', 'fixed']),
  percentBps: z.number().int().nullable(),
  /** The fixed amount asked for (null for a percentage). */
  amountMinor: z.number().int().nullable(),
  /** What it took off. */
  discountMinor: z.number().int().nonnegative(),
  /** Who approved a custom discount with their PIN (display name), if someone did. */
  approvedBy: z.string().nullable(),
});
export type AppliedDiscount = z.infer<typeof AppliedDiscountSchema>;

export const SaleLineModifierSchema = z.object({
  modifierId: z.string().nullable(),
  name: z.string(),
  priceDeltaMinor: z.number().int(),
});

export const SaleLineSchema = z.object({
  /** The item with its variant and modifiers, e.g. "Latte (Large)". */
  description: z.string(),
  quantity: z.number().int().positive(),
  /** The unit price with the modifiers' deltas. */
  unitPriceMinor: z.number().int().nonnegative(),
  /** quantity × unitPriceMinor, before discounts. */
  amountMinor: z.number().int().nonnegative(),
  productId: z.string().nullable(),
  variantId: z.string().nullable(),
  variantName: z.string().nullable(),
  modifiers: z.array(SaleLineModifierSchema),
  /** The line's own discount (the sale discount's share is in discountMinor only). */
  discount: AppliedDiscountSchema.nullable(),
  /** Its own discount plus its share of the sale discount. */
  discountMinor: z.number().int().nonnegative(),
  /** Its share of its rate's tax (included in its price, or added). */
  taxMinor: z.number().int().nonnegative(),
  taxRateBps: z.number().int().nonnegative(),
  /** What the line costs: amount − discount (+ tax when added). */
  totalMinor: z.number().int().nonnegative(),
});
export type SaleLine = z.infer<typeof SaleLineSchema>;

export const SaleTaxSchema = z.object({
  /** The location's tax name, with the rate, e.g. "Consumption tax 10%". */
  name: z.string(),
  taxClass: z.enum(['standard', 'reduced']),
  rateBps: z.number().int(),
  baseMinor: z.number().int(),
  taxMinor: z.number().int(),
});

export const TenderMethodSchema = z.enum(['cash', 'card']);
export type TenderMethod = z.infer<typeof TenderMethodSchema>;

/**
 * One tender of a sale. A sale paid directly by one card (`POST /sales/:id/attempts` on the sale itself)
 * shows one card tender whose id and `cardSaleId` are the sale's id.
 */
export const TenderSchema = z.object({
  id: z.string(),
  method: TenderMethodSchema,
  /** pending (a card not paid yet), paid, canceled (a card tender given up), voided (a canceled sale's cash). */
  status: z.enum(['pending', 'paid', 'canceled', 'voided']),
  /** The part of the sale's amount due it pays. */
  amountMinor: z.number().int().nonnegative(),
  /** A tip added on the reader (card). */
  tipMinor: z.number().int().nonnegative(),
  /** Cash: what the customer handed over, and the change given. */
  tenderedMinor: z.number().int().nullable(),
  changeMinor: z.number().int().nullable(),
  card: z.object({ brand: z.string(), last4: z.string(), readMethod: z.string().nullable() }).nullable(),
  /** Card: the card part to pay through the card endpoints (attempts, sync, cancel). */
  cardSaleId: z.string().nullable(),
  /** Refunded to this tender so far (pending or succeeded). */
  refundedMinor: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type Tender = z.infer<typeof TenderSchema>;

const SaleErrorSchema = z.object({
  code: z.string(),
  declineCode: z.string().nullable(),
  /** Cashier-facing wording, e.g. "Declined: insufficient funds. Ask for another card." */
  message: z.string(),
});
export type SaleError = z.infer<typeof SaleErrorSchema>;

const CardSummarySchema = z.object({
  brand: z.string(),
  last4: z.string(),
  /** Stripe's `read_method`, e.g. `contactless_emv`, `contact_emv`. */
  readMethod: z.string().nullable(),
});

export const SaleSchema = z.object({
  id: z.string(),
  clientSaleId: z.string(),
  status: SaleStatusSchema,
  currency: z.string(),
  lines: z.array(SaleLineSchema),
  /** Σ line amounts, before discounts. */
  subtotalMinor: z.number().int().nonnegative(),
  /** Every discount: the lines' own and the sale's. */
  discountMinor: z.number().int().nonnegative(),
  saleDiscount: AppliedDiscountSchema.nullable(),
  taxMinor: z.number().int().nonnegative(),
  /** True: the tax is included in the prices ("includes tax"); false: added on top. */
  taxIncluded: z.boolean(),
  taxes: z.array(SaleTaxSchema),
  tipMinor: z.number().int().nonnegative(),
  /** subtotal − discounts + tax added + tips. */
  totalMinor: z.number().int().nonnegative(),
  /** The platform's fee: on card payments only (cash carries none). */
  applicationFeeMinor: z.number().int().nonnegative(),
  createdAt: z.string(),
  staffId: z.string(),
  readerId: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
  lastError: SaleErrorSchema.nullable(),
  card: CardSummarySchema.nullable(),
  /** `sale`: what the customer buys; `card_part`: one card tender of a sale paid by tenders. */
  kind: z.enum(['sale', 'card_part']),
  /** For a card part: its sale. */
  parentSaleId: z.string().nullable(),
  /** e.g. MISSION-1-42: on the receipt, and how the counter finds a sale again. */
  receiptNumber: z.string().nullable(),
  tenders: z.array(TenderSchema),
  /** What is still to pay before tips (0 once paid). */
  amountDueMinor: z.number().int().nonnegative(),
});
export type Sale = z.infer<typeof SaleSchema>;

/**
 * A discount applied at the counter: one of the merchant's (`discountId`), or a custom one (a percentage
 * or an amount) that needs the `discounts` permission or a manager's `approval`.
 */
export const DiscountInputSchema = z.union([
  z.object({ discountId: IdSchema }).strict(),
  z
    .object({
      name: z.string().trim().min(1).max(60).optional(),
      percentBps: z.number().int().min(1).max(10_000),
    })
    .strict(),
  z
    .object({
      name: z.string().trim().min(1).max(60).optional(),
      amountMinor: z.number().int().min(1).max(MAX_AMOUNT_MINOR),
    })
    .strict(),
]);
export type DiscountInput = z.infer<typeof DiscountInputSchema>;

/** Someone else's PIN approving what the signed-in staff member's role does not allow. */
export const ApprovalSchema = z
  .object({
    staffId: IdSchema,
    pin: z.string().regex(/^\d{4,8}$/, 'a PIN of 4 to 8 digits'),
  })
  .strict();
export type Approval = z.infer<typeof ApprovalSchema>;

const SaleItemInputSchema = z
  .object({
    productId: IdSchema,
    /** Required for an item with variants. */
    variantId: IdSchema.optional(),
    quantity: z.number().int().min(1).max(MAX_QUANTITY),
    /** The chosen modifiers (the item's groups' min/max are checked). */
    modifierIds: z
      .array(IdSchema)
      .max(MAX_MODIFIERS_PER_LINE)
      .refine((ids) => new Set(ids).size === ids.length, { message: 'each modifier at most once' })
      .optional(),
    discount: DiscountInputSchema.optional(),
  })
  .strict();
export type SaleItemInput = z.infer<typeof SaleItemInputSchema>;

/** The same item, variant, modifiers and discount twice: the cart should use quantity instead. */
function lineKey(item: SaleItemInput): string {
  return JSON.stringify([
    item.productId,
    item.variantId ?? null,
    [...(item.modifierIds ?? [])].sort(),
    item.discount ?? null,
  ]);
}

/** `POST /api/counter/sales`: exactly one of `items` (a cart) or `keyedAmountMinor` (a keyed amount). */
export const CreateSaleBodySchema = z
  .object({
    clientSaleId: z.uuid(),
    items: z.array(SaleItemInputSchema).min(1).max(MAX_LINE_ITEMS).optional(),
    keyedAmountMinor: z.number().int().min(1).max(MAX_AMOUNT_MINOR).optional(),
    description: z.string().trim().min(1).max(MAX_DESCRIPTION_LENGTH).optional(),
    /** A discount on the whole cart (not with a keyed amount). */
    discount: DiscountInputSchema.optional(),
    /** A manager's PIN for a custom discount the signed-in staff member may not give. */
    approval: ApprovalSchema.optional(),
  })
  .strict()
  .refine((body) => (body.items === undefined) !== (body.keyedAmountMinor === undefined), {
    message: 'give exactly one of items or keyedAmountMinor',
    path: ['items'],
  })
  .refine((body) => body.items === undefined || new Set(body.items.map(lineKey)).size === body.items.length, {
    message: 'the same item with the same choices appears twice; use quantity',
    path: ['items'],
  })
  .refine((body) => body.discount === undefined || body.items !== undefined, {
    message: 'a keyed amount takes no discount: key the discounted amount',
    path: ['discount'],
  });
export type CreateSaleBody = z.infer<typeof CreateSaleBodySchema>;

export const SaleIdParamsSchema = z.object({ saleId: IdSchema });

export const SaleResponseSchema = z.object({ sale: SaleSchema });

export const ListSalesQuerySchema = z.object({
  /** `shift`: this register's sales by the signed-in staff member since sign-in (default); `today`: the register's sales today. */
  scope: z.enum(['shift', 'today']).default('shift'),
});
export type ListSalesQuery = z.infer<typeof ListSalesQuerySchema>;

export const SalesListResponseSchema = z.object({ sales: z.array(SaleSchema) });

export const InFlightResponseSchema = z.object({ sale: SaleSchema.nullable() });

// ---------------------------------------------------------------------------------------------
// Payment attempts

const ReaderIntegrationSchema = z.enum(['js_sdk', 'server_driven']);
export type ReaderIntegration = z.infer<typeof ReaderIntegrationSchema>;

/** `POST /api/counter/sales/:saleId/attempts`. A retry with the same attemptKey returns the same attempt. */
export const StartAttemptBodySchema = z
  .object({
    attemptKey: z.uuid(),
    readerId: IdSchema,
  })
  .strict();
export type StartAttemptBody = z.infer<typeof StartAttemptBodySchema>;

const AttemptSchema = z.object({
  id: z.string(),
  paymentIntentId: z.string(),
  /** The PaymentIntent's client secret for `collectPaymentMethod`; only for js_sdk readers. */
  clientSecret: z.string().nullable(),
  integration: ReaderIntegrationSchema,
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const AttemptResponseSchema = z.object({ sale: SaleSchema, attempt: AttemptSchema });
export type AttemptResponse = z.infer<typeof AttemptResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Catalog, readers, connection tokens, receipts

const CatalogProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  priceMinor: z.number().int().nonnegative(),
  category: z.string().nullable(),
});
export type CatalogProduct = z.infer<typeof CatalogProductSchema>;

/**
 * `GET /api/counter/catalog`: the register's location's catalog. `products` and `taxRateBps` are the
 * original view, for a counter that adds one rate on top (`taxOnSubtotalMinor`): the items it can price
 * exactly (no variants, no required modifiers, taxed at the standard rate) and the rate it adds (0 where
 * prices include tax). The shop fields (`taxes`, `categories`, `items`, `modifierGroups`, `discounts`)
 * are the full catalog, priced with `priceSale`.
 */
export const CatalogSchema = z.object({
  currency: z.string(),
  taxRateBps: z.number().int().nonnegative(),
  products: z.array(CatalogProductSchema),
  ...CounterCatalogShape,
});
export type Catalog = z.infer<typeof CatalogSchema>;

const ReaderStatusSchema = z.enum(['online', 'offline']).nullable();

const CounterReaderSchema = z.object({
  /** Our reader id (use it in StartAttemptBody.readerId). */
  id: z.string(),
  /** Stripe's `tmr_…` id (what the JS SDK's discoverReaders returns). */
  stripeReaderId: z.string(),
  label: z.string(),
  deviceType: z.string(),
  integration: ReaderIntegrationSchema,
  status: ReaderStatusSchema,
});
export type CounterReader = z.infer<typeof CounterReaderSchema>;

export const ReadersResponseSchema = z.object({ readers: z.array(CounterReaderSchema) });

export const ConnectionTokenResponseSchema = z.object({ secret: z.string() });
export type ConnectionTokenResponse = z.infer<typeof ConnectionTokenResponseSchema>;

export const EmailReceiptBodySchema = z.object({ email: z.email().max(254) }).strict();

// ---------------------------------------------------------------------------------------------
// Emulator mode only: play the customer on a server-driven simulated reader.

/**
 * `POST /api/counter/readers/:readerId/present-card` (emulator mode only; 404 otherwise): plays the customer
 * on a simulated server-driven reader. `present` (the default): the reader is presented this test card
 * (Stripe's `present_payment_method` test helper), with an optional on-reader tip; `cancel`: the customer
 * presses cancel on the reader (the payment fails with `customer_canceled`). Then sync the sale as usual.
 * JS SDK readers are driven through the Terminal SDK simulator instead.
 */
export const PresentCardBodySchema = z.union([
  z
    .object({
      action: z.literal('present').default('present'),
      cardNumber: z.string().regex(/^\d{12,19}$/, 'a test card number of 12 to 19 digits'),
      type: z.enum(['card_present', 'interac_present']).default('card_present'),
      tipMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR).optional(),
    })
    .strict(),
  z.object({ action: z.literal('cancel') }).strict(),
]);
export type PresentCardBody = z.infer<typeof PresentCardBodySchema>;

export const ReaderIdParamsSchema = z.object({ readerId: IdSchema });
