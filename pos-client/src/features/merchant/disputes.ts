/**
 * The merchant review's dispute rules (pure): the order of the list (those waiting for the merchant first,
 * soonest deadline first), how long is left before the deadline, which evidence fields the form offers (the
 * ones that fit an in-person sale, docs/DISPUTES.md), what a chosen file must be (PDF, PNG or JPEG of at most
 * 5 MB — the server judges the content again), and the body of a save or a submission.
 */
import {
  type EvidenceFileField,
  type EvidenceTextField,
  MAX_EVIDENCE_FILE_BYTES,
  MAX_EVIDENCE_TEXT_LENGTH,
  type MerchantDispute,
  type MerchantDisputeDetail,
  type SubmitEvidenceBody,
} from '@countertop/shared';

export const FORM_TEXT_FIELDS = [
  'product_description',
  'customer_name',
  'customer_email_address',
  'service_date',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'uncategorized_text',
] as const satisfies readonly EvidenceTextField[];
export type FormTextField = (typeof FORM_TEXT_FIELDS)[number];

export const FORM_FILE_FIELDS = [
  'receipt',
  'customer_signature',
  'refund_policy',
  'uncategorized_file',
] as const satisfies readonly EvidenceFileField[];
export type FormFileField = (typeof FORM_FILE_FIELDS)[number];

/** The longer text fields get a text area. */
export const LONG_TEXT_FIELDS: ReadonlySet<FormTextField> = new Set([
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'uncategorized_text',
]);

const STAGE_ORDER: Record<MerchantDispute['stage'], number> = {
  needs_response: 0,
  under_review: 1,
  closed: 2,
};

/** Waiting for the merchant first (soonest deadline first), then with the bank, then decided (newest first). */
export function sortDisputes<T extends MerchantDispute>(disputes: readonly T[]): T[] {
  return [...disputes].sort((a, b) => {
    const stage = STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage];
    if (stage !== 0) return stage;
    if (a.stage === 'needs_response') {
      const due = (a.evidenceDueBy ?? '9999').localeCompare(b.evidenceDueBy ?? '9999');
      if (due !== 0) return due;
    }
    return b.openedAt.localeCompare(a.openedAt);
  });
}

export type TimeLeft = { unit: 'days' | 'hours'; count: number } | { unit: 'past' };

/** Whole days left (or hours, under a day; at least 1) before `dueIso`; `past` once it has gone by. */
export function timeLeft(dueIso: string, nowMs: number): TimeLeft {
  const left = Date.parse(dueIso) - nowMs;
  if (!(left > 0)) return { unit: 'past' };
  const hours = left / 3_600_000;
  if (hours < 24) return { unit: 'hours', count: Math.max(1, Math.floor(hours)) };
  return { unit: 'days', count: Math.floor(hours / 24) };
}

const ACCEPTED_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);
const ACCEPTED_NAMES = /\.(pdf|png|jpe?g)$/i;
/** For the file input's `accept`. */
export const ACCEPT_EVIDENCE = '.pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg';

/** Why a chosen file cannot be evidence, or null: its type (by MIME type or name) and its size. */
export function evidenceFileProblem(file: {
  name: string;
  type: string;
  size: number;
}): 'type' | 'size' | null {
  const typeOk = file.type ? ACCEPTED_TYPES.has(file.type) : ACCEPTED_NAMES.test(file.name);
  if (!typeOk) return 'type';
  if (file.size > MAX_EVIDENCE_FILE_BYTES) return 'size';
  return null;
}

export type EvidenceText = Record<FormTextField, string>;
export type EvidenceFiles = Partial<Record<FormFileField, MerchantDisputeDetail['files'][number]>>;

/** The form's starting text: what Stripe holds for each field. */
export function initialText(dispute: MerchantDisputeDetail): EvidenceText {
  return Object.fromEntries(
    FORM_TEXT_FIELDS.map((field) => [field, dispute.evidence.text[field] ?? '']),
  ) as EvidenceText;
}

/**
 * The form's starting files: for each slot, the file uploaded through Countertop that Stripe holds in that
 * field (by Stripe's file id), else the newest uploaded for the slot.
 */
export function initialFiles(dispute: MerchantDisputeDetail): EvidenceFiles {
  const files: EvidenceFiles = {};
  for (const field of FORM_FILE_FIELDS) {
    const held = dispute.evidence.files[field];
    const forField = dispute.files.filter((file) => file.field === field);
    const chosen =
      forField.find((file) => held && file.stripeFileId === held) ??
      [...forField].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt))[0];
    if (chosen) files[field] = chosen;
  }
  return files;
}

/** The fields over Stripe's length limit. */
export function tooLongFields(text: EvidenceText): FormTextField[] {
  return FORM_TEXT_FIELDS.filter((field) => text[field].length > MAX_EVIDENCE_TEXT_LENGTH);
}

/** A save (`submit: false`) or a submission: every form field (an empty one clears it) and the chosen files. */
export function evidenceBody(
  text: EvidenceText,
  files: EvidenceFiles,
  submit: boolean,
  submissionKey: string,
): SubmitEvidenceBody {
  const fileIds: Partial<Record<FormFileField, string>> = {};
  for (const field of FORM_FILE_FIELDS) {
    const file = files[field];
    if (file) fileIds[field] = file.id;
  }
  const trimmed = Object.fromEntries(FORM_TEXT_FIELDS.map((field) => [field, text[field].trim()]));
  return { submissionKey, text: trimmed, files: fileIds, submit };
}
