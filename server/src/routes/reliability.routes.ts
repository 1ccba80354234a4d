/**
 * Platform reliability routes (platform admins only): `GET /api/platform/reconciliation?date=&accountId=`
 * — a local day of every account (or one) reconciled against Stripe, every difference named — and
 * `GET /api/platform/payment-anomalies?status=&accountId=` — what the recovery sweeper found: duplicate
 * charges to refund, charges naming no sale of ours, authorizations close to their capture deadline.
 */
import { LocalDateSchema, ReconciliationResponseSchema } from '@countertop/shared';
import { z } from 'zod';
import type { PlatformReconciliationService } from '../services/platform-reconciliation.service.ts';
import type { AnomalyLister } from '../services/recovery.service.ts';
import { defineRoute, errorResponse, jsonResponse } from './define-route.ts';

const AccountIdSchema = z.string().trim().min(1).max(100);

export const PlatformReconciliationQuerySchema = z
  .object({ date: LocalDateSchema, accountId: AccountIdSchema.optional() })
  .strict();

export const PlatformReconciliationResponseSchema = z.object({
  date: LocalDateSchema,
  differencesCount: z.number().int().min(0),
  accounts: z.array(ReconciliationResponseSchema.extend({ accountId: z.string(), businessName: z.string() })),
});

export const PaymentAnomaliesQuerySchema = z
  .object({ status: z.enum(['open', 'resolved']).optional(), accountId: AccountIdSchema.optional() })
  .strict();

export const PaymentAnomalySchema = z.object({
  id: z.string(),
  kind: z.enum(['duplicate_charge', 'orphan_charge', 'capture_deadline']),
  accountId: z.string(),
  saleId: z.string().nullable(),
  paymentIntentId: z.string(),
  chargeId: z.string().nullable(),
  amountMinor: z.number().int(),
  currency: z.string(),
  captureBefore: z.string().nullable(),
  status: z.enum(['open', 'resolved']),
  detectedAt: z.string(),
});

export const PaymentAnomaliesResponseSchema = z.object({ anomalies: z.array(PaymentAnomalySchema) });

export interface ReliabilityRoutesDeps {
  reconciliation: PlatformReconciliationService;
  anomalies: AnomalyLister;
}

export function reliabilityRoutes({ reconciliation, anomalies: anomalyList }: ReliabilityRoutesDeps) {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/reconciliation',
        guard: 'platform_admin',
        summary:
          "A day of every account's (or one account's) sales, refunds and fees against Stripe's objects",
        tags: ['platform', 'reliability'],
        query: PlatformReconciliationQuerySchema,
        responses: {
          200: jsonResponse('Differences per account', PlatformReconciliationResponseSchema),
          400: errorResponse('invalid_request'),
        },
      },
      async (c) => {
        const query = c.req.valid('query');
        return c.json(await reconciliation.reconcileDay(query.date, query.accountId), 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/payment-anomalies',
        guard: 'platform_admin',
        summary:
          'Duplicate charges to refund, orphan charges and capture deadlines found by the recovery sweeper',
        tags: ['platform', 'reliability'],
        query: PaymentAnomaliesQuerySchema,
        responses: { 200: jsonResponse('Anomalies, newest first', PaymentAnomaliesResponseSchema) },
      },
      async (c) => {
        const query = c.req.valid('query');
        const anomalies = await anomalyList.listAnomalies({
          ...(query.status ? { status: query.status } : {}),
          ...(query.accountId ? { accountId: query.accountId } : {}),
        });
        return c.json(
          {
            anomalies: anomalies.map((anomaly) => ({
              id: anomaly.id,
              kind: anomaly.kind,
              accountId: anomaly.accountId,
              saleId: anomaly.saleId,
              paymentIntentId: anomaly.paymentIntentId,
              chargeId: anomaly.chargeId,
              amountMinor: anomaly.amountMinor,
              currency: anomaly.currency,
              captureBefore:
                anomaly.deadlineS === null ? null : new Date(anomaly.deadlineS * 1000).toISOString(),
              status: anomaly.status,
              detectedAt: new Date(anomaly.detectedAtMs).toISOString(),
            })),
          },
          200,
        );
      },
    ),
  ];
}
