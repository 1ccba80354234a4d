/**
 * Pairing register devices. A register is opened on a device once: someone allowed to (the platform admin,
 * or the merchant owner) creates a one-time pairing code in the console, valid 24 hours, shown once (only
 * its SHA-256 is kept); typed on the device, it is used up and the device receives a 256-bit register token
 * for its HttpOnly cookie (only the token's hash is kept) and a CSRF token. From then on the device — and
 * only a paired device — is shown its register's staff list and may sign staff in with a PIN. Unpairing (the
 * console, or the device itself) deletes the device and every session opened on it, in one transaction:
 * the next request of that device is refused.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { PAIRING_CODE_ALPHABET } from '@countertop/shared';
import type { Database } from '../db/database.ts';
import type { PairedDeviceRecord } from '../db/repositories/register-devices.repo.ts';
import type { Register } from '../db/repositories/registers.repo.ts';
import { AppError, notFound } from '../errors.ts';
import type { Clock, IdGenerator } from '../runtime.ts';
import type { SignInLimiter } from './sign-in-limiter.ts';

export const PAIRING_CODE_TTL_MS = 24 * 60 * 60_000;
/** How long the device's cookie lasts (browsers cap cookies at 400 days); unpairing ends it sooner. */
export const DEVICE_COOKIE_MS = 400 * 24 * 60 * 60_000;

export const NOT_PAIRED_MESSAGE =
  'This device is not set up as a register. Enter a pairing code from the console (Registers → Pair a device).';

/** A paired device, with the register, location and account it opens. */
export type PairedDevice = PairedDeviceRecord;

/** Who creates a code or unpairs (the audit log's actor). */
export interface PairingActor {
  userId: string | null;
  label: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** 8 characters from the pairing alphabet (31 symbols: ~40 bits), e.g. `7KQ4-M2XH`. */
export function generatePairingCode(): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** The stored hash of a code, from its normalized form (no dash, upper case). */
export function pairingCodeHash(code: string): string {
  return sha256(`pairing:${code.replace(/-/g, '').toUpperCase()}`);
}

export function deviceTokenHash(token: string): string {
  return sha256(`device:${token}`);
}

export function createRegisterPairing({
  database,
  clock,
  ids,
  limiter,
}: {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  limiter: SignInLimiter;
}) {
  const { repos } = database;

  /** The register if it belongs to `accountId` and is not revoked; 404 otherwise. */
  async function requireRegister(accountId: string, registerId: string): Promise<Register> {
    const register = await repos.registers.findById(registerId);
    const location = register && (await repos.locations.findById(register.locationId));
    if (!register || location?.accountId !== accountId || register.revokedAtMs !== null) {
      throw notFound('not_found', 'No such register.');
    }
    return register;
  }

  return {
    /** A new one-time pairing code for a register of `accountId` (the console shows it once). */
    async createCode(
      accountId: string,
      registerId: string,
      actor: PairingActor,
    ): Promise<{ registerId: string; code: string; expiresAtMs: number }> {
      const register = await requireRegister(accountId, registerId);
      const code = generatePairingCode();
      const nowMs = clock.nowMs();
      const expiresAtMs = nowMs + PAIRING_CODE_TTL_MS;
      await database.transaction(async (tx) => {
        await tx.registerDevices.prunePairingCodes(nowMs - PAIRING_CODE_TTL_MS);
        await tx.registerDevices.insertPairingCode({
          id: ids.newId('rpc'),
          registerId: register.id,
          codeHash: pairingCodeHash(code),
          createdByLabel: actor.label,
          createdAtMs: nowMs,
          expiresAtMs,
        });
        await tx.audit.record({
          actorUserId: actor.userId,
          actorLabel: actor.label,
          accountId,
          action: 'register.pairing_code_created',
          target: `register ${register.id}`,
          details: { code: register.code, expiresAt: new Date(expiresAtMs).toISOString() },
          atMs: nowMs,
        });
      });
      return { registerId: register.id, code, expiresAtMs };
    },

    /**
     * Pairs this device with the code's register: uses the code up and stores the device, in one
     * transaction. Limited per client address (wrong codes wait, exponentially).
     */
    async pair(code: string, address: string): Promise<{ token: string; paired: PairedDevice }> {
      const attempt = await limiter.beginPairing(address);
      const token = randomBytes(32).toString('base64url');
      const deviceId = ids.newId('dev');
      const nowMs = clock.nowMs();
      const paired = await database.transaction(async (tx) => {
        const redeemed = await tx.registerDevices.redeemPairingCode(pairingCodeHash(code), nowMs);
        const register = redeemed && (await tx.registers.findById(redeemed.registerId));
        if (!redeemed || !register || register.revokedAtMs !== null) return undefined;
        await tx.registerDevices.insertDevice({
          id: deviceId,
          registerId: register.id,
          tokenHash: deviceTokenHash(token),
          csrfToken: randomBytes(24).toString('base64url'),
          pairingCodeId: redeemed.id,
          pairedAtMs: nowMs,
        });
        return tx.registerDevices.findPairedDevice(deviceTokenHash(token));
      });
      if (!paired) {
        // The attempt stays recorded: a wrong code counts towards the address's limit.
        throw new AppError(
          'pairing_code_invalid',
          'That pairing code is not valid: it may be mistyped, expired (codes last 24 hours) or already used. Ask for a new code in the console.',
        );
      }
      await limiter.succeeded(attempt);
      return { token, paired };
    },

    /** The paired device behind a register cookie; 404 register_not_paired otherwise (an unpaired browser learns nothing). */
    async resolve(token: string | undefined): Promise<PairedDevice> {
      const found = token ? await repos.registerDevices.findPairedDevice(deviceTokenHash(token)) : undefined;
      if (!found || found.register.revokedAtMs !== null) {
        throw new AppError('register_not_paired', NOT_PAIRED_MESSAGE);
      }
      return found;
    },

    /** The device unpairs itself ("use another register"): it and its sessions end. */
    async forgetDevice(deviceId: string): Promise<void> {
      await database.transaction(async (tx) => {
        await tx.sessions.deleteByDevice(deviceId);
        await tx.registerDevices.deleteDevice(deviceId);
      });
    },

    /**
     * Unpairs every device of a register of `accountId` and ends their sessions at once; outstanding codes
     * are cancelled. The register stays (pair a device again with a new code).
     */
    async unpairRegister(accountId: string, registerId: string, actor: PairingActor): Promise<number> {
      const register = await requireRegister(accountId, registerId);
      return database.transaction(async (tx) => {
        const sessions = await tx.sessions.deleteByRegister(register.id);
        const devices = await tx.registerDevices.deleteDevicesOfRegister(register.id);
        await tx.registerDevices.deleteOpenPairingCodes(register.id);
        await tx.audit.record({
          actorUserId: actor.userId,
          actorLabel: actor.label,
          accountId,
          action: 'register.unpaired',
          target: `register ${register.id}`,
          details: { code: register.code, devices, sessions },
          atMs: clock.nowMs(),
        });
        return devices;
      });
    },
  };
}

export type RegisterPairing = ReturnType<typeof createRegisterPairing>;
