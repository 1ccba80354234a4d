/** Staff members of a merchant, their hashed PINs, and the locations where each may sign in. */
import type { Db } from './open.ts';

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

export interface StaffRow {
  id: string;
  account_id: string;
  display_name: string;
  role: StaffRole;
  pin_hash: string;
  pin_salt: string;
  active: number;
  created_at_ms: number;
}

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

export function createStaffRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO staff (id, account_id, display_name, role, pin_hash, pin_salt, active, created_at_ms)
     VALUES (@id, @accountId, @displayName, @role, @pinHash, @pinSalt, 1, @nowMs)`,
  );
  const allow = db.prepare('INSERT OR IGNORE INTO staff_locations (staff_id, location_id) VALUES (?, ?)');
  const disallow = db.prepare('DELETE FROM staff_locations WHERE staff_id = ? AND location_id = ?');
  const findById = db.prepare<[string], StaffRow>('SELECT * FROM staff WHERE id = ?');
  const isAllowed = db.prepare<[string, string], { n: number }>(
    'SELECT count(*) AS n FROM staff_locations WHERE staff_id = ? AND location_id = ?',
  );
  const listActiveAtLocation = db.prepare<[string], StaffRow>(
    `SELECT s.* FROM staff s JOIN staff_locations sl ON sl.staff_id = s.id
     WHERE sl.location_id = ? AND s.active = 1 ORDER BY s.display_name, s.id`,
  );
  const setActive = db.prepare('UPDATE staff SET active = ? WHERE id = ?');
  const setPin = db.prepare('UPDATE staff SET pin_hash = ?, pin_salt = ? WHERE id = ?');

  const insertWithLocations = db.transaction((staff: NewStaff, nowMs: number) => {
    insert.run({ ...staff, nowMs });
    for (const locationId of staff.locationIds) allow.run(staff.id, locationId);
  });

  return {
    insert(staff: NewStaff, nowMs: number): Staff {
      insertWithLocations(staff, nowMs);
      return toStaff(findById.get(staff.id)!);
    },
    findById(id: string): Staff | undefined {
      const row = findById.get(id);
      return row ? toStaff(row) : undefined;
    },
    findCredentials(id: string): StaffCredentials | undefined {
      const row = findById.get(id);
      return row ? { ...toStaff(row), pinHash: row.pin_hash, pinSalt: row.pin_salt } : undefined;
    },
    isAllowedAtLocation(staffId: string, locationId: string): boolean {
      return (isAllowed.get(staffId, locationId)?.n ?? 0) > 0;
    },
    listActiveAtLocation(locationId: string): Staff[] {
      return listActiveAtLocation.all(locationId).map(toStaff);
    },
    allowAtLocation(staffId: string, locationId: string): void {
      allow.run(staffId, locationId);
    },
    disallowAtLocation(staffId: string, locationId: string): void {
      disallow.run(staffId, locationId);
    },
    setActive(staffId: string, active: boolean): void {
      setActive.run(active ? 1 : 0, staffId);
    },
    setPin(staffId: string, pinHash: string, pinSalt: string): void {
      setPin.run(pinHash, pinSalt, staffId);
    },
  };
}

export type StaffRepo = ReturnType<typeof createStaffRepo>;
