/** Counter sessions (only token hashes are stored) and failed sign-in attempts for throttling. */
import type { Db } from './open.ts';

export interface Session {
  id: string;
  tokenHash: string;
  staffId: string;
  registerId: string;
  csrfToken: string;
  createdAtMs: number;
  expiresAtMs: number;
}

interface SessionRow {
  id: string;
  token_hash: string;
  staff_id: string;
  register_id: string;
  csrf_token: string;
  created_at_ms: number;
  expires_at_ms: number;
}

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    staffId: row.staff_id,
    registerId: row.register_id,
    csrfToken: row.csrf_token,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
  };
}

export function createSessionsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO sessions (id, token_hash, staff_id, register_id, csrf_token, created_at_ms, expires_at_ms)
     VALUES (@id, @tokenHash, @staffId, @registerId, @csrfToken, @createdAtMs, @expiresAtMs)`,
  );
  const findByTokenHash = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?');
  const deleteById = db.prepare('DELETE FROM sessions WHERE id = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at_ms <= ?');
  const recordFailure = db.prepare(
    'INSERT INTO sign_in_attempts (register_id, staff_id, attempted_at_ms) VALUES (?, ?, ?)',
  );
  const countFailures = db.prepare<[string, string, number], { n: number }>(
    `SELECT count(*) AS n FROM sign_in_attempts
     WHERE register_id = ? AND staff_id = ? AND attempted_at_ms > ?`,
  );
  const clearFailures = db.prepare('DELETE FROM sign_in_attempts WHERE register_id = ? AND staff_id = ?');
  const pruneFailures = db.prepare('DELETE FROM sign_in_attempts WHERE attempted_at_ms <= ?');

  return {
    insert(session: Session): void {
      insert.run(session);
    },
    findByTokenHash(tokenHash: string): Session | undefined {
      const row = findByTokenHash.get(tokenHash);
      return row ? toSession(row) : undefined;
    },
    delete(id: string): void {
      deleteById.run(id);
    },
    deleteExpired(nowMs: number): number {
      return deleteExpired.run(nowMs).changes;
    },
    recordFailedSignIn(registerId: string, staffId: string, atMs: number): void {
      recordFailure.run(registerId, staffId, atMs);
    },
    /** Failed attempts strictly after `sinceMs`. */
    countFailedSignIns(registerId: string, staffId: string, sinceMs: number): number {
      return countFailures.get(registerId, staffId, sinceMs)?.n ?? 0;
    },
    clearFailedSignIns(registerId: string, staffId: string): void {
      clearFailures.run(registerId, staffId);
    },
    pruneFailedSignIns(beforeMs: number): void {
      pruneFailures.run(beforeMs);
    },
  };
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
