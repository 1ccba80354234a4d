/**
 * E-mails to the merchant owner about disputes, through the Mailer port: one when a dispute opens (sent
 * right after the webhook recorded it) and one reminder when the evidence deadline is near and nothing was
 * submitted. Each is sent once per dispute: the notice is claimed in dispute_notifications before sending and
 * given back when sending fails, so the scheduled run (compose.ts `money-event-notices`) tries again; it
 * also sends what a failed or ownerless moment left unsent.
 */
import { formatMoney } from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { DisputeNoticeKind, DisputeRecord } from '../../db/repositories/disputes.repo.ts';
import {
  disputeKind,
  disputeReasonInWords,
  disputeStage,
  OPEN_DISPUTE_STATUSES,
} from '../../domain/disputes.ts';
import { formatLocalDateTime } from '../../domain/local-day.ts';
import type { Clock, Logger } from '../../runtime.ts';
import type { Mailer } from '../mailer.ts';
import { mailOwners, ownerEmails } from '../owner-mail.ts';
import { createDisputeZones } from './dispute-views.ts';

/** The reminder goes out when this little time is left before the evidence deadline. */
export const REMINDER_BEFORE_DEADLINE_MS = 3 * 86_400_000;

export interface DisputeNoticesDeps {
  database: Database;
  mailer: Mailer;
  clock: Clock;
  log: Logger;
  publicUrl: string;
}

export function createDisputeNotices(deps: DisputeNoticesDeps) {
  const { database, mailer, clock, log } = deps;
  const { repos } = database;
  const reviewUrl = `${deps.publicUrl.replace(/\/$/, '')}/merchant`;

  async function message(dispute: DisputeRecord, kind: DisputeNoticeKind) {
    const account = await repos.accounts.findById(dispute.accountId);
    const zone = await createDisputeZones(repos)(dispute);
    const amount = formatMoney(dispute.amountMinor, dispute.currency);
    const business = account?.businessName ?? 'Your business';
    const deadline =
      dispute.evidenceDueByMs === null
        ? null
        : `${formatLocalDateTime(dispute.evidenceDueByMs, zone)} (${zone})`;
    const inquiry = disputeKind(dispute.status) === 'inquiry';
    const sale = dispute.saleId === null ? `charge ${dispute.chargeId}` : `sale ${dispute.saleId}`;
    const subject =
      kind === 'opened'
        ? `${business}: a customer's bank ${inquiry ? 'asks about' : 'disputed'} a payment of ${amount}`
        : `${business}: answer the dispute of ${amount} by ${deadline ?? 'its deadline'}`;
    const lines = [
      kind === 'opened'
        ? inquiry
          ? `A customer's bank is asking about a payment of ${amount} (${sale}). No money was taken yet, but it may become a chargeback.`
          : `A customer's bank has disputed a payment of ${amount} (${sale}) and taken the money back, with a dispute fee.`
        : `The dispute of ${amount} (${sale}) still needs your answer.`,
      `Reason: ${disputeReasonInWords(dispute.reason)}`,
      deadline === null
        ? 'Send your evidence (receipts, signatures, what was sold) as soon as you can.'
        : `Send your evidence (receipts, signatures, what was sold) before ${deadline}. After that it can no longer be answered${inquiry ? '' : ' and is lost'}.`,
      `Disputes: ${reviewUrl}`,
    ];
    return { subject, text: lines.join('\n\n') };
  }

  /** Sends `kind` about one dispute unless it was sent; false when there is nobody to tell or it was sent. */
  async function send(dispute: DisputeRecord, kind: DisputeNoticeKind): Promise<boolean> {
    const recipients = await ownerEmails(repos, dispute.accountId);
    if (recipients.length === 0) return false;
    if (!(await repos.disputes.claimNotice(dispute.id, kind, recipients, clock.nowMs()))) return false;
    try {
      await mailOwners(mailer, recipients, await message(dispute, kind));
      return true;
    } catch (error) {
      await repos.disputes.releaseNotice(dispute.id, kind);
      log(`disputes: could not e-mail the owner about ${dispute.id} (${kind}): ${String(error)}`, 'warn');
      return false;
    }
  }

  return {
    /** The owner's e-mail about a dispute just recorded (once). */
    async opened(dispute: DisputeRecord): Promise<void> {
      if (disputeStage(dispute.status) !== 'closed') await send(dispute, 'opened');
    },

    /** The scheduled run: open disputes nobody was told about, and reminders for deadlines near. */
    async run(): Promise<{ opened: number; reminders: number }> {
      const nowMs = clock.nowMs();
      let opened = 0;
      for (const dispute of await repos.disputes.withoutNotice('opened', OPEN_DISPUTE_STATUSES, 500)) {
        if (await send(dispute, 'opened')) opened += 1;
      }
      let reminders = 0;
      const waiting = OPEN_DISPUTE_STATUSES.filter((status) => disputeStage(status) === 'needs_response');
      const dueWithin = { afterMs: nowMs, untilMs: nowMs + REMINDER_BEFORE_DEADLINE_MS };
      for (const dispute of await repos.disputes.withoutNotice(
        'deadline_reminder',
        waiting,
        500,
        dueWithin,
      )) {
        if (dispute.pastDue) continue;
        if (await send(dispute, 'deadline_reminder')) reminders += 1;
      }
      return { opened, reminders };
    },
  };
}

export type DisputeNotices = ReturnType<typeof createDisputeNotices>;
