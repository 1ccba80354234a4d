/** Receipt routes behind a counter session: the printable HTML receipt and emailing it (202). */
import { EmailReceiptBodySchema, SaleIdParamsSchema } from '@countertop/shared';
import type { ReceiptsService } from '../services/receipts.service.ts';
import { defineRoute, emptyResponse, errorResponse, htmlResponse } from './define-route.ts';

export function receiptRoutes({ receipts }: { receipts: ReceiptsService }) {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/sales/{saleId}/receipt',
        guard: 'counter',
        summary: 'Printable HTML receipt of a paid sale',
        tags: ['receipts'],
        params: SaleIdParamsSchema,
        responses: {
          200: htmlResponse('HTML receipt'),
          401: errorResponse('unauthenticated'),
          404: errorResponse('sale_not_found'),
          409: errorResponse('conflict: the sale is not paid'),
        },
      },
      async (c) => c.html(await receipts.receiptHtml(c.var.counter, c.req.valid('param').saleId)),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/sales/{saleId}/receipt/email',
        guard: 'counter',
        summary: 'Email the receipt of a paid sale',
        tags: ['receipts'],
        params: SaleIdParamsSchema,
        body: EmailReceiptBodySchema,
        responses: {
          202: emptyResponse('Queued for sending'),
          400: errorResponse('invalid_request: not an email address'),
          401: errorResponse('unauthenticated'),
          404: errorResponse('sale_not_found'),
          409: errorResponse('conflict: the sale is not paid'),
        },
      },
      async (c) => {
        await receipts.emailReceipt(c.var.counter, c.req.valid('param').saleId, c.req.valid('json').email);
        return c.body(null, 202);
      },
    ),
  ];
}
