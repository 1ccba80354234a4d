/**
 * Counter checkout API contract: the catalog, the register's readers,
 * connection tokens, sales and payment attempts, receipts. Request and response schemas side by side;
 * the server validates requests with them and the client parses responses with them.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money.ts';
import { MAX_LINE_ITEMS, MAX_QUANTITY } from './counter-limits.ts';

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

export const SaleLineSchema = z.object({
  description: z.string(),
  quantity: z.number().int().positive(),
  unitPriceMinor: z.number().int().nonnegative(),
  amountMinor: z.number().int().nonnegative(),
});

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

const SaleSchema = z.object({
  id: z.string(),
  clientSaleId: z.string(),
  status: SaleStatusSchema,
  currency: z.string(),
  lines: z.array(SaleLineSchema),
  subtotalMinor: z.number().int().nonnegative(),
  taxMinor: z.number().int().nonnegative(),
  tipMinor: z.number().int().nonnegative(),
  totalMinor: z.number().int().nonnegative(),
  applicationFeeMinor: z.number().int().nonnegative(),
  createdAt: z.string(),
  staffId: z.string(),
  readerId: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
  lastError: SaleErrorSchema.nullable(),
  card: CardSummarySchema.nullable(),
});
export type Sale = z.infer<typeof SaleSchema>;

const SaleItemInputSchema = z.object({
  productId: IdSchema,
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
});

/** `POST /api/counter/sales`: exactly one of `items` (a cart) or `keyedAmountMinor` (a keyed amount). */
export const CreateSaleBodySchema = z
  .object({
    clientSaleId: z.uuid(),
    items: z.array(SaleItemInputSchema).min(1).max(MAX_LINE_ITEMS).optional(),
    keyedAmountMinor: z.number().int().min(1).max(MAX_AMOUNT_MINOR).optional(),
    description: z.string().trim().min(1).max(MAX_DESCRIPTION_LENGTH).optional(),
  })
  .strict()
  .refine((body) => (body.items === undefined) !== (body.keyedAmountMinor === undefined), {
    message: 'give exactly one of items or keyedAmountMinor',
    path: ['items'],
  })
  .refine(
    (body) =>
      body.items === undefined ||
      new Set(body.items.map((item) => item.productId)).size === body.items.length,
    { message: 'each product may appear only once; use quantity', path: ['items'] },
  );
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

export const CatalogSchema = z.object({
  currency: z.string(),
  taxRateBps: z.number().int().nonnegative(),
  products: z.array(CatalogProductSchema),
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
 * `POST /api/counter/readers/:readerId/present-card` (emulator mode only; 404 otherwise): the simulated
 * server-driven reader is presented this test card (Stripe's `present_payment_method` test helper), with an
 * optional on-reader tip. Then sync the sale as usual.
 */
export const PresentCardBodySchema = z
  .object({
    cardNumber: z.string().regex(/^\d{12,19}$/, 'a test card number of 12 to 19 digits'),
    type: z.enum(['card_present', 'interac_present']).default('card_present'),
    tipMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR).optional(),
  })
  .strict();
export type PresentCardBody = z.infer<typeof PresentCardBodySchema>;

export const ReaderIdParamsSchema = z.object({ readerId: IdSchema });
