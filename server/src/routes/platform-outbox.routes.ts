/**
 * The platform console's outbox (`GET /api/platform/outbox`, platform admins only): without SMTP_URL the
 * server keeps outgoing mail here instead of sending it (and never writes it to the log).
 */
import { OutboxResponseSchema } from '@countertop/shared';
import type { MailOutbox } from '../services/mailer.ts';
import { defineRoute, errorResponse, jsonResponse } from './define-route.ts';

export function platformOutboxRoutes({ outbox }: { outbox: MailOutbox }) {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/outbox',
        guard: 'platform_admin',
        summary:
          'Where outgoing mail goes, and the mail kept in the local outbox (no SMTP_URL), newest first',
        tags: ['platform', 'mail'],
        responses: {
          200: jsonResponse('The outbox', OutboxResponseSchema),
          401: errorResponse('unauthenticated'),
          403: errorResponse('forbidden: not a platform admin'),
        },
      },
      async (c) => {
        // Invitation links in there are one-time credentials: never cached.
        c.header('Cache-Control', 'no-store');
        const messages = await outbox.list();
        return c.json(
          {
            delivery: outbox.delivery,
            description: outbox.description,
            messages: messages.map((message) => ({
              id: message.id,
              to: message.to,
              subject: message.subject,
              text: message.text,
              createdAt: new Date(message.createdAtMs).toISOString(),
            })),
          },
          200,
        );
      },
    ),
  ];
}
