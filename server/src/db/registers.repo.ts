/** Registers: a paired counter device at one location, identified by a short code like MISSION-1. */
import type { Db } from './open.ts';

export interface Register {
  id: string;
  code: string;
  name: string;
  locationId: string;
  createdAtMs: number;
  /** Set when a manager unpairs the register; a revoked register cannot sign in or keep sessions. */
  revokedAtMs: number | null;
}

export interface RegisterRow {
  id: string;
  code: string;
  name: string;
  location_id: string;
  created_at_ms: number;
  revoked_at_ms: number | null;
}

export function toRegister(row: RegisterRow): Register {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    locationId: row.location_id,
    createdAtMs: row.created_at_ms,
    revokedAtMs: row.revoked_at_ms,
  };
}

export function createRegistersRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO registers (id, code, name, location_id, created_at_ms)
     VALUES (@id, @code, @name, @locationId, @nowMs)`,
  );
  const findById = db.prepare<[string], RegisterRow>('SELECT * FROM registers WHERE id = ?');
  const findByCode = db.prepare<[string], RegisterRow>('SELECT * FROM registers WHERE code = ?');
  const listByLocation = db.prepare<[string], RegisterRow>(
    'SELECT * FROM registers WHERE location_id = ? ORDER BY code',
  );
  const revoke = db.prepare('UPDATE registers SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL');
  return {
    insert(
      register: { id: string; code: string; name: string; locationId: string },
      nowMs: number,
    ): Register {
      insert.run({ ...register, nowMs });
      return toRegister(findById.get(register.id)!);
    },
    findById(id: string): Register | undefined {
      const row = findById.get(id);
      return row ? toRegister(row) : undefined;
    },
    findByCode(code: string): Register | undefined {
      const row = findByCode.get(code);
      return row ? toRegister(row) : undefined;
    },
    listByLocation(locationId: string): Register[] {
      return listByLocation.all(locationId).map(toRegister);
    },
    revoke(id: string, nowMs: number): boolean {
      return revoke.run(nowMs, id).changes > 0;
    },
  };
}

export type RegistersRepo = ReturnType<typeof createRegistersRepo>;
