/**
 * The register's money API contract (`/api/counter/*`, counter session): tenders (cash, card, split),
 * the cash drawer of the register's shift (float, paid in/out, count, Z report), finding a sale again and
 * refunding or voiding it at the counter, and whether card payments can happen right now.
 *
 * Permissions (`Permission`) decide who may do what without asking; where the signed-in staff member's role
 * lacks one, a body may carry an `approval` (another staff member's id and PIN, checked and throttled like
 * signing in) from someone whose role has it.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money.ts';
import type { Permission } from './auth.ts';
import { ApprovalSchema, SaleSchema, TenderSchema } from './counter.ts';

const IdSchema = z.string().trim().min(1).max(64);
const ReasonSchema = z.string().trim().min(1, 'give a reason').max(200);
const Minor = z.number().int();
const PositiveAmountSchema = z.number().int('a whole amount in minor units').min(1).max(MAX_AMOUNT_MINOR);

/** What each permission lets someone do, as the team screen says it. */
export const PERMISSION_DESCRIPTIONS: Readonly<Record<Permission, string>> = {
  discounts: 'Give custom discounts (a percentage or an amount typed at the counter).',
  refunds: 'Refund sales and void paid sales at the counter.',
  cash_drawer: 'Open and close the cash drawer, and pay cash in or out.',
  reports: 'See sales reports and end-of-shift reports.',
};

// ---------------------------------------------------------------------------------------------
// Tenders

/**
 * `POST /api/counter/sales/{saleId}/tenders`: pay part (or the rest) of a sale. `amountMinor` omitted:
 * everything still due. Cash is paid at once (it needs an open drawer at this register) and completes the
 * sale when nothing is left to pay; a card tender creates a card part (`cardSale`) to pay on a reader with
 * the card endpoints (`/sales/{cardSale.id}/attempts`, `/sync`, `/cancel`); the sale is paid when every
 * tender is. A retry with the same `tenderKey` returns the same tender.
 */
export const AddTenderBodySchema = z.discriminatedUnion('method', [
  z
    .object({
      tenderKey: z.uuid(),
      method: z.literal('cash'),
      amountMinor: PositiveAmountSchema.optional(),
      /** What the customer handed over (≥ the amount); the change is the difference. */
      tenderedMinor: PositiveAmountSchema,
    })
    .strict(),
  z
    .object({
      tenderKey: z.uuid(),
      method: z.literal('card'),
      amountMinor: PositiveAmountSchema.optional(),
    })
    .strict(),
]);
export type AddTenderBody = z.infer<typeof AddTenderBodySchema>;

export const TenderResponseSchema = z.object({
  sale: SaleSchema,
  tender: TenderSchema,
  /** For a card tender: the card part to take the payment on. */
  cardSale: SaleSchema.nullable(),
});
export type TenderResponse = z.infer<typeof TenderResponseSchema>;

export const TenderParamsSchema = z.object({ saleId: IdSchema, tenderId: IdSchema });

/**
 * `POST /api/counter/sales/{saleId}/void`: cancel a sale that took cash (the cash goes back out of the
 * drawer) and any card tender not paid yet. A sale a card has paid is refunded instead. Needs `refunds`.
 */
export const VoidSaleBodySchema = z
  .object({ reason: ReasonSchema, approval: ApprovalSchema.optional() })
  .strict();
export type VoidSaleBody = z.infer<typeof VoidSaleBodySchema>;

// ---------------------------------------------------------------------------------------------
// Card payments right now

/**
 * `GET /api/counter/payment-options`: what the counter can take right now. Card is unavailable when Stripe
 * cannot be reached (checked at most every few seconds) or the account cannot charge; cash when no drawer
 * is open at this register. Each unavailable option says why, in words for the cashier.
 */
export const PaymentOptionsResponseSchema = z.object({
  card: z.object({
    available: z.boolean(),
    code: z.enum(['stripe_unavailable', 'account_cannot_charge']).nullable(),
    message: z.string().nullable(),
  }),
  cash: z.object({
    available: z.boolean(),
    code: z.enum(['drawer_closed']).nullable(),
    message: z.string().nullable(),
  }),
});
export type PaymentOptionsResponse = z.infer<typeof PaymentOptionsResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Cash drawer

export const DrawerMovementKindSchema = z.enum([
  'cash_sale',
  'cash_refund',
  'cash_void',
  'paid_in',
  'paid_out',
]);

export const DrawerMovementSchema = z.object({
  id: z.string(),
  kind: DrawerMovementKindSchema,
  /** Into the drawer (+) or out of it (−). */
  amountMinor: Minor,
  reason: z.string().nullable(),
  staffName: z.string(),
  saleId: z.string().nullable(),
  createdAt: z.string(),
});
export type DrawerMovement = z.infer<typeof DrawerMovementSchema>;

export const DrawerShiftSchema = z.object({
  id: z.string(),
  registerId: z.string(),
  registerCode: z.string(),
  locationId: z.string(),
  status: z.enum(['open', 'closed']),
  currency: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  openingFloatMinor: Minor,
  /** The float plus every movement so far: what should be in the drawer. */
  expectedMinor: Minor,
  closedAt: z.string().nullable(),
  closedBy: z.string().nullable(),
  countedMinor: Minor.nullable(),
  /** counted − expected at close: positive over, negative short. */
  overShortMinor: Minor.nullable(),
  note: z.string().nullable(),
});
export type DrawerShift = z.infer<typeof DrawerShiftSchema>;

/** `GET /api/counter/drawer`: this register's open shift, with its movements (null: the drawer is closed). */
export const DrawerResponseSchema = z.object({
  shift: DrawerShiftSchema.nullable(),
  movements: z.array(DrawerMovementSchema),
});
export type DrawerResponse = z.infer<typeof DrawerResponseSchema>;

/** `POST /api/counter/drawer/open`. Needs `cash_drawer`. */
export const OpenDrawerBodySchema = z
  .object({
    openingFloatMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR),
    approval: ApprovalSchema.optional(),
  })
  .strict();
export type OpenDrawerBody = z.infer<typeof OpenDrawerBodySchema>;

/** `POST /api/counter/drawer/movements`: cash paid in or out, with a reason. Needs `cash_drawer`. */
export const DrawerMovementBodySchema = z
  .object({
    /** A retry with the same key records the movement once. */
    movementKey: z.uuid(),
    kind: z.enum(['paid_in', 'paid_out']),
    amountMinor: PositiveAmountSchema,
    reason: ReasonSchema,
    approval: ApprovalSchema.optional(),
  })
  .strict();
export type DrawerMovementBody = z.infer<typeof DrawerMovementBodySchema>;

/** `POST /api/counter/drawer/close`: the cash counted; the answer holds the Z report. Needs `cash_drawer`. */
export const CloseDrawerBodySchema = z
  .object({
    countedMinor: z.number().int().min(0).max(MAX_AMOUNT_MINOR),
    note: z.string().trim().max(500).optional(),
    approval: ApprovalSchema.optional(),
  })
  .strict();
export type CloseDrawerBody = z.infer<typeof CloseDrawerBodySchema>;

export const ShiftIdParamsSchema = z.object({ shiftId: IdSchema });

/** The end-of-shift (Z) report of one register's shift. */
export const ShiftReportSchema = z.object({
  shift: DrawerShiftSchema,
  locationName: z.string(),
  registerName: z.string(),
  cash: z.object({
    openingFloatMinor: Minor,
    cashSalesMinor: Minor,
    cashRefundsMinor: Minor,
    cashVoidsMinor: Minor,
    paidInMinor: Minor,
    paidOutMinor: Minor,
    expectedMinor: Minor,
    countedMinor: Minor.nullable(),
    overShortMinor: Minor.nullable(),
  }),
  /** The register's sales made during the shift (captured), Square's figures. */
  sales: z.object({
    salesCount: Minor,
    grossSalesMinor: Minor,
    discountsMinor: Minor,
    refundsMinor: Minor,
    netSalesMinor: Minor,
    taxMinor: Minor,
    tipsMinor: Minor,
    totalCollectedMinor: Minor,
  }),
  /** Money taken per tender method during the shift, and refunded to it at this register. */
  tenders: z.array(
    z.object({
      method: z.enum(['cash', 'card']),
      count: Minor,
      amountMinor: Minor,
      tipsMinor: Minor,
      refundsMinor: Minor,
    }),
  ),
  movements: z.array(DrawerMovementSchema),
  /** Each figure's definition, by name. */
  definitions: z.record(z.string(), z.string()),
});
export type ShiftReport = z.infer<typeof ShiftReportSchema>;

export const ShiftReportResponseSchema = z.object({ report: ShiftReportSchema });

/** `GET /api/counter/drawer/shifts`: this register's recent shifts, newest first. */
export const ShiftsResponseSchema = z.object({ shifts: z.array(DrawerShiftSchema) });

// ---------------------------------------------------------------------------------------------
// Finding a sale, refunds and voids at the counter

/**
 * `GET /api/counter/sales/lookup`: this location's sales by receipt number (any date) or card last 4
 * (the last 30 days), newest first.
 */
export const SaleLookupQuerySchema = z
  .object({
    receiptNumber: z.string().trim().min(1).max(64).optional(),
    last4: z
      .string()
      .regex(/^\d{4}$/, 'the last four digits of the card')
      .optional(),
  })
  .refine((query) => (query.receiptNumber === undefined) !== (query.last4 === undefined), {
    message: 'give a receipt number or the last four digits of a card',
  });
export type SaleLookupQuery = z.infer<typeof SaleLookupQuerySchema>;

export const CounterRefundSchema = z.object({
  id: z.string(),
  saleId: z.string(),
  tenderId: z.string().nullable(),
  method: z.enum(['cash', 'card']),
  amountMinor: Minor,
  /** The tax this refund gives back. */
  taxMinor: Minor,
  status: z.enum(['pending', 'succeeded', 'failed', 'canceled']),
  reason: z.string().nullable(),
  items: z.array(z.object({ position: Minor, quantity: Minor, amountMinor: Minor })),
  requestedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  failureMessage: z.string().nullable(),
  createdAt: z.string(),
});
export type CounterRefund = z.infer<typeof CounterRefundSchema>;

/**
 * `POST /api/counter/sales/{saleId}/refunds`: refund items (`items`: sale line positions and quantities) or
 * an amount (`amountMinor`; both omitted: everything the tender can still give back) to one tender
 * (`tenderId`, needed when the sale has several): a card through Stripe (Interac cards in person on the
 * reader), cash out of this register's open drawer. Needs `refunds`. A retry with the same `refundKey`
 * returns the same refund.
 */
export const CounterRefundBodySchema = z
  .object({
    refundKey: z.uuid(),
    tenderId: IdSchema.optional(),
    items: z
      .array(
        z
          .object({ position: z.number().int().min(0).max(999), quantity: z.number().int().min(1).max(999) })
          .strict(),
      )
      .min(1)
      .max(50)
      .refine((items) => new Set(items.map((item) => item.position)).size === items.length, {
        message: 'each line at most once',
      })
      .optional(),
    amountMinor: PositiveAmountSchema.optional(),
    reason: ReasonSchema,
    approval: ApprovalSchema.optional(),
  })
  .strict()
  .refine((body) => body.items === undefined || body.amountMinor === undefined, {
    message: 'refund items or an amount, not both',
    path: ['amountMinor'],
  });
export type CounterRefundBody = z.infer<typeof CounterRefundBodySchema>;

export const CounterRefundResponseSchema = z.object({ sale: SaleSchema, refund: CounterRefundSchema });
export type CounterRefundResponse = z.infer<typeof CounterRefundResponseSchema>;

export const CounterRefundsResponseSchema = z.object({ refunds: z.array(CounterRefundSchema) });
