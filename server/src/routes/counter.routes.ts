/**
 * Counter checkout routes, all behind a counter session: catalog, readers,
 * connection tokens, sales, payment attempts, sync and cancel. Each handler makes one service call with
 * the validated input; the service scopes everything to the register's location.
 */
import {
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
import type { CheckoutService } from '../services/checkout/checkout.service.ts';
import { defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';

const unauthenticated = errorResponse('unauthenticated');
const saleNotFound = errorResponse('sale_not_found: no such sale at this location');

export function counterRoutes({ checkout }: { checkout: CheckoutService }) {
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/catalog',
        guard: 'counter',
        summary: "The account's products, currency and the location's tax rate",
        tags: ['checkout'],
        responses: { 200: jsonResponse('Catalog', CatalogSchema), 401: unauthenticated },
      },
      async (c) => c.json(await checkout.getCatalog(c.var.counter), 200),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/readers',
        guard: 'counter',
        summary: "The register's location's card readers",
        tags: ['checkout'],
        responses: { 200: jsonResponse('Readers', ReadersResponseSchema), 401: unauthenticated },
      },
      async (c) => c.json({ readers: await checkout.listReaders(c.var.counter) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/connection-token',
        guard: 'counter',
        summary: "A fresh Terminal connection token scoped to the register's Stripe location (never cached)",
        tags: ['checkout'],
        responses: {
          200: jsonResponse('Token secret', ConnectionTokenResponseSchema),
          401: unauthenticated,
          409: errorResponse('terminal_location_missing: the location has no Stripe Terminal location'),
          502: errorResponse('stripe_error'),
        },
      },
      async (c) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await checkout.createConnectionToken(c.var.counter), 200);
      },
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/sales',
        guard: 'counter',
        summary: 'Create a sale from catalog items or a keyed amount (idempotent on clientSaleId)',
        tags: ['checkout'],
        body: CreateSaleBodySchema,
        responses: {
          201: jsonResponse('Created', SaleResponseSchema),
          200: jsonResponse('Already created with this clientSaleId', SaleResponseSchema),
          400: errorResponse('invalid_request: malformed cart, unknown product, amount out of range'),
          401: unauthenticated,
          409: errorResponse('account_cannot_charge, or conflict: clientSaleId reused for another cart'),
        },
      },
      async (c) => {
        const { sale, created } = await checkout.createSale(c.var.counter, c.req.valid('json'));
        return created ? c.json({ sale }, 201) : c.json({ sale }, 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/sales',
        guard: 'counter',
        summary: "This shift's sales at this register",
        tags: ['checkout'],
        query: ListSalesQuerySchema,
        responses: {
          200: jsonResponse('Sales, newest first', SalesListResponseSchema),
          401: unauthenticated,
        },
      },
      async (c) => c.json({ sales: await checkout.listSales(c.var.counter, c.req.valid('query')) }, 200),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/in-flight',
        guard: 'counter',
        summary: "The register's unfinished sale, to resume after a reload",
        tags: ['checkout'],
        responses: {
          200: jsonResponse('The sale or null', InFlightResponseSchema),
          401: unauthenticated,
        },
      },
      async (c) => c.json({ sale: await checkout.inFlight(c.var.counter) }, 200),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/counter/sales/{saleId}',
        guard: 'counter',
        summary: 'One sale',
        tags: ['checkout'],
        params: SaleIdParamsSchema,
        responses: {
          200: jsonResponse('Sale', SaleResponseSchema),
          401: unauthenticated,
          404: saleNotFound,
        },
      },
      async (c) => c.json({ sale: await checkout.getSale(c.var.counter, c.req.valid('param').saleId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/sales/{saleId}/attempts',
        guard: 'counter',
        summary: 'Start (or replay, same attemptKey) a payment attempt on a reader',
        tags: ['checkout'],
        params: SaleIdParamsSchema,
        body: StartAttemptBodySchema,
        responses: {
          200: jsonResponse('The attempt and its PaymentIntent', AttemptResponseSchema),
          401: unauthenticated,
          404: errorResponse('sale_not_found or reader_not_found'),
          409: errorResponse('sale_not_payable, reader_busy, reader_offline, account_cannot_charge'),
          502: errorResponse('stripe_error'),
          503: errorResponse('stripe_unavailable: outcome unknown, sync the sale'),
        },
      },
      async (c) =>
        c.json(
          await checkout.startAttempt(c.var.counter, c.req.valid('param').saleId, c.req.valid('json')),
          200,
        ),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/sales/{saleId}/sync',
        guard: 'counter',
        summary: 'Re-read the PaymentIntent from Stripe, capture an authorization, return the truth',
        tags: ['checkout'],
        params: SaleIdParamsSchema,
        responses: {
          200: jsonResponse('Sale', SaleResponseSchema),
          401: unauthenticated,
          404: saleNotFound,
          503: errorResponse('stripe_unavailable'),
        },
      },
      async (c) => c.json({ sale: await checkout.syncSale(c.var.counter, c.req.valid('param').saleId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/sales/{saleId}/cancel',
        guard: 'counter',
        summary: 'Cancel the reader action and the PaymentIntent',
        tags: ['checkout'],
        params: SaleIdParamsSchema,
        responses: {
          200: jsonResponse('Canceled sale', SaleResponseSchema),
          401: unauthenticated,
          404: saleNotFound,
          409: errorResponse('sale_not_payable: the payment already went through; the sale is kept'),
        },
      },
      async (c) =>
        c.json({ sale: await checkout.cancelSale(c.var.counter, c.req.valid('param').saleId) }, 200),
    ),
    defineRoute(
      {
        method: 'post',
        path: '/api/counter/readers/{readerId}/present-card',
        guard: 'counter',
        summary: 'Emulator mode only: present a test card (and tip) on a simulated server-driven reader',
        tags: ['checkout'],
        params: ReaderIdParamsSchema,
        body: PresentCardBodySchema,
        responses: {
          202: emptyResponse('Presented; sync the sale to see the outcome'),
          400: errorResponse('invalid_request: not a server-driven reader, bad card number'),
          401: unauthenticated,
          404: errorResponse('not_found (not in emulator mode) or reader_not_found'),
          502: errorResponse('stripe_error: the reader has no payment in progress'),
        },
      },
      async (c) => {
        await checkout.presentTestCard(c.var.counter, c.req.valid('param').readerId, c.req.valid('json'));
        return c.body(null, 202);
      },
    ),
  ];
}
