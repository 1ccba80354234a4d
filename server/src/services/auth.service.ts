/**
 * Counter sign-in on a paired device (register-pairing.service.ts): the device's sign-in screen, PIN
 * sign-in under the sign-in limits (sign-in-limiter.ts), session resolution for every request (expiry,
 * unpaired device, revoked register, inactive staff, location access) and sign-out. Session tokens are
 * 256-bit random values; only their SHA-256 is stored.
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
import type { PairedDevice } from './register-pairing.service.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

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
  limiter: SignInLimiter;
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

/** The location's country (its address's, else the account's), upper-case ISO 3166-1 alpha-2. */
export function locationCountry(location: Pick<Location, 'address'>, account: { country: string }): string {
  const country = location.address.country;
  return (
    typeof country === 'string' && /^[A-Za-z]{2}$/.test(country) ? country : account.country
  ).toUpperCase();
}

/** The sign-in limits' identity of a staff member, and source of a paired device. */
export const staffIdentity = (staffId: string) => `staff:${staffId}`;
export const deviceSource = (deviceId: string) => `device:${deviceId}`;

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
      country: locationCountry(location, account),
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

export function createAuthService({ database, clock, ids, limiter, sessionTtlMinutes }: AuthServiceDeps) {
  const { repos } = database;
  const ttlMs = sessionTtlMinutes * 60_000;

  async function canSignInAt(staff: Staff, location: Location): Promise<boolean> {
    return (
      staff.active &&
      staff.accountId === location.accountId &&
      (await repos.staff.isAllowedAtLocation(staff.id, location.id))
    );
  }

  return {
    /** A paired device's sign-in screen: its register, location, merchant and who may sign in there. */
    async signInScreen({ device, register, location, account }: PairedDevice): Promise<RegisterSignInInfo> {
      return {
        register: { code: register.code, name: register.name },
        location: {
          id: location.id,
          name: location.name,
          timeZone: location.timeZone,
          country: locationCountry(location, account),
        },
        account: { id: account.id, businessName: account.businessName, currency: account.currency },
        staff: (await repos.staff.listActiveAtLocation(location.id))
          .filter((staff) => staff.accountId === account.id)
          .map((staff) => ({ id: staff.id, displayName: staff.displayName })),
        csrfToken: device.csrfToken,
      };
    },

    /**
     * Verifies the PIN on a paired device and opens a session there; the returned token goes into the cookie
     * only. The attempt is counted before the PIN is checked (sign-in-limiter.ts), per staff member on this
     * device when they have signed in here before, else per staff member on untrusted devices, per device and
     * per client address.
     */
    async signIn(
      paired: PairedDevice,
      body: SignInBody,
      address: string,
    ): Promise<{ token: string; expiresAtMs: number; response: SessionResponse }> {
      const { device, register, location, account } = paired;
      const credentials = await repos.staff.findCredentials(body.staffId);
      if (!credentials || !(await canSignInAt(credentials, location))) {
        throw new AppError('forbidden', 'This staff member cannot sign in at this register.');
      }
      const attempt = await limiter.begin('pin', {
        identity: staffIdentity(credentials.id),
        source: deviceSource(device.id),
        address,
      });
      const matches = await verifyPin(body.pin, { hash: credentials.pinHash, salt: credentials.pinSalt });
      if (!matches) {
        // The attempt recorded above stays: it was a wrong PIN.
        throw new AppError('invalid_pin', 'That PIN is not right. Try again.');
      }
      await limiter.succeeded(attempt);
      const signedInAtMs = clock.nowMs();
      await repos.sessions.deleteExpired(signedInAtMs);

      const token = randomBytes(32).toString('base64url');
      const session: Session = {
        id: ids.newId('ses'),
        tokenHash: hashSessionToken(token),
        staffId: credentials.id,
        registerId: register.id,
        csrfToken: randomBytes(24).toString('base64url'),
        createdAtMs: signedInAtMs,
        expiresAtMs: signedInAtMs + ttlMs,
        deviceId: device.id,
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
        return reject('This register has been removed. Ask a manager to set up this device again.');
      }
      if (!found.devicePaired) {
        return reject(
          'This device has been unpaired from the register. Pair it again with a code from the console.',
        );
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
