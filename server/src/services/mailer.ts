/**
 * Outgoing e-mail (owner invitations, e-mailed receipts), behind a port. Two implementations, chosen by the
 * composition root: SMTP through nodemailer when `SMTP_URL` is set (mail/smtp-mailer.ts), else the local
 * outbox, a database table the platform admin reads in the console (`GET /api/platform/outbox`). Mail is
 * never written to the log: an invitation carries a one-time sign-up link, a receipt a customer's address.
 * Tests use the in-memory mailer.
 */
import type { Database } from '../db/database.ts';
import type { OutboxMessage } from '../db/repositories/outbox.repo.ts';
import { AppError } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  readonly kind: 'smtp' | 'outbox' | 'memory';
  /** Where mail goes, in words (start-up log, console). */
  readonly description: string;
  /** Sends (or keeps) the message; throws MailDeliveryError when the mail server refused or was unreachable. */
  send(message: MailMessage): Promise<void>;
}

/** The mail server refused the message or could not be reached; the message says why, without the mail. */
export class MailDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailDeliveryError';
  }
}

/** Sends `message`; a delivery failure becomes 502 mail_failed saying `what` could not be sent, and why. */
export async function sendMail(mailer: Mailer, message: MailMessage, what: string): Promise<void> {
  try {
    await mailer.send(message);
  } catch (error) {
    if (!(error instanceof MailDeliveryError)) throw error;
    throw new AppError('mail_failed', `${what} ${error.message}`, { cause: error });
  }
}

/** How long the local outbox keeps a message (an invitation link is valid 7 days). */
export const OUTBOX_RETENTION_MS = 7 * 24 * 60 * 60_000;

/** Keeps each message in the database's outbox for the platform admin to read, pruning old ones. */
export function createOutboxMailer({
  database,
  clock,
  ids,
}: {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
}): Mailer {
  return {
    kind: 'outbox',
    description: 'the local outbox (no SMTP_URL): platform console → Outbox',
    async send(message) {
      const nowMs = clock.nowMs();
      await database.transaction(async (tx) => {
        await tx.outbox.prune(nowMs - OUTBOX_RETENTION_MS);
        await tx.outbox.insert({ id: ids.newId('mail'), ...message, createdAtMs: nowMs });
      });
    },
  };
}

/** What the platform admin sees of outgoing mail: where it goes and, without SMTP, the outbox. */
export function createMailOutbox({ database, mailer }: { database: Database; mailer: Mailer }) {
  return {
    delivery: mailer.kind,
    description: mailer.description,
    /** The newest `limit` messages kept instead of sent, newest first. */
    list(limit = 50): Promise<OutboxMessage[]> {
      return database.repos.outbox.list(limit);
    },
  };
}

export type MailOutbox = ReturnType<typeof createMailOutbox>;

/** Keeps sent messages in memory, for tests. */
export function createMemoryMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    kind: 'memory',
    description: 'memory (tests)',
    sent,
    async send(message) {
      sent.push(message);
    },
  };
}
