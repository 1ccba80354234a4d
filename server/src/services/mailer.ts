/**
 * Outgoing email, behind a port so receipts can be sent through any provider. The default (development and
 * the emulator mode) only logs the rendered text; tests use the in-memory outbox.
 */
import type { Logger } from '../runtime.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Logs each message (recipient, subject and the plain-text body) instead of sending it. */
export function createLogMailer(log: Logger): Mailer {
  return {
    async send(message) {
      log(`mail to ${message.to}: ${message.subject}\n${message.text}`);
    },
  };
}

/** Keeps sent messages in memory, for tests. */
export function createMemoryMailer(): Mailer & { sent: MailMessage[] } {
  const sent: MailMessage[] = [];
  return {
    sent,
    async send(message) {
      sent.push(message);
    },
  };
}
