/**
 * `POST /api/webhooks/stripe`: Stripe's event deliveries. The raw body is handed to the service untouched
 * (the signature covers the exact bytes); 400 on a missing or bad signature, 200 once applied (or already
 * applied), 5xx when the effect could not be recorded so Stripe retries.
 */
import { ApiErrorSchema } from '@countertop/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { WebhooksService } from '../services/webhooks.service.ts';
import { defineRoutes } from './route-registry.ts';

export const WebhookAckSchema = z.object({ received: z.literal(true), duplicate: z.boolean() });

export function createWebhookRoutes(webhooks: WebhooksService) {
  return new Hono().post('/stripe', async (c) => {
    const rawBody = await c.req.text();
    const result = await webhooks.handleStripeWebhook(rawBody, c.req.header('stripe-signature'));
    return c.json({ received: result.received, duplicate: result.duplicate });
  });
}

export const WEBHOOK_ROUTES = defineRoutes([
  {
    method: 'post',
    path: '/api/webhooks/stripe',
    auth: 'stripe',
    summary: 'Stripe webhook deliveries (platform and Connect endpoints), verified by Stripe-Signature',
    tags: ['webhooks'],
    responses: {
      200: { description: 'Applied, or already applied', schema: WebhookAckSchema },
      400: { description: 'invalid_request: missing or bad signature', schema: ApiErrorSchema },
    },
  },
]);
