/**
 * The platform's support view (`/api/platform/accounts/:accountId/sales*`, platform admins only): open any
 * merchant's sales and refund on their behalf through the merchant slice's own reports and refunds
 * services, acting as "<admin email> (platform support)"; every refund also gets an audit log entry.
 */
import {
  AccountIdParamSchema,
  ApiErrorSchema,
  CreateRefundBodySchema,
  MerchantSaleParamsSchema,
  MerchantSaleResponseSchema,
  RefundResponseSchema,
  SalesPageResponseSchema,
  SalesSearchQuerySchema,
} from '@countertop/shared';
import { Hono } from 'hono';
import type { AppServices } from '../compose.ts';
import { type ConsoleEnv, requirePlatformAdmin } from '../middleware/console-session.ts';
import { validate } from '../middleware/error-handler.ts';
import type { MerchantAccess, MerchantViewer } from '../services/merchant-access.ts';
import type { PlatformAccountsService } from '../services/platform-accounts.service.ts';
import { defineRoutes } from './route-registry.ts';

const SaleParamsSchema = AccountIdParamSchema.extend(MerchantSaleParamsSchema.shape);

export function createPlatformSupportRoutes(
  merchant: Pick<AppServices, 'reports' | 'refunds'>,
  accounts: PlatformAccountsService,
  merchantAccess: Pick<MerchantAccess, 'supportViewer'>,
) {
  /** The admin acting as the merchant's owner, named "<email> (platform support)"; 404 for no such account. */
  const supportViewer = async (
    accountId: string,
    admin: { id: string; email: string },
  ): Promise<MerchantViewer> => {
    await accounts.requireAccount(accountId);
    return merchantAccess.supportViewer(accountId, admin);
  };
  return new Hono<ConsoleEnv>()
    .use('/accounts/:accountId/sales', requirePlatformAdmin)
    .use('/accounts/:accountId/sales/*', requirePlatformAdmin)
    .get(
      '/accounts/:accountId/sales',
      validate('param', AccountIdParamSchema),
      validate('query', SalesSearchQuerySchema),
      async (c) => {
        const viewer = await supportViewer(c.req.valid('param').accountId, c.get('user'));
        // An account without locations has no sales yet (and no time zone to date them by).
        if (viewer.locations.length === 0) return c.json({ sales: [], nextCursor: null });
        return c.json(await merchant.reports.listSales(viewer, c.req.valid('query')));
      },
    )
    .get('/accounts/:accountId/sales/:saleId', validate('param', SaleParamsSchema), async (c) => {
      const { accountId, saleId } = c.req.valid('param');
      // Only reads: refund statuses are kept current by refund webhooks and the sweeper.
      const viewer = await supportViewer(accountId, c.get('user'));
      return c.json({ sale: await merchant.reports.saleDetail(viewer, saleId) });
    })
    .post(
      '/accounts/:accountId/sales/:saleId/refunds',
      validate('param', SaleParamsSchema),
      validate('json', CreateRefundBodySchema),
      async (c) => {
        const { accountId, saleId } = c.req.valid('param');
        const user = c.get('user');
        const body = c.req.valid('json');
        const result = await merchant.refunds.refundSale(await supportViewer(accountId, user), saleId, body);
        await accounts.audit(
          { id: user.id, email: user.email },
          accountId,
          'support.refund',
          `sale ${saleId}`,
          {
            refundId: result.refund.id,
            amountMinor: result.refund.amountMinor,
            reason: body.reason,
          },
        );
        return c.json(result, 201);
      },
    );
}

const errorResponse = (description: string) => ({ description, schema: ApiErrorSchema });
const supportErrors = {
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: not a platform admin'),
  404: errorResponse('account_not_found / sale_not_found'),
};

export const PLATFORM_SUPPORT_ROUTES = defineRoutes([
  {
    method: 'get',
    path: '/api/platform/accounts/:accountId/sales',
    auth: 'platform_admin',
    summary: "Support view: a merchant's sales, as the merchant sees them",
    tags: ['platform', 'support'],
    params: AccountIdParamSchema,
    query: SalesSearchQuerySchema,
    responses: { 200: { description: 'Sales', schema: SalesPageResponseSchema }, ...supportErrors },
  },
  {
    method: 'get',
    path: '/api/platform/accounts/:accountId/sales/:saleId',
    auth: 'platform_admin',
    summary: "Support view: one of a merchant's sales",
    tags: ['platform', 'support'],
    params: SaleParamsSchema,
    responses: { 200: { description: 'The sale', schema: MerchantSaleResponseSchema }, ...supportErrors },
  },
  {
    method: 'post',
    path: '/api/platform/accounts/:accountId/sales/:saleId/refunds',
    auth: 'platform_admin',
    summary: 'Support view: refund on the merchant’s behalf (audit-logged with the admin’s name)',
    tags: ['platform', 'support'],
    params: SaleParamsSchema,
    body: CreateRefundBodySchema,
    responses: {
      201: { description: 'Refunded', schema: RefundResponseSchema },
      400: errorResponse('invalid_request'),
      ...supportErrors,
    },
  },
]);
