/**
 * Counter checkout routes (interfaces §F Checkout), all behind a counter session: catalog, readers,
 * connection tokens, sales, payment attempts, sync and cancel. Each handler validates with the shared
 * schemas and makes one service call; the service scopes everything to the register's location.
 */
import {
  ApiErrorSchema,
  AttemptResponseSchema,
  CatalogSchema,
  ConnectionTokenResponseSchema,
  CreateSaleBodySchema,
  InFlightResponseSchema,
  ListSalesQuerySchema,
  PresentCardBodySchema,
  ReaderIdParamsSchema,
  ReadersResponseSchema,
  SaleIdParamsSchema,
  SaleResponseSchema,
  SalesListResponseSchema,
  StartAttemptBodySchema,
} from '@countertop/shared';
import { Hono } from 'hono';
import { validate } from '../middleware/error-handler.ts';
import { type CounterEnv, requireCounterSession } from '../middleware/session.ts';
import type { CheckoutService } from '../services/checkout/checkout.service.ts';
import { defineRoutes } from './route-registry.ts';

export function createCounterRoutes(checkout: CheckoutService) {
  return new Hono<CounterEnv>()
    .get('/catalog', requireCounterSession, async (c) => c.json(await checkout.getCatalog(c.get('counter'))))
    .get('/readers', requireCounterSession, async (c) =>
      c.json({ readers: await checkout.listReaders(c.get('counter')) }),
    )
    .post('/connection-token', requireCounterSession, async (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json(await checkout.createConnectionToken(c.get('counter')));
    })
    .post('/sales', requireCounterSession, validate('json', CreateSaleBodySchema), async (c) => {
      const { sale, created } = await checkout.createSale(c.get('counter'), c.req.valid('json'));
      return c.json({ sale }, created ? 201 : 200);
    })
    .get('/sales', requireCounterSession, validate('query', ListSalesQuerySchema), async (c) =>
      c.json({ sales: await checkout.listSales(c.get('counter'), c.req.valid('query')) }),
    )
    .get('/in-flight', requireCounterSession, async (c) =>
      c.json({ sale: await checkout.inFlight(c.get('counter')) }),
    )
    .get('/sales/:saleId', requireCounterSession, validate('param', SaleIdParamsSchema), async (c) =>
      c.json({ sale: await checkout.getSale(c.get('counter'), c.req.valid('param').saleId) }),
    )
    .post(
      '/sales/:saleId/attempts',
      requireCounterSession,
      validate('param', SaleIdParamsSchema),
      validate('json', StartAttemptBodySchema),
      async (c) =>
        c.json(
          await checkout.startAttempt(c.get('counter'), c.req.valid('param').saleId, c.req.valid('json')),
        ),
    )
    .post('/sales/:saleId/sync', requireCounterSession, validate('param', SaleIdParamsSchema), async (c) =>
      c.json({ sale: await checkout.syncSale(c.get('counter'), c.req.valid('param').saleId) }),
    )
    .post('/sales/:saleId/cancel', requireCounterSession, validate('param', SaleIdParamsSchema), async (c) =>
      c.json({ sale: await checkout.cancelSale(c.get('counter'), c.req.valid('param').saleId) }),
    )
    .post(
      '/readers/:readerId/present-card',
      requireCounterSession,
      validate('param', ReaderIdParamsSchema),
      validate('json', PresentCardBodySchema),
      async (c) => {
        await checkout.presentTestCard(c.get('counter'), c.req.valid('param').readerId, c.req.valid('json'));
        return c.body(null, 202);
      },
    );
}

const errorResponse = (description: string) => ({ description, schema: ApiErrorSchema });
const unauthenticated = errorResponse('unauthenticated');
const saleNotFound = errorResponse('sale_not_found: no such sale at this location');

export const COUNTER_ROUTES = defineRoutes([
  {
    method: 'get',
    path: '/api/counter/catalog',
    auth: 'counter',
    summary: "The account's products, currency and the location's tax rate",
    tags: ['checkout'],
    responses: { 200: { description: 'Catalog', schema: CatalogSchema }, 401: unauthenticated },
  },
  {
    method: 'get',
    path: '/api/counter/readers',
    auth: 'counter',
    summary: "The register's location's card readers",
    tags: ['checkout'],
    responses: { 200: { description: 'Readers', schema: ReadersResponseSchema }, 401: unauthenticated },
  },
  {
    method: 'post',
    path: '/api/counter/connection-token',
    auth: 'counter',
    summary: 'A fresh Terminal connection token scoped to the register location (never cached)',
    tags: ['checkout'],
    responses: {
      200: { description: 'Token secret', schema: ConnectionTokenResponseSchema },
      401: unauthenticated,
      502: errorResponse('stripe_error'),
    },
  },
  {
    method: 'post',
    path: '/api/counter/sales',
    auth: 'counter',
    summary: 'Create a sale from catalog items or a keyed amount (idempotent on clientSaleId)',
    tags: ['checkout'],
    body: CreateSaleBodySchema,
    responses: {
      201: { description: 'Created', schema: SaleResponseSchema },
      200: { description: 'Already created with this clientSaleId', schema: SaleResponseSchema },
      400: errorResponse('invalid_request: malformed cart, unknown product, amount out of range'),
      401: unauthenticated,
      409: errorResponse('account_cannot_charge, or conflict: clientSaleId reused for another cart'),
    },
  },
  {
    method: 'get',
    path: '/api/counter/sales',
    auth: 'counter',
    summary: "This shift's sales at this register",
    tags: ['checkout'],
    query: ListSalesQuerySchema,
    responses: {
      200: { description: 'Sales, newest first', schema: SalesListResponseSchema },
      401: unauthenticated,
    },
  },
  {
    method: 'get',
    path: '/api/counter/in-flight',
    auth: 'counter',
    summary: "The register's unfinished sale, to resume after a reload",
    tags: ['checkout'],
    responses: {
      200: { description: 'The sale or null', schema: InFlightResponseSchema },
      401: unauthenticated,
    },
  },
  {
    method: 'get',
    path: '/api/counter/sales/:saleId',
    auth: 'counter',
    summary: 'One sale',
    tags: ['checkout'],
    params: SaleIdParamsSchema,
    responses: {
      200: { description: 'Sale', schema: SaleResponseSchema },
      401: unauthenticated,
      404: saleNotFound,
    },
  },
  {
    method: 'post',
    path: '/api/counter/sales/:saleId/attempts',
    auth: 'counter',
    summary: 'Start (or replay, same attemptKey) a payment attempt on a reader',
    tags: ['checkout'],
    params: SaleIdParamsSchema,
    body: StartAttemptBodySchema,
    responses: {
      200: { description: 'The attempt and its PaymentIntent', schema: AttemptResponseSchema },
      401: unauthenticated,
      404: errorResponse('sale_not_found or reader_not_found'),
      409: errorResponse('sale_not_payable, reader_busy, reader_offline, account_cannot_charge'),
      502: errorResponse('stripe_error'),
      503: errorResponse('stripe_unavailable: outcome unknown, sync the sale'),
    },
  },
  {
    method: 'post',
    path: '/api/counter/sales/:saleId/sync',
    auth: 'counter',
    summary: 'Re-read the PaymentIntent from Stripe, capture an authorization, return the truth',
    tags: ['checkout'],
    params: SaleIdParamsSchema,
    responses: {
      200: { description: 'Sale', schema: SaleResponseSchema },
      401: unauthenticated,
      404: saleNotFound,
      503: errorResponse('stripe_unavailable'),
    },
  },
  {
    method: 'post',
    path: '/api/counter/sales/:saleId/cancel',
    auth: 'counter',
    summary: 'Cancel the reader action and the PaymentIntent',
    tags: ['checkout'],
    params: SaleIdParamsSchema,
    responses: {
      200: { description: 'Canceled sale', schema: SaleResponseSchema },
      401: unauthenticated,
      404: saleNotFound,
      409: errorResponse('sale_not_payable: the payment already went through; the sale is kept'),
    },
  },
  {
    method: 'post',
    path: '/api/counter/readers/:readerId/present-card',
    auth: 'counter',
    summary: 'Emulator mode only: present a test card (and tip) on a simulated server-driven reader',
    tags: ['checkout'],
    params: ReaderIdParamsSchema,
    body: PresentCardBodySchema,
    responses: {
      202: { description: 'Presented; sync the sale to see the outcome' },
      400: errorResponse('invalid_request: not a server-driven reader, bad card number'),
      401: unauthenticated,
      404: errorResponse('not_found (not in emulator mode) or reader_not_found'),
      502: errorResponse('stripe_error: the reader has no payment in progress'),
    },
  },
]);
