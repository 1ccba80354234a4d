/**
 * Merchant reports that ask Stripe in the request, because they show Stripe's live state: uncaptured
 * authorizations with their capture deadline, the balance and payouts, a payout's transactions, and the
 * reconciliation of a day against Stripe's objects. Reads only, each call bounded by the reporting
 * adapter's timeout; when Stripe cannot be reached the answer is 503 stripe_unavailable saying so (the
 * screens built on our own records, sales-reports.ts, keep working).
 */
import type {
  AuthorizationsResponse,
  BalanceResponse,
  PayoutDetailResponse,
  ReconciliationQuery,
  ReconciliationResponse,
} from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { ReportSale } from '../../db/repositories/reports.repo.ts';
import { dayBoundsMs } from '../../domain/local-day.ts';
import { payoutFailureInWords } from '../../domain/payout-failures.ts';
import {
  reconcile,
  recordedSalesFrom,
  type StripeApplicationFeeLike,
  type StripeBalanceTransactionLike,
  type StripeRefundLike,
  stripeProcessingFeeOf,
} from '../../domain/reconciliation.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Clock, Logger } from '../../runtime.ts';
import { isGatewayError } from '../../stripe/payments.port.ts';
import type { PayoutView, ReportingCharge, ReportingGateway } from '../../stripe/reporting.port.ts';
import { isAccountDisconnected } from '../account-access.ts';
import type { DisputeReports } from '../disputes/dispute-reports.ts';
import {
  locationsInScope,
  type MerchantViewer,
  requireAccountFigures,
  requireViewerPermission,
} from '../merchant-access.ts';
import { accountContextOf, type ReportScope, requireDate, toRefundRecord, toSaleRecord } from './scope.ts';

/** A failed or canceled payout's code and its plain words (payouts list and detail mark them). */
function payoutFailureOf(payout: PayoutView): { failureCode: string | null; failureText: string | null } {
  if (payout.status !== 'failed' && payout.status !== 'canceled')
    return { failureCode: null, failureText: null };
  return {
    failureCode: payout.failureCode,
    failureText: payoutFailureInWords(payout.status, payout.failureCode, payout.failureMessage),
  };
}

const CAPTURED = new Set(['succeeded', 'partially_refunded', 'refunded']);

/** Reconciliation looks one hour either side of the day, so edge-of-day objects still match. */
const EDGE_MS = 3_600_000;
/** A card-present authorization we have no Stripe deadline for is assumed to expire 2 days after it. */
const ESTIMATED_AUTHORIZATION_MS = 2 * 86_400_000;
/** Authorizations with less than this left are flagged. */
const NEAR_DEADLINE_MS = 24 * 3_600_000;

/**
 * Stripe out of reach: say so instead of a 500 (the caller's screen explains what still works). An account
 * the platform lost is 409 account_disconnected (not recorded here: a read never writes).
 */
async function askStripe<T>(what: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    if (isAccountDisconnected(error)) {
      throw new AppError(
        'account_disconnected',
        `This business is no longer connected to the platform, so Stripe no longer shows ${what}. Sales and summaries still work.`,
        { cause: error },
      );
    }
    if (isGatewayError(error) && (error.code === 'unavailable' || error.code === 'rate_limited')) {
      throw new AppError(
        'stripe_unavailable',
        `Stripe could not be reached just now, so ${what} cannot be shown. Sales and summaries still work; try again in a moment.`,
        { cause: error },
      );
    }
    throw error;
  }
}

type StripeObjects = {
  charges: ReportingCharge[];
  refunds: StripeRefundLike[];
  applicationFees: StripeApplicationFeeLike[];
  balanceTransactions: StripeBalanceTransactionLike[];
};

export function createStripeReports(deps: {
  database: Database;
  scope: ReportScope;
  reporting: ReportingGateway;
  disputeReports: Pick<DisputeReports, 'reconcile'>;
  clock: Clock;
  log: Logger;
}) {
  const { scope, reporting, clock, log } = deps;
  const reports = deps.database.repos.reports;

  /**
   * The Stripe objects of a reconciliation the viewer may see. A viewer who sees only some of the
   * account's locations (a manager) gets only the charges of sales at those locations, and the refunds,
   * application fees and balance transactions of those charges: a charge of another location, or one no
   * sale of ours explains, would show another location's amounts. A one-location view of someone who sees
   * the whole account leaves out the other locations' sales (objects no sale explains stay: they are the
   * differences to look into).
   */
  async function objectsInScope(
    viewer: MerchantViewer,
    query: ReconciliationQuery,
    locationIds: readonly string[],
    all: StripeObjects,
  ): Promise<StripeObjects> {
    const oneLocation = query.locationId !== undefined && query.locationId !== 'all';
    if (viewer.seesWholeAccount && !oneLocation) return all;
    const strict = !viewer.seesWholeAccount;
    const keptCharges = new Set<string>();
    for (const charge of all.charges) {
      const saleId = charge.metadata.sale_id;
      const sale = saleId === undefined ? undefined : await reports.findSale(saleId);
      const ours = sale !== undefined && sale.accountId === viewer.account.id;
      const inScope = ours && locationIds.includes(sale.locationId);
      if (inScope || (!strict && !ours)) keptCharges.add(charge.id);
    }
    const droppedCharges = new Set(
      all.charges.filter((charge) => !keptCharges.has(charge.id)).map((charge) => charge.id),
    );
    // Strict: only what a kept charge explains. Otherwise: everything but what a dropped charge explains.
    const related = (chargeId: string | null) =>
      strict
        ? chargeId !== null && keptCharges.has(chargeId)
        : chargeId === null || !droppedCharges.has(chargeId);
    const refunds = all.refunds.filter((refund) => related(refund.charge));
    const keptRefunds = new Set(refunds.map((refund) => refund.id));
    // A balance transaction's source is a charge, a refund (strict: one of the kept refunds) or neither.
    const sourceRelated = (source: string | null) =>
      strict && source !== null && keptRefunds.has(source) ? true : related(source);
    return {
      charges: all.charges.filter((charge) => keptCharges.has(charge.id)),
      refunds,
      applicationFees: all.applicationFees.filter((fee) => related(fee.charge)),
      balanceTransactions: all.balanceTransactions.filter((transaction) => sourceRelated(transaction.source)),
    };
  }

  const refundsRepo = deps.database.repos.refunds;
  /** The day's cash, which reconciliation leaves out: cash tenders of paid sales, and cash refunds. */
  async function cashOfDay(
    viewer: MerchantViewer,
    locationIds: readonly string[],
    period: { startMs: number; endMs: number },
  ) {
    const sales = await reports.salesInWindow(viewer.account.id, locationIds, period.startMs, period.endMs);
    const paid = sales.filter((sale) => CAPTURED.has(sale.status) && sale.paymentIntentId === null);
    const tenders = await deps.database.repos.tenders.listBySales(paid.map((sale) => sale.id));
    const cashTenders = [...tenders.values()]
      .flat()
      .filter((t) => t.method === 'cash' && t.status === 'paid');
    const refunds = (
      await refundsRepo.refundsInWindow(viewer.account.id, locationIds, period.startMs, period.endMs)
    ).filter(
      (refund) => refund.method === 'cash' && (refund.status === 'pending' || refund.status === 'succeeded'),
    );
    return {
      paymentsCount: cashTenders.length,
      amountMinor: cashTenders.reduce((sum, tender) => sum + tender.amountMinor, 0),
      refundsMinor: refunds.reduce((sum, refund) => sum + refund.amountMinor, 0),
    };
  }

  return {
    /** Authorised, never captured sales; those with under 24 h before Stripe releases the hold are flagged. */
    async authorizations(
      viewer: MerchantViewer,
      query: { locationId?: string | undefined },
    ): Promise<AuthorizationsResponse> {
      requireViewerPermission(viewer, 'reports');
      const locations = locationsInScope(viewer, query.locationId);
      const sales = await reports.uncapturedSales(
        viewer.account.id,
        locations.map((location) => location.id),
      );
      const nowMs = clock.nowMs();
      const authorizations = await Promise.all(
        sales.map(async (sale) => {
          let captureBeforeMs: number | null = null;
          if (sale.chargeId !== null) {
            try {
              const charge = await reporting.retrieveCharge(accountContextOf(viewer), sale.chargeId);
              captureBeforeMs = charge.captureBefore === null ? null : charge.captureBefore * 1000;
            } catch (error) {
              log(`reports: could not read charge ${sale.chargeId}: ${String(error)}`, 'warn');
            }
          }
          const deadlineMs = captureBeforeMs ?? sale.createdAtMs + ESTIMATED_AUTHORIZATION_MS;
          return {
            // A card part's authorization is shown as its sale's.
            saleId: sale.parentSaleId ?? sale.id,
            locationId: sale.locationId,
            currency: sale.currency,
            amountMinor: sale.totalMinor,
            createdAt: new Date(sale.createdAtMs).toISOString(),
            paymentIntentId: sale.paymentIntentId,
            captureBefore: new Date(deadlineMs).toISOString(),
            captureBeforeSource: captureBeforeMs === null ? ('estimate' as const) : ('stripe' as const),
            nearDeadline: deadlineMs - nowMs < NEAR_DEADLINE_MS,
          };
        }),
      );
      return { authorizations };
    },

    /** A payout and what it contains (charges, refunds, fees), each tied to our sale where it is one. */
    async payoutDetail(viewer: MerchantViewer, payoutId: string): Promise<PayoutDetailResponse> {
      requireViewerPermission(viewer, 'reports');
      requireAccountFigures(viewer);
      const stripeAccountId = viewer.account.stripeAccountId;
      let payout: Awaited<ReturnType<ReportingGateway['retrievePayout']>>;
      try {
        payout = await askStripe('this payout', () => reporting.retrievePayout(stripeAccountId, payoutId));
      } catch (error) {
        if (isGatewayError(error) && error.code === 'not_found')
          throw notFound('not_found', 'No such payout.');
        throw error;
      }
      const transactions = await askStripe("this payout's transactions", () =>
        reporting.listPayoutTransactions(stripeAccountId, payoutId),
      );
      const saleIds = await reports.saleIdsOfStripeObjects(
        viewer.account.id,
        transactions.flatMap((transaction) => (transaction.source === null ? [] : [transaction.source])),
      );
      return {
        payout: {
          id: payout.id,
          amountMinor: payout.amountMinor,
          currency: payout.currency,
          status: payout.status,
          arrivalDate: new Date(payout.arrivalDate * 1000).toISOString(),
          created: new Date(payout.created * 1000).toISOString(),
          method: payout.method,
          transactionCount: transactions.length,
          ...payoutFailureOf(payout),
        },
        transactions: transactions.map((transaction) => ({
          id: transaction.id,
          type: transaction.type,
          amountMinor: transaction.amount,
          feeMinor: transaction.fee,
          netMinor: transaction.net,
          currency: transaction.currency,
          source: transaction.source,
          saleId: transaction.source === null ? null : (saleIds.get(transaction.source) ?? null),
        })),
      };
    },

    async balance(viewer: MerchantViewer): Promise<BalanceResponse> {
      requireViewerPermission(viewer, 'reports');
      requireAccountFigures(viewer);
      const stripeAccountId = viewer.account.stripeAccountId;
      const [balance, schedule, payouts] = await askStripe('the balance and payouts', () =>
        Promise.all([
          reporting.retrieveBalance(stripeAccountId),
          reporting.retrievePayoutSchedule(stripeAccountId),
          reporting.listPayouts(stripeAccountId, 20),
        ]),
      );
      const counted = await Promise.all(
        payouts.map(async (payout) => {
          try {
            return await reporting.countPayoutTransactions(stripeAccountId, payout.id);
          } catch {
            return null;
          }
        }),
      );
      return {
        available: balance.available,
        pending: balance.pending,
        schedule,
        payouts: payouts.map((payout, index) => ({
          id: payout.id,
          amountMinor: payout.amountMinor,
          currency: payout.currency,
          status: payout.status,
          arrivalDate: new Date(payout.arrivalDate * 1000).toISOString(),
          created: new Date(payout.created * 1000).toISOString(),
          method: payout.method,
          transactionCount: counted[index] ?? null,
          ...payoutFailureOf(payout),
        })),
      };
    },

    /**
     * A local day (one location, or all in scope) reconciled against Stripe's charges, refunds,
     * application fees and balance transactions created within the day ± 1 hour. It covers the card
     * payments only (sales paid directly by card, and the card parts of sales paid by tenders) and their card
     * refunds: cash never reaches Stripe, and is reported beside (`cash`).
     */
    async reconciliation(
      viewer: MerchantViewer,
      query: ReconciliationQuery,
    ): Promise<ReconciliationResponse> {
      requireViewerPermission(viewer, 'reports');
      const locations = locationsInScope(viewer, query.locationId);
      const date = query.date === undefined ? scope.today(locations) : requireDate(query.date, 'date');
      const period =
        locations.length === 1 && locations[0]
          ? dayBoundsMs(date, locations[0].timeZone)
          : scope.windowOf({ from: date, to: date }, locations);
      const padded = { startMs: period.startMs - EDGE_MS, endMs: period.endMs + EDGE_MS };
      const locationIds = locations.map((location) => location.id);
      const ours = await reports.cardPaymentsInWindow(
        viewer.account.id,
        locationIds,
        padded.startMs,
        padded.endMs,
      );
      const journalInDay = await refundsRepo.refundsInWindow(
        viewer.account.id,
        locationIds,
        padded.startMs,
        padded.endMs,
      );
      const refundsInDay = journalInDay.filter((refund) => refund.method === 'card');
      const allRefundsOfSales = (await refundsRepo.refundsOfSales(ours.map((sale) => sale.id))).filter(
        (refund) => refund.method === 'card',
      );
      const refundSaleIds = [...new Set(refundsInDay.map((refund) => refund.saleId))].filter(
        (saleId) => !ours.some((sale) => sale.id === saleId),
      );
      const refundedSales: ReportSale[] = [];
      for (const saleId of refundSaleIds) {
        const sale = await reports.findSale(saleId);
        if (sale) refundedSales.push(sale);
      }
      const refundsOfRefundedSales = (await refundsRepo.refundsOfSales(refundSaleIds)).filter(
        (refund) => refund.method === 'card',
      );
      const recordedSales = [...ours, ...refundedSales].map((sale) => toSaleRecord(sale));
      const refundRecords = [
        ...new Map(
          [...allRefundsOfSales, ...refundsInDay, ...refundsOfRefundedSales].map((refund) => [
            refund.id,
            toRefundRecord(refund),
          ]),
        ).values(),
      ];

      const account = accountContextOf(viewer);
      const window = {
        gteSeconds: Math.floor(padded.startMs / 1000),
        ltSeconds: Math.ceil(padded.endMs / 1000),
      };
      const [charges, refunds, applicationFees, balanceTransactions] = await askStripe(
        "the reconciliation with Stripe's records",
        () =>
          Promise.all([
            reporting.listCharges(account, window),
            reporting.listRefunds(account, window),
            reporting.listApplicationFees(account, window),
            reporting.listBalanceTransactions(account, window),
          ]),
      );
      const stripe = await objectsInScope(viewer, query, locationIds, {
        charges,
        refunds,
        applicationFees,
        balanceTransactions,
      });
      // A fee the backfill job has not recorded yet is not a difference: take what it will record (the
      // charge's balance transaction), as this read may not write it.
      const feeBySource = new Map(
        stripe.balanceTransactions.flatMap((transaction) =>
          transaction.source === null
            ? []
            : [[transaction.source, stripeProcessingFeeOf(transaction)] as const],
        ),
      );
      const chargeOfSale = new Map(ours.concat(refundedSales).map((sale) => [sale.id, sale.chargeId]));
      const saleRecords = recordedSales.map((sale) => {
        const chargeId = chargeOfSale.get(sale.id);
        const knownFee = chargeId ? feeBySource.get(chargeId) : undefined;
        return sale.stripeFeeMinor === null && knownFee !== undefined
          ? { ...sale, stripeFeeMinor: knownFee }
          : sale;
      });
      const result = reconcile({
        period,
        sales: recordedSalesFrom(saleRecords, refundRecords),
        refunds: refundRecords,
        stripe,
      });
      // Chargebacks and their reversals (`source` du_…), matched through the dispute's charge.
      const disputes = await askStripe("the reconciliation with Stripe's records", () =>
        deps.disputeReports.reconcile(viewer, locations, query.locationId, period, padded),
      );
      const cash = await cashOfDay(viewer, locationIds, period);
      return {
        date,
        locationId: query.locationId ?? null,
        covers: 'card_payments',
        cash,
        differences: [...result.differences, ...disputes.differences],
        matchedSalesCount: result.matchedSalesCount,
        matchedRefundsCount: result.matchedRefundsCount,
        stripeObjects: {
          charges: stripe.charges.length,
          refunds: stripe.refunds.length,
          applicationFees: stripe.applicationFees.length,
          balanceTransactions: stripe.balanceTransactions.length,
          disputeTransactions: disputes.stripeCount,
        },
      };
    },
  };
}
