/** The audit log: who changed what, when (every console configuration change and support action). */
import type { Db } from './open.ts';

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

interface AuditRow {
  id: number;
  actor_user_id: string | null;
  actor_label: string;
  account_id: string | null;
  action: string;
  target: string;
  details_json: string;
  at_ms: number;
}

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

export function createAuditRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO audit_log (actor_user_id, actor_label, account_id, action, target, details_json, at_ms)
     VALUES (@actorUserId, @actorLabel, @accountId, @action, @target, @detailsJson, @atMs)`,
  );
  const listAll = db.prepare<[number], AuditRow>(
    'SELECT * FROM audit_log ORDER BY at_ms DESC, id DESC LIMIT ?',
  );
  const listByAccount = db.prepare<[string, number], AuditRow>(
    'SELECT * FROM audit_log WHERE account_id = ? ORDER BY at_ms DESC, id DESC LIMIT ?',
  );
  return {
    record(entry: NewAuditEntry): void {
      insert.run({
        actorUserId: entry.actorUserId,
        actorLabel: entry.actorLabel,
        accountId: entry.accountId,
        action: entry.action,
        target: entry.target,
        detailsJson: JSON.stringify(entry.details),
        atMs: entry.atMs,
      });
    },
    /** Newest first. */
    list(options: { accountId?: string; limit?: number } = {}): AuditEntry[] {
      const limit = options.limit ?? 200;
      const rows = options.accountId ? listByAccount.all(options.accountId, limit) : listAll.all(limit);
      return rows.map(toEntry);
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
