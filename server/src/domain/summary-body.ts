/**
 * The stored body of a summary accumulator (the report rollups' `body`, migrations 0013 and 0014): compact
 * JSON — totals as arrays of numbers in `TOTALS_KEYS` order, only the hours that have sales — and the one
 * merge of summaries there is: a stored body, or an accumulator in the body's shape, added into an
 * accumulator. Bumping `BODY_VERSION` makes every stored body of the old format be built again.
 */
import {
  type CurrencyAccumulator,
  type DiscountBreakdown,
  emptyCurrencyAccumulator,
  emptyTender,
  type ItemEntry,
  isLaterSale,
  type ModifierBreakdown,
  type SummaryAccumulator,
  type TenderBreakdown,
} from './sales-summary.ts';
import { emptyTotals, getOrCreate, type Totals } from './summary-figures.ts';

/** Adds totals stored packed (`TOTALS_KEYS` order) into `target`. */
function addPackedTotals(target: Totals, values: readonly number[]): void {
  for (let index = 0; index < TOTALS_KEYS.length; index += 1) {
    target[TOTALS_KEYS[index]!] += values[index] ?? 0;
  }
}

/** The format of a stored body; a body of another version is ignored and built again. */
const BODY_VERSION = 2;

/** The keys of `Totals`, in the order a stored body lists their values. */
const TOTALS_KEYS = Object.keys(emptyTotals()) as (keyof Totals)[];
const packTotals = (totals: Totals): number[] => TOTALS_KEYS.map((key) => totals[key]);

/** One currency of an accumulator in the stored body's shape (shares the accumulator's entry objects). */
function storedCurrency(currency: string, acc: CurrencyAccumulator): StoredCurrency {
  return {
    currency,
    totals: packTotals(acc.totals),
    uncaptured: acc.uncaptured,
    byPaymentMethod: [...acc.byPaymentMethod].map(([key, entry]) => [
      key,
      entry.cardBrand,
      entry.readMethod,
      packTotals(entry.totals),
    ]),
    byItem: [...acc.byItem],
    byModifier: [...acc.byModifier],
    byDiscount: [...acc.byDiscount],
    byTender: [...acc.byTender],
    byStaff: [...acc.byStaff].map(([key, totals]) => [key, packTotals(totals)]),
    byHour: acc.byHour.flatMap((totals, hour) =>
      totals.salesCount === 0 && packTotals(totals).every((value) => value === 0)
        ? []
        : [[hour, packTotals(totals)] as [number, number[]]],
    ),
    byLocation: [...acc.byLocation].map(([key, totals]) => [key, packTotals(totals)]),
  };
}

/**
 * An accumulator as JSON text (the rollup row's body); `readStoredSummary` reads it back. Compact:
 * totals as arrays of numbers in `TOTALS_KEYS` order, only the hours that have sales.
 */
export function serializeSummaryAccumulator(currencies: SummaryAccumulator): string {
  return JSON.stringify({
    v: BODY_VERSION,
    c: [...currencies].map(([currency, acc]) => storedCurrency(currency, acc)),
  });
}

/** A stored body as parsed JSON (`serializeSummaryAccumulator`'s format). */
interface StoredCurrency {
  currency: string;
  totals: number[];
  uncaptured: CurrencyAccumulator['uncaptured'];
  byPaymentMethod: [string, string | null, string | null, number[]][];
  byItem: [string, ItemEntry][];
  byModifier: [string, ModifierBreakdown][];
  byDiscount: [string, DiscountBreakdown][];
  byTender: ['card' | 'cash', TenderBreakdown][];
  byStaff: [string, number[]][];
  byHour: [number, number[]][];
  byLocation: [string, number[]][];
}

/** A stored rollup body, read once and merged many times without building an accumulator of it. */
export type StoredSummary = { readonly currencies: readonly StoredCurrency[] };

/** Null when the body is of another format version (the caller builds the day again). */
export function readStoredSummary(text: string): StoredSummary | null {
  const body = JSON.parse(text) as { v?: number; c?: StoredCurrency[] };
  if (body.v !== BODY_VERSION || !Array.isArray(body.c)) return null;
  return { currencies: body.c };
}

/**
 * Adds a stored body into `target`: the same result as merging its parsed accumulator, without building
 * one (a month of the busiest merchant merges hundreds of bodies: no per-body maps or hour arrays).
 */
export function mergeStoredSummary(target: SummaryAccumulator, stored: StoredSummary): void {
  for (const entry of stored.currencies) {
    const into = getOrCreate(target, entry.currency, emptyCurrencyAccumulator);
    addPackedTotals(into.totals, entry.totals);
    into.uncaptured.count += entry.uncaptured.count;
    into.uncaptured.amountMinor += entry.uncaptured.amountMinor;
    for (const [key, cardBrand, readMethod, values] of entry.byPaymentMethod) {
      addPackedTotals(
        getOrCreate(into.byPaymentMethod, key, () => ({ cardBrand, readMethod, totals: emptyTotals() }))
          .totals,
        values,
      );
    }
    for (const [key, from] of entry.byItem) {
      const existing = into.byItem.get(key);
      if (existing === undefined) {
        into.byItem.set(key, {
          item: { ...from.item },
          lastSeenMs: from.lastSeenMs,
          lastSeenId: from.lastSeenId,
        });
        continue;
      }
      existing.item.quantity += from.item.quantity;
      existing.item.grossSalesMinor += from.item.grossSalesMinor;
      existing.item.discountsMinor += from.item.discountsMinor;
      existing.item.salesCount += from.item.salesCount;
      if (isLaterSale(from.lastSeenMs, from.lastSeenId, existing.lastSeenMs, existing.lastSeenId)) {
        existing.lastSeenMs = from.lastSeenMs;
        existing.lastSeenId = from.lastSeenId;
        existing.item.description = from.item.description;
      }
    }
    for (const [key, from] of entry.byModifier) {
      const row = getOrCreate(into.byModifier, key, () => ({ ...from, quantity: 0, amountMinor: 0 }));
      row.quantity += from.quantity;
      row.amountMinor += from.amountMinor;
    }
    for (const [key, from] of entry.byDiscount) {
      const row = getOrCreate(into.byDiscount, key, () => ({ ...from, count: 0, amountMinor: 0 }));
      row.count += from.count;
      row.amountMinor += from.amountMinor;
    }
    for (const [method, from] of entry.byTender) {
      const row = getOrCreate(into.byTender, method, () => emptyTender(method));
      row.count += from.count;
      row.amountMinor += from.amountMinor;
      row.tipsMinor += from.tipsMinor;
      row.refundsMinor += from.refundsMinor;
    }
    for (const [key, values] of entry.byStaff)
      addPackedTotals(getOrCreate(into.byStaff, key, emptyTotals), values);
    for (const [hour, values] of entry.byHour) {
      const slot = into.byHour[hour];
      if (slot !== undefined) addPackedTotals(slot, values);
    }
    for (const [key, values] of entry.byLocation) {
      addPackedTotals(getOrCreate(into.byLocation, key, emptyTotals), values);
    }
  }
}

/**
 * Adds `source` into `target` (a sale is in exactly one of them: they cover different location-days), by
 * the one merge there is: `source` in the stored body's shape.
 */
export function mergeSummaryAccumulators(target: SummaryAccumulator, source: SummaryAccumulator): void {
  mergeStoredSummary(target, {
    currencies: [...source].map(([currency, acc]) => storedCurrency(currency, acc)),
  });
}

/** A stored body as an accumulator; null when it is of another format version. */
export function parseSummaryAccumulator(text: string): SummaryAccumulator | null {
  const stored = readStoredSummary(text);
  if (stored === null) return null;
  const accumulator: SummaryAccumulator = new Map();
  mergeStoredSummary(accumulator, stored);
  return accumulator;
}
