/** Staff members of a merchant, their hashed PINs, and the locations where each may sign in. */
import type { Selectable } from 'kysely';
import type { Queryable, StaffTable } from '../schema.ts';
import { atomically } from './atomically.ts';
import { compareIds, compareNames, sortedBy } from './ordering.ts';

export type StaffRole = 'staff' | 'manager';

export interface Staff {
  id: string;
  accountId: string;
  displayName: string;
  role: StaffRole;
  active: boolean;
  createdAtMs: number;
}

/** A staff member with the PIN hash, for verification only; never leaves the auth service. */
export interface StaffCredentials extends Staff {
  pinHash: string;
  pinSalt: string;
}

export interface NewStaff {
  id: string;
  accountId: string;
  displayName: string;
  role: StaffRole;
  pinHash: string;
  pinSalt: string;
  locationIds: string[];
}

export interface StaffRepo {
  /** Inserts the staff member and the locations where they may sign in. */
  insert(staff: NewStaff, nowMs: number): Promise<Staff>;
  findById(id: string): Promise<Staff | undefined>;
  findCredentials(id: string): Promise<StaffCredentials | undefined>;
  isAllowedAtLocation(staffId: string, locationId: string): Promise<boolean>;
  /** Active staff allowed at the location, by display name. */
  listActiveAtLocation(locationId: string): Promise<Staff[]>;
  /** Display names of the account's staff allowed at any of `locationIds`, by id (a manager's staff list). */
  namesAtLocations(accountId: string, locationIds: readonly string[]): Promise<Map<string, string>>;
  /** Allows the staff member at the location (no-op if already allowed). */
  allowAtLocation(staffId: string, locationId: string): Promise<void>;
  disallowAtLocation(staffId: string, locationId: string): Promise<void>;
  setActive(staffId: string, active: boolean): Promise<void>;
  setPin(staffId: string, pinHash: string, pinSalt: string): Promise<void>;
  setDisplayName(staffId: string, displayName: string): Promise<void>;
}

export type StaffRow = Selectable<StaffTable>;

export function toStaff(row: StaffRow): Staff {
  return {
    id: row.id,
    accountId: row.account_id,
    displayName: row.display_name,
    role: row.role,
    active: row.active === 1,
    createdAtMs: row.created_at_ms,
  };
}

export function createStaffRepo(db: Queryable): StaffRepo {
  /** INSERT OR IGNORE: a pair already present is left as is (also a pair listed twice). */
  const allow = async (staffId: string, locationIds: readonly string[]): Promise<void> => {
    if (locationIds.length === 0) return;
    await db
      .insertInto('staff_locations')
      .values(locationIds.map((locationId) => ({ staff_id: staffId, location_id: locationId })))
      .onConflict((oc) => oc.columns(['staff_id', 'location_id']).doNothing())
      .execute();
  };
  const findRow = (id: string) => db.selectFrom('staff').selectAll().where('id', '=', id).executeTakeFirst();

  return {
    async insert(staff, nowMs) {
      if (!db.isTransaction) return atomically(db, (tx) => createStaffRepo(tx).insert(staff, nowMs));
      const row = await db
        .insertInto('staff')
        .values({
          id: staff.id,
          account_id: staff.accountId,
          display_name: staff.displayName,
          role: staff.role,
          pin_hash: staff.pinHash,
          pin_salt: staff.pinSalt,
          active: 1,
          created_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await allow(staff.id, staff.locationIds);
      return toStaff(row);
    },
    async findById(id) {
      const row = await findRow(id);
      return row ? toStaff(row) : undefined;
    },
    async findCredentials(id) {
      const row = await findRow(id);
      return row ? { ...toStaff(row), pinHash: row.pin_hash, pinSalt: row.pin_salt } : undefined;
    },
    async isAllowedAtLocation(staffId, locationId) {
      const row = await db
        .selectFrom('staff_locations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('staff_id', '=', staffId)
        .where('location_id', '=', locationId)
        .executeTakeFirst();
      return Number(row?.n ?? 0) > 0;
    },
    async namesAtLocations(accountId, locationIds) {
      if (locationIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('staff')
        .select(['id', 'display_name'])
        .where('account_id', '=', accountId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('staff_locations as sl')
              .select(eb.lit(1).as('one'))
              .whereRef('sl.staff_id', '=', 'staff.id')
              .where('sl.location_id', 'in', [...locationIds]),
          ),
        )
        .orderBy('display_name')
        .execute();
      return new Map(rows.map((row) => [row.id, row.display_name]));
    },
    async listActiveAtLocation(locationId) {
      const rows = await db
        .selectFrom('staff as s')
        .innerJoin('staff_locations as sl', 'sl.staff_id', 's.id')
        .selectAll('s')
        .where('sl.location_id', '=', locationId)
        .where('s.active', '=', 1)
        .execute();
      return sortedBy(
        rows.map(toStaff),
        (a, b) => compareNames(a.displayName, b.displayName),
        (a, b) => compareIds(a.id, b.id),
      );
    },
    async allowAtLocation(staffId, locationId) {
      await allow(staffId, [locationId]);
    },
    async disallowAtLocation(staffId, locationId) {
      await db
        .deleteFrom('staff_locations')
        .where('staff_id', '=', staffId)
        .where('location_id', '=', locationId)
        .execute();
    },
    async setActive(staffId, active) {
      await db
        .updateTable('staff')
        .set({ active: active ? 1 : 0 })
        .where('id', '=', staffId)
        .execute();
    },
    async setDisplayName(staffId, displayName) {
      await db.updateTable('staff').set({ display_name: displayName }).where('id', '=', staffId).execute();
    },
    async setPin(staffId, pinHash, pinSalt) {
      await db
        .updateTable('staff')
        .set({ pin_hash: pinHash, pin_salt: pinSalt })
        .where('id', '=', staffId)
        .execute();
    },
  };
}
