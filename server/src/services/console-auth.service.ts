/**
 * Web console accounts: email + password sign-in (scrypt, under the sign-in limits of sign-in-limiter.ts:
 * a browser the user signed in from before keeps its own allowance, so guesses from elsewhere never lock the
 * real person out), console sessions (256-bit token in the `ct_console` cookie, only its SHA-256 stored, a
 * CSRF token per session, an absolute lifetime and an idle timeout), "sign out everywhere", password change
 * (ends the user's other sessions), and invitations through which a platform admin brings a merchant owner
 * into their account (a single-use, expiring link mailed to them; only the token's hash is stored).
 */
import { randomBytes } from 'node:crypto';
import type {
  AcceptInvitationBody,
  ChangePasswordBody,
  ConsoleSessionResponse,
  ConsoleSignInBody,
  ConsoleUser,
  CreateInvitationBody,
  InvitationCreated,
  InvitationInfo,
} from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { User, UserSession } from '../db/repositories/users.repo.ts';
import { AppError, invalidRequest } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import { hashSessionToken } from './auth.service.ts';
import { type Mailer, sendMail } from './mailer.ts';
import { hashPin, verifyPin } from './pins.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;
export const CONSOLE_SESSION_EXPIRED_MESSAGE = 'Your console session has expired. Sign in again.';

/** Passwords use the same scrypt parameters and per-secret salt as staff PINs. */
export const hashPassword = hashPin;
export const verifyPassword = verifyPin;

/** Everything a signed-in console request knows about its user. */
export interface ConsoleUserContext extends ConsoleUser {
  sessionId: string;
  csrfToken: string;
}

export type ConsoleSessionResolution =
  | { ok: true; user: ConsoleUserContext }
  | { ok: false; message: string };

export interface ConsoleAuthDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  mailer: Mailer;
  limiter: SignInLimiter;
  sessionTtlMinutes: number;
  /** A console session unused this long ends (CONSOLE_IDLE_TIMEOUT_MINUTES). */
  idleTimeoutMinutes: number;
  /** Where browsers reach the server (invitation links point here). */
  publicUrl: string;
}

/** How often a session's last activity is written at most (a GET then writes once a minute, not per request). */
export const ACTIVITY_RESOLUTION_MS = 60_000;

/** The sign-in limits' identity of a console email, and source of a browser that signed in before. */
export const consoleIdentity = (email: string) => `console:${email.toLowerCase()}`;
export const browserSource = (browserToken: string) =>
  `browser:${hashSessionToken(`browser:${browserToken}`).slice(0, 32)}`;

/** The client of a sign-in: its address, and the browser cookie it already holds (if any). */
export interface ConsoleClient {
  address: string;
  browserToken: string | undefined;
}

export function toConsoleUser(user: User): ConsoleUser {
  return { id: user.id, email: user.email, role: user.role, accountId: user.accountId };
}

/** A random password for the setup command: 20 url-safe characters (~120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

export function createConsoleAuthService(deps: ConsoleAuthDeps) {
  const { database, clock, ids } = deps;
  const { repos } = database;
  const ttlMs = deps.sessionTtlMinutes * 60_000;
  const idleMs = deps.idleTimeoutMinutes * 60_000;

  async function openSession(
    user: User,
  ): Promise<{ token: string; expiresAtMs: number; response: ConsoleSessionResponse }> {
    const nowMs = clock.nowMs();
    await repos.users.deleteExpiredSessions(nowMs);
    const token = randomBytes(32).toString('base64url');
    const session: UserSession = {
      id: ids.newId('uss'),
      tokenHash: hashSessionToken(token),
      userId: user.id,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAtMs: nowMs,
      expiresAtMs: nowMs + ttlMs,
      lastSeenAtMs: nowMs,
    };
    await repos.users.insertSession(session);
    return {
      token,
      expiresAtMs: session.expiresAtMs,
      response: { user: toConsoleUser(user), csrfToken: session.csrfToken },
    };
  }

  async function invitationFor(token: string) {
    const invitation = await repos.users.findInvitationByTokenHash(hashSessionToken(token));
    const user = invitation && (await repos.users.findById(invitation.userId));
    if (!invitation || !user || invitation.acceptedAtMs !== null || invitation.expiresAtMs <= clock.nowMs()) {
      throw new AppError(
        'not_found',
        'This invitation link is invalid, expired or already used. Ask the platform for a new one.',
      );
    }
    return { invitation, user };
  }

  return {
    /**
     * Email + password sign-in. The attempt is counted before the password is checked. A browser that signed
     * in as this user before (its `ct_browser` cookie) has its own allowance; other attempts share the
     * email's untrusted allowance and their address's. Returns the browser token to keep in the cookie.
     */
    async signIn(body: ConsoleSignInBody, client: ConsoleClient) {
      const email = body.email.toLowerCase();
      const identity = consoleIdentity(email);
      const attempt = await deps.limiter.begin('password', {
        identity,
        source: client.browserToken === undefined ? null : browserSource(client.browserToken),
        address: client.address,
      });
      const credentials = await repos.users.findCredentialsByEmail(email);
      let matches = false;
      if (credentials?.passwordHash && credentials.passwordSalt) {
        matches = await verifyPassword(body.password, {
          hash: credentials.passwordHash,
          salt: credentials.passwordSalt,
        });
      } else {
        // Spend the same scrypt time on unknown emails so timing does not reveal which exist.
        await hashPassword(body.password);
      }
      if (!credentials || !matches || !credentials.active) {
        // The attempt recorded above stays: it was a failed sign-in.
        throw new AppError('invalid_credentials', 'That email and password do not match an account.');
      }
      await deps.limiter.succeeded(attempt);
      // A browser signing in for the first time gets its cookie now, trusted for this user from now on.
      const browserToken = client.browserToken ?? randomBytes(32).toString('base64url');
      if (client.browserToken === undefined) await deps.limiter.trust(identity, browserSource(browserToken));
      const { passwordHash: _hash, passwordSalt: _salt, ...user } = credentials;
      return { ...(await openSession(user)), browserToken };
    },

    /**
     * The session behind a cookie token, if it may still be used: not expired, not idle for longer than the
     * idle timeout, its user active. Its last activity is written at most once a minute (the one write a
     * console GET may make: session bookkeeping, no business state).
     */
    async resolveSession(token: string): Promise<ConsoleSessionResolution> {
      const session = await repos.users.findSessionByTokenHash(hashSessionToken(token));
      const nowMs = clock.nowMs();
      if (!session || session.expiresAtMs <= nowMs) {
        return { ok: false, message: CONSOLE_SESSION_EXPIRED_MESSAGE };
      }
      if (nowMs - session.lastSeenAtMs >= idleMs) {
        return {
          ok: false,
          message: `You were signed out after ${deps.idleTimeoutMinutes} minutes without activity. Sign in again.`,
        };
      }
      const user = await repos.users.findById(session.userId);
      if (!user?.active) return { ok: false, message: 'This console account is inactive.' };
      if (nowMs - session.lastSeenAtMs >= ACTIVITY_RESOLUTION_MS) {
        await repos.users.touchSession(session.id, nowMs, nowMs - ACTIVITY_RESOLUTION_MS);
      }
      return {
        ok: true,
        user: { ...toConsoleUser(user), sessionId: session.id, csrfToken: session.csrfToken },
      };
    },

    /** Ends every console session of the user, this one included (a lost laptop, a shared computer). */
    async signOutEverywhere(user: ConsoleUserContext): Promise<number> {
      return repos.users.deleteSessionsOfUser(user.id);
    },

    /**
     * Changes the signed-in user's password (the current one checked, under the sign-in limits) and ends
     * every other session of theirs in the same transaction.
     */
    async changePassword(
      user: ConsoleUserContext,
      body: ChangePasswordBody,
      client: ConsoleClient,
    ): Promise<void> {
      const identity = consoleIdentity(user.email);
      const attempt = await deps.limiter.begin('password', {
        identity,
        source: client.browserToken === undefined ? null : browserSource(client.browserToken),
        address: client.address,
      });
      const credentials = await repos.users.findCredentialsByEmail(user.email);
      const matches =
        credentials?.passwordHash && credentials.passwordSalt
          ? await verifyPassword(body.currentPassword, {
              hash: credentials.passwordHash,
              salt: credentials.passwordSalt,
            })
          : false;
      if (!credentials || !matches) {
        throw new AppError('invalid_credentials', 'Your current password is not right.');
      }
      await deps.limiter.succeeded(attempt);
      const hash = await hashPassword(body.newPassword);
      const nowMs = clock.nowMs();
      await database.transaction(async (tx) => {
        await tx.users.setPassword(user.id, hash, nowMs);
        await tx.users.deleteSessionsOfUser(user.id, user.sessionId);
        await tx.audit.record({
          actorUserId: user.id,
          actorLabel: user.email,
          accountId: user.accountId,
          action: 'user.password_changed',
          target: `user ${user.id}`,
          details: {},
          atMs: nowMs,
        });
      });
    },

    async signOut(sessionId: string): Promise<void> {
      await repos.users.deleteSession(sessionId);
    },

    /** Creates a platform admin with a password (demo seed, setup command). */
    async createPlatformAdmin(email: string, password: string): Promise<User> {
      const existing = await repos.users.findByEmail(email);
      if (existing) throw invalidRequest(`A console user with the email ${email} already exists.`);
      const hash = await hashPassword(password);
      const nowMs = clock.nowMs();
      return database.transaction(async (tx) => {
        const user = await tx.users.insert(
          {
            id: ids.newId('usr'),
            email,
            role: 'platform_admin',
            accountId: null,
            password: hash,
            invitedAtMs: null,
            activatedAtMs: nowMs,
          },
          nowMs,
        );
        await tx.audit.record({
          actorUserId: null,
          actorLabel: 'system',
          accountId: null,
          action: 'user.created',
          target: `user ${user.id}`,
          details: { email: user.email, role: user.role },
          atMs: nowMs,
        });
        return user;
      });
    },

    /** Creates an active merchant owner with a password (demo seed only). */
    async createMerchantOwner(email: string, accountId: string, password: string): Promise<User> {
      const hash = await hashPassword(password);
      const nowMs = clock.nowMs();
      return repos.users.insert(
        {
          id: ids.newId('usr'),
          email,
          role: 'merchant_owner',
          accountId,
          password: hash,
          invitedAtMs: null,
          activatedAtMs: nowMs,
        },
        nowMs,
      );
    },

    /**
     * A platform admin invites a merchant owner: creates the (not yet activated) owner if needed and
     * mails a single-use link valid for 7 days. Re-inviting an owner who has not accepted yet sends a new link.
     */
    async invite(body: CreateInvitationBody, actor: ConsoleUserContext): Promise<InvitationCreated> {
      const account = await repos.accounts.findById(body.accountId);
      if (!account) throw new AppError('account_not_found', 'No such merchant account.');
      const existing = await repos.users.findByEmail(body.email);
      if (existing && (existing.role !== 'merchant_owner' || existing.accountId !== account.id)) {
        throw invalidRequest(`${body.email} already has a console account elsewhere.`);
      }
      if (existing?.activatedAtMs) {
        throw invalidRequest(`${body.email} has already accepted an invitation and can sign in.`);
      }
      const token = randomBytes(32).toString('base64url');
      const nowMs = clock.nowMs();
      const expiresAtMs = nowMs + INVITATION_TTL_MS;
      const invitationId = ids.newId('inv');
      await database.transaction(async (tx) => {
        const user =
          existing ??
          (await tx.users.insert(
            {
              id: ids.newId('usr'),
              email: body.email,
              role: 'merchant_owner',
              accountId: account.id,
              password: null,
              invitedAtMs: nowMs,
              activatedAtMs: null,
            },
            nowMs,
          ));
        await tx.users.insertInvitation({
          id: invitationId,
          tokenHash: hashSessionToken(token),
          userId: user.id,
          invitedByUserId: actor.id,
          createdAtMs: nowMs,
          expiresAtMs,
        });
        await tx.audit.record({
          actorUserId: actor.id,
          actorLabel: actor.email,
          accountId: account.id,
          action: 'owner.invited',
          target: `user ${user.id}`,
          details: { email: body.email },
          atMs: nowMs,
        });
      });
      const link = `${deps.publicUrl.replace(/\/$/, '')}/platform/invitations/${token}`;
      await sendMail(
        deps.mailer,
        {
          to: body.email,
          subject: `You're invited to manage ${account.businessName} on Countertop`,
          text: `${actor.email} invited you to manage ${account.businessName} on Countertop.\n\nSet your password here (the link works once, for 7 days):\n${link}\n`,
          html: `<p>${escapeHtml(actor.email)} invited you to manage ${escapeHtml(account.businessName)} on Countertop.</p><p><a href="${escapeHtml(link)}">Set your password</a> (the link works once, for 7 days).</p>`,
        },
        'The invitation was saved, but its e-mail could not be sent: invite the owner again once mail works.',
      );
      return {
        invitation: {
          id: invitationId,
          email: body.email,
          accountId: account.id,
          expiresAt: new Date(expiresAtMs).toISOString(),
        },
      };
    },

    async getInvitation(token: string): Promise<InvitationInfo> {
      const { user } = await invitationFor(token);
      const account = user.accountId ? await repos.accounts.findById(user.accountId) : undefined;
      return { email: user.email, businessName: account?.businessName ?? 'Countertop' };
    },

    /** Sets the invited owner's password, uses up the link, and signs them in. */
    async acceptInvitation(token: string, body: AcceptInvitationBody) {
      const { invitation, user } = await invitationFor(token);
      const hash = await hashPassword(body.password);
      const nowMs = clock.nowMs();
      const activated = await database.transaction(async (tx) => {
        if (!(await tx.users.markInvitationAccepted(invitation.id, nowMs))) {
          throw new AppError('not_found', 'This invitation link was already used.');
        }
        await tx.users.setPassword(user.id, hash, nowMs);
        // A new password ends every session the user had (none, for an owner activating an invitation).
        await tx.users.deleteSessionsOfUser(user.id);
        await tx.audit.record({
          actorUserId: user.id,
          actorLabel: user.email,
          accountId: user.accountId,
          action: 'owner.activated',
          target: `user ${user.id}`,
          details: {},
          atMs: nowMs,
        });
        return tx.users.findById(user.id);
      });
      if (!activated) throw new AppError('not_found', 'This invitation link was already used.');
      return openSession(activated);
    },
  };
}

export type ConsoleAuthService = ReturnType<typeof createConsoleAuthService>;

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
