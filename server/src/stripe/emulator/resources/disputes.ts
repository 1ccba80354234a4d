// Emulates /v1/disputes (https://docs.stripe.com/api/disputes): list (charge, payment_intent, created),
// retrieve, update (evidence text and file fields, metadata, submit), close (accept); and how disputes arise
// and end in test mode: Stripe's dispute test cards (test-cards.ts) dispute a charge ~100 ms after it is
// captured; evidence submitted with `uncategorized_text` `winning_evidence` / `losing_evidence` /
// `escalate_inquiry_evidence` is decided ~100 ms later (https://docs.stripe.com/testing#disputes); a
// chargeback left unanswered past `due_by` is lost when the clock passes it. Controls:
// POST /_emulator/charges/:id/dispute {reason?, amount?, inquiry?} opens one on any captured charge;
// POST /_emulator/disputes/:id/outcome {outcome: 'won' | 'lost' | 'escalate'} decides one.
// The ledger and events are dispute-lifecycle.ts's; the object's rules dispute-object.ts's. Wording of the
// refusals is descriptive, not Stripe's verbatim. Does NOT emulate Smart Disputes, enhanced evidence (Visa CE
// 3.0, compliance), appeals or the June 2025 dispute counter fee.
import type { Context } from 'hono';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { answerJson, readControlBody } from '../core/control.ts';
import { invalidRequest, resourceMissing } from '../core/errors.ts';
import { paginateStored } from '../core/list.ts';
import { mergeMetadata } from '../core/metadata.ts';
import { matchesCreated, p } from '../core/params.ts';
import type { Store } from '../core/store.ts';
import {
  acceptDispute,
  decideDispute,
  escalateInquiry,
  openDispute,
  passDueDate,
  submitEvidence,
} from './dispute-lifecycle.ts';
import {
  CLOSED_STATUSES,
  DISPUTE_REASONS,
  EVIDENCE_FILE_FIELDS,
  EVIDENCE_TEXT_FIELDS,
  type EvidenceField,
  hasEvidence,
  type TestEvidenceOutcome,
  testEvidenceOutcome,
  withEvidence,
} from './dispute-object.ts';
import { requireFileForPurpose } from './files.ts';
import { cardOf } from './payment-methods.ts';

/** How long after the triggering request Stripe's test mode acts (a dispute opens, evidence is decided). */
const TEST_MODE_DELAY_MS = 100;

type Later = (account: string, act: (ctx: RequestContext) => void) => void;
/** Per emulator (per store): runs `act` in its own transaction a moment after the current request. */
const laterByStore = new WeakMap<Store, Later>();

/**
 * Opens the dispute Stripe's dispute test cards trigger, a moment after the charge is captured (call where
 * a charge is captured).
 */
export function scheduleTestCardDispute(ctx: RequestContext, account: string, charge: Stripe.Charge): void {
  if (charge.payment_method === null) return;
  const dispute = cardOf(ctx, charge.payment_method).dispute;
  if (dispute === undefined) return;
  laterByStore.get(ctx.store)?.(account, (later) => {
    const current = later.store.find<Stripe.Charge>('charge', charge.id, account);
    if (current !== undefined) openDispute(later, account, current, dispute);
  });
}

const evidenceShape = Object.fromEntries(
  [...EVIDENCE_TEXT_FIELDS, ...EVIDENCE_FILE_FIELDS].map((field) => [
    field,
    p.emptyable(p.str().max(20_000)).optional(),
  ]),
) as Record<EvidenceField, z.ZodOptional<ReturnType<typeof p.emptyable<ReturnType<typeof p.str>>>>>;

const updateParams = p.obj({
  evidence: p.obj(evidenceShape).optional(),
  metadata: p.metadata().optional(),
  submit: p.bool().optional(),
  intended_submission_method: p
    .enum(['manual', 'prefer_manual', 'prefer_smart_disputes', 'smart_disputes'])
    .optional(),
});

const openBody = z.strictObject({
  reason: z.enum(DISPUTE_REASONS).optional(),
  amount: z.number().int().positive().optional(),
  inquiry: z.boolean().optional(),
});
const outcomeBody = z.strictObject({ outcome: z.enum(['won', 'lost', 'escalate']) });

function requireDispute(ctx: RequestContext, id: string): Stripe.Dispute {
  const dispute = ctx.store.find<Stripe.Dispute>('dispute', id, ctx.account);
  if (dispute === undefined) throw resourceMissing('dispute', id);
  return dispute;
}

function applyTestOutcome(
  ctx: RequestContext,
  account: string,
  disputeId: string,
  outcome: TestEvidenceOutcome | 'won' | 'lost',
): Stripe.Dispute {
  const dispute = ctx.store.find<Stripe.Dispute>('dispute', disputeId, account);
  if (dispute === undefined) throw resourceMissing('dispute', disputeId);
  if (outcome === 'escalate') return escalateInquiry(ctx, account, dispute);
  return decideDispute(ctx, account, dispute, outcome === 'win' || outcome === 'won' ? 'won' : 'lost');
}

export function registerDisputes(api: EmulatorApi): void {
  laterByStore.set(api.store, (account, act) => {
    const timer = setTimeout(() => {
      try {
        api.withContext(account, { origin: '' }, act);
      } catch (err) {
        api.log(`emulator: test-mode dispute step skipped: ${String(err)}`);
      }
    }, TEST_MODE_DELAY_MS);
    timer.unref();
  });

  api.get(
    '/v1/disputes',
    p.obj({
      ...p.list,
      charge: p.str().optional(),
      payment_intent: p.str().optional(),
      created: p.createdFilter().optional(),
    }),
    (ctx, params) =>
      paginateStored<Stripe.Dispute>(ctx.store, 'dispute', ctx.account, params, '/v1/disputes', 'dispute', {
        filter: (d) =>
          (params.charge === undefined || d.charge === params.charge) &&
          (params.payment_intent === undefined || d.payment_intent === params.payment_intent) &&
          matchesCreated(d.created, params.created),
      }),
  );

  api.get('/v1/disputes/:id', p.obj({}), (ctx, _params, path) => requireDispute(ctx, path.id ?? ''));

  api.post('/v1/disputes/:id', updateParams, (ctx, params, path) => {
    const dispute = requireDispute(ctx, path.id ?? '');
    const changesEvidence = params.evidence !== undefined || params.submit === true;
    if (changesEvidence) {
      if (CLOSED_STATUSES.includes(dispute.status)) {
        throw invalidRequest(
          `This dispute has a status of ${dispute.status}: it is closed and its evidence can no longer change.`,
        );
      }
      if (dispute.status === 'under_review' || dispute.status === 'warning_under_review') {
        throw invalidRequest(
          'The evidence for this dispute has already been submitted and is under review; it can no longer change.',
        );
      }
      if (dispute.evidence_details.due_by !== null && ctx.now() > dispute.evidence_details.due_by) {
        throw invalidRequest('The deadline to respond to this dispute (evidence_details.due_by) has passed.');
      }
    }
    for (const field of EVIDENCE_FILE_FIELDS) {
      const fileId = params.evidence?.[field];
      if (fileId !== undefined && fileId !== null) {
        requireFileForPurpose(ctx, fileId, 'dispute_evidence', `evidence[${field}]`);
      }
    }
    const evidence = params.evidence ? withEvidence(dispute.evidence, params.evidence) : dispute.evidence;
    const updated: Stripe.Dispute = {
      ...dispute,
      evidence,
      evidence_details: { ...dispute.evidence_details, has_evidence: hasEvidence(evidence) },
      metadata: mergeMetadata(dispute.metadata, params.metadata),
      intended_submission_method: params.intended_submission_method ?? dispute.intended_submission_method,
    };
    if (params.submit !== true) {
      ctx.store.update(updated);
      const previous: Record<string, unknown> = {};
      for (const key of ['evidence', 'evidence_details', 'metadata', 'intended_submission_method'] as const) {
        if (JSON.stringify(dispute[key]) !== JSON.stringify(updated[key])) previous[key] = dispute[key];
      }
      if (Object.keys(previous).length > 0) {
        ctx.emit('charge.dispute.updated', updated, { previousAttributes: previous });
      }
      return updated;
    }
    const submitted = submitEvidence(ctx, ctx.account, dispute, updated);
    const outcome = testEvidenceOutcome(submitted.evidence.uncategorized_text);
    if (outcome !== null) {
      const account = ctx.account;
      laterByStore.get(ctx.store)?.(account, (later) =>
        applyTestOutcome(later, account, submitted.id, outcome),
      );
    }
    return submitted;
  });

  api.post('/v1/disputes/:id/close', p.obj({}), (ctx, _params, path) => {
    const dispute = requireDispute(ctx, path.id ?? '');
    if (dispute.status !== 'needs_response' && dispute.status !== 'warning_needs_response') {
      throw invalidRequest(
        `This dispute has a status of ${dispute.status}; only a dispute that needs a response (needs_response or warning_needs_response) can be closed.`,
      );
    }
    return acceptDispute(ctx, ctx.account, dispute);
  });

  api.onClockAdvance((ctx, _from, to) => {
    for (const account of ctx.store.accountsWith('dispute')) {
      for (const dispute of ctx.store.all<Stripe.Dispute>('dispute', account)) {
        const dueBy = dispute.evidence_details.due_by;
        const open = dispute.status === 'needs_response' || dispute.status === 'warning_needs_response';
        if (open && !dispute.evidence_details.past_due && dueBy !== null && dueBy <= to) {
          passDueDate(ctx, account, dispute);
        }
      }
    }
  });

  const origin = (c: Context) => new URL(c.req.url).origin;

  api.hono.post('/_emulator/charges/:id/dispute', (c) =>
    answerJson(c, async () => {
      const body = await readControlBody(c, openBody);
      const chargeId = c.req.param('id');
      const account = api.store.accountOf(chargeId);
      const charge =
        account === undefined ? undefined : api.store.find<Stripe.Charge>('charge', chargeId, account);
      if (account === undefined || charge === undefined) throw resourceMissing('charge', chargeId);
      return api.withContext(account, { origin: origin(c) }, (ctx) =>
        openDispute(ctx, account, charge, {
          amount: body.amount,
          reason: body.reason ?? 'fraudulent',
          inquiry: body.inquiry === true,
        }),
      );
    }),
  );

  api.hono.post('/_emulator/disputes/:id/outcome', (c) =>
    answerJson(c, async () => {
      const body = await readControlBody(c, outcomeBody);
      const disputeId = c.req.param('id');
      const account = api.store.accountOf(disputeId);
      if (account === undefined) throw resourceMissing('dispute', disputeId);
      return api.withContext(account, { origin: origin(c) }, (ctx) =>
        applyTestOutcome(ctx, account, disputeId, body.outcome),
      );
    }),
  );
}
