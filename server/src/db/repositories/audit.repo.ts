/** The audit log: who changed what, when (every console configuration change and support action). */
import type { Selectable } from 'kysely';
import type { AuditLogTable, Queryable } from '../schema.ts';

export interface AuditEntry {
  id: number;
  actorUserId: string | null;
  /** Who, in words: the user's email, or `system`/`stripe` for automatic changes. */
  actorLabel: string;
  accountId: string | null;
  action: string;
  /** What was changed, e.g. `account acc_…`, `location loc_…`. */
  target: string;
  details: Record<string, unknown>;
  atMs: number;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditRepo {
  record(entry: NewAuditEntry): Promise<void>;
  /** Newest first. */
  list(options?: { accountId?: string; limit?: number }): Promise<AuditEntry[]>;
}

type AuditRow = Selectable<AuditLogTable>;

function toEntry(row: AuditRow): AuditEntry {
  const details: unknown = JSON.parse(row.details_json);
  return {
    id: row.id,
    actorUserId: row.actor_user_id,
    actorLabel: row.actor_label,
    accountId: row.account_id,
    action: row.action,
    target: row.target,
    details: typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {},
    atMs: row.at_ms,
  };
}

export function createAuditRepo(db: Queryable): AuditRepo {
  return {
    async record(entry) {
      await db
        .insertInto('audit_log')
        .values({
          actor_user_id: entry.actorUserId,
          actor_label: entry.actorLabel,
          account_id: entry.accountId,
          action: entry.action,
          target: entry.target,
          details_json: JSON.stringify(entry.details),
          at_ms: entry.atMs,
        })
        .execute();
    },
    async list(options = {}) {
      let query = db.selectFrom('audit_log').selectAll();
      if (options.accountId) query = query.where('account_id', '=', options.accountId);
      const rows = await query
        .orderBy('at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(options.limit ?? 200)
        .execute();
      return rows.map(toEntry);
    },
  };
}
