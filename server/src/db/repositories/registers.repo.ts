/** Registers: a paired counter device at one location, identified by a short code like MISSION-1. */
import type { Selectable } from 'kysely';
import type { Queryable, RegistersTable } from '../schema.ts';
import { compareNames, sortedBy } from './ordering.ts';

export interface Register {
  id: string;
  code: string;
  name: string;
  locationId: string;
  createdAtMs: number;
  /** Set when a manager unpairs the register; a revoked register cannot sign in or keep sessions. */
  revokedAtMs: number | null;
}

export interface RegistersRepo {
  insert(
    register: { id: string; code: string; name: string; locationId: string },
    nowMs: number,
  ): Promise<Register>;
  findById(id: string): Promise<Register | undefined>;
  findByCode(code: string): Promise<Register | undefined>;
  listByLocation(locationId: string): Promise<Register[]>;
  /** Unpairs the register; false if it was already revoked (or does not exist). */
  revoke(id: string, nowMs: number): Promise<boolean>;
  /**
   * Inside the transaction that records a sale: the register's next receipt number, `<code>-<n>` (n from
   * 1). The counter's row stays locked until the transaction ends, so numbers are never given twice.
   */
  nextReceiptNumber(id: string): Promise<string>;
  /** Gives back the number `nextReceiptNumber` just took, in the same transaction (nothing was recorded). */
  returnReceiptNumber(id: string): Promise<void>;
}

export type RegisterRow = Selectable<RegistersTable>;

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

export function createRegistersRepo(db: Queryable): RegistersRepo {
  return {
    async insert(register, nowMs) {
      const row = await db
        .insertInto('registers')
        .values({
          id: register.id,
          code: register.code,
          name: register.name,
          location_id: register.locationId,
          created_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toRegister(row);
    },
    async findById(id) {
      const row = await db.selectFrom('registers').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRegister(row) : undefined;
    },
    async findByCode(code) {
      const row = await db.selectFrom('registers').selectAll().where('code', '=', code).executeTakeFirst();
      return row ? toRegister(row) : undefined;
    },
    async listByLocation(locationId) {
      const rows = await db
        .selectFrom('registers')
        .selectAll()
        .where('location_id', '=', locationId)
        .execute();
      return sortedBy(rows.map(toRegister), (a, b) => compareNames(a.code, b.code));
    },
    async nextReceiptNumber(id) {
      const row = await db
        .updateTable('registers')
        .set((eb) => ({ receipts_issued: eb('receipts_issued', '+', 1) }))
        .where('id', '=', id)
        .returning(['code', 'receipts_issued'])
        .executeTakeFirstOrThrow();
      return `${row.code}-${row.receipts_issued}`;
    },
    async returnReceiptNumber(id) {
      await db
        .updateTable('registers')
        .set((eb) => ({ receipts_issued: eb('receipts_issued', '-', 1) }))
        .where('id', '=', id)
        .execute();
    },
    async revoke(id, nowMs) {
      const result = await db
        .updateTable('registers')
        .set({ revoked_at_ms: nowMs })
        .where('id', '=', id)
        .where('revoked_at_ms', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}
