/**
 * The local mail outbox: messages the server would have e-mailed when no SMTP server is configured
 * (services/mailer.ts), for the platform admin to read in the console. Newest first; old ones are pruned.
 */
import type { Selectable } from 'kysely';
import type { MailOutboxTable, Queryable } from '../schema.ts';

export interface OutboxMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  createdAtMs: number;
}

export interface OutboxRepo {
  insert(message: OutboxMessage): Promise<void>;
  /** The newest `limit` messages, newest first. */
  list(limit: number): Promise<OutboxMessage[]>;
  /** Deletes the messages created at or before `beforeMs`; returns how many. */
  prune(beforeMs: number): Promise<number>;
}

function toMessage(row: Selectable<MailOutboxTable>): OutboxMessage {
  return {
    id: row.id,
    to: row.to_address,
    subject: row.subject,
    text: row.text_body,
    html: row.html_body,
    createdAtMs: Number(row.created_at_ms),
  };
}

export function createOutboxRepo(db: Queryable): OutboxRepo {
  return {
    async insert(message) {
      await db
        .insertInto('mail_outbox')
        .values({
          id: message.id,
          to_address: message.to,
          subject: message.subject,
          text_body: message.text,
          html_body: message.html,
          created_at_ms: message.createdAtMs,
        })
        .execute();
    },
    async list(limit) {
      const rows = await db
        .selectFrom('mail_outbox')
        .selectAll()
        .orderBy('created_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toMessage);
    },
    async prune(beforeMs) {
      const result = await db
        .deleteFrom('mail_outbox')
        .where('created_at_ms', '<=', beforeMs)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
