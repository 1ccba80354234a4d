/**
 * The SMTP mailer: nodemailer over `SMTP_URL` (`smtp://user:pass@host:587` with STARTTLS when the server
 * offers it, or `smtps://…:465` for TLS from the start). Wired by the composition root only. A refused or
 * unreachable server becomes a MailDeliveryError naming nodemailer's error code and the server's reply code
 * only: the server's reply text may quote the recipient's address, and errors may reach the log.
 */
import nodemailer from 'nodemailer';
import { MailDeliveryError, type Mailer } from '../services/mailer.ts';

export interface SmtpMailerOptions {
  url: string;
  /** The From header, e.g. `Countertop <no-reply@example.com>`. */
  from: string;
  /** Gives up on a server that does not answer (milliseconds). */
  timeoutMs?: number;
}

export function createSmtpMailer({ url, from, timeoutMs = 15_000 }: SmtpMailerOptions): Mailer {
  const parsed = new URL(url);
  const transport = nodemailer.createTransport({
    host: parsed.hostname,
    port: parsed.port === '' ? (parsed.protocol === 'smtps:' ? 465 : 587) : Number(parsed.port),
    secure: parsed.protocol === 'smtps:',
    ...(parsed.username
      ? {
          auth: {
            user: decodeURIComponent(parsed.username),
            pass: decodeURIComponent(parsed.password),
          },
        }
      : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    kind: 'smtp',
    // The server only, never the credentials in the URL.
    description: `SMTP at ${parsed.protocol}//${parsed.host}`,
    async send(message) {
      try {
        await transport.sendMail({
          from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
        });
      } catch (error) {
        throw new MailDeliveryError(`The mail server did not accept the message (${reasonOf(error)}).`, {
          cause: error,
        });
      }
    },
  };
}

/** `EAUTH`, `ECONNECTION`, `ETIMEDOUT`, `EENVELOPE 550`…: what went wrong, without any address in it. */
function reasonOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown error';
  const code = 'code' in error && typeof error.code === 'string' ? error.code : 'error';
  const reply =
    'responseCode' in error && typeof error.responseCode === 'number' ? ` ${error.responseCode}` : '';
  return `${code}${reply}`;
}
