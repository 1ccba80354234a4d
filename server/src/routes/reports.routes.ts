/**
 * Merchant sales review routes under `/api/merchant`: context, daily summary (with last week's
 * comparison), ranges, the day-by-day series, the sales list and a sale's detail and receipt, refunds,
 * uncaptured authorizations, balance and payouts, the reconciliation against Stripe, and CSV exports.
 * The `manager` guard resolves the viewer first: a merchant owner (console session) or a manager (counter
 * session); staff get 403, nobody signed in 401; another merchant's location or sale is 404. A platform
 * admin may look at any merchant read-only by adding `?accountId=` (the platform's support view).
 */
import {
  AuthorizationsResponseSchema,
  BalanceResponseSchema,
  CreateRefundBodySchema,
  DailySummaryQuerySchema,
  DailySummaryResponseSchema,
  ExportQuerySchema,
  MerchantContextResponseSchema,
  MerchantSaleParamsSchema,
  MerchantSaleResponseSchema,
  PayoutDetailResponseSchema,
  PayoutParamsSchema,
  RangeSummaryQuerySchema,
  RangeSummaryResponseSchema,
  ReconciliationQuerySchema,
  ReconciliationResponseSchema,
  RefundResponseSchema,
  SalesPageResponseSchema,
  SalesSearchQuerySchema,
  ScopeQuerySchema,
  SeriesQuerySchema,
  SeriesResponseSchema,
} from '@countertop/shared';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { RefundsService } from '../services/refunds.service.ts';
import type { ReportsService } from '../services/reports/reports.service.ts';
import type { CsvFile } from '../services/reports/scope.ts';

/** The merchant review's services (the platform's support view uses them too). */
export interface MerchantServices {
  reports: ReportsService;
  refunds: RefundsService;
}

import { csvResponse, defineRoute, errorResponse, htmlResponse, jsonResponse } from './define-route.ts';

/** A merchant's figures are never cached (shared tablets, proxies): once the viewer is known, say so. */
const noStore = createMiddleware(async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
});

const merchantErrors = {
  400: errorResponse('invalid_request: bad date, range over 366 days, bad filter'),
  401: errorResponse('unauthenticated: no merchant owner or manager session'),
  403: errorResponse('forbidden: staff (not a manager) or a platform admin'),
  404: errorResponse('not_found: a location outside the viewer’s scope'),
};
const csvExport = csvResponse('CSV (UTF-8 with BOM, CRLF)');
/** What every merchant route shares: guard, response header, tag. */
const merchantRoute = { guard: 'manager', middleware: [noStore], tags: ['merchant'] } as const;

function csv(c: Context, file: CsvFile) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(file.body);
}

export function reportRoutes({ reports, refunds }: MerchantServices) {
  return [
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/context',
        summary: 'Who is viewing, the locations in scope and today in each (merchant owner or manager)',
        responses: { 200: jsonResponse('Context', MerchantContextResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.context(c.var.viewer), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/summary/daily',
        summary:
          "A day's figures in the location's time zone, with the same weekday last week (merchant owner or manager)",
        query: DailySummaryQuerySchema,
        responses: { 200: jsonResponse('Daily summary', DailySummaryResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.dailySummary(c.var.viewer, c.req.valid('query')), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/summary',
        summary:
          'Figures and breakdowns for a day, week, month or custom range (≤ 366 days) (merchant owner or manager)',
        query: RangeSummaryQuerySchema,
        responses: { 200: jsonResponse('Range summary', RangeSummaryResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.rangeSummary(c.var.viewer, c.req.valid('query')), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/series',
        summary: 'Day-by-day figures (default: the last 30 days) (merchant owner or manager)',
        query: SeriesQuerySchema,
        responses: { 200: jsonResponse('Series', SeriesResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.series(c.var.viewer, c.req.valid('query')), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/sales',
        summary: 'Sales, newest first, with filters and keyset pagination (merchant owner or manager)',
        query: SalesSearchQuerySchema,
        responses: { 200: jsonResponse('A page of sales', SalesPageResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.listSales(c.var.viewer, c.req.valid('query')), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/sales/{saleId}',
        summary: "A sale's lines, payment attempts, refunds, fees and Stripe ids (merchant owner or manager)",
        params: MerchantSaleParamsSchema,
        responses: { 200: jsonResponse('Sale', MerchantSaleResponseSchema), ...merchantErrors },
      },
      async (c) => {
        const { saleId } = c.req.valid('param');
        return c.json({ sale: await reports.saleDetail(c.var.viewer, saleId) }, 200);
      },
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/sales/{saleId}/receipt',
        summary: 'The printable receipt of a paid sale (merchant owner or manager)',
        params: MerchantSaleParamsSchema,
        responses: {
          200: htmlResponse('HTML receipt'),
          ...merchantErrors,
        },
      },
      async (c) => c.html(await reports.receiptHtml(c.var.viewer, c.req.valid('param').saleId)),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'post',
        path: '/api/merchant/sales/{saleId}/refunds',
        summary: 'Refund a sale in full or in part, with a reason (merchant owner or manager)',
        params: MerchantSaleParamsSchema,
        body: CreateRefundBodySchema,
        responses: {
          ...merchantErrors,
          201: jsonResponse('Refund recorded', RefundResponseSchema),
          409: errorResponse('conflict (not refundable) or refund_requires_reader (Interac)'),
          502: errorResponse('stripe_error: Stripe refused the refund'),
          503: errorResponse('stripe_unavailable: submit again with the same refundKey'),
        },
      },
      async (c) =>
        c.json(await refunds.refundSale(c.var.viewer, c.req.valid('param').saleId, c.req.valid('json')), 201),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/authorizations',
        summary:
          'Authorised but uncaptured sales, flagged near their capture deadline (merchant owner or manager)',
        query: ScopeQuerySchema,
        responses: { 200: jsonResponse('Authorizations', AuthorizationsResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.authorizations(c.var.viewer, c.req.valid('query')), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/balance',
        summary:
          "The account's Stripe balance, payout schedule and recent payouts (merchant owner or manager)",
        responses: { 200: jsonResponse('Balance', BalanceResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.balance(c.var.viewer), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/payouts/{payoutId}',
        summary:
          'A payout and the charges, refunds and fees it pays out, tied to sales (merchant owner or manager)',
        params: PayoutParamsSchema,
        responses: { 200: jsonResponse('Payout', PayoutDetailResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.payoutDetail(c.var.viewer, c.req.valid('param').payoutId), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/reconciliation',
        summary:
          "A day's sales and refunds against Stripe's objects, listing differences (merchant owner or manager)",
        query: ReconciliationQuerySchema,
        responses: { 200: jsonResponse('Reconciliation', ReconciliationResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await reports.reconciliation(c.var.viewer, c.req.valid('query')), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/exports/sales.csv',
        summary: 'Sales CSV for a range of local dates (merchant owner or manager)',
        query: ExportQuerySchema,
        responses: { 200: csvExport, ...merchantErrors },
      },
      async (c) => csv(c, await reports.salesCsv(c.var.viewer, c.req.valid('query'))),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/exports/refunds.csv',
        summary: 'Refunds CSV for a range of local dates (merchant owner or manager)',
        query: ExportQuerySchema,
        responses: { 200: csvExport, ...merchantErrors },
      },
      async (c) => csv(c, await reports.refundsCsv(c.var.viewer, c.req.valid('query'))),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'get',
        path: '/api/merchant/exports/daily-summary.csv',
        summary: 'Daily summary CSV (one row per date and currency) (merchant owner or manager)',
        query: ExportQuerySchema,
        responses: { 200: csvExport, ...merchantErrors },
      },
      async (c) => csv(c, await reports.dailySummaryCsv(c.var.viewer, c.req.valid('query'))),
    ),
  ];
}
