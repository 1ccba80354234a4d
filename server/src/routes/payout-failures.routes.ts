/**
 * Failed and canceled payouts, as recorded from Stripe's `payout.failed` / `payout.canceled` events: the
 * merchant's own (`/api/merchant/payout-failures`, merchant owner or manager; a platform admin's support view
 * with `?accountId=`) and every account's for the platform (`/api/platform/payout-failures`, platform admins).
 */
import { PayoutFailuresResponseSchema, PlatformPayoutFailuresQuerySchema } from '@countertop/shared';
import { createMiddleware } from 'hono/factory';
import type { PayoutFailuresService } from '../services/payout-failures.service.ts';
import { defineRoute, errorResponse, jsonResponse } from './define-route.ts';

const noStore = createMiddleware(async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
});

export function payoutFailureRoutes({ payoutFailures }: { payoutFailures: PayoutFailuresService }) {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/merchant/payout-failures',
        guard: 'manager',
        middleware: [noStore],
        tags: ['merchant'],
        summary:
          "The account's failed and canceled payouts with Stripe's failure code in plain words (merchant owner or manager)",
        responses: {
          200: jsonResponse('Failed and canceled payouts, newest first', PayoutFailuresResponseSchema),
          401: errorResponse('unauthenticated'),
          403: errorResponse('forbidden: staff (not a manager)'),
        },
      },
      async (c) => c.json(await payoutFailures.forMerchant(c.var.viewer), 200),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/payout-failures',
        guard: 'platform_admin',
        tags: ['platform'],
        summary: 'Failed and canceled payouts of every connected account (or one), newest first',
        query: PlatformPayoutFailuresQuerySchema,
        responses: {
          200: jsonResponse('Failed and canceled payouts', PayoutFailuresResponseSchema),
          401: errorResponse('unauthenticated'),
          403: errorResponse('forbidden: not a platform admin'),
        },
      },
      async (c) => c.json(await payoutFailures.forPlatform(c.req.valid('query')), 200),
    ),
  ];
}
