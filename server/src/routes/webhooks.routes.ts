/**
 * `POST /api/webhooks/stripe`: Stripe's event deliveries. The raw body is handed to the service untouched
 * (the signature covers the exact bytes); 400 on a missing or bad signature, 200 once applied (or already
 * applied), 5xx when the effect could not be recorded so Stripe retries.
 */
import { z } from 'zod';
import type { WebhooksService } from '../services/webhooks.service.ts';
import { defineRoute, errorResponse, jsonResponse } from './define-route.ts';

export const WebhookAckSchema = z.object({ received: z.literal(true), duplicate: z.boolean() });

export function webhookRoutes({ webhooks }: { webhooks: WebhooksService }) {
  return [
    defineRoute(
      {
        method: 'post',
        path: '/api/webhooks/stripe',
        guard: 'stripe',
        summary: 'Stripe webhook deliveries (platform and Connect endpoints), verified by Stripe-Signature',
        tags: ['webhooks'],
        responses: {
          200: jsonResponse('Applied, or already applied', WebhookAckSchema),
          400: errorResponse('invalid_request: missing or bad signature'),
        },
      },
      async (c) => {
        const rawBody = await c.req.text();
        const result = await webhooks.handleStripeWebhook(rawBody, c.var.stripeSignature);
        return c.json({ received: result.received, duplicate: result.duplicate }, 200);
      },
    ),
  ];
}
