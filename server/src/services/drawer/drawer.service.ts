/**
 * The cash drawer of each register: a shift opens with a float, takes cash sales and gives cash refunds
 * (tenders.ts and counter-refunds.ts record those), pays cash in or out with a reason, and closes with the
 * cash counted against what was expected, recording the over/short. The end-of-shift (Z) report sums the
 * shift: the cash, and the register's sales and refunds during it per tender. Opening, paying in or out
 * and closing need the `cash_drawer` permission (or an approval).
 *
 * At most one open shift per register (a unique index). Each movement and the close hold the shift's row,
 * so a close cannot miss a movement written at the same moment.
 */
import {
  type CloseDrawerBody,
  type DrawerMovement,
  type DrawerMovementBody,
  type DrawerResponse,
  type DrawerShift,
  type MerchantShiftsResponse,
  type OpenDrawerBody,
  SALES_FIGURE_DEFINITIONS,
  type ShiftReport,
  type ShiftsQuery,
} from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { DrawerMovementRecord, DrawerShiftRecord } from '../../db/repositories/drawer.repo.ts';
import { shiftCash, shiftSales } from '../../domain/shift-report.ts';
import { AppError, invalidRequest, notFound } from '../../errors.ts';
import type { Clock, IdGenerator, Logger } from '../../runtime.ts';
import type { Approvals } from '../approvals.ts';
import type { CounterContext } from '../auth.service.ts';
import { DRAWER_CLOSED_MESSAGE } from '../checkout/tenders.ts';
import { locationsInScope, type MerchantViewer, requireViewerPermission } from '../merchant-access.ts';
import { checkRange, createReportScope, requireDate, toRefundRecord } from '../reports/scope.ts';

export interface DrawerServiceDeps {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  approvals: Approvals;
  log: Logger;
}

/** What the Z report's own figures mean (beside the sales figures' definitions). */
const SHIFT_DEFINITIONS: Readonly<Record<string, string>> = {
  expectedMinor: 'Expected cash = opening float + cash sales − cash refunds − voids + paid in − paid out.',
  overShortMinor: 'Over/short = counted − expected (above zero: more cash than expected).',
  cashSalesMinor: 'Cash sales: cash taken for sales during the shift (the change given is not counted).',
  tenders:
    'Tenders: the money taken per tender during the shift (tips included), and refunded to it at this register.',
};

/** The shifts a register's counter lists. */
const RECENT_SHIFTS = 20;

export function createDrawerService({ database, clock, ids, approvals, log }: DrawerServiceDeps) {
  const { repos } = database;
  const scope = createReportScope({ database, clock, log });

  async function staffName(staffId: string | null): Promise<string | null> {
    if (staffId === null) return null;
    return (await repos.staff.findById(staffId))?.displayName ?? staffId;
  }

  async function toShift(shift: DrawerShiftRecord, currency: string): Promise<DrawerShift> {
    const register = await repos.registers.findById(shift.registerId);
    const expected =
      shift.closedAtMs === null ? await repos.drawer.expectedCash(shift.id) : shift.expectedMinor;
    return {
      id: shift.id,
      registerId: shift.registerId,
      registerCode: register?.code ?? shift.registerId,
      locationId: shift.locationId,
      status: shift.closedAtMs === null ? 'open' : 'closed',
      currency,
      openedAt: new Date(shift.openedAtMs).toISOString(),
      openedBy: (await staffName(shift.openedByStaffId)) ?? '',
      openingFloatMinor: shift.openingFloatMinor,
      expectedMinor: expected ?? shift.openingFloatMinor,
      closedAt: shift.closedAtMs === null ? null : new Date(shift.closedAtMs).toISOString(),
      closedBy: await staffName(shift.closedByStaffId),
      countedMinor: shift.countedMinor,
      overShortMinor: shift.overShortMinor,
      note: shift.closeNote,
    };
  }

  async function toMovements(movements: readonly DrawerMovementRecord[]): Promise<DrawerMovement[]> {
    const names = new Map<string, string>();
    for (const movement of movements) {
      if (!names.has(movement.staffId))
        names.set(movement.staffId, (await staffName(movement.staffId)) ?? '');
    }
    return movements.map((movement) => ({
      id: movement.id,
      kind: movement.kind,
      amountMinor: movement.amountMinor,
      reason: movement.reason,
      staffName: names.get(movement.staffId) ?? '',
      saleId: movement.saleId,
      createdAt: new Date(movement.createdAtMs).toISOString(),
    }));
  }

  async function report(shift: DrawerShiftRecord, currency: string): Promise<ShiftReport> {
    // Up to and including the closing instant.
    const endMs = (shift.closedAtMs ?? clock.nowMs()) + 1;
    const [movements, sales, refunds, location, register] = await Promise.all([
      repos.drawer.listMovements(shift.id),
      repos.reports.salesOfRegister(shift.registerId, shift.openedAtMs, endMs),
      repos.refunds.refundsOfRegister(shift.registerId, shift.openedAtMs, endMs),
      repos.locations.findById(shift.locationId),
      repos.registers.findById(shift.registerId),
    ]);
    const figures = shiftSales(await scope.withPayments(sales), refunds.map(toRefundRecord));
    return {
      shift: await toShift(shift, currency),
      locationName: location?.name ?? '',
      registerName: register?.name ?? '',
      cash: shiftCash(shift, movements),
      sales: figures.sales,
      tenders: figures.tenders,
      movements: await toMovements(movements),
      definitions: { ...SALES_FIGURE_DEFINITIONS, ...SHIFT_DEFINITIONS },
    };
  }

  async function openShiftOf(counter: CounterContext): Promise<DrawerShiftRecord> {
    const shift = await repos.drawer.findOpenShift(counter.register.id);
    if (!shift) throw new AppError('drawer_closed', DRAWER_CLOSED_MESSAGE);
    return shift;
  }

  async function scopedShift(counter: CounterContext, shiftId: string): Promise<DrawerShiftRecord> {
    const shift = await repos.drawer.findShift(shiftId);
    if (!shift || shift.accountId !== counter.account.id || shift.locationId !== counter.location.id) {
      throw notFound('not_found', 'No such drawer shift at this location.');
    }
    return shift;
  }

  return {
    /** This register's open shift with its movements, or no shift. */
    async current(counter: CounterContext): Promise<DrawerResponse> {
      const shift = await repos.drawer.findOpenShift(counter.register.id);
      if (!shift) return { shift: null, movements: [] };
      return {
        shift: await toShift(shift, counter.account.currency),
        movements: await toMovements(await repos.drawer.listMovements(shift.id)),
      };
    },

    async open(counter: CounterContext, body: OpenDrawerBody): Promise<DrawerResponse> {
      await approvals.authorize(counter, 'cash_drawer', body.approval);
      const opened = await repos.drawer.openShift({
        id: ids.newId('shf'),
        accountId: counter.account.id,
        locationId: counter.location.id,
        registerId: counter.register.id,
        openedByStaffId: counter.staff.id,
        openedAtMs: clock.nowMs(),
        openingFloatMinor: body.openingFloatMinor,
      });
      if (!opened) {
        throw new AppError('drawer_already_open', 'The cash drawer of this register is already open.');
      }
      return { shift: await toShift(opened, counter.account.currency), movements: [] };
    },

    /** Cash paid into or out of the drawer, with a reason (once per movementKey). */
    async move(counter: CounterContext, body: DrawerMovementBody): Promise<DrawerResponse> {
      await approvals.authorize(counter, 'cash_drawer', body.approval);
      const shift = await openShiftOf(counter);
      await database.transaction(async (tx) => {
        await tx.drawer.lockShift(shift.id);
        if ((await tx.drawer.findShift(shift.id))?.closedAtMs !== null) {
          throw new AppError('drawer_closed', DRAWER_CLOSED_MESSAGE);
        }
        const expected = await tx.drawer.expectedCash(shift.id);
        if (body.kind === 'paid_out' && body.amountMinor > expected) {
          throw invalidRequest(`There is only ${expected} (minor units) in the drawer.`);
        }
        await tx.drawer.insertMovement({
          id: ids.newId('mov'),
          shiftId: shift.id,
          movementKey: body.movementKey,
          kind: body.kind,
          amountMinor: body.kind === 'paid_in' ? body.amountMinor : -body.amountMinor,
          reason: body.reason,
          staffId: counter.staff.id,
          saleId: null,
          createdAtMs: clock.nowMs(),
        });
      });
      return {
        shift: await toShift(shift, counter.account.currency),
        movements: await toMovements(await repos.drawer.listMovements(shift.id)),
      };
    },

    /** Closes the shift with the cash counted; answers with the Z report. */
    async close(counter: CounterContext, body: CloseDrawerBody): Promise<ShiftReport> {
      await approvals.authorize(counter, 'cash_drawer', body.approval);
      const shift = await openShiftOf(counter);
      const closed = await database.transaction(async (tx) => {
        await tx.drawer.lockShift(shift.id);
        const expectedMinor = await tx.drawer.expectedCash(shift.id);
        const done = await tx.drawer.closeShift(shift.id, {
          closedByStaffId: counter.staff.id,
          closedAtMs: clock.nowMs(),
          countedMinor: body.countedMinor,
          expectedMinor,
          note: body.note ?? null,
        });
        if (!done) throw new AppError('drawer_closed', 'This drawer was closed already.');
        return tx.drawer.findShift(shift.id);
      });
      if (!closed) throw new Error(`drawer shift ${shift.id} vanished`);
      return report(closed, counter.account.currency);
    },

    async shifts(counter: CounterContext): Promise<DrawerShift[]> {
      const shifts = await repos.drawer.listByRegister(counter.register.id, RECENT_SHIFTS);
      return Promise.all(shifts.map((shift) => toShift(shift, counter.account.currency)));
    },

    /** A shift's Z report at the counter (this location's shifts). The open one: so far. */
    async counterReport(counter: CounterContext, shiftId: string): Promise<ShiftReport> {
      return report(await scopedShift(counter, shiftId), counter.account.currency);
    },

    /** Shifts opened at the viewer's locations (or one) on a range of local dates (default today). */
    async merchantShifts(viewer: MerchantViewer, query: ShiftsQuery): Promise<MerchantShiftsResponse> {
      requireViewerPermission(viewer, 'reports');
      const locations = locationsInScope(viewer, query.locationId);
      const from =
        query.from === undefined ? (query.to ?? scope.today(locations)) : requireDate(query.from, 'from');
      const to = query.to === undefined ? from : requireDate(query.to, 'to');
      const window = scope.windowOf(checkRange({ from, to }), locations);
      const records = await repos.drawer.listOpenedIn(
        locations.map((location) => location.id),
        window.startMs,
        window.endMs,
      );
      const shifts = await Promise.all(records.map((shift) => toShift(shift, viewer.account.currency)));
      return { shifts, overShortMinor: shifts.reduce((sum, shift) => sum + (shift.overShortMinor ?? 0), 0) };
    },

    /** A shift's Z report for the merchant's screens (the viewer's locations only). */
    async merchantReport(viewer: MerchantViewer, shiftId: string): Promise<ShiftReport> {
      requireViewerPermission(viewer, 'reports');
      const shift = await repos.drawer.findShift(shiftId);
      if (
        !shift ||
        shift.accountId !== viewer.account.id ||
        !viewer.locations.some((location) => location.id === shift.locationId)
      ) {
        throw notFound('not_found', 'No such drawer shift.');
      }
      return report(shift, viewer.account.currency);
    },
  };
}

export type DrawerService = ReturnType<typeof createDrawerService>;
