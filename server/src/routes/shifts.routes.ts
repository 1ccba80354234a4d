/**
 * The merchant's view of cash drawer shifts (`manager` guard, the `reports` permission): the shifts of a
 * range of local dates with their over/short, and any shift's end-of-shift (Z) report, as JSON or printable.
 */
import {
  MerchantShiftsResponseSchema,
  ShiftIdParamsSchema,
  ShiftReportResponseSchema,
  ShiftsQuerySchema,
} from '@countertop/shared';
import { createMiddleware } from 'hono/factory';
import type { DrawerService } from '../services/drawer/drawer.service.ts';
import { renderShiftReportHtml } from '../services/drawer/shift-report-html.ts';
import { defineRoute, errorResponse, htmlResponse, jsonResponse } from './define-route.ts';

const noStore = createMiddleware(async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
});

const shiftErrors = {
  400: errorResponse('invalid_request: bad date or range'),
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: the role lacks the reports permission'),
  404: errorResponse('not_found: a shift or location outside the viewer’s scope'),
};

export function shiftRoutes({ drawer }: { drawer: DrawerService }) {
  const shiftRoute = { guard: 'manager', middleware: [noStore], tags: ['merchant'] } as const;
  return [
    defineRoute(
      {
        ...shiftRoute,
        method: 'get',
        path: '/api/merchant/shifts',
        summary: 'Cash drawer shifts opened on a range of local dates, with their over/short',
        query: ShiftsQuerySchema,
        responses: { 200: jsonResponse('Shifts', MerchantShiftsResponseSchema), ...shiftErrors },
      },
      async (c) => c.json(await drawer.merchantShifts(c.var.viewer, c.req.valid('query')), 200),
    ),
    defineRoute(
      {
        ...shiftRoute,
        method: 'get',
        path: '/api/merchant/shifts/{shiftId}',
        summary: "A shift's end-of-shift (Z) report",
        params: ShiftIdParamsSchema,
        responses: { 200: jsonResponse('Z report', ShiftReportResponseSchema), ...shiftErrors },
      },
      async (c) =>
        c.json({ report: await drawer.merchantReport(c.var.viewer, c.req.valid('param').shiftId) }, 200),
    ),
    defineRoute(
      {
        ...shiftRoute,
        method: 'get',
        path: '/api/merchant/shifts/{shiftId}/report',
        summary: "A shift's printable end-of-shift (Z) report (HTML)",
        params: ShiftIdParamsSchema,
        responses: { 200: htmlResponse('Z report'), ...shiftErrors },
      },
      async (c) => {
        const report = await drawer.merchantReport(c.var.viewer, c.req.valid('param').shiftId);
        const location = c.var.viewer.locations.find((candidate) => candidate.id === report.shift.locationId);
        return c.html(renderShiftReportHtml(report, location?.timeZone ?? 'UTC'));
      },
    ),
  ];
}
