/**
 * Web console users (platform admins and merchant owners), their sessions (only token hashes stored),
 * failed sign-ins for throttling per email, and invitations (only token hashes stored).
 */
import type { Db } from './open.ts';

export type ConsoleRole = 'platform_admin' | 'merchant_owner';

export interface User {
  id: string;
  email: string;
  role: ConsoleRole;
  accountId: string | null;
  active: boolean;
  invitedAtMs: number | null;
  activatedAtMs: number | null;
  createdAtMs: number;
}

/** A user with the password hash, for verification only; never leaves the console auth service. */
export interface UserCredentials extends User {
  passwordHash: string | null;
  passwordSalt: string | null;
}

export interface NewUser {
  id: string;
  email: string;
  role: ConsoleRole;
  accountId: string | null;
  password: { hash: string; salt: string } | null;
  invitedAtMs: number | null;
  activatedAtMs: number | null;
}

export interface UserSession {
  id: string;
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface Invitation {
  id: string;
  tokenHash: string;
  userId: string;
  invitedByUserId: string | null;
  createdAtMs: number;
  expiresAtMs: number;
  acceptedAtMs: number | null;
}

interface UserRow {
  id: string;
  email: string;
  role: ConsoleRole;
  account_id: string | null;
  password_hash: string | null;
  password_salt: string | null;
  active: number;
  invited_at_ms: number | null;
  activated_at_ms: number | null;
  created_at_ms: number;
}

interface SessionRow {
  id: string;
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at_ms: number;
  expires_at_ms: number;
}

interface InvitationRow {
  id: string;
  token_hash: string;
  user_id: string;
  invited_by_user_id: string | null;
  created_at_ms: number;
  expires_at_ms: number;
  accepted_at_ms: number | null;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    accountId: row.account_id,
    active: row.active === 1,
    invitedAtMs: row.invited_at_ms,
    activatedAtMs: row.activated_at_ms,
    createdAtMs: row.created_at_ms,
  };
}

function toSession(row: SessionRow): UserSession {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
  };
}

function toInvitation(row: InvitationRow): Invitation {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    userId: row.user_id,
    invitedByUserId: row.invited_by_user_id,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
    acceptedAtMs: row.accepted_at_ms,
  };
}

export function createUsersRepo(db: Db) {
  const insertUser = db.prepare(
    `INSERT INTO users (id, email, role, account_id, password_hash, password_salt, active, invited_at_ms,
       activated_at_ms, created_at_ms)
     VALUES (@id, @email, @role, @accountId, @passwordHash, @passwordSalt, 1, @invitedAtMs, @activatedAtMs, @nowMs)`,
  );
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byEmail = db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?');
  const byAccount = db.prepare<[string], UserRow>(
    'SELECT * FROM users WHERE account_id = ? ORDER BY created_at_ms, id',
  );
  const countAdmins = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM users WHERE role = 'platform_admin' AND active = 1",
  );
  const setPassword = db.prepare(
    `UPDATE users SET password_hash = @hash, password_salt = @salt,
       activated_at_ms = coalesce(activated_at_ms, @nowMs) WHERE id = @id`,
  );

  const insertSession = db.prepare(
    `INSERT INTO user_sessions (id, token_hash, user_id, csrf_token, created_at_ms, expires_at_ms)
     VALUES (@id, @tokenHash, @userId, @csrfToken, @createdAtMs, @expiresAtMs)`,
  );
  const sessionByHash = db.prepare<[string], SessionRow>('SELECT * FROM user_sessions WHERE token_hash = ?');
  const deleteSession = db.prepare('DELETE FROM user_sessions WHERE id = ?');
  const deleteExpiredSessions = db.prepare('DELETE FROM user_sessions WHERE expires_at_ms <= ?');

  const recordFailure = db.prepare(
    'INSERT INTO user_sign_in_attempts (email, attempted_at_ms) VALUES (?, ?)',
  );
  const countFailures = db.prepare<[string, number], { n: number }>(
    'SELECT count(*) AS n FROM user_sign_in_attempts WHERE email = ? AND attempted_at_ms > ?',
  );
  const clearFailures = db.prepare('DELETE FROM user_sign_in_attempts WHERE email = ?');
  const pruneFailures = db.prepare('DELETE FROM user_sign_in_attempts WHERE attempted_at_ms <= ?');

  const insertInvitation = db.prepare(
    `INSERT INTO user_invitations (id, token_hash, user_id, invited_by_user_id, created_at_ms, expires_at_ms)
     VALUES (@id, @tokenHash, @userId, @invitedByUserId, @createdAtMs, @expiresAtMs)`,
  );
  const invitationByHash = db.prepare<[string], InvitationRow>(
    'SELECT * FROM user_invitations WHERE token_hash = ?',
  );
  const acceptInvitation = db.prepare(
    'UPDATE user_invitations SET accepted_at_ms = ? WHERE id = ? AND accepted_at_ms IS NULL',
  );

  return {
    insert(user: NewUser, nowMs: number): User {
      insertUser.run({
        id: user.id,
        email: user.email.toLowerCase(),
        role: user.role,
        accountId: user.accountId,
        passwordHash: user.password?.hash ?? null,
        passwordSalt: user.password?.salt ?? null,
        invitedAtMs: user.invitedAtMs,
        activatedAtMs: user.activatedAtMs,
        nowMs,
      });
      return toUser(byId.get(user.id)!);
    },
    findById(id: string): User | undefined {
      const row = byId.get(id);
      return row ? toUser(row) : undefined;
    },
    findByEmail(email: string): User | undefined {
      const row = byEmail.get(email.toLowerCase());
      return row ? toUser(row) : undefined;
    },
    findCredentialsByEmail(email: string): UserCredentials | undefined {
      const row = byEmail.get(email.toLowerCase());
      return row
        ? { ...toUser(row), passwordHash: row.password_hash, passwordSalt: row.password_salt }
        : undefined;
    },
    listByAccount(accountId: string): User[] {
      return byAccount.all(accountId).map(toUser);
    },
    countActiveAdmins(): number {
      return countAdmins.get()?.n ?? 0;
    },
    /** Sets the password (and marks the user activated the first time). */
    setPassword(id: string, password: { hash: string; salt: string }, nowMs: number): void {
      setPassword.run({ id, hash: password.hash, salt: password.salt, nowMs });
    },

    insertSession(session: UserSession): void {
      insertSession.run(session);
    },
    findSessionByTokenHash(tokenHash: string): UserSession | undefined {
      const row = sessionByHash.get(tokenHash);
      return row ? toSession(row) : undefined;
    },
    deleteSession(id: string): void {
      deleteSession.run(id);
    },
    deleteExpiredSessions(nowMs: number): number {
      return deleteExpiredSessions.run(nowMs).changes;
    },

    recordFailedSignIn(email: string, atMs: number): void {
      recordFailure.run(email.toLowerCase(), atMs);
    },
    /** Failed attempts for this email strictly after `sinceMs`. */
    countFailedSignIns(email: string, sinceMs: number): number {
      return countFailures.get(email.toLowerCase(), sinceMs)?.n ?? 0;
    },
    clearFailedSignIns(email: string): void {
      clearFailures.run(email.toLowerCase());
    },
    pruneFailedSignIns(beforeMs: number): void {
      pruneFailures.run(beforeMs);
    },

    insertInvitation(invitation: Omit<Invitation, 'acceptedAtMs'>): void {
      insertInvitation.run(invitation);
    },
    findInvitationByTokenHash(tokenHash: string): Invitation | undefined {
      const row = invitationByHash.get(tokenHash);
      return row ? toInvitation(row) : undefined;
    },
    /** Marks the invitation used; false if it already was. */
    markInvitationAccepted(id: string, nowMs: number): boolean {
      return acceptInvitation.run(nowMs, id).changes > 0;
    },
  };
}

export type UsersRepo = ReturnType<typeof createUsersRepo>;
