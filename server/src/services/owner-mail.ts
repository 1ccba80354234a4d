/**
 * E-mail to a merchant's owners (active `merchant_owner` console users of the account) through the Mailer
 * port: the notices about disputes and failed payouts. Plain text, with an HTML copy of the same paragraphs.
 */
import type { Repositories } from '../db/repositories/index.ts';
import type { Mailer } from './mailer.ts';

export async function ownerEmails(repos: Repositories, accountId: string): Promise<string[]> {
  return (await repos.users.listByAccount(accountId))
    .filter((user) => user.role === 'merchant_owner' && user.active)
    .map((user) => user.email);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** Sends one message to each recipient; the paragraphs of `text` are separated by blank lines. */
export async function mailOwners(
  mailer: Mailer,
  recipients: readonly string[],
  message: { subject: string; text: string },
): Promise<void> {
  const html = message.text
    .split('\n\n')
    .map((paragraph) => `<p>${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`)
    .join('\n');
  for (const to of recipients) await mailer.send({ to, subject: message.subject, text: message.text, html });
}
