/**
 * Counter sign-in: the public register screen, PIN sign-in with throttling, session resolution for
 * every request (expiry, revoked register, inactive staff, location access) and sign-out. Session
 * tokens are 256-bit random values; only their SHA-256 is stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type {
  CounterSession,
  Permission,
  RegisterSignInInfo,
  SessionResponse,
  SignInBody,
} from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { Account } from '../db/repositories/accounts.repo.ts';
import type { Location } from '../db/repositories/locations.repo.ts';
import type { Register } from '../db/repositories/registers.repo.ts';
import type { Session } from '../db/repositories/sessions.repo.ts';
import type { Staff } from '../db/repositories/staff.repo.ts';
import { counterRefusal } from '../domain/account-standing.ts';
import { AppError, unauthenticated } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import { verifyPin } from './pins.ts';

/** Wrong PINs allowed per register + staff member within the window before sign-in is refused. */
export const MAX_FAILED_SIGN_INS = 5;
export const FAILED_SIGN_IN_WINDOW_MS = 5 * 60_000;

export const SESSION_EXPIRED_MESSAGE = 'Your session has expired. Sign in again.';

/** Everything a signed-in counter request knows about who is where. */
export interface CounterContext {
  session: Session;
  staff: Staff;
  register: Register;
  location: Location;
  account: Account;
}

export type SessionResolution = { ok: true; counter: CounterContext } | { ok: false; message: string };

export interface AuthServiceDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  sessionTtlMinutes: number;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time string comparison (false on different lengths). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Why the counter cannot take card payments for this account, in a cashier's words, or null. An account the
 * platform lost (disconnected, rejected) comes first: its stored capability flags are no longer Stripe's truth.
 */
export function cannotChargeReason(account: Account): string | null {
  const refusal = counterRefusal(account.businessName, account.standing);
  if (refusal !== null) return refusal;
  if (account.chargesEnabled) return null;
  if (account.detailsSubmitted) {
    return `Stripe is reviewing ${account.businessName}'s details, so card payments are paused.`;
  }
  return `${account.businessName} hasn't finished Stripe onboarding, so it can't take card payments yet.`;
}

export function toCounterSession(
  counter: CounterContext,
  permissions: readonly Permission[],
): CounterSession {
  const { staff, register, location, account } = counter;
  return {
    staff: { id: staff.id, displayName: staff.displayName, role: staff.role, permissions: [...permissions] },
    register: { id: register.id, code: register.code, name: register.name },
    location: {
      id: location.id,
      name: location.name,
      timeZone: location.timeZone,
      stripeLocationId: location.stripeLocationId,
    },
    account: {
      id: account.id,
      businessName: account.businessName,
      currency: account.currency,
      chargeType: account.chargeType,
      canCharge: cannotChargeReason(account) === null,
      cannotChargeReason: cannotChargeReason(account),
      tipping: { enabled: account.tipping.enabled, percentages: account.tipping.percentages },
    },
  };
}

export function createAuthService({ database, clock, ids, sessionTtlMinutes }: AuthServiceDeps) {
  const { repos } = database;
  const ttlMs = sessionTtlMinutes * 60_000;

  async function getActiveRegister(
    code: string,
  ): Promise<{ register: Register; location: Location; account: Account }> {
    const register = await repos.registers.findByCode(code);
    const location = register && (await repos.locations.findById(register.locationId));
    const account = location && (await repos.accounts.findById(location.accountId));
    if (!register || register.revokedAtMs !== null || !location || !account) {
      throw new AppError('register_not_found', `No active register with code ${code}.`);
    }
    return { register, location, account };
  }

  async function canSignInAt(staff: Staff, location: Location): Promise<boolean> {
    return (
      staff.active &&
      staff.accountId === location.accountId &&
      (await repos.staff.isAllowedAtLocation(staff.id, location.id))
    );
  }

  return {
    async getRegisterSignInInfo(code: string): Promise<RegisterSignInInfo> {
      const { register, location, account } = await getActiveRegister(code);
      return {
        register: { code: register.code, name: register.name },
        location: { id: location.id, name: location.name, timeZone: location.timeZone },
        account: { id: account.id, businessName: account.businessName, currency: account.currency },
        staff: (await repos.staff.listActiveAtLocation(location.id))
          .filter((staff) => staff.accountId === account.id)
          .map((staff) => ({ id: staff.id, displayName: staff.displayName })),
      };
    },

    /** Verifies the PIN and opens a session; the returned token goes into the cookie only. */
    async signIn(
      body: SignInBody,
    ): Promise<{ token: string; expiresAtMs: number; response: SessionResponse }> {
      const { register, location, account } = await getActiveRegister(body.registerCode);
      const credentials = await repos.staff.findCredentials(body.staffId);
      if (!credentials || !(await canSignInAt(credentials, location))) {
        throw new AppError('forbidden', 'This staff member cannot sign in at this register.');
      }
      const nowMs = clock.nowMs();
      // Counted before the PIN is checked, so a burst of parallel guesses cannot all be checked.
      const attempt = await repos.sessions.recordSignInAttempt(
        register.id,
        credentials.id,
        nowMs,
        nowMs - FAILED_SIGN_IN_WINDOW_MS,
      );
      if (attempt.attemptsInWindow > MAX_FAILED_SIGN_INS) {
        await repos.sessions.forgetSignInAttempt(attempt.attemptId);
        throw new AppError('too_many_attempts', 'Too many wrong PINs. Wait a few minutes, then try again.');
      }
      const matches = await verifyPin(body.pin, { hash: credentials.pinHash, salt: credentials.pinSalt });
      if (!matches) {
        // The attempt recorded above stays: it was a wrong PIN.
        throw new AppError('invalid_pin', 'That PIN is not right. Try again.');
      }
      const signedInAtMs = clock.nowMs();
      await repos.sessions.clearFailedSignIns(register.id, credentials.id);
      await repos.sessions.deleteExpired(signedInAtMs);
      await repos.sessions.pruneFailedSignIns(signedInAtMs - FAILED_SIGN_IN_WINDOW_MS);

      const token = randomBytes(32).toString('base64url');
      const session: Session = {
        id: ids.newId('ses'),
        tokenHash: hashSessionToken(token),
        staffId: credentials.id,
        registerId: register.id,
        csrfToken: randomBytes(24).toString('base64url'),
        createdAtMs: signedInAtMs,
        expiresAtMs: signedInAtMs + ttlMs,
      };
      await repos.sessions.insert(session);
      const { pinHash: _hash, pinSalt: _salt, ...staff } = credentials;
      const counter: CounterContext = { session, staff, register, location, account };
      const permissions = await repos.roles.permissionsOf(account.id, staff.role);
      return {
        token,
        expiresAtMs: session.expiresAtMs,
        response: { session: toCounterSession(counter, permissions), csrfToken: session.csrfToken },
      };
    },

    /** The signed-in session as the counter shows it, with what this person may do. */
    async sessionView(counter: CounterContext): Promise<CounterSession> {
      return toCounterSession(
        counter,
        await repos.roles.permissionsOf(counter.account.id, counter.staff.role),
      );
    },

    /**
     * Looks up the session behind a cookie token and re-checks that it may still be used. One query loads
     * the session with its register, location, account, staff member and location access (every counter
     * request runs this); the checks and their order are those of signing in. Only reads: a session that
     * may no longer be used is refused every time (expired ones are pruned when someone signs in).
     */
    async resolveSession(token: string): Promise<SessionResolution> {
      const found = await repos.sessions.findCounterSession(hashSessionToken(token));
      if (!found) return { ok: false, message: SESSION_EXPIRED_MESSAGE };
      const { session, register, location, account, staff } = found;
      const reject = (message: string): SessionResolution => ({ ok: false, message });
      if (session.expiresAtMs <= clock.nowMs()) return reject(SESSION_EXPIRED_MESSAGE);
      if (!register || register.revokedAtMs !== null || !location || !account) {
        return reject('This register has been unpaired. Ask a manager to pair it again.');
      }
      if (!staff?.active) return reject('Your staff account is inactive. Ask a manager.');
      if (staff.accountId !== location.accountId || !found.allowedAtLocation) {
        return reject('You are no longer allowed to sign in at this location.');
      }
      return { ok: true, counter: { session, staff, register, location, account } };
    },

    async signOut(sessionId: string): Promise<void> {
      await repos.sessions.delete(sessionId);
    },

    /** Throws 401 unauthenticated unless the resolution succeeded. */
    requireCounter(resolution: SessionResolution | undefined): CounterContext {
      if (resolution?.ok) return resolution.counter;
      throw unauthenticated(resolution?.message ?? SESSION_EXPIRED_MESSAGE);
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
