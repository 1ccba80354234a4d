/**
 * Dispute routes (docs/DISPUTES.md). Merchant (`manager` guard: the merchant owner, or a manager for their
 * locations' disputes; a platform admin's read-only support view with `?accountId=`): the list, one dispute,
 * an evidence file upload (multipart, at most 5 MB, PDF/JPEG/PNG by content), evidence saved or submitted,
 * and the disputes CSV. Platform (`platform_admin`): every account's disputes with the exposure.
 */
import {
  DisputeParamsSchema,
  EvidenceFileFieldSchema,
  EvidenceFileResponseSchema,
  ExportQuerySchema,
  MAX_EVIDENCE_FILE_BYTES,
  MerchantDisputeResponseSchema,
  MerchantDisputesQuerySchema,
  MerchantDisputesResponseSchema,
  PlatformDisputesQuerySchema,
  PlatformDisputesResponseSchema,
  SubmitEvidenceBodySchema,
} from '@countertop/shared';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { DisputesService } from '../services/disputes/disputes.service.ts';
import type { ReportsService } from '../services/reports/reports.service.ts';
import { csvResponse, defineRoute, errorResponse, jsonResponse } from './define-route.ts';

const noStore = createMiddleware(async (c, next) => {
  c.header('Cache-Control', 'no-store');
  await next();
});

/** The whole multipart body: the file, its part headers and the field. */
const MAX_UPLOAD_BODY_BYTES = MAX_EVIDENCE_FILE_BYTES + 64 * 1024;
const uploadLimit = bodyLimit({
  maxSize: MAX_UPLOAD_BODY_BYTES,
  onError: () => {
    throw new AppError(
      'evidence_file_too_large',
      'Evidence files can be at most 5 MB. Send a smaller scan or photo.',
    );
  },
});

const EvidenceFileFormSchema = z.object({
  field: EvidenceFileFieldSchema,
  file: z.instanceof(File, { message: 'a file (PDF, JPEG or PNG) in the form field `file`' }),
});

const merchantRoute = { guard: 'manager', tags: ['merchant', 'disputes'] } as const;
const merchantErrors = {
  400: errorResponse('invalid_request'),
  401: errorResponse('unauthenticated'),
  403: errorResponse('forbidden: staff (not a manager); the support view cannot answer'),
  404: errorResponse('dispute_not_found, or not_found: a location outside the viewer’s scope'),
};
const answerErrors = {
  ...merchantErrors,
  409: errorResponse(
    'dispute_not_answerable (deadline passed, under review, closed), account_disconnected, conflict',
  ),
  502: errorResponse('stripe_error'),
  503: errorResponse('stripe_unavailable: send again with the same key'),
};

export function disputeRoutes({
  disputes,
  reports,
}: {
  disputes: DisputesService;
  reports: Pick<ReportsService, 'disputesCsv'>;
}) {
  return [
    defineRoute(
      {
        ...merchantRoute,
        middleware: [noStore],
        method: 'get',
        path: '/api/merchant/disputes',
        summary:
          'Disputes, newest first: reason, amount, deadline in the location’s time zone, status, sale (merchant owner or manager)',
        query: MerchantDisputesQuerySchema,
        responses: { 200: jsonResponse('Disputes', MerchantDisputesResponseSchema), ...merchantErrors },
      },
      async (c) => c.json(await disputes.listForMerchant(c.var.viewer, c.req.valid('query')), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        middleware: [noStore],
        method: 'get',
        path: '/api/merchant/disputes/{disputeId}',
        summary: 'One dispute with its evidence, files, sale and notices (merchant owner or manager)',
        params: DisputeParamsSchema,
        responses: { 200: jsonResponse('Dispute', MerchantDisputeResponseSchema), ...merchantErrors },
      },
      async (c) =>
        c.json(await disputes.detailForMerchant(c.var.viewer, c.req.valid('param').disputeId), 200),
    ),
    defineRoute(
      {
        ...merchantRoute,
        middleware: [uploadLimit],
        method: 'post',
        path: '/api/merchant/disputes/{disputeId}/evidence/files',
        summary:
          'Upload an evidence file (multipart: field, file; PDF, JPEG or PNG, at most 5 MB) before the deadline (merchant owner or manager)',
        params: DisputeParamsSchema,
        form: EvidenceFileFormSchema,
        responses: {
          201: jsonResponse('Uploaded to Stripe', EvidenceFileResponseSchema),
          ...answerErrors,
          400: errorResponse('invalid_request, evidence_file_invalid (not a PDF, JPEG or PNG)'),
          413: errorResponse('evidence_file_too_large'),
        },
      },
      async (c) =>
        c.json(
          await disputes.uploadEvidenceFile(
            c.var.viewer,
            c.req.valid('param').disputeId,
            c.req.valid('form'),
          ),
          201,
        ),
    ),
    defineRoute(
      {
        ...merchantRoute,
        method: 'post',
        path: '/api/merchant/disputes/{disputeId}/evidence',
        summary:
          'Save (submit: false) or submit the evidence, text and uploaded files, before the deadline (merchant owner or manager)',
        params: DisputeParamsSchema,
        body: SubmitEvidenceBodySchema,
        responses: {
          200: jsonResponse('The dispute as Stripe now has it', MerchantDisputeResponseSchema),
          ...answerErrors,
        },
      },
      async (c) =>
        c.json(
          await disputes.submitEvidence(c.var.viewer, c.req.valid('param').disputeId, c.req.valid('json')),
          200,
        ),
    ),
    defineRoute(
      {
        ...merchantRoute,
        middleware: [noStore],
        method: 'get',
        path: '/api/merchant/exports/disputes.csv',
        summary:
          'Disputes CSV: disputes opened in a range of local dates (≤ 366 days) (merchant owner or manager)',
        query: ExportQuerySchema,
        responses: { 200: csvResponse('CSV (UTF-8 with BOM, CRLF)'), ...merchantErrors },
      },
      async (c) => {
        const file = await reports.disputesCsv(c.var.viewer, c.req.valid('query'));
        c.header('Content-Type', 'text/csv; charset=utf-8');
        c.header('Content-Disposition', `attachment; filename="${file.fileName}"`);
        return c.body(file.body);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/platform/disputes',
        guard: 'platform_admin',
        tags: ['platform', 'disputes'],
        summary:
          'Disputes of every connected account (or one): whose balance carries each, and the exposure of open ones per currency',
        query: PlatformDisputesQuerySchema,
        responses: {
          200: jsonResponse('Disputes and exposure', PlatformDisputesResponseSchema),
          401: errorResponse('unauthenticated'),
          403: errorResponse('forbidden: not a platform admin'),
          404: errorResponse('account_not_found'),
        },
      },
      async (c) => c.json(await disputes.listForPlatform(c.req.valid('query')), 200),
    ),
  ];
}
