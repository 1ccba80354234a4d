/**
 * The platform's support view (`/api/platform/accounts/:accountId/sales*`, platform admins only): open any
 * merchant's sales and refund on their behalf through the merchant slice's own reports and refunds
 * services, acting as "<admin email> (platform support)"; every refund also gets an audit log entry.
 */
import {
  AccountIdParamSchema,
  CreateRefundBodySchema,
  MerchantSaleParamsSchema,
  MerchantSaleResponseSchema,
  RefundResponseSchema,
  SalesPageResponseSchema,
  SalesSearchQuerySchema,
} from '@countertop/shared';
import type { MerchantAccess, MerchantViewer } from '../services/merchant-access.ts';
import type { PlatformAccountsService } from '../services/platform-accounts.service.ts';
import { defineRoute, errorResponse, jsonResponse } from './define-route.ts';
import type { MerchantServices } from './reports.routes.ts';

const SaleParamsSchema = AccountIdParamSchema.extend(MerchantSaleParamsSchema.shape);

const supportErrors = {
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: not a platform admin'),
  404: errorResponse('account_not_found / sale_not_found'),
};

export interface PlatformSupportRoutesDeps {
  merchant: MerchantServices;
  accounts: PlatformAccountsService;
  merchantAccess: MerchantAccess;
}

export function platformSupportRoutes({ merchant, accounts, merchantAccess }: PlatformSupportRoutesDeps) {
  const supportViewer = async (
    accountId: string,
    admin: { id: string; email: string },
  ): Promise<MerchantViewer> => {
    await accounts.requireAccount(accountId);
    return merchantAccess.supportViewer(accountId, admin);
  };
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/sales',
        guard: 'platform_admin',
        summary: "Support view: a merchant's sales, as the merchant sees them",
        tags: ['platform', 'support'],
        params: AccountIdParamSchema,
        query: SalesSearchQuerySchema,
        responses: { 200: jsonResponse('Sales', SalesPageResponseSchema), ...supportErrors },
      },
      async (c) => {
        const viewer = await supportViewer(c.req.valid('param').accountId, c.var.user);
        // An account without locations has no sales yet (and no time zone to date them by).
        if (viewer.locations.length === 0) return c.json({ sales: [], nextCursor: null }, 200);
        return c.json(await merchant.reports.listSales(viewer, c.req.valid('query')), 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/accounts/{accountId}/sales/{saleId}',
        guard: 'platform_admin',
        summary: "Support view: one of a merchant's sales",
        tags: ['platform', 'support'],
        params: SaleParamsSchema,
        responses: { 200: jsonResponse('The sale', MerchantSaleResponseSchema), ...supportErrors },
      },
      async (c) => {
        const { accountId, saleId } = c.req.valid('param');
        const viewer = await supportViewer(accountId, c.var.user);
        return c.json({ sale: await merchant.reports.saleDetail(viewer, saleId) }, 200);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/platform/accounts/{accountId}/sales/{saleId}/refunds',
        guard: 'platform_admin',
        summary: 'Support view: refund on the merchant’s behalf (audit-logged with the admin’s name)',
        tags: ['platform', 'support'],
        params: SaleParamsSchema,
        body: CreateRefundBodySchema,
        responses: {
          201: jsonResponse('Refunded', RefundResponseSchema),
          400: errorResponse('invalid_request'),
          ...supportErrors,
        },
      },
      async (c) => {
        const { accountId, saleId } = c.req.valid('param');
        const user = c.var.user;
        const body = c.req.valid('json');
        const result = await merchant.refunds.refundSale(await supportViewer(accountId, user), saleId, body);
        await accounts.audit(
          { id: user.id, email: user.email },
          accountId,
          'support.refund',
          `sale ${saleId}`,
          { refundId: result.refund.id, amountMinor: result.refund.amountMinor, reason: body.reason },
        );
        return c.json(result, 201);
      },
    ),
  ];
}
