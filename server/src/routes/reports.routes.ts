/**
 * Merchant sales review routes under `/api/merchant`: context, daily summary (with last week's
 * comparison), ranges, the day-by-day series, the sales list and a sale's detail and receipt, refunds,
 * uncaptured authorizations, balance and payouts, the reconciliation against Stripe, and CSV exports.
 * Every route first resolves the viewer: a merchant owner (console session) or a manager (counter
 * session); staff get 403, nobody signed in 401; another merchant's location or sale is 404. A platform
 * admin may look at any merchant read-only by adding `?accountId=` (the platform's support view).
 */
import {
  ApiErrorSchema,
  AuthorizationsResponseSchema,
  BalanceResponseSchema,
  CreateRefundBodySchema,
  CSRF_HEADER,
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
import { type Context, Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ConsoleUserContext } from '../middleware/console-session.ts';
import { validate } from '../middleware/error-handler.ts';
import type { CounterContext } from '../middleware/session.ts';
import type { MerchantAccess, MerchantViewer } from '../services/merchant-access.ts';
import type { RefundsService } from '../services/refunds.service.ts';
import type { ReportsService } from '../services/reports/reports.service.ts';
import type { CsvFile } from '../services/reports/scope.ts';
import { defineRoutes, type RouteSpec } from './route-registry.ts';

interface MerchantEnv {
  Variables: {
    counter: CounterContext | undefined;
    sessionProblem: string | null | undefined;
    user: ConsoleUserContext | undefined;
    consoleSessionProblem: string | null | undefined;
    viewer: MerchantViewer;
  };
}

function csv(c: Context, file: CsvFile) {
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(file.body);
}

export interface MerchantRoutesServices {
  reports: ReportsService;
  refunds: RefundsService;
  resolveViewer: MerchantAccess['resolveViewer'];
}

export function createReportsRoutes(merchant: MerchantRoutesServices) {
  const { reports, refunds } = merchant;
  const requireViewer = createMiddleware<MerchantEnv>(async (c, next) => {
    c.set(
      'viewer',
      await merchant.resolveViewer({
        user: c.get('user'),
        counter: c.get('counter'),
        sessionProblem: c.get('consoleSessionProblem') ?? c.get('sessionProblem') ?? null,
        method: c.req.method,
        csrfHeader: c.req.header(CSRF_HEADER),
        accountIdQuery: c.req.query('accountId'),
      }),
    );
    c.header('Cache-Control', 'no-store');
    await next();
  });

  return new Hono<MerchantEnv>()
    .get('/context', requireViewer, async (c) => c.json(await reports.context(c.get('viewer'))))
    .get('/summary/daily', requireViewer, validate('query', DailySummaryQuerySchema), async (c) =>
      c.json(await reports.dailySummary(c.get('viewer'), c.req.valid('query'))),
    )
    .get('/summary', requireViewer, validate('query', RangeSummaryQuerySchema), async (c) =>
      c.json(await reports.rangeSummary(c.get('viewer'), c.req.valid('query'))),
    )
    .get('/series', requireViewer, validate('query', SeriesQuerySchema), async (c) =>
      c.json(await reports.series(c.get('viewer'), c.req.valid('query'))),
    )
    .get('/sales', requireViewer, validate('query', SalesSearchQuerySchema), async (c) =>
      c.json(await reports.listSales(c.get('viewer'), c.req.valid('query'))),
    )
    .get('/sales/:saleId', requireViewer, validate('param', MerchantSaleParamsSchema), async (c) => {
      const { saleId } = c.req.valid('param');
      return c.json({ sale: await reports.saleDetail(c.get('viewer'), saleId) });
    })
    .get('/sales/:saleId/receipt', requireViewer, validate('param', MerchantSaleParamsSchema), async (c) =>
      c.html(await reports.receiptHtml(c.get('viewer'), c.req.valid('param').saleId)),
    )
    .post(
      '/sales/:saleId/refunds',
      requireViewer,
      validate('param', MerchantSaleParamsSchema),
      validate('json', CreateRefundBodySchema),
      async (c) =>
        c.json(
          await refunds.refundSale(c.get('viewer'), c.req.valid('param').saleId, c.req.valid('json')),
          201,
        ),
    )
    .get('/authorizations', requireViewer, validate('query', ScopeQuerySchema), async (c) =>
      c.json(await reports.authorizations(c.get('viewer'), c.req.valid('query'))),
    )
    .get('/balance', requireViewer, async (c) => c.json(await reports.balance(c.get('viewer'))))
    .get('/payouts/:payoutId', requireViewer, validate('param', PayoutParamsSchema), async (c) =>
      c.json(await reports.payoutDetail(c.get('viewer'), c.req.valid('param').payoutId)),
    )
    .get('/reconciliation', requireViewer, validate('query', ReconciliationQuerySchema), async (c) =>
      c.json(await reports.reconciliation(c.get('viewer'), c.req.valid('query'))),
    )
    .get('/exports/sales.csv', requireViewer, validate('query', ExportQuerySchema), async (c) =>
      csv(c, await reports.salesCsv(c.get('viewer'), c.req.valid('query'))),
    )
    .get('/exports/refunds.csv', requireViewer, validate('query', ExportQuerySchema), async (c) =>
      csv(c, await reports.refundsCsv(c.get('viewer'), c.req.valid('query'))),
    )
    .get('/exports/daily-summary.csv', requireViewer, validate('query', ExportQuerySchema), async (c) =>
      csv(c, await reports.dailySummaryCsv(c.get('viewer'), c.req.valid('query'))),
    );
}

const errorResponse = (description: string) => ({ description, schema: ApiErrorSchema });
const common = {
  400: errorResponse('invalid_request: bad date, range over 366 days, bad filter'),
  401: errorResponse('unauthenticated: no merchant owner or manager session'),
  403: errorResponse('forbidden: staff (not a manager) or a platform admin'),
  404: errorResponse('not_found: a location outside the viewer’s scope'),
};
const csvResponse = { description: 'CSV (UTF-8 with BOM, CRLF)', contentType: 'text/csv' };

const route = (
  method: RouteSpec['method'],
  path: string,
  summary: string,
  extra: Partial<RouteSpec> & { responses: RouteSpec['responses'] },
): RouteSpec => ({
  method,
  path: `/api/merchant${path}`,
  auth: 'manager',
  summary: `${summary} (merchant owner or manager)`,
  tags: ['merchant'],
  ...extra,
  responses: { ...common, ...extra.responses },
});

export const REPORT_ROUTES = defineRoutes([
  route('get', '/context', 'Who is viewing, the locations in scope and today in each', {
    responses: { 200: { description: 'Context', schema: MerchantContextResponseSchema } },
  }),
  route(
    'get',
    '/summary/daily',
    "A day's figures in the location's time zone, with the same weekday last week",
    {
      query: DailySummaryQuerySchema,
      responses: { 200: { description: 'Daily summary', schema: DailySummaryResponseSchema } },
    },
  ),
  route('get', '/summary', 'Figures and breakdowns for a day, week, month or custom range (≤ 366 days)', {
    query: RangeSummaryQuerySchema,
    responses: { 200: { description: 'Range summary', schema: RangeSummaryResponseSchema } },
  }),
  route('get', '/series', 'Day-by-day figures (default: the last 30 days)', {
    query: SeriesQuerySchema,
    responses: { 200: { description: 'Series', schema: SeriesResponseSchema } },
  }),
  route('get', '/sales', 'Sales, newest first, with filters and keyset pagination', {
    query: SalesSearchQuerySchema,
    responses: { 200: { description: 'A page of sales', schema: SalesPageResponseSchema } },
  }),
  route('get', '/sales/:saleId', "A sale's lines, payment attempts, refunds, fees and Stripe ids", {
    params: MerchantSaleParamsSchema,
    responses: { 200: { description: 'Sale', schema: MerchantSaleResponseSchema } },
  }),
  route('get', '/sales/:saleId/receipt', 'The printable receipt of a paid sale', {
    params: MerchantSaleParamsSchema,
    responses: { 200: { description: 'HTML receipt', contentType: 'text/html' } },
  }),
  route('post', '/sales/:saleId/refunds', 'Refund a sale in full or in part, with a reason', {
    params: MerchantSaleParamsSchema,
    body: CreateRefundBodySchema,
    responses: {
      201: { description: 'Refund recorded', schema: RefundResponseSchema },
      409: errorResponse('conflict (not refundable) or refund_requires_reader (Interac)'),
      502: errorResponse('stripe_error: Stripe refused the refund'),
      503: errorResponse('stripe_unavailable: submit again with the same refundKey'),
    },
  }),
  route('get', '/authorizations', 'Authorised but uncaptured sales, flagged near their capture deadline', {
    query: ScopeQuerySchema,
    responses: { 200: { description: 'Authorizations', schema: AuthorizationsResponseSchema } },
  }),
  route('get', '/balance', "The account's Stripe balance, payout schedule and recent payouts", {
    responses: { 200: { description: 'Balance', schema: BalanceResponseSchema } },
  }),
  route(
    'get',
    '/payouts/:payoutId',
    'A payout and the charges, refunds and fees it pays out, tied to sales',
    {
      params: PayoutParamsSchema,
      responses: { 200: { description: 'Payout', schema: PayoutDetailResponseSchema } },
    },
  ),
  route('get', '/reconciliation', "A day's sales and refunds against Stripe's objects, listing differences", {
    query: ReconciliationQuerySchema,
    responses: { 200: { description: 'Reconciliation', schema: ReconciliationResponseSchema } },
  }),
  route('get', '/exports/sales.csv', 'Sales CSV for a range of local dates', {
    query: ExportQuerySchema,
    responses: { 200: csvResponse },
  }),
  route('get', '/exports/refunds.csv', 'Refunds CSV for a range of local dates', {
    query: ExportQuerySchema,
    responses: { 200: csvResponse },
  }),
  route('get', '/exports/daily-summary.csv', 'Daily summary CSV (one row per date and currency)', {
    query: ExportQuerySchema,
    responses: { 200: csvResponse },
  }),
]);
