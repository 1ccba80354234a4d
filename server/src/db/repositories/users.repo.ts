/**
 * Web console users (platform admins and merchant owners), their sessions (only token hashes stored; the
 * last request's time for the idle timeout) and invitations (only token hashes stored). Sign-in limits are
 * in sign-in-limits.repo.ts.
 */
import type { Selectable } from 'kysely';
import type { Queryable, UserInvitationsTable, UserSessionsTable, UsersTable } from '../schema.ts';

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
  /** The session's last request (touched at most once a minute). */
  lastSeenAtMs: number;
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

export interface UsersRepo {
  insert(user: NewUser, nowMs: number): Promise<User>;
  findById(id: string): Promise<User | undefined>;
  findByEmail(email: string): Promise<User | undefined>;
  findCredentialsByEmail(email: string): Promise<UserCredentials | undefined>;
  listByAccount(accountId: string): Promise<User[]>;
  countActiveAdmins(): Promise<number>;
  /** Sets the password (and marks the user activated the first time). */
  setPassword(id: string, password: { hash: string; salt: string }, nowMs: number): Promise<void>;

  insertSession(session: UserSession): Promise<void>;
  findSessionByTokenHash(tokenHash: string): Promise<UserSession | undefined>;
  deleteSession(id: string): Promise<void>;
  deleteExpiredSessions(nowMs: number): Promise<number>;

  /** Records the session's activity at `nowMs` unless it was recorded after `staleBeforeMs`. */
  touchSession(id: string, nowMs: number, staleBeforeMs: number): Promise<void>;
  /** Ends every session of the user but `exceptSessionId` (sign out everywhere; a password or role change). */
  deleteSessionsOfUser(userId: string, exceptSessionId?: string): Promise<number>;

  insertInvitation(invitation: Omit<Invitation, 'acceptedAtMs'>): Promise<void>;
  findInvitationByTokenHash(tokenHash: string): Promise<Invitation | undefined>;
  /** Marks the invitation used; false if it already was. */
  markInvitationAccepted(id: string, nowMs: number): Promise<boolean>;
}

type UserRow = Selectable<UsersTable>;
type SessionRow = Selectable<UserSessionsTable>;
type InvitationRow = Selectable<UserInvitationsTable>;

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
    lastSeenAtMs: row.last_seen_at_ms ?? row.created_at_ms,
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

export function createUsersRepo(db: Queryable): UsersRepo {
  const userByEmail = (email: string) =>
    db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
  return {
    async insert(user, nowMs) {
      const row = await db
        .insertInto('users')
        .values({
          id: user.id,
          email: user.email.toLowerCase(),
          role: user.role,
          account_id: user.accountId,
          password_hash: user.password?.hash ?? null,
          password_salt: user.password?.salt ?? null,
          active: 1,
          invited_at_ms: user.invitedAtMs,
          activated_at_ms: user.activatedAtMs,
          created_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(row);
    },
    async findById(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toUser(row) : undefined;
    },
    async findByEmail(email) {
      const row = await userByEmail(email);
      return row ? toUser(row) : undefined;
    },
    async findCredentialsByEmail(email) {
      const row = await userByEmail(email);
      return row
        ? { ...toUser(row), passwordHash: row.password_hash, passwordSalt: row.password_salt }
        : undefined;
    },
    async listByAccount(accountId) {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toUser);
    },
    async countActiveAdmins() {
      const row = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'platform_admin')
        .where('active', '=', 1)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async setPassword(id, password, nowMs) {
      await db
        .updateTable('users')
        .set((eb) => ({
          password_hash: password.hash,
          password_salt: password.salt,
          activated_at_ms: eb.fn.coalesce('activated_at_ms', eb.val(nowMs)),
        }))
        .where('id', '=', id)
        .execute();
    },

    async insertSession(session) {
      await db
        .insertInto('user_sessions')
        .values({
          id: session.id,
          token_hash: session.tokenHash,
          user_id: session.userId,
          csrf_token: session.csrfToken,
          created_at_ms: session.createdAtMs,
          expires_at_ms: session.expiresAtMs,
          last_seen_at_ms: session.lastSeenAtMs,
        })
        .execute();
    },
    async findSessionByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('user_sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? toSession(row) : undefined;
    },
    async deleteSession(id) {
      await db.deleteFrom('user_sessions').where('id', '=', id).execute();
    },
    async deleteExpiredSessions(nowMs) {
      const result = await db
        .deleteFrom('user_sessions')
        .where('expires_at_ms', '<=', nowMs)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async touchSession(id, nowMs, staleBeforeMs) {
      await db
        .updateTable('user_sessions')
        .set({ last_seen_at_ms: nowMs })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_seen_at_ms', 'is', null), eb('last_seen_at_ms', '<', staleBeforeMs)]))
        .execute();
    },
    async deleteSessionsOfUser(userId, exceptSessionId) {
      let query = db.deleteFrom('user_sessions').where('user_id', '=', userId);
      if (exceptSessionId !== undefined) query = query.where('id', '!=', exceptSessionId);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insertInvitation(invitation) {
      await db
        .insertInto('user_invitations')
        .values({
          id: invitation.id,
          token_hash: invitation.tokenHash,
          user_id: invitation.userId,
          invited_by_user_id: invitation.invitedByUserId,
          created_at_ms: invitation.createdAtMs,
          expires_at_ms: invitation.expiresAtMs,
        })
        .execute();
    },
    async findInvitationByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('user_invitations')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? toInvitation(row) : undefined;
    },
    async markInvitationAccepted(id, nowMs) {
      const result = await db
        .updateTable('user_invitations')
        .set({ accepted_at_ms: nowMs })
        .where('id', '=', id)
        .where('accepted_at_ms', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
