/** Receipt routes behind a counter session: the printable HTML receipt and emailing it (202). */
import { ApiErrorSchema, EmailReceiptBodySchema, SaleIdParamsSchema } from '@countertop/shared';
import { Hono } from 'hono';
import { validate } from '../middleware/error-handler.ts';
import { type CounterEnv, requireCounterSession } from '../middleware/session.ts';
import type { ReceiptsService } from '../services/receipts.service.ts';
import { defineRoutes } from './route-registry.ts';

export function createReceiptsRoutes(receipts: ReceiptsService) {
  return new Hono<CounterEnv>()
    .get('/sales/:saleId/receipt', requireCounterSession, validate('param', SaleIdParamsSchema), async (c) =>
      c.html(await receipts.receiptHtml(c.get('counter'), c.req.valid('param').saleId)),
    )
    .post(
      '/sales/:saleId/receipt/email',
      requireCounterSession,
      validate('param', SaleIdParamsSchema),
      validate('json', EmailReceiptBodySchema),
      async (c) => {
        await receipts.emailReceipt(c.get('counter'), c.req.valid('param').saleId, c.req.valid('json').email);
        return c.body(null, 202);
      },
    );
}

const errorResponse = (description: string) => ({ description, schema: ApiErrorSchema });

export const RECEIPT_ROUTES = defineRoutes([
  {
    method: 'get',
    path: '/api/counter/sales/:saleId/receipt',
    auth: 'counter',
    summary: 'Printable HTML receipt of a paid sale',
    tags: ['receipts'],
    params: SaleIdParamsSchema,
    responses: {
      200: { description: 'HTML receipt', contentType: 'text/html' },
      401: errorResponse('unauthenticated'),
      404: errorResponse('sale_not_found'),
      409: errorResponse('conflict: the sale is not paid'),
    },
  },
  {
    method: 'post',
    path: '/api/counter/sales/:saleId/receipt/email',
    auth: 'counter',
    summary: 'Email the receipt of a paid sale',
    tags: ['receipts'],
    params: SaleIdParamsSchema,
    body: EmailReceiptBodySchema,
    responses: {
      202: { description: 'Queued for sending' },
      400: errorResponse('invalid_request: not an email address'),
      401: errorResponse('unauthenticated'),
      404: errorResponse('sale_not_found'),
      409: errorResponse('conflict: the sale is not paid'),
    },
  },
]);
