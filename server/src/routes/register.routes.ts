/**
 * The register's money routes, behind a counter session: tenders (cash, card, split) and voids, whether
 * card and cash can be taken right now, the cash drawer (open, pay in/out, close with the Z report, past
 * shifts), finding a sale again, and refunds at the counter. Who may do what is the role's permissions
 * (or a manager's approval in the body); the services check it.
 */
import {
  AddTenderBodySchema,
  CloseDrawerBodySchema,
  CounterRefundBodySchema,
  CounterRefundResponseSchema,
  CounterRefundsResponseSchema,
  DrawerMovementBodySchema,
  DrawerResponseSchema,
  OpenDrawerBodySchema,
  PaymentOptionsResponseSchema,
  SaleIdParamsSchema,
  SaleLookupQuerySchema,
  SaleResponseSchema,
  SalesListResponseSchema,
  ShiftIdParamsSchema,
  ShiftReportResponseSchema,
  ShiftsResponseSchema,
  TenderResponseSchema,
  VoidSaleBodySchema,
} from '@countertop/shared';
import type { CheckoutService } from '../services/checkout/checkout.service.ts';
import type { CounterRefunds } from '../services/counter-refunds.ts';
import type { DrawerService } from '../services/drawer/drawer.service.ts';
import { renderShiftReportHtml } from '../services/drawer/shift-report-html.ts';
import type { PaymentOptions } from '../services/payment-options.ts';
import { defineRoute, errorResponse, htmlResponse, jsonResponse } from './define-route.ts';

export interface RegisterRoutesDeps {
  checkout: CheckoutService;
  drawer: DrawerService;
  paymentOptions: PaymentOptions;
  counterRefunds: CounterRefunds;
}

const unauthenticated = errorResponse('unauthenticated');
const needsPermission = errorResponse(
  'approval_required (the role lacks the permission: send `approval`), invalid_approval, or forbidden',
);
const counterRoute = { guard: 'counter', tags: ['register'] } as const;

export function registerRoutes({ checkout, drawer, paymentOptions, counterRefunds }: RegisterRoutesDeps) {
  return [
    defineRoute(
      {
        ...counterRoute,
        method: 'get',
        path: '/api/counter/payment-options',
        summary:
          'Whether card (Stripe reachable, account can charge) and cash (drawer open) can be taken now',
        responses: {
          200: jsonResponse('Payment options', PaymentOptionsResponseSchema),
          401: unauthenticated,
        },
      },
      async (c) => c.json(await paymentOptions.forCounter(c.var.counter), 200),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'post',
        path: '/api/counter/sales/{saleId}/tenders',
        summary:
          'Pay part or the rest of a sale in cash (change given) or by card (a card part to pay on a reader)',
        params: SaleIdParamsSchema,
        body: AddTenderBodySchema,
        responses: {
          201: jsonResponse('Tender added', TenderResponseSchema),
          200: jsonResponse('Already added with this tenderKey', TenderResponseSchema),
          400: errorResponse('invalid_request: more than is left to pay, less cash than the amount'),
          401: unauthenticated,
          404: errorResponse('sale_not_found'),
          409: errorResponse(
            'drawer_closed (cash), account_cannot_charge (card), sale_not_payable, conflict (tenderKey reused)',
          ),
        },
      },
      async (c) => {
        const { result, created } = await checkout.addTender(
          c.var.counter,
          c.req.valid('param').saleId,
          c.req.valid('json'),
        );
        return created ? c.json(result, 201) : c.json(result, 200);
      },
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'post',
        path: '/api/counter/sales/{saleId}/void',
        summary:
          'Void a sale not paid in full: cancel its unpaid card tenders, give its cash back (needs refunds)',
        params: SaleIdParamsSchema,
        body: VoidSaleBodySchema,
        responses: {
          200: jsonResponse('Voided (canceled) sale', SaleResponseSchema),
          400: errorResponse('invalid_request'),
          401: unauthenticated,
          403: needsPermission,
          404: errorResponse('sale_not_found'),
          409: errorResponse('sale_not_payable: paid (refund it instead), drawer_closed'),
          429: errorResponse('too_many_attempts: wrong approval PINs'),
        },
      },
      async (c) =>
        c.json(
          { sale: await checkout.voidSale(c.var.counter, c.req.valid('param').saleId, c.req.valid('json')) },
          200,
        ),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'get',
        path: '/api/counter/drawer',
        summary: "This register's open cash drawer shift and its movements (shift null when closed)",
        responses: { 200: jsonResponse('Drawer', DrawerResponseSchema), 401: unauthenticated },
      },
      async (c) => c.json(await drawer.current(c.var.counter), 200),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'post',
        path: '/api/counter/drawer/open',
        summary: 'Open the cash drawer with its counted float (needs cash_drawer)',
        body: OpenDrawerBodySchema,
        responses: {
          201: jsonResponse('Opened', DrawerResponseSchema),
          400: errorResponse('invalid_request'),
          401: unauthenticated,
          403: needsPermission,
          409: errorResponse('drawer_already_open'),
          429: errorResponse('too_many_attempts'),
        },
      },
      async (c) => c.json(await drawer.open(c.var.counter, c.req.valid('json')), 201),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'post',
        path: '/api/counter/drawer/movements',
        summary:
          'Pay cash into or out of the drawer, with a reason (needs cash_drawer; once per movementKey)',
        body: DrawerMovementBodySchema,
        responses: {
          200: jsonResponse('Drawer', DrawerResponseSchema),
          400: errorResponse('invalid_request: more than the drawer holds'),
          401: unauthenticated,
          403: needsPermission,
          409: errorResponse('drawer_closed'),
          429: errorResponse('too_many_attempts'),
        },
      },
      async (c) => c.json(await drawer.move(c.var.counter, c.req.valid('json')), 200),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'post',
        path: '/api/counter/drawer/close',
        summary: 'Close the drawer with the cash counted: over/short recorded, the Z report returned',
        body: CloseDrawerBodySchema,
        responses: {
          200: jsonResponse('Z report', ShiftReportResponseSchema),
          400: errorResponse('invalid_request'),
          401: unauthenticated,
          403: needsPermission,
          409: errorResponse('drawer_closed'),
          429: errorResponse('too_many_attempts'),
        },
      },
      async (c) => c.json({ report: await drawer.close(c.var.counter, c.req.valid('json')) }, 200),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'get',
        path: '/api/counter/drawer/shifts',
        summary: "This register's recent drawer shifts, newest first",
        responses: { 200: jsonResponse('Shifts', ShiftsResponseSchema), 401: unauthenticated },
      },
      async (c) => c.json({ shifts: await drawer.shifts(c.var.counter) }, 200),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'get',
        path: '/api/counter/drawer/shifts/{shiftId}',
        summary: "A shift's end-of-shift (Z) report (this location's shifts; an open one so far)",
        params: ShiftIdParamsSchema,
        responses: {
          200: jsonResponse('Z report', ShiftReportResponseSchema),
          401: unauthenticated,
          404: errorResponse('not_found'),
        },
      },
      async (c) =>
        c.json({ report: await drawer.counterReport(c.var.counter, c.req.valid('param').shiftId) }, 200),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'get',
        path: '/api/counter/drawer/shifts/{shiftId}/report',
        summary: 'The printable Z report of a shift (HTML)',
        params: ShiftIdParamsSchema,
        responses: { 200: htmlResponse('Z report'), 401: unauthenticated, 404: errorResponse('not_found') },
      },
      async (c) =>
        c.html(
          renderShiftReportHtml(
            await drawer.counterReport(c.var.counter, c.req.valid('param').shiftId),
            c.var.counter.location.timeZone,
          ),
        ),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'get',
        path: '/api/counter/sales-lookup',
        summary: "This location's sales by receipt number (any date) or card last 4 (last 30 days)",
        query: SaleLookupQuerySchema,
        responses: {
          200: jsonResponse('Sales, newest first', SalesListResponseSchema),
          400: errorResponse('invalid_request'),
          401: unauthenticated,
        },
      },
      async (c) => c.json({ sales: await counterRefunds.lookup(c.var.counter, c.req.valid('query')) }, 200),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'get',
        path: '/api/counter/sales/{saleId}/refunds',
        summary: "A sale's refunds (with the items each gave back)",
        params: SaleIdParamsSchema,
        responses: {
          200: jsonResponse('Refunds', CounterRefundsResponseSchema),
          401: unauthenticated,
          404: errorResponse('sale_not_found'),
        },
      },
      async (c) =>
        c.json({ refunds: await counterRefunds.list(c.var.counter, c.req.valid('param').saleId) }, 200),
    ),
    defineRoute(
      {
        ...counterRoute,
        method: 'post',
        path: '/api/counter/sales/{saleId}/refunds',
        summary:
          'Refund items or an amount to one tender: card through Stripe, cash from the drawer (needs refunds)',
        params: SaleIdParamsSchema,
        body: CounterRefundBodySchema,
        responses: {
          201: jsonResponse('Refund', CounterRefundResponseSchema),
          400: errorResponse('invalid_request: more than is left, unknown line or tender'),
          401: unauthenticated,
          403: needsPermission,
          404: errorResponse('sale_not_found'),
          409: errorResponse('conflict, drawer_closed (cash), refund_requires_reader (Interac)'),
          429: errorResponse('too_many_attempts'),
          502: errorResponse('stripe_error'),
          503: errorResponse('stripe_unavailable: the refund is pending; send it again'),
        },
      },
      async (c) =>
        c.json(
          await counterRefunds.refund(c.var.counter, c.req.valid('param').saleId, c.req.valid('json')),
          201,
        ),
    ),
  ];
}
