/**
 * The register's money responses (tenders, payment options, the cash drawer and its Z report, refunds at
 * the counter) once more, with `zod/mini`, for the counter's lazily loaded screens (see counter-responses.ts
 * for why). A module of its own so the counter's first bundle carries none of it;
 * register-responses.test.ts checks each describes exactly the same JSON as its classic schema.
 */
import * as z from 'zod/mini';
import { MiniSaleSchema, MiniTenderSchema } from './counter-responses.ts';

const minor = () => z.int();

const Movement = z.object({
  id: z.string(),
  kind: z.enum(['cash_sale', 'cash_refund', 'cash_void', 'paid_in', 'paid_out']),
  amountMinor: minor(),
  reason: z.nullable(z.string()),
  staffName: z.string(),
  saleId: z.nullable(z.string()),
  createdAt: z.string(),
});

const Shift = z.object({
  id: z.string(),
  registerId: z.string(),
  registerCode: z.string(),
  locationId: z.string(),
  status: z.enum(['open', 'closed']),
  currency: z.string(),
  openedAt: z.string(),
  openedBy: z.string(),
  openingFloatMinor: minor(),
  expectedMinor: minor(),
  closedAt: z.nullable(z.string()),
  closedBy: z.nullable(z.string()),
  countedMinor: z.nullable(minor()),
  overShortMinor: z.nullable(minor()),
  note: z.nullable(z.string()),
});

const Report = z.object({
  shift: Shift,
  locationName: z.string(),
  registerName: z.string(),
  cash: z.object({
    openingFloatMinor: minor(),
    cashSalesMinor: minor(),
    cashRefundsMinor: minor(),
    cashVoidsMinor: minor(),
    paidInMinor: minor(),
    paidOutMinor: minor(),
    expectedMinor: minor(),
    countedMinor: z.nullable(minor()),
    overShortMinor: z.nullable(minor()),
  }),
  sales: z.object({
    salesCount: minor(),
    grossSalesMinor: minor(),
    discountsMinor: minor(),
    refundsMinor: minor(),
    netSalesMinor: minor(),
    taxMinor: minor(),
    tipsMinor: minor(),
    totalCollectedMinor: minor(),
  }),
  tenders: z.array(
    z.object({
      method: z.enum(['cash', 'card']),
      count: minor(),
      amountMinor: minor(),
      tipsMinor: minor(),
      refundsMinor: minor(),
    }),
  ),
  movements: z.array(Movement),
  definitions: z.record(z.string(), z.string()),
});

const Refund = z.object({
  id: z.string(),
  saleId: z.string(),
  tenderId: z.nullable(z.string()),
  method: z.enum(['cash', 'card']),
  amountMinor: minor(),
  taxMinor: minor(),
  status: z.enum(['pending', 'succeeded', 'failed', 'canceled']),
  reason: z.nullable(z.string()),
  items: z.array(z.object({ position: minor(), quantity: minor(), amountMinor: minor() })),
  requestedBy: z.nullable(z.string()),
  approvedBy: z.nullable(z.string()),
  failureMessage: z.nullable(z.string()),
  createdAt: z.string(),
});

export const registerResponses = {
  tender: z.object({ sale: MiniSaleSchema, tender: MiniTenderSchema, cardSale: z.nullable(MiniSaleSchema) }),
  paymentOptions: z.object({
    card: z.object({
      available: z.boolean(),
      code: z.nullable(z.enum(['stripe_unavailable', 'account_cannot_charge'])),
      message: z.nullable(z.string()),
    }),
    cash: z.object({
      available: z.boolean(),
      code: z.nullable(z.enum(['drawer_closed'])),
      message: z.nullable(z.string()),
    }),
  }),
  drawer: z.object({ shift: z.nullable(Shift), movements: z.array(Movement) }),
  shiftReport: z.object({ report: Report }),
  shifts: z.object({ shifts: z.array(Shift) }),
  refund: z.object({ sale: MiniSaleSchema, refund: Refund }),
  refunds: z.object({ refunds: z.array(Refund) }),
};
