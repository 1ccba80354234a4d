/**
 * Dispute figures (pure): a local day's disputes for the daily summary (opened, money taken back and
 * returned, fees, decisions), the platform's exposure to open disputes per currency and carrier, and the
 * disputes CSV. Days are local days in each dispute's location's zone (domain/local-day.ts).
 */
import type { DisputeDayFigures, DisputeExposure, DisputeStatus } from '@countertop/shared';
import { type CsvOptions, formatMinorAsDecimal, toCsv } from './csv.ts';
import { type DisputeMoney, disputeReasonInWords, disputeStatusInWords, isDisputeOpen } from './disputes.ts';
import { formatLocalDateTime, type LocalDate, localDayOf } from './local-day.ts';

export interface DisputeFigureRecord {
  id: string;
  currency: string;
  amountMinor: number;
  locationId: string | null;
  status: DisputeStatus;
  openedAtMs: number;
  closedAtMs: number | null;
}

export interface DisputeFigureTransaction {
  disputeId: string;
  currency: string;
  amountMinor: number;
  feeMinor: number;
  netMinor: number;
  createdAtMs: number;
  locationId: string | null;
}

/** A day's dispute figures per currency (currencies with nothing that day are left out), sorted by currency. */
export function disputeDayFigures(input: {
  date: LocalDate;
  /** The time zone of a location (null: the dispute has no sale of ours; the account's first location's zone). */
  zoneOf: (locationId: string | null) => string;
  disputes: readonly DisputeFigureRecord[];
  transactions: readonly DisputeFigureTransaction[];
}): DisputeDayFigures[] {
  const byCurrency = new Map<string, DisputeDayFigures>();
  const figuresOf = (currency: string) => {
    let figures = byCurrency.get(currency);
    if (figures === undefined) {
      figures = {
        currency,
        openedCount: 0,
        openedMinor: 0,
        withdrawnMinor: 0,
        reinstatedMinor: 0,
        feesMinor: 0,
        netMinor: 0,
        wonCount: 0,
        lostCount: 0,
      };
      byCurrency.set(currency, figures);
    }
    return figures;
  };
  const onDate = (ms: number, locationId: string | null) =>
    localDayOf(ms, input.zoneOf(locationId)) === input.date;
  for (const dispute of input.disputes) {
    if (onDate(dispute.openedAtMs, dispute.locationId)) {
      const figures = figuresOf(dispute.currency);
      figures.openedCount += 1;
      figures.openedMinor += dispute.amountMinor;
    }
    if (dispute.closedAtMs !== null && onDate(dispute.closedAtMs, dispute.locationId)) {
      if (dispute.status === 'won' || dispute.status === 'prevented')
        figuresOf(dispute.currency).wonCount += 1;
      if (dispute.status === 'lost') figuresOf(dispute.currency).lostCount += 1;
    }
  }
  for (const transaction of input.transactions) {
    if (!onDate(transaction.createdAtMs, transaction.locationId)) continue;
    const figures = figuresOf(transaction.currency);
    if (transaction.amountMinor < 0) figures.withdrawnMinor += -transaction.amountMinor;
    else figures.reinstatedMinor += transaction.amountMinor;
    figures.feesMinor += transaction.feeMinor;
    figures.netMinor += transaction.netMinor;
  }
  return [...byCurrency.values()].sort((a, b) =>
    a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0,
  );
}

/** Open disputes' money at risk, per currency and carrier, sorted by currency then carrier. */
export function disputeExposure(
  disputes: readonly {
    currency: string;
    carriedBy: 'platform' | 'connected_account';
    amountMinor: number;
    status: DisputeStatus;
    money: DisputeMoney;
  }[],
): DisputeExposure[] {
  const rows = new Map<string, DisputeExposure>();
  for (const dispute of disputes) {
    if (!isDisputeOpen(dispute.status)) continue;
    const key = `${dispute.currency} ${dispute.carriedBy}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        currency: dispute.currency,
        carriedBy: dispute.carriedBy,
        openCount: 0,
        disputedMinor: 0,
        withdrawnMinor: 0,
        feesMinor: 0,
        totalMinor: 0,
      };
      rows.set(key, row);
    }
    row.openCount += 1;
    row.disputedMinor += dispute.amountMinor;
    row.withdrawnMinor += dispute.money.withdrawnMinor - dispute.money.reinstatedMinor;
    row.feesMinor += dispute.money.feesMinor;
    row.totalMinor = row.disputedMinor + row.feesMinor;
  }
  return [...rows.values()].sort((a, b) =>
    a.currency === b.currency ? (a.carriedBy < b.carriedBy ? -1 : 1) : a.currency < b.currency ? -1 : 1,
  );
}

export const DISPUTES_CSV_HEADER = [
  'dispute_id',
  'opened_local',
  'time_zone',
  'location_id',
  'sale_id',
  'charge_id',
  'currency',
  'amount',
  'reason',
  'reason_text',
  'status',
  'status_text',
  'evidence_due_by_local',
  'withdrawn',
  'reinstated',
  'dispute_fees',
  'net',
  'carried_by',
  'closed_local',
] as const;

export interface DisputeCsvRow extends DisputeFigureRecord {
  saleId: string | null;
  chargeId: string;
  reason: string;
  evidenceDueByMs: number | null;
  carriedBy: 'platform' | 'connected_account';
  money: DisputeMoney;
  timeZone: string;
}

/** One row per dispute, oldest first; money as decimals in the currency's digits, times in the local zone. */
export function buildDisputesCsv(rows: readonly DisputeCsvRow[], options: CsvOptions = {}): string {
  const local = (ms: number | null, zone: string) => (ms === null ? null : formatLocalDateTime(ms, zone));
  const money = (minor: number, currency: string) => formatMinorAsDecimal(minor, currency);
  const sorted = [...rows].sort((a, b) => a.openedAtMs - b.openedAtMs || (a.id < b.id ? -1 : 1));
  return toCsv(
    DISPUTES_CSV_HEADER,
    sorted.map((row) => [
      row.id,
      local(row.openedAtMs, row.timeZone),
      row.timeZone,
      row.locationId,
      row.saleId,
      row.chargeId,
      row.currency.toUpperCase(),
      money(row.amountMinor, row.currency),
      row.reason,
      disputeReasonInWords(row.reason),
      row.status,
      disputeStatusInWords(row.status),
      local(row.evidenceDueByMs, row.timeZone),
      money(row.money.withdrawnMinor, row.currency),
      money(row.money.reinstatedMinor, row.currency),
      money(row.money.feesMinor, row.currency),
      money(row.money.netMinor, row.currency),
      row.carriedBy,
      local(row.closedAtMs, row.timeZone),
    ]),
    options,
  );
}
