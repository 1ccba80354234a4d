/**
 * What every merchant report shares: the viewer's locations and their days, the window of UTC instants a
 * range of local days covers, the rows of a window (our sales and refunds, as the domain reads them), and
 * date checks with the messages a merchant sees.
 */
import type { Database } from '../../db/database.ts';
import type { Location } from '../../db/repositories/locations.repo.ts';
import type { JournalRefund, ReportSale } from '../../db/repositories/reports.repo.ts';
import {
  type BoundsMs,
  checkLocalDateRange,
  isValidLocalDate,
  type LocalDate,
  type LocalDateRange,
  localDayOf,
  MAX_RANGE_DAYS,
  unionRangeBoundsMs,
} from '../../domain/local-day.ts';
import type { RefundRecord, SaleRecord } from '../../domain/sales-summary.ts';
import { invalidRequest } from '../../errors.ts';
import type { Clock } from '../../runtime.ts';
import type { AccountContext } from '../../stripe/payments.port.ts';
import type { MerchantViewer } from '../merchant-access.ts';

export interface CsvFile {
  fileName: string;
  body: string;
}

export function accountContextOf(viewer: MerchantViewer): AccountContext {
  return { stripeAccountId: viewer.account.stripeAccountId, chargeType: viewer.account.chargeType };
}

export function toSaleRecord(sale: ReportSale): SaleRecord {
  return {
    id: sale.id,
    locationId: sale.locationId,
    status: sale.status,
    currency: sale.currency,
    subtotalMinor: sale.subtotalMinor,
    discountMinor: 0,
    taxMinor: sale.taxMinor,
    tipMinor: sale.tipMinor,
    totalMinor: sale.totalMinor,
    applicationFeeMinor: sale.applicationFeeMinor,
    stripeFeeMinor: sale.stripeFeeMinor,
    createdAtMs: sale.createdAtMs,
    staffId: sale.staffId,
    cardBrand: sale.cardBrand,
    readMethod: sale.readMethod,
    paymentIntentId: sale.paymentIntentId,
    lines: sale.lines.map((line) => ({
      itemId: line.productId,
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor: line.amountMinor,
    })),
  };
}

export function toRefundRecord(refund: JournalRefund): RefundRecord {
  return {
    id: refund.id,
    saleId: refund.saleId,
    locationId: refund.locationId,
    currency: refund.currency,
    amountMinor: refund.amountMinor,
    applicationFeeRefundedMinor: refund.applicationFeeRefundedMinor,
    status: refund.status,
    createdAtMs: refund.createdAtMs,
    stripeRefundId: refund.stripeRefundId,
    reason: refund.reason,
  };
}

export function timeZonesOf(locations: readonly Location[]): Record<string, string> {
  return Object.fromEntries(locations.map((location) => [location.id, location.timeZone]));
}

export function requireDate(text: string, name: string): LocalDate {
  if (!isValidLocalDate(text)) throw invalidRequest(`${name} is not a real date (YYYY-MM-DD): ${text}`);
  return text;
}

export function checkRange(range: LocalDateRange): LocalDateRange {
  const check = checkLocalDateRange(range, MAX_RANGE_DAYS);
  if (!check.ok) throw invalidRequest(check.reason);
  return range;
}

export function createReportScope({ database, clock }: { database: Database; clock: Clock }) {
  const reports = database.repos.reports;
  return {
    /** Today in the zone of the first location in scope (the one a single-location view is about). */
    today(locations: readonly Location[]): LocalDate {
      const zone = locations[0]?.timeZone ?? 'UTC';
      return localDayOf(clock.nowMs(), zone);
    },

    windowOf(range: LocalDateRange, locations: readonly Location[]): BoundsMs {
      // An account with no locations yet has no sales; any zone gives the same (empty) answer.
      const zones = locations.length > 0 ? locations.map((location) => location.timeZone) : ['UTC'];
      return unionRangeBoundsMs(range, zones);
    },

    async rows(viewer: MerchantViewer, locations: readonly Location[], window: BoundsMs) {
      const ids = locations.map((location) => location.id);
      const [sales, refunds] = await Promise.all([
        reports.salesInWindow(viewer.account.id, ids, window.startMs, window.endMs),
        reports.refundsInWindow(viewer.account.id, ids, window.startMs, window.endMs),
      ]);
      return { sales: sales.map(toSaleRecord), refunds: refunds.map(toRefundRecord) };
    },
  };
}

export type ReportScope = ReturnType<typeof createReportScope>;
