/**
 * Merchant sales review API contract (`/api/merchant/*`): the daily summary in each location's time
 * zone with its comparison, ranges (week, month, custom ≤ 366 days), the last-30-days series, the sales
 * list (keyset pagination) and a sale's detail, refunds, uncaptured authorizations, balance and payouts,
 * CSV exports and the reconciliation against Stripe. Request and response schemas side by side.
 *
 * Size: a contract file: schemas only, one per response of the merchant review.
 */
import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money.ts';
import { PermissionSchema } from './auth.ts';
import {
  AppliedDiscountSchema,
  SaleLineSchema,
  SaleStatusSchema,
  SaleTaxSchema,
  TenderSchema,
} from './counter.ts';
import { DisputeDayFiguresSchema } from './disputes.ts';
import { DrawerShiftSchema } from './register.ts';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date `YYYY-MM-DD` in a location's time zone (the server checks it is a real date). */
export const LocalDateSchema = z.string().regex(LOCAL_DATE, 'a date written YYYY-MM-DD');
const IdSchema = z.string().trim().min(1).max(64);

/** Longest custom range, in days (a leap year). */
const MAX_REPORT_RANGE_DAYS = 366;
/** Most rows in one page of the sales list. */
const MAX_SALES_PAGE = 200;
/** Longest refund reason. */
const MAX_REFUND_REASON_LENGTH = 200;

// ---------------------------------------------------------------------------------------------
// Scope

/** `locationId` omitted (or `all`) = every location the viewer may see. */
export const ScopeQuerySchema = z.object({
  locationId: IdSchema.optional(),
});

const MerchantViewerSchema = z.object({
  /**
   * `support`: a platform admin's view of one merchant (`?accountId=`): no refunds, but the catalog and the
   * team on the merchant's behalf. `staff`: a staff member whose role has the `reports` permission.
   */
  kind: z.enum(['owner', 'manager', 'support', 'staff']),
  name: z.string(),
  /** Whether this viewer may refund (owners, and roles with `refunds`). */
  canRefund: z.boolean(),
  /** The balance and payouts (Stripe's account-wide figures): the owner and the support view only. */
  canSeeAccountFigures: z.boolean(),
  /** What this viewer may do (owners and support: everything). */
  permissions: z.array(PermissionSchema),
  /** Whether this viewer may change what applies to every location (catalog, discounts). */
  canEditCatalog: z.boolean(),
  /** Whether this viewer may manage the team (owners, support, managers for their locations). */
  canManageTeam: z.boolean(),
});
export type MerchantViewer = z.infer<typeof MerchantViewerSchema>;

const MerchantLocationSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });

export const MerchantContextResponseSchema = z.object({
  viewer: MerchantViewerSchema,
  account: z.object({ id: z.string(), businessName: z.string(), currency: z.string() }),
  /**
   * Whether the platform still has the account's Stripe account (docs/DISPUTES.md): `disconnected` (the owner
   * removed the platform's access — `deauthorized` — or Stripe refuses it — `access_revoked`) or `rejected`
   * (Stripe's `rejected.*` reason), and since when; the review shows what happened and what still works.
   */
  standing: z.object({
    connection: z.enum(['connected', 'disconnected', 'rejected']),
    disconnectedAt: z.string().nullable(),
    disconnectedReason: z.enum(['deauthorized', 'access_revoked']).nullable(),
    rejectedAt: z.string().nullable(),
    rejectedReason: z.string().nullable(),
  }),
  locations: z.array(MerchantLocationSchema),
  staff: z.array(z.object({ id: z.string(), displayName: z.string() })),
  /** Today in each location's zone, by location id. */
  todayByLocation: z.record(z.string(), LocalDateSchema),
});
export type MerchantContextResponse = z.infer<typeof MerchantContextResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Figures

const Minor = z.number().int();

const SalesFiguresSchema = z.object({
  grossSalesMinor: Minor,
  discountsMinor: Minor,
  refundsMinor: Minor,
  netSalesMinor: Minor,
  taxMinor: Minor,
  tipsMinor: Minor,
  totalCollectedMinor: Minor,
  cardMinor: Minor,
  cashMinor: Minor,
  stripeFeesMinor: Minor,
  applicationFeesMinor: Minor,
  applicationFeeRefundsMinor: Minor,
  netToMerchantMinor: Minor,
  drawerOverShortMinor: Minor,
  salesCount: Minor,
  refundsCount: Minor,
  averageSaleMinor: Minor,
});
export type SalesFigures = z.infer<typeof SalesFiguresSchema>;

const DefinitionsSchema = z.record(z.string(), z.string());

const BucketShape = {
  salesCount: Minor,
  grossSalesMinor: Minor,
  discountsMinor: Minor,
  netSalesMinor: Minor,
  taxMinor: Minor,
  tipsMinor: Minor,
  totalMinor: Minor,
};

const CurrencySummarySchema = z.object({
  currency: z.string(),
  figures: SalesFiguresSchema,
  stripeFeesUnknownCount: Minor,
  uncapturedAuthorizations: z.object({ count: Minor, amountMinor: Minor }),
  byPaymentMethod: z.array(
    z.object({ ...BucketShape, cardBrand: z.string().nullable(), readMethod: z.string().nullable() }),
  ),
  byItem: z.array(
    z.object({
      itemId: z.string().nullable(),
      variantId: z.string().nullable(),
      description: z.string(),
      quantity: Minor,
      grossSalesMinor: Minor,
      discountsMinor: Minor,
      salesCount: Minor,
    }),
  ),
  /** Modifiers sold: how many times, and what they added to prices. */
  byModifier: z.array(
    z.object({ modifierId: z.string().nullable(), name: z.string(), quantity: Minor, amountMinor: Minor }),
  ),
  /** Discounts given: how many times, and what they took off. */
  byDiscount: z.array(
    z.object({ discountId: z.string().nullable(), name: z.string(), count: Minor, amountMinor: Minor }),
  ),
  /** Money taken per tender (tips included) and refunded to it, in the period. */
  byTender: z.array(
    z.object({
      method: z.enum(['card', 'cash']),
      count: Minor,
      amountMinor: Minor,
      tipsMinor: Minor,
      refundsMinor: Minor,
      netMinor: Minor,
    }),
  ),
  byStaff: z.array(z.object({ ...BucketShape, staffId: z.string() })),
  byHour: z.array(z.object({ ...BucketShape, hour: Minor })),
  byLocation: z.array(z.object({ ...BucketShape, locationId: z.string(), timeZone: z.string() })),
});
export type CurrencySummary = z.infer<typeof CurrencySummarySchema>;

const DateRangeSchema = z.object({ from: LocalDateSchema, to: LocalDateSchema });

const SalesSummarySchema = z.object({
  range: DateRangeSchema,
  currencies: z.array(CurrencySummarySchema),
  /** What each figure means (`SALES_FIGURE_DEFINITIONS`). */
  definitions: DefinitionsSchema,
});
export type SalesSummary = z.infer<typeof SalesSummarySchema>;

const FigureChangeSchema = z.object({
  current: Minor,
  previous: Minor,
  delta: Minor,
  changeBps: Minor.nullable(),
});
export type FigureChange = z.infer<typeof FigureChangeSchema>;

const CurrencyComparisonSchema = z.object({
  currency: z.string(),
  figures: z.record(z.string(), FigureChangeSchema),
});
export type CurrencyComparison = z.infer<typeof CurrencyComparisonSchema>;

/** `GET /api/merchant/summary/daily?date=&locationId=`; `date` defaults to today in the location's zone. */
export const DailySummaryQuerySchema = ScopeQuerySchema.extend({ date: LocalDateSchema.optional() });
export type DailySummaryQuery = z.infer<typeof DailySummaryQuerySchema>;

export const DailySummaryResponseSchema = z.object({
  date: LocalDateSchema,
  comparedWith: LocalDateSchema,
  locationId: z.string().nullable(),
  summary: SalesSummarySchema,
  previous: SalesSummarySchema,
  comparison: z.array(CurrencyComparisonSchema),
  /** Disputes opened, money taken back and returned that day, per currency (none: an empty list). */
  disputes: z.array(DisputeDayFiguresSchema),
});
export type DailySummaryResponse = z.infer<typeof DailySummaryResponseSchema>;

/** `GET /api/merchant/summary?period=week|month|custom`: week/month hold `date`; custom is `from`..`to`. */
export const RangeSummaryQuerySchema = ScopeQuerySchema.extend({
  period: z.enum(['day', 'week', 'month', 'custom']).default('day'),
  date: LocalDateSchema.optional(),
  from: LocalDateSchema.optional(),
  to: LocalDateSchema.optional(),
});
export type RangeSummaryQuery = z.infer<typeof RangeSummaryQuerySchema>;

export const RangeSummaryResponseSchema = z.object({
  locationId: z.string().nullable(),
  summary: SalesSummarySchema,
});
export type RangeSummaryResponse = z.infer<typeof RangeSummaryResponseSchema>;

const DailyFiguresRowSchema = z.object({
  date: LocalDateSchema,
  currency: z.string(),
  figures: SalesFiguresSchema,
  stripeFeesUnknownCount: Minor,
});
export type DailyFiguresRow = z.infer<typeof DailyFiguresRowSchema>;

/** `GET /api/merchant/series?days=30&date=`: the `days` local dates ending with `date` (default today). */
export const SeriesQuerySchema = ScopeQuerySchema.extend({
  date: LocalDateSchema.optional(),
  days: z.coerce.number().int().min(1).max(MAX_REPORT_RANGE_DAYS).default(30),
});
export type SeriesQuery = z.infer<typeof SeriesQuerySchema>;

export const SeriesResponseSchema = z.object({
  locationId: z.string().nullable(),
  range: DateRangeSchema,
  series: z.array(DailyFiguresRowSchema),
  definitions: DefinitionsSchema,
});
export type SeriesResponse = z.infer<typeof SeriesResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Sales list and detail

/**
 * `GET /api/merchant/sales`: newest first. Filters: a local date range (default: the last 30 days),
 * status, staff member, card last4, exact total (`amountMinor`). `cursor` is the previous page's
 * `nextCursor` (keyset pagination, stable under inserts).
 */
export const SalesSearchQuerySchema = ScopeQuerySchema.extend({
  from: LocalDateSchema.optional(),
  to: LocalDateSchema.optional(),
  status: SaleStatusSchema.optional(),
  staffId: IdSchema.optional(),
  last4: z
    .string()
    .regex(/^\d{4}$/, 'the last four digits of the card')
    .optional(),
  amountMinor: z.coerce.number().int().min(0).max(MAX_AMOUNT_MINOR).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_SALES_PAGE).default(50),
});
export type SalesSearchQuery = z.infer<typeof SalesSearchQuerySchema>;

const MerchantSaleSummarySchema = z.object({
  id: z.string(),
  status: SaleStatusSchema,
  currency: z.string(),
  totalMinor: Minor,
  tipMinor: Minor,
  refundedMinor: Minor,
  createdAt: z.string(),
  /** Local date-time with offset in the sale's location's zone. */
  localTime: z.string(),
  locationId: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  card: z.object({ brand: z.string(), last4: z.string(), readMethod: z.string().nullable() }).nullable(),
  itemsSummary: z.string(),
  receiptNumber: z.string().nullable(),
  /** How it was paid, e.g. ['cash', 'card']. */
  tenderMethods: z.array(z.enum(['cash', 'card'])),
  discountMinor: Minor,
});
export type MerchantSaleSummary = z.infer<typeof MerchantSaleSummarySchema>;

export const SalesPageResponseSchema = z.object({
  sales: z.array(MerchantSaleSummarySchema),
  nextCursor: z.string().nullable(),
});
export type SalesPageResponse = z.infer<typeof SalesPageResponseSchema>;

const RefundStatusSchema = z.enum(['pending', 'succeeded', 'failed', 'canceled']);
export type RefundStatus = z.infer<typeof RefundStatusSchema>;

const MerchantRefundSchema = z.object({
  id: z.string(),
  saleId: z.string(),
  amountMinor: Minor,
  applicationFeeRefundedMinor: Minor,
  currency: z.string(),
  reason: z.string().nullable(),
  status: RefundStatusSchema,
  stripeRefundId: z.string().nullable(),
  requestedBy: z.string().nullable(),
  failureMessage: z.string().nullable(),
  createdAt: z.string(),
  localTime: z.string(),
});
export type MerchantRefund = z.infer<typeof MerchantRefundSchema>;

const MerchantAttemptSchema = z.object({
  id: z.string(),
  status: z.string(),
  integration: z.string(),
  readerId: z.string().nullable(),
  /** The reader's label as staff know it ("Front counter"), or null when unknown. */
  readerLabel: z.string().nullable(),
  paymentIntentId: z.string().nullable(),
  errorCode: z.string().nullable(),
  declineCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  createdAt: z.string(),
});

const MerchantSaleDetailSchema = MerchantSaleSummarySchema.extend({
  locationName: z.string(),
  timeZone: z.string(),
  description: z.string().nullable(),
  lines: z.array(SaleLineSchema),
  subtotalMinor: Minor,
  saleDiscount: AppliedDiscountSchema.nullable(),
  taxMinor: Minor,
  taxIncluded: z.boolean(),
  taxes: z.array(SaleTaxSchema),
  tenders: z.array(TenderSchema),
  applicationFeeMinor: Minor,
  stripeFeeMinor: Minor.nullable(),
  refundableMinor: Minor,
  paymentIntentId: z.string().nullable(),
  chargeId: z.string().nullable(),
  balanceTransactionId: z.string().nullable(),
  /** `card_present` or `interac_present` (Interac refunds happen on the reader). */
  paymentMethodType: z.string().nullable(),
  attempts: z.array(MerchantAttemptSchema),
  refunds: z.array(MerchantRefundSchema),
  receiptUrl: z.string(),
});
export type MerchantSaleDetail = z.infer<typeof MerchantSaleDetailSchema>;

export const MerchantSaleResponseSchema = z.object({ sale: MerchantSaleDetailSchema });

export const MerchantSaleParamsSchema = z.object({ saleId: IdSchema });

/**
 * `POST /api/merchant/sales/:saleId/refunds`: `amountMinor` omitted = refund what is left (of the tender).
 * A sale paid by several tenders names the one to refund (`tenderId`); a cash tender is refunded at the
 * counter, from the drawer.
 */
export const CreateRefundBodySchema = z.object({
  refundKey: z.uuid(),
  amountMinor: z.number().int().min(1).max(MAX_AMOUNT_MINOR).optional(),
  reason: z.string().trim().min(1, 'give a reason').max(MAX_REFUND_REASON_LENGTH),
  tenderId: IdSchema.optional(),
});
export type CreateRefundBody = z.infer<typeof CreateRefundBodySchema>;

export const RefundResponseSchema = z.object({
  sale: MerchantSaleDetailSchema,
  refund: MerchantRefundSchema,
});
export type RefundResponse = z.infer<typeof RefundResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Authorizations, balance, payouts

const AuthorizationSchema = z.object({
  saleId: z.string(),
  locationId: z.string(),
  currency: z.string(),
  amountMinor: Minor,
  createdAt: z.string(),
  paymentIntentId: z.string().nullable(),
  /** When Stripe releases the hold (charge `capture_before`), or our conservative estimate. */
  captureBefore: z.string(),
  captureBeforeSource: z.enum(['stripe', 'estimate']),
  /** Fewer than 24 hours left (or already past). */
  nearDeadline: z.boolean(),
});
export type Authorization = z.infer<typeof AuthorizationSchema>;

export const AuthorizationsResponseSchema = z.object({ authorizations: z.array(AuthorizationSchema) });
export type AuthorizationsResponse = z.infer<typeof AuthorizationsResponseSchema>;

const MoneyAmountSchema = z.object({ currency: z.string(), amountMinor: Minor });

const PayoutSchema = z.object({
  id: z.string(),
  amountMinor: Minor,
  currency: z.string(),
  status: z.string(),
  arrivalDate: z.string(),
  created: z.string(),
  method: z.string(),
  /** Charges, refunds and fees paid out in it (from its balance transactions), when listed. */
  transactionCount: Minor.nullable(),
  /** Stripe's `failure_code` of a failed payout (e.g. `account_closed`), else null. */
  failureCode: z.string().nullable(),
  /** A failed or canceled payout: what happened and what to do, in plain words; else null. */
  failureText: z.string().nullable(),
});
export type Payout = z.infer<typeof PayoutSchema>;

export const BalanceResponseSchema = z.object({
  available: z.array(MoneyAmountSchema),
  pending: z.array(MoneyAmountSchema),
  schedule: z.object({
    interval: z.string(),
    delayDays: Minor.nullable(),
    weeklyAnchor: z.string().nullable(),
    monthlyAnchor: Minor.nullable(),
  }),
  payouts: z.array(PayoutSchema),
});
export type BalanceResponse = z.infer<typeof BalanceResponseSchema>;

export const PayoutParamsSchema = z.object({
  payoutId: z.string().regex(/^po_[A-Za-z0-9]{1,60}$/, 'a payout id po_…'),
});

const PayoutTransactionSchema = z.object({
  id: z.string(),
  /** Stripe's balance transaction type: `charge`, `payment`, `refund`, `application_fee`, … */
  type: z.string(),
  amountMinor: Minor,
  feeMinor: Minor,
  netMinor: Minor,
  currency: z.string(),
  source: z.string().nullable(),
  /** Our sale, when the transaction is one of our charges or refunds. */
  saleId: z.string().nullable(),
});

export const PayoutDetailResponseSchema = z.object({
  payout: PayoutSchema,
  transactions: z.array(PayoutTransactionSchema),
});
export type PayoutDetailResponse = z.infer<typeof PayoutDetailResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Reconciliation

export const ReconciliationQuerySchema = ScopeQuerySchema.extend({ date: LocalDateSchema.optional() });
export type ReconciliationQuery = z.infer<typeof ReconciliationQuerySchema>;

const ReconciliationDifferenceSchema = z.object({
  kind: z.string(),
  saleId: z.string().nullable(),
  refundId: z.string().nullable(),
  stripeObjectType: z.string().nullable(),
  stripeObjectId: z.string().nullable(),
  currency: z.string().nullable(),
  oursMinor: Minor.nullable(),
  stripeMinor: Minor.nullable(),
  message: z.string(),
});
export type ReconciliationDifference = z.infer<typeof ReconciliationDifferenceSchema>;

export const ReconciliationResponseSchema = z.object({
  date: LocalDateSchema,
  locationId: z.string().nullable(),
  /** Reconciliation with Stripe covers card payments (and card refunds) only: cash never reaches Stripe. */
  covers: z.literal('card_payments'),
  /** The day's cash, left out of the comparison: cash tenders of paid sales, and cash refunds. */
  cash: z.object({ paymentsCount: Minor, amountMinor: Minor, refundsMinor: Minor }),
  differences: z.array(ReconciliationDifferenceSchema),
  matchedSalesCount: Minor,
  matchedRefundsCount: Minor,
  stripeObjects: z.object({
    charges: Minor,
    refunds: Minor,
    applicationFees: Minor,
    balanceTransactions: Minor,
    /** Dispute balance transactions (chargebacks and reversals, `source` du_…) matched through the dispute's charge. */
    disputeTransactions: Minor,
  }),
});
export type ReconciliationResponse = z.infer<typeof ReconciliationResponseSchema>;

// ---------------------------------------------------------------------------------------------
// Exports

/** `GET /api/merchant/exports/{sales,refunds,daily-summary,disputes}.csv?from=&to=&locationId=` (≤ 366 days). */
export const ExportQuerySchema = ScopeQuerySchema.extend({
  from: LocalDateSchema.optional(),
  to: LocalDateSchema.optional(),
});
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Cash drawer shifts

/** `GET /api/merchant/shifts?from=&to=&locationId=`: drawer shifts opened in the range (default today). */
export const ShiftsQuerySchema = ScopeQuerySchema.extend({
  from: LocalDateSchema.optional(),
  to: LocalDateSchema.optional(),
});
export type ShiftsQuery = z.infer<typeof ShiftsQuerySchema>;

export const MerchantShiftsResponseSchema = z.object({
  shifts: z.array(DrawerShiftSchema),
  /** Σ over/short of the closed shifts listed. */
  overShortMinor: Minor,
});
export type MerchantShiftsResponse = z.infer<typeof MerchantShiftsResponseSchema>;
