/**
 * Disputes (chargebacks and inquiries) API contract — docs/DISPUTES.md.
 *
 * Merchant (`/api/merchant/disputes…`, merchant owner, or a manager for the locations they work at; a platform
 * admin's support view reads with `?accountId=`): the list and one dispute, evidence files uploaded
 * (`multipart/form-data`) and evidence saved or submitted (JSON), the disputes CSV.
 * Platform (`/api/platform/disputes`, platform admins): every account's disputes, whose balance carries each,
 * and the exposure per currency.
 *
 * Evidence fields keep Stripe's names (`product_description`, `receipt`, …: https://docs.stripe.com/api/disputes/update).
 * Money is integer minor units of the dispute's currency.
 */
import { z } from 'zod';

const Minor = z.number().int();
const IdSchema = z.string().trim().min(1).max(64);

/**
 * Stripe's dispute statuses: `warning_*` are inquiries (no money moved yet), the others chargebacks;
 * `appeal_*` follow a lost chargeback the merchant appeals.
 */
export const DISPUTE_STATUSES = [
  'warning_needs_response',
  'warning_under_review',
  'warning_closed',
  'needs_response',
  'under_review',
  'appeal_needs_response',
  'appeal_under_review',
  'won',
  'lost',
  'prevented',
] as const;
export const DisputeStatusSchema = z.enum(DISPUTE_STATUSES);
export type DisputeStatus = z.infer<typeof DisputeStatusSchema>;

/** Text evidence fields (each up to 20,000 characters; Stripe's limit). */
export const EVIDENCE_TEXT_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_tracking_number',
  'uncategorized_text',
] as const;
export type EvidenceTextField = (typeof EVIDENCE_TEXT_FIELDS)[number];

/** File evidence fields: a PDF, JPEG or PNG of at most 5 MB uploaded first (`…/evidence/files`). */
export const EVIDENCE_FILE_FIELDS = [
  'cancellation_policy',
  'customer_communication',
  'customer_signature',
  'duplicate_charge_documentation',
  'receipt',
  'refund_policy',
  'service_documentation',
  'shipping_documentation',
  'uncategorized_file',
] as const;
export type EvidenceFileField = (typeof EVIDENCE_FILE_FIELDS)[number];

/** Largest evidence file (Stripe's limit for dispute evidence). */
export const MAX_EVIDENCE_FILE_BYTES = 5 * 1024 * 1024;
/** Longest text evidence field, and all text fields together (Stripe's limits). */
export const MAX_EVIDENCE_TEXT_LENGTH = 20_000;
export const MAX_EVIDENCE_TOTAL_LENGTH = 150_000;

/** Whose balance the dispute's money is taken from: the platform's (destination charges) or the merchant's. */
export const DisputeCarrierSchema = z.enum(['platform', 'connected_account']);

const DisputeSchema = z.object({
  /** Stripe's dispute id (`du_…`). */
  id: z.string(),
  accountId: z.string(),
  /** Our sale (through the charge's PaymentIntent), or null when the charge is not one of our sales. */
  saleId: z.string().nullable(),
  locationId: z.string().nullable(),
  amountMinor: Minor,
  currency: z.string(),
  /** Stripe's reason code, e.g. `fraudulent`, and the same in words. */
  reason: z.string(),
  reasonText: z.string(),
  status: DisputeStatusSchema,
  statusText: z.string(),
  /** `inquiry`: the bank asks questions, no money moved yet; `chargeback`: the money was taken back. */
  kind: z.enum(['inquiry', 'chargeback']),
  /** Where it stands: waiting for the merchant's evidence, with the bank, or decided. */
  stage: z.enum(['needs_response', 'under_review', 'closed']),
  /** For a closed dispute: won (money returned), lost, or closed (an inquiry that went no further). */
  outcome: z.enum(['won', 'lost', 'closed']).nullable(),
  /** The deadline for evidence (ISO, UTC), and the same in the location's time zone with its offset. */
  evidenceDueBy: z.string().nullable(),
  evidenceDueByLocal: z.string().nullable(),
  timeZone: z.string(),
  pastDue: z.boolean(),
  hasEvidence: z.boolean(),
  submissionCount: Minor,
  /** Whether evidence can be saved or submitted now; if not, why (in words). */
  canSubmitEvidence: z.boolean(),
  cannotSubmitReason: z.string().nullable(),
  /** Stripe's `is_charge_refundable`: a refund still settles an inquiry; a chargeback cannot be refunded. */
  chargeRefundable: z.boolean(),
  chargeId: z.string(),
  paymentIntentId: z.string().nullable(),
  /** Money the dispute moved so far: taken back, returned when won, dispute fees (net), and the net effect. */
  withdrawnMinor: Minor,
  reinstatedMinor: Minor,
  feesMinor: Minor,
  netMinor: Minor,
  openedAt: z.string(),
  /** Local date-time of opening in `timeZone`. */
  openedLocal: z.string(),
  closedAt: z.string().nullable(),
  updatedAt: z.string(),
  /** Whose balance the chargeback and the fee leave: the merchant's own, or the platform's (destination charges). */
  carriedBy: DisputeCarrierSchema,
});
export type MerchantDispute = z.infer<typeof DisputeSchema>;

// ---------------------------------------------------------------------------------------------
// Merchant

/** `GET /api/merchant/disputes?locationId=&status=`: newest first. */
export const MerchantDisputesQuerySchema = z.object({
  locationId: IdSchema.optional(),
  /** `open`: needs a response or under review; `closed`: decided. */
  status: z.enum(['open', 'closed', 'all']).default('all'),
});
export type MerchantDisputesQuery = z.infer<typeof MerchantDisputesQuerySchema>;

export const MerchantDisputesResponseSchema = z.object({ disputes: z.array(DisputeSchema) });
export type MerchantDisputesResponse = z.infer<typeof MerchantDisputesResponseSchema>;

export const DisputeParamsSchema = z.object({
  disputeId: z.string().regex(/^(du|dp)_[A-Za-z0-9]{1,60}$/, 'a dispute id du_…'),
});

const EvidenceFileSchema = z.object({
  /** Our id, to name the file in an evidence submission. */
  id: z.string(),
  field: z.enum(EVIDENCE_FILE_FIELDS),
  fileName: z.string(),
  /** `pdf`, `jpg` or `png`. */
  type: z.string(),
  sizeBytes: Minor,
  uploadedBy: z.string(),
  uploadedAt: z.string(),
  /** Stripe's file id (`file_…`). */
  stripeFileId: z.string(),
});
export type EvidenceFileDto = z.infer<typeof EvidenceFileSchema>;

const DisputeDetailSchema = DisputeSchema.extend({
  /** The evidence as Stripe holds it: text fields, and file fields as Stripe file ids. */
  evidence: z.object({
    text: z.record(z.string(), z.string().nullable()),
    files: z.record(z.string(), z.string().nullable()),
  }),
  /** Files uploaded for this dispute through Countertop. */
  files: z.array(EvidenceFileSchema),
  sale: z
    .object({
      id: z.string(),
      totalMinor: Minor,
      currency: z.string(),
      createdAt: z.string(),
      localTime: z.string(),
      card: z.object({ brand: z.string().nullable(), last4: z.string().nullable() }).nullable(),
      status: z.string(),
    })
    .nullable(),
  /** E-mails sent to the owner about it. */
  notices: z.array(
    z.object({
      kind: z.enum(['opened', 'deadline_reminder']),
      sentAt: z.string(),
      recipients: z.array(z.string()),
    }),
  ),
});
export type MerchantDisputeDetail = z.infer<typeof DisputeDetailSchema>;
export const MerchantDisputeResponseSchema = z.object({ dispute: DisputeDetailSchema });
export type MerchantDisputeResponse = z.infer<typeof MerchantDisputeResponseSchema>;

/**
 * `POST /api/merchant/disputes/:disputeId/evidence/files` (`multipart/form-data`): `field` (one of these) and
 * `file` (PDF, JPEG or PNG, at most 5 MB; checked by its content). 201 with the file. (The form's schema is
 * the server's: this package has no `File` type.)
 */
export const EvidenceFileFieldSchema = z.enum(EVIDENCE_FILE_FIELDS);
export const EvidenceFileResponseSchema = z.object({ file: EvidenceFileSchema });
export type EvidenceFileResponse = z.infer<typeof EvidenceFileResponseSchema>;

const evidenceText = z.string().max(MAX_EVIDENCE_TEXT_LENGTH, 'at most 20,000 characters');
const textShape = Object.fromEntries(
  EVIDENCE_TEXT_FIELDS.map((field) => [field, evidenceText.optional()]),
) as {
  [K in EvidenceTextField]: z.ZodOptional<typeof evidenceText>;
};
const fileShape = Object.fromEntries(EVIDENCE_FILE_FIELDS.map((field) => [field, IdSchema.optional()])) as {
  [K in EvidenceFileField]: z.ZodOptional<typeof IdSchema>;
};

/**
 * `POST /api/merchant/disputes/:disputeId/evidence`: text fields (an empty string clears one) and files (our
 * file ids from the upload), saved on Stripe; `submit: true` (the default) sends everything to the bank, after
 * which nothing can change. `submissionKey` makes a retry safe: the same key never submits twice.
 */
export const SubmitEvidenceBodySchema = z
  .object({
    submissionKey: z.uuid(),
    text: z.strictObject(textShape).default({}),
    files: z.strictObject(fileShape).default({}),
    submit: z.boolean().default(true),
  })
  .refine(
    (body) =>
      Object.values(body.text).reduce((sum, value) => sum + (value?.length ?? 0), 0) <=
      MAX_EVIDENCE_TOTAL_LENGTH,
    { message: 'the text evidence is limited to 150,000 characters in all', path: ['text'] },
  );
export type SubmitEvidenceBody = z.input<typeof SubmitEvidenceBodySchema>;

// ---------------------------------------------------------------------------------------------
// Daily summary, exports

/** Disputes in a day's figures, per currency (`DailySummaryResponse.disputes`). */
export const DisputeDayFiguresSchema = z.object({
  currency: z.string(),
  /** Disputes opened that day and their disputed amount. */
  openedCount: Minor,
  openedMinor: Minor,
  /** Money taken back by chargebacks that day (a positive amount), and returned for disputes won. */
  withdrawnMinor: Minor,
  reinstatedMinor: Minor,
  /** Dispute fees charged that day, net of fees returned. */
  feesMinor: Minor,
  /** The day's net effect of disputes on the balance (negative when money was taken). */
  netMinor: Minor,
  wonCount: Minor,
  lostCount: Minor,
});
export type DisputeDayFigures = z.infer<typeof DisputeDayFiguresSchema>;

// ---------------------------------------------------------------------------------------------
// Platform

export const PlatformDisputesQuerySchema = z.object({
  accountId: IdSchema.optional(),
  status: z.enum(['open', 'closed', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const PlatformDisputeSchema = DisputeSchema.extend({
  businessName: z.string(),
  chargeType: z.enum(['direct', 'destination']),
  /** Who carries it, in words ("The platform's balance (destination charge)"). */
  carriedByText: z.string(),
});
export type PlatformDispute = z.infer<typeof PlatformDisputeSchema>;

/** Open disputes' money at risk, per currency and per balance that carries it. */
const ExposureSchema = z.object({
  currency: z.string(),
  carriedBy: DisputeCarrierSchema,
  openCount: Minor,
  /** Disputed amounts of open disputes (what may be lost). */
  disputedMinor: Minor,
  /** Of those, already taken from the balance by chargebacks. */
  withdrawnMinor: Minor,
  /** Dispute fees already charged on open disputes. */
  feesMinor: Minor,
  /** disputedMinor + feesMinor. */
  totalMinor: Minor,
});
export type DisputeExposure = z.infer<typeof ExposureSchema>;

export const PlatformDisputesResponseSchema = z.object({
  disputes: z.array(PlatformDisputeSchema),
  /** Always over every open dispute (of `accountId` when given), whatever `status` lists. */
  exposure: z.array(ExposureSchema),
});
export type PlatformDisputesResponse = z.infer<typeof PlatformDisputesResponseSchema>;
