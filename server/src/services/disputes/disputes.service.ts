/**
 * Disputes for merchants and the platform (docs/DISPUTES.md).
 *
 * Merchants: the owner sees every dispute of the account; a manager only those of sales at their locations;
 * the platform's support view reads (never acts). A dispute outside the viewer's scope is 404, as if it did
 * not exist. Evidence: files are uploaded to Stripe first (`purpose: dispute_evidence`, on the account or the
 * platform, where the dispute lives) and kept in dispute_evidence_files; text and files are then saved or
 * submitted with `disputes.update` under an idempotency key from the merchant's `submissionKey`. Both are
 * refused before Stripe is asked once the deadline passed, the evidence is under review or the dispute is
 * closed; Stripe's answer is recorded (dispute-records.ts) with an audit entry in one transaction. No Stripe
 * call runs inside a transaction.
 *
 * Platform: every account's disputes, whose balance carries each, and the exposure of open ones.
 */
import type {
  EvidenceFileDto,
  MerchantDisputeDetail,
  MerchantDisputesQuery,
  PlatformDispute,
  PlatformDisputesResponse,
  SubmitEvidenceBody,
} from '@countertop/shared';
import { EVIDENCE_FILE_FIELDS, MAX_EVIDENCE_FILE_BYTES, SubmitEvidenceBodySchema } from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { Account } from '../../db/repositories/accounts.repo.ts';
import type { DisputeRecord, EvidenceFile } from '../../db/repositories/disputes.repo.ts';
import { disputeExposure } from '../../domain/dispute-figures.ts';
import {
  CLOSED_DISPUTE_STATUSES,
  cannotSubmitEvidenceReason,
  carrierInWords,
  OPEN_DISPUTE_STATUSES,
} from '../../domain/disputes.ts';
import { evidenceFileType, mediaTypeOf, safeEvidenceFileName } from '../../domain/evidence-files.ts';
import { formatLocalDateTime } from '../../domain/local-day.ts';
import { AppError, conflict, forbidden, invalidRequest, notFound } from '../../errors.ts';
import type { Clock, IdGenerator, Logger } from '../../runtime.ts';
import type { DisputesGateway, DisputeView } from '../../stripe/disputes.port.ts';
import { isGatewayError } from '../../stripe/payments.port.ts';
import { createAccountAccess } from '../account-access.ts';
import { locationsInScope, type MerchantViewer } from '../merchant-access.ts';
import { type DisputeRecords, disputeScopeOf } from './dispute-records.ts';
import { createDisputeZones, moneyOfDisputes, toDisputeDto } from './dispute-views.ts';

export interface DisputesServiceDeps {
  database: Database;
  gateway: DisputesGateway;
  records: Pick<DisputeRecords, 'record'>;
  clock: Clock;
  ids: IdGenerator;
  log: Logger;
}

const MAX_LISTED = 500;
const iso = (ms: number) => new Date(ms).toISOString();

/** Gateway failures after which Stripe may or may not have the evidence: the merchant retries the same key. */
const AMBIGUOUS = new Set(['unavailable', 'rate_limited', 'unknown']);

function statusesOf(filter: 'open' | 'closed' | 'all') {
  if (filter === 'open') return OPEN_DISPUTE_STATUSES;
  if (filter === 'closed') return CLOSED_DISPUTE_STATUSES;
  return undefined;
}

function toFileDto(file: EvidenceFile): EvidenceFileDto {
  return {
    id: file.id,
    field: EVIDENCE_FILE_FIELDS.find((field) => field === file.field) ?? 'uncategorized_file',
    fileName: file.fileName,
    type: file.fileType,
    sizeBytes: file.sizeBytes,
    uploadedBy: file.uploadedByLabel,
    uploadedAt: iso(file.uploadedAtMs),
    stripeFileId: file.stripeFileId,
  };
}

export function createDisputesService(deps: DisputesServiceDeps) {
  const { database, gateway, records, clock, ids, log } = deps;
  const { repos } = database;
  const accountAccess = createAccountAccess({ database, clock, log });

  /** The dispute if this viewer may see it (404 otherwise: another merchant's, or another location's). */
  async function visibleDispute(viewer: MerchantViewer, disputeId: string): Promise<DisputeRecord> {
    const dispute = await repos.disputes.find(disputeId);
    const inScope =
      dispute !== undefined &&
      dispute.accountId === viewer.account.id &&
      (viewer.kind !== 'manager' ||
        (dispute.locationId !== null &&
          viewer.locations.some((location) => location.id === dispute.locationId)));
    if (!dispute || !inScope) throw notFound('dispute_not_found', 'No such dispute.');
    return dispute;
  }

  /** A dispute the viewer may act on now: not the support view, and still taking evidence. */
  async function answerableDispute(viewer: MerchantViewer, disputeId: string): Promise<DisputeRecord> {
    if (viewer.kind === 'support') {
      throw forbidden('Platform support can look, not answer: the merchant answers the dispute.');
    }
    const dispute = await visibleDispute(viewer, disputeId);
    const reason = cannotSubmitEvidenceReason(dispute, clock.nowMs());
    if (reason !== null) throw new AppError('dispute_not_answerable', reason);
    return dispute;
  }

  async function detail(dispute: DisputeRecord): Promise<MerchantDisputeDetail> {
    const timeZone = await createDisputeZones(repos)(dispute);
    const money = await moneyOfDisputes(repos, [dispute]);
    const sale = dispute.saleId === null ? undefined : await repos.sales.findById(dispute.saleId);
    const text: Record<string, string | null> = {};
    const files: Record<string, string | null> = {};
    for (const [field, value] of Object.entries(dispute.evidence)) {
      if ((EVIDENCE_FILE_FIELDS as readonly string[]).includes(field)) files[field] = value;
      else if (field !== 'enhanced_evidence') text[field] = value;
    }
    return {
      ...toDisputeDto(dispute, { money: money.get(dispute.id), timeZone, nowMs: clock.nowMs() }),
      evidence: { text, files },
      files: (await repos.disputes.evidenceFilesOf(dispute.id)).map(toFileDto),
      sale: sale
        ? {
            id: sale.id,
            totalMinor: sale.totalMinor,
            currency: sale.currency,
            createdAt: iso(sale.createdAtMs),
            localTime: formatLocalDateTime(sale.createdAtMs, timeZone),
            card: sale.card ? { brand: sale.card.brand, last4: sale.card.last4 } : null,
            status: sale.status,
          }
        : null,
      notices: (await repos.disputes.noticesOf(dispute.id)).map((notice) => ({
        kind: notice.kind,
        sentAt: iso(notice.sentAtMs),
        recipients: notice.recipients,
      })),
    };
  }

  /** A Stripe failure while answering a dispute, in the merchant's words (the dispute is re-read first). */
  async function answerFailure(account: Account, dispute: DisputeRecord, error: unknown): Promise<unknown> {
    if (!isGatewayError(error)) return error;
    if (error.code === 'account_disconnected') return accountAccess.whenLost(account, error);
    if (AMBIGUOUS.has(error.code)) {
      return new AppError(
        'stripe_unavailable',
        'Stripe did not answer. Send the same evidence again (with the same submissionKey): it will not be sent twice.',
        { cause: error },
      );
    }
    if (error.code === 'idempotency_conflict') {
      return conflict(
        'conflict',
        'This submissionKey was already used with other evidence. Start a new submission.',
      );
    }
    if (error.code === 'not_found') return notFound('dispute_not_found', 'Stripe has no such dispute.');
    // Stripe refused: the dispute may have moved on (deadline, review, decision). Record what it is now.
    let current: DisputeView | undefined;
    try {
      current = await gateway.retrieveDispute(disputeScopeOf(account), dispute.id);
      await records.record(current, disputeScopeOf(account));
    } catch (readError) {
      log(`disputes: could not re-read ${dispute.id}: ${String(readError)}`, 'warn');
    }
    const reason = current ? cannotSubmitEvidenceReason(current, clock.nowMs()) : null;
    if (reason !== null) return new AppError('dispute_not_answerable', reason, { cause: error });
    return invalidRequest(`Stripe refused the evidence: ${error.message}`, error);
  }

  return {
    async listForMerchant(viewer: MerchantViewer, query: MerchantDisputesQuery) {
      const locations = locationsInScope(viewer, query.locationId);
      const oneLocation = query.locationId !== undefined && query.locationId !== 'all';
      const statuses = statusesOf(query.status);
      const disputes = await repos.disputes.list({
        accountId: viewer.account.id,
        ...(oneLocation || viewer.kind === 'manager'
          ? { locationIds: locations.map((location) => location.id) }
          : {}),
        ...(statuses === undefined ? {} : { statuses }),
        limit: MAX_LISTED,
      });
      const zoneOf = createDisputeZones(repos);
      const money = await moneyOfDisputes(repos, disputes);
      const nowMs = clock.nowMs();
      const listed = [];
      for (const dispute of disputes) {
        listed.push(
          toDisputeDto(dispute, { money: money.get(dispute.id), timeZone: await zoneOf(dispute), nowMs }),
        );
      }
      return { disputes: listed };
    },

    async detailForMerchant(
      viewer: MerchantViewer,
      disputeId: string,
    ): Promise<{ dispute: MerchantDisputeDetail }> {
      return { dispute: await detail(await visibleDispute(viewer, disputeId)) };
    },

    /** Uploads one evidence file to Stripe (PDF, JPEG or PNG by content, at most 5 MB) and keeps it. */
    async uploadEvidenceFile(
      viewer: MerchantViewer,
      disputeId: string,
      upload: { field: (typeof EVIDENCE_FILE_FIELDS)[number]; file: File },
    ): Promise<{ file: EvidenceFileDto }> {
      const dispute = await answerableDispute(viewer, disputeId);
      if (upload.file.size > MAX_EVIDENCE_FILE_BYTES) {
        throw new AppError(
          'evidence_file_too_large',
          'Evidence files can be at most 5 MB. Send a smaller scan or photo.',
        );
      }
      const data = new Uint8Array(await upload.file.arrayBuffer());
      const type = evidenceFileType(data);
      if (data.length === 0 || type === null) {
        throw new AppError(
          'evidence_file_invalid',
          'Evidence must be a PDF, JPEG or PNG file (this file is none of them, whatever its name says).',
        );
      }
      const fileName = safeEvidenceFileName(upload.file.name, type);
      const id = ids.newId('def');
      const account = viewer.account;
      let uploaded: { id: string; sizeBytes: number };
      try {
        uploaded = await gateway.uploadEvidenceFile(
          disputeScopeOf(account),
          { fileName, mediaType: mediaTypeOf(type), data },
          `evidence_file_${id}`,
        );
      } catch (error) {
        throw await answerFailure(account, dispute, error);
      }
      const file: EvidenceFile = {
        id,
        disputeId: dispute.id,
        stripeFileId: uploaded.id,
        field: upload.field,
        fileName,
        fileType: type,
        sizeBytes: uploaded.sizeBytes,
        uploadedByLabel: viewer.label,
        uploadedAtMs: clock.nowMs(),
      };
      await repos.disputes.insertEvidenceFile(file);
      return { file: toFileDto(file) };
    },

    /** Saves (submit: false) or submits the evidence; answers the dispute as Stripe now has it. */
    async submitEvidence(
      viewer: MerchantViewer,
      disputeId: string,
      input: SubmitEvidenceBody,
    ): Promise<{ dispute: MerchantDisputeDetail }> {
      const body = SubmitEvidenceBodySchema.parse(input);
      const dispute = await answerableDispute(viewer, disputeId);
      const evidence: Record<string, string> = {};
      for (const [field, value] of Object.entries(body.text))
        if (value !== undefined) evidence[field] = value;
      const uploaded = await repos.disputes.evidenceFilesOf(dispute.id);
      for (const [field, fileId] of Object.entries(body.files)) {
        if (fileId === undefined) continue;
        const file = uploaded.find((candidate) => candidate.id === fileId);
        if (!file) throw invalidRequest(`files.${field}: no file ${fileId} was uploaded for this dispute.`);
        evidence[field] = file.stripeFileId;
      }
      const givesSomething = Object.values(evidence).some((value) => value !== '');
      if (body.submit && !givesSomething && !dispute.hasEvidence) {
        throw invalidRequest('Add some evidence (a description, a receipt, a signature…) before submitting.');
      }
      const account = viewer.account;
      let answered: DisputeView;
      try {
        answered = await gateway.updateEvidence(disputeScopeOf(account), dispute.id, {
          evidence,
          submit: body.submit,
          idempotencyKey: `dispute_${dispute.id}-evidence-${body.submissionKey}`,
        });
      } catch (error) {
        throw await answerFailure(account, dispute, error);
      }
      const recorded = await records.record(answered, disputeScopeOf(account), {
        within: (tx) =>
          tx.audit.record({
            actorUserId: viewer.userId,
            actorLabel: viewer.label,
            accountId: account.id,
            action: body.submit ? 'dispute.evidence_submitted' : 'dispute.evidence_saved',
            target: `dispute ${dispute.id}`,
            details: { fields: Object.keys(evidence).sort(), submissionKey: body.submissionKey },
            atMs: clock.nowMs(),
          }),
      });
      return { dispute: await detail(recorded?.dispute ?? dispute) };
    },

    /** Every account's disputes (or one account's), with whose balance carries each and the exposure. */
    async listForPlatform(query: {
      accountId?: string | undefined;
      status: 'open' | 'closed' | 'all';
      limit: number;
    }): Promise<PlatformDisputesResponse> {
      if (query.accountId !== undefined && !(await repos.accounts.findById(query.accountId))) {
        throw new AppError('account_not_found', 'No such merchant account.');
      }
      const statuses = statusesOf(query.status);
      const accountFilter = query.accountId === undefined ? {} : { accountId: query.accountId };
      const disputes = await repos.disputes.list({
        ...accountFilter,
        ...(statuses === undefined ? {} : { statuses }),
        limit: query.limit,
      });
      const open = await repos.disputes.list({
        ...accountFilter,
        statuses: OPEN_DISPUTE_STATUSES,
        limit: 100_000,
      });
      const money = await moneyOfDisputes(repos, [...disputes, ...open]);
      const zoneOf = createDisputeZones(repos);
      const accounts = new Map<string, Account | undefined>();
      const nowMs = clock.nowMs();
      const listed: PlatformDispute[] = [];
      for (const dispute of disputes) {
        if (!accounts.has(dispute.accountId))
          accounts.set(dispute.accountId, await repos.accounts.findById(dispute.accountId));
        const account = accounts.get(dispute.accountId);
        listed.push({
          ...toDisputeDto(dispute, { money: money.get(dispute.id), timeZone: await zoneOf(dispute), nowMs }),
          businessName: account?.businessName ?? '',
          chargeType: account?.chargeType ?? (dispute.carriedBy === 'platform' ? 'destination' : 'direct'),
          carriedBy: dispute.carriedBy,
          carriedByText: carrierInWords(dispute.carriedBy),
        });
      }
      const exposure = disputeExposure(
        open.map((dispute) => ({
          ...dispute,
          money: money.get(dispute.id) ?? {
            withdrawnMinor: 0,
            reinstatedMinor: 0,
            feesMinor: 0,
            netMinor: 0,
          },
        })),
      );
      return { disputes: listed, exposure };
    },
  };
}

export type DisputesService = ReturnType<typeof createDisputesService>;
