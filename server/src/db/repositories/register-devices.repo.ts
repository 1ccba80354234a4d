/**
 * Paired register devices and the one-time pairing codes that pair them (only hashes of codes and device
 * tokens are stored). `redeemPairingCode` marks a code used in one statement, so a code pairs one device
 * however many browsers send it at once. `findPairedDevice` loads a device with its register, location and
 * account (the counter's sign-in screen and PIN sign-in; counter requests after sign-in use the session).
 */
import type { Selectable } from 'kysely';
import type { Queryable, RegisterDevicesTable } from '../schema.ts';
import { type Account, type AccountRow, toAccount } from './accounts.repo.ts';
import { type Location, type LocationRow, toLocation } from './locations.repo.ts';
import { type Register, type RegisterRow, toRegister } from './registers.repo.ts';

export interface RegisterDevice {
  id: string;
  registerId: string;
  csrfToken: string;
  pairedAtMs: number;
}

export interface NewPairingCode {
  id: string;
  registerId: string;
  codeHash: string;
  createdByLabel: string;
  createdAtMs: number;
  expiresAtMs: number;
}

/** A device with what it is paired to, as stored now (the register may have been revoked since). */
export interface PairedDeviceRecord {
  device: RegisterDevice;
  register: Register;
  location: Location;
  account: Account;
}

export interface RegisterDevicesRepo {
  insertPairingCode(code: NewPairingCode): Promise<void>;
  /**
   * Uses up an unexpired, unused code: the register it pairs and the code's id, or undefined (unknown,
   * expired or already used). Atomic: of concurrent redemptions of one code, one wins.
   */
  redeemPairingCode(codeHash: string, nowMs: number): Promise<{ id: string; registerId: string } | undefined>;
  /** Deletes the register's codes not used yet (unpairing and revoking cancel outstanding codes). */
  deleteOpenPairingCodes(registerId: string): Promise<number>;
  /** Deletes codes that expired or were used before `beforeMs`. */
  prunePairingCodes(beforeMs: number): Promise<number>;

  insertDevice(device: RegisterDevice & { tokenHash: string; pairingCodeId: string | null }): Promise<void>;
  findPairedDevice(tokenHash: string): Promise<PairedDeviceRecord | undefined>;
  deleteDevice(id: string): Promise<boolean>;
  /** Unpairs every device of the register; returns how many. */
  deleteDevicesOfRegister(registerId: string): Promise<number>;
  /** How many devices each of these registers has paired, by register id. */
  countDevices(registerIds: readonly string[]): Promise<Map<string, number>>;
}

function toDevice(row: Selectable<RegisterDevicesTable>): RegisterDevice {
  return {
    id: row.id,
    registerId: row.register_id,
    csrfToken: row.csrf_token,
    pairedAtMs: Number(row.paired_at_ms),
  };
}

export function createRegisterDevicesRepo(db: Queryable): RegisterDevicesRepo {
  return {
    async insertPairingCode(code) {
      await db
        .insertInto('register_pairing_codes')
        .values({
          id: code.id,
          register_id: code.registerId,
          code_hash: code.codeHash,
          created_by_label: code.createdByLabel,
          created_at_ms: code.createdAtMs,
          expires_at_ms: code.expiresAtMs,
        })
        .execute();
    },
    async redeemPairingCode(codeHash, nowMs) {
      const row = await db
        .updateTable('register_pairing_codes')
        .set({ used_at_ms: nowMs })
        .where('code_hash', '=', codeHash)
        .where('used_at_ms', 'is', null)
        .where('expires_at_ms', '>', nowMs)
        .returning(['id', 'register_id'])
        .executeTakeFirst();
      return row ? { id: row.id, registerId: row.register_id } : undefined;
    },
    async deleteOpenPairingCodes(registerId) {
      const result = await db
        .deleteFrom('register_pairing_codes')
        .where('register_id', '=', registerId)
        .where('used_at_ms', 'is', null)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async prunePairingCodes(beforeMs) {
      const result = await db
        .deleteFrom('register_pairing_codes')
        .where((eb) => eb.or([eb('expires_at_ms', '<=', beforeMs), eb('used_at_ms', '<=', beforeMs)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insertDevice(device) {
      await db
        .insertInto('register_devices')
        .values({
          id: device.id,
          register_id: device.registerId,
          token_hash: device.tokenHash,
          csrf_token: device.csrfToken,
          pairing_code_id: device.pairingCodeId,
          paired_at_ms: device.pairedAtMs,
        })
        .execute();
    },
    async findPairedDevice(tokenHash) {
      const device = await db
        .selectFrom('register_devices')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!device) return undefined;
      const register = await db
        .selectFrom('registers')
        .selectAll()
        .where('id', '=', device.register_id)
        .executeTakeFirst();
      const location =
        register &&
        (await db
          .selectFrom('locations')
          .selectAll()
          .where('id', '=', register.location_id)
          .executeTakeFirst());
      const account =
        location &&
        (await db
          .selectFrom('accounts')
          .selectAll()
          .where('id', '=', location.account_id)
          .executeTakeFirst());
      if (!register || !location || !account) return undefined;
      return {
        device: toDevice(device),
        register: toRegister(register as RegisterRow),
        location: toLocation(location as LocationRow),
        account: toAccount(account as AccountRow),
      };
    },
    async deleteDevice(id) {
      const result = await db.deleteFrom('register_devices').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async deleteDevicesOfRegister(registerId) {
      const result = await db
        .deleteFrom('register_devices')
        .where('register_id', '=', registerId)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async countDevices(registerIds) {
      if (registerIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('register_devices')
        .select((eb) => ['register_id', eb.fn.countAll<number>().as('n')])
        .where('register_id', 'in', [...registerIds])
        .groupBy('register_id')
        .execute();
      return new Map(rows.map((row) => [row.register_id, Number(row.n)]));
    },
  };
}
