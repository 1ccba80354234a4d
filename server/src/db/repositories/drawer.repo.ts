/**
 * Cash drawer shifts per register: opened with a float, money in and out during the shift (cash sales,
 * cash refunds, voids, paid in and out), closed with the cash counted against what was expected. At most
 * one open shift per register (a unique partial index), so two opens cannot both succeed.
 */
import type { Selectable } from 'kysely';
import type { DrawerMovementKind, DrawerMovementsTable, DrawerShiftsTable, Queryable } from '../schema.ts';
import type { RepositoryContext } from './index.ts';

export type { DrawerMovementKind };

export interface DrawerShiftRecord {
  id: string;
  accountId: string;
  locationId: string;
  registerId: string;
  openedByStaffId: string;
  openedAtMs: number;
  openingFloatMinor: number;
  closedByStaffId: string | null;
  closedAtMs: number | null;
  countedMinor: number | null;
  expectedMinor: number | null;
  overShortMinor: number | null;
  closeNote: string | null;
}

export interface DrawerMovementRecord {
  id: string;
  shiftId: string;
  movementKey: string | null;
  kind: DrawerMovementKind;
  amountMinor: number;
  reason: string | null;
  staffId: string;
  saleId: string | null;
  createdAtMs: number;
}

export type NewShift = Pick<
  DrawerShiftRecord,
  'id' | 'accountId' | 'locationId' | 'registerId' | 'openedByStaffId' | 'openedAtMs' | 'openingFloatMinor'
>;

export interface ShiftClosing {
  closedByStaffId: string;
  closedAtMs: number;
  countedMinor: number;
  expectedMinor: number;
  note: string | null;
}

export interface DrawerRepo {
  /** Opens a shift; null (nothing written) when the register already has an open one. */
  openShift(shift: NewShift): Promise<DrawerShiftRecord | null>;
  findShift(id: string): Promise<DrawerShiftRecord | undefined>;
  findOpenShift(registerId: string): Promise<DrawerShiftRecord | undefined>;
  /** Inside a transaction: holds the shift's row until it ends (PostgreSQL `FOR UPDATE`). */
  lockShift(id: string): Promise<void>;
  /** Closes the shift with over/short = counted − expected; false when it was already closed. */
  closeShift(id: string, closing: ShiftClosing): Promise<boolean>;
  /** Records a movement; with a key already used, nothing is written and the first is returned. */
  insertMovement(movement: DrawerMovementRecord): Promise<DrawerMovementRecord>;
  listMovements(shiftId: string): Promise<DrawerMovementRecord[]>;
  /** The opening float plus every movement so far. */
  expectedCash(shiftId: string): Promise<number>;
  /** The register's shifts, newest first. */
  listByRegister(registerId: string, limit: number): Promise<DrawerShiftRecord[]>;
  /** Shifts of these locations opened in `[startMs, endMs)`, oldest first. */
  listOpenedIn(locationIds: readonly string[], startMs: number, endMs: number): Promise<DrawerShiftRecord[]>;
  /** Shifts of these locations closed in `[startMs, endMs)`, oldest first. */
  listClosedIn(locationIds: readonly string[], startMs: number, endMs: number): Promise<DrawerShiftRecord[]>;
}

function toShift(row: Selectable<DrawerShiftsTable>): DrawerShiftRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    locationId: row.location_id,
    registerId: row.register_id,
    openedByStaffId: row.opened_by_staff_id,
    openedAtMs: row.opened_at_ms,
    openingFloatMinor: row.opening_float_minor,
    closedByStaffId: row.closed_by_staff_id,
    closedAtMs: row.closed_at_ms,
    countedMinor: row.counted_minor,
    expectedMinor: row.expected_minor,
    overShortMinor: row.over_short_minor,
    closeNote: row.close_note,
  };
}

function toMovement(row: Selectable<DrawerMovementsTable>): DrawerMovementRecord {
  return {
    id: row.id,
    shiftId: row.shift_id,
    movementKey: row.movement_key,
    kind: row.kind,
    amountMinor: row.amount_minor,
    reason: row.reason,
    staffId: row.staff_id,
    saleId: row.sale_id,
    createdAtMs: row.created_at_ms,
  };
}

export function createDrawerRepo(db: Queryable, context: RepositoryContext): DrawerRepo {
  const selectShifts = () => db.selectFrom('drawer_shifts').selectAll();
  return {
    async openShift(shift) {
      const result = await db
        .insertInto('drawer_shifts')
        .values({
          id: shift.id,
          account_id: shift.accountId,
          location_id: shift.locationId,
          register_id: shift.registerId,
          opened_by_staff_id: shift.openedByStaffId,
          opened_at_ms: shift.openedAtMs,
          opening_float_minor: shift.openingFloatMinor,
        })
        .onConflict((oc) => oc.doNothing())
        .executeTakeFirst();
      if ((result.numInsertedOrUpdatedRows ?? 0n) === 0n) return null;
      const row = await selectShifts().where('id', '=', shift.id).executeTakeFirst();
      return row ? toShift(row) : null;
    },
    async findShift(id) {
      const row = await selectShifts().where('id', '=', id).executeTakeFirst();
      return row ? toShift(row) : undefined;
    },
    async findOpenShift(registerId) {
      const row = await selectShifts()
        .where('register_id', '=', registerId)
        .where('closed_at_ms', 'is', null)
        .executeTakeFirst();
      return row ? toShift(row) : undefined;
    },
    async lockShift(id) {
      if (context.dialect === 'postgres') {
        await db.selectFrom('drawer_shifts').select('id').where('id', '=', id).forUpdate().execute();
      }
    },
    async closeShift(id, closing) {
      const result = await db
        .updateTable('drawer_shifts')
        .set({
          closed_by_staff_id: closing.closedByStaffId,
          closed_at_ms: closing.closedAtMs,
          counted_minor: closing.countedMinor,
          expected_minor: closing.expectedMinor,
          over_short_minor: closing.countedMinor - closing.expectedMinor,
          close_note: closing.note,
        })
        .where('id', '=', id)
        .where('closed_at_ms', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async insertMovement(movement) {
      await db
        .insertInto('drawer_movements')
        .values({
          id: movement.id,
          shift_id: movement.shiftId,
          movement_key: movement.movementKey,
          kind: movement.kind,
          amount_minor: movement.amountMinor,
          reason: movement.reason,
          staff_id: movement.staffId,
          sale_id: movement.saleId,
          created_at_ms: movement.createdAtMs,
        })
        .onConflict((oc) => oc.column('movement_key').doNothing())
        .execute();
      const row =
        movement.movementKey === null
          ? await db
              .selectFrom('drawer_movements')
              .selectAll()
              .where('id', '=', movement.id)
              .executeTakeFirst()
          : await db
              .selectFrom('drawer_movements')
              .selectAll()
              .where('movement_key', '=', movement.movementKey)
              .executeTakeFirst();
      if (!row) throw new Error(`drawer movement ${movement.id} was not stored`);
      return toMovement(row);
    },
    async listMovements(shiftId) {
      const rows = await db
        .selectFrom('drawer_movements')
        .selectAll()
        .where('shift_id', '=', shiftId)
        .orderBy('created_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toMovement);
    },
    async expectedCash(shiftId) {
      const shift = await selectShifts().where('id', '=', shiftId).executeTakeFirst();
      if (!shift) throw new Error(`No drawer shift ${shiftId}`);
      const row = await db
        .selectFrom('drawer_movements')
        .select((eb) => eb.fn.sum<number | null>('amount_minor').as('total'))
        .where('shift_id', '=', shiftId)
        .executeTakeFirst();
      return shift.opening_float_minor + Number(row?.total ?? 0);
    },
    async listByRegister(registerId, limit) {
      const rows = await selectShifts()
        .where('register_id', '=', registerId)
        .orderBy('opened_at_ms', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toShift);
    },
    async listOpenedIn(locationIds, startMs, endMs) {
      if (locationIds.length === 0) return [];
      const rows = await selectShifts()
        .where('location_id', 'in', locationIds)
        .where('opened_at_ms', '>=', startMs)
        .where('opened_at_ms', '<', endMs)
        .orderBy('opened_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toShift);
    },
    async listClosedIn(locationIds, startMs, endMs) {
      if (locationIds.length === 0) return [];
      const rows = await selectShifts()
        .where('location_id', 'in', locationIds)
        .where('closed_at_ms', '>=', startMs)
        .where('closed_at_ms', '<', endMs)
        .orderBy('closed_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toShift);
    },
  };
}
