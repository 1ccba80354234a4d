/**
 * The end-of-shift (Z) report of one register's drawer shift (pure): the cash that should be in the drawer
 * (the float plus cash sales, minus cash refunds and voids, plus paid in, minus paid out) against what was
 * counted, and the register's sales and refunds during the shift in Square's terms, with the money taken per
 * tender. Sales count when made at the register between the shift's opening and closing (or now) and paid;
 * refunds when made at the register in that time.
 */
import type { DrawerMovementRecord, DrawerShiftRecord } from '../db/repositories/drawer.repo.ts';
import {
  addRefund,
  addSale,
  CAPTURED_SALE_STATUSES,
  COUNTED_REFUND_STATUSES,
  emptyTotals,
  paymentsOfSale,
  type RefundRecord,
  type SaleRecord,
  toFigures,
} from './summary-figures.ts';

export interface ShiftCash {
  openingFloatMinor: number;
  cashSalesMinor: number;
  cashRefundsMinor: number;
  cashVoidsMinor: number;
  paidInMinor: number;
  paidOutMinor: number;
  expectedMinor: number;
  countedMinor: number | null;
  overShortMinor: number | null;
}

export interface ShiftSales {
  salesCount: number;
  grossSalesMinor: number;
  discountsMinor: number;
  refundsMinor: number;
  netSalesMinor: number;
  taxMinor: number;
  tipsMinor: number;
  totalCollectedMinor: number;
}

export interface ShiftTender {
  method: 'cash' | 'card';
  count: number;
  amountMinor: number;
  tipsMinor: number;
  refundsMinor: number;
}

/** The drawer's cash of a shift, from its float and movements (the expected amount is their sum). */
export function shiftCash(shift: DrawerShiftRecord, movements: readonly DrawerMovementRecord[]): ShiftCash {
  const sum = (kind: DrawerMovementRecord['kind']) =>
    movements
      .filter((movement) => movement.kind === kind)
      .reduce((total, movement) => total + movement.amountMinor, 0);
  const expectedMinor =
    shift.openingFloatMinor + movements.reduce((total, movement) => total + movement.amountMinor, 0);
  return {
    openingFloatMinor: shift.openingFloatMinor,
    cashSalesMinor: sum('cash_sale'),
    cashRefundsMinor: -sum('cash_refund'),
    cashVoidsMinor: -sum('cash_void'),
    paidInMinor: sum('paid_in'),
    paidOutMinor: -sum('paid_out'),
    // A closed shift keeps the figure it was closed with.
    expectedMinor: shift.expectedMinor ?? expectedMinor,
    countedMinor: shift.countedMinor,
    overShortMinor: shift.overShortMinor,
  };
}

/** The shift's sales figures and tenders, from the register's sales and refunds in the shift. */
export function shiftSales(
  sales: readonly SaleRecord[],
  refunds: readonly RefundRecord[],
): { sales: ShiftSales; tenders: ShiftTender[] } {
  const totals = emptyTotals();
  const tenders = new Map<'cash' | 'card', ShiftTender>();
  const tender = (method: 'cash' | 'card') => {
    let entry = tenders.get(method);
    if (!entry) {
      entry = { method, count: 0, amountMinor: 0, tipsMinor: 0, refundsMinor: 0 };
      tenders.set(method, entry);
    }
    return entry;
  };
  for (const sale of sales) {
    if (!CAPTURED_SALE_STATUSES.has(sale.status)) continue;
    addSale(totals, sale);
    for (const payment of paymentsOfSale(sale)) {
      const entry = tender(payment.method);
      entry.count += 1;
      entry.amountMinor += payment.amountMinor + payment.tipMinor;
      entry.tipsMinor += payment.tipMinor;
    }
  }
  for (const refund of refunds) {
    if (!COUNTED_REFUND_STATUSES.has(refund.status)) continue;
    addRefund(totals, refund);
    tender(refund.method ?? 'card').refundsMinor += refund.amountMinor;
  }
  const figures = toFigures(totals);
  return {
    sales: {
      salesCount: figures.salesCount,
      grossSalesMinor: figures.grossSalesMinor,
      discountsMinor: figures.discountsMinor,
      refundsMinor: figures.refundsMinor,
      netSalesMinor: figures.netSalesMinor,
      taxMinor: figures.taxMinor,
      tipsMinor: figures.tipsMinor,
      totalCollectedMinor: figures.totalCollectedMinor,
    },
    tenders: (['cash', 'card'] as const).flatMap((method) => {
      const entry = tenders.get(method);
      return entry ? [entry] : [];
    }),
  };
}
