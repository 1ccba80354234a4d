/**
 * Creating a sale at the counter from catalog items or a keyed amount: the lines priced from the catalog,
 * totals with the location's tax (domain/totals.ts), the platform's fee, the account's risk limits, and
 * idempotency on the register's `clientSaleId` (a replay returns the sale already created).
 */
import type { CreateSaleBody } from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { NewSale, SaleLineRecord, SaleRecord } from '../../db/repositories/sales.repo.ts';
import { applicationFeeMinor } from '../../domain/fees.ts';
import { computeSaleTotals, TotalsError } from '../../domain/totals.ts';
import { conflict, invalidRequest } from '../../errors.ts';
import type { Clock, IdGenerator } from '../../runtime.ts';
import type { CounterContext } from '../auth.service.ts';
import { enforceRiskLimits } from '../risk-limits.ts';

/** Description of the single line of a keyed-amount sale when the cashier typed none. */
export const KEYED_SALE_DESCRIPTION = 'Custom amount';

type UnpricedLine = Omit<SaleLineRecord, 'amountMinor'>;

export function createNewSales({
  database,
  clock,
  ids,
}: {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
}) {
  const { repos } = database;

  async function buildLines(counter: CounterContext, body: CreateSaleBody): Promise<UnpricedLine[]> {
    if (body.keyedAmountMinor !== undefined) {
      return [
        {
          position: 0,
          productId: null,
          description: body.description ?? KEYED_SALE_DESCRIPTION,
          quantity: 1,
          unitPriceMinor: body.keyedAmountMinor,
        },
      ];
    }
    const lines: UnpricedLine[] = [];
    for (const [position, item] of (body.items ?? []).entries()) {
      const product = await repos.products.findById(item.productId);
      if (!product || product.accountId !== counter.account.id || !product.active) {
        throw invalidRequest(
          `items.${position}.productId: no such product in this catalog (${item.productId})`,
        );
      }
      lines.push({
        position,
        productId: product.id,
        description: product.name,
        quantity: item.quantity,
        unitPriceMinor: product.priceMinor,
      });
    }
    return lines;
  }

  /** Whether a replayed create-sale body asks for the sale already recorded under its clientSaleId. */
  function sameRequest(sale: SaleRecord, body: CreateSaleBody): boolean {
    if (body.keyedAmountMinor !== undefined) {
      const [line] = sale.lines;
      return (
        sale.lines.length === 1 && line?.productId === null && line.unitPriceMinor === body.keyedAmountMinor
      );
    }
    const items = body.items ?? [];
    return (
      sale.lines.length === items.length &&
      sale.lines.every(
        (line, index) =>
          line.productId === items[index]?.productId && line.quantity === items[index]?.quantity,
      )
    );
  }

  return {
    /** The sale (new, or the one already created with this clientSaleId at this register). */
    async create(
      counter: CounterContext,
      body: CreateSaleBody,
      requireCanCharge: () => void,
    ): Promise<{ sale: SaleRecord; created: boolean }> {
      const existing = await repos.sales.findByClientSaleId(counter.register.id, body.clientSaleId);
      if (existing) {
        if (!sameRequest(existing, body)) {
          throw conflict('conflict', 'This clientSaleId was already used for a different sale.');
        }
        return { sale: existing, created: false };
      }
      const lines = await buildLines(counter, body);
      requireCanCharge();
      const account = counter.account;
      let totals: ReturnType<typeof computeSaleTotals>;
      try {
        totals = computeSaleTotals({
          lines,
          // A keyed amount is what the cashier charges: it is taken as final, tax included.
          taxRateBps: body.keyedAmountMinor !== undefined ? 0 : counter.location.taxRateBps,
          currency: account.currency,
        });
      } catch (error) {
        if (error instanceof TotalsError) throw invalidRequest(error.message, error);
        throw error;
      }
      const newSale: NewSale = {
        id: ids.newId('sale'),
        accountId: account.id,
        locationId: counter.location.id,
        registerId: counter.register.id,
        staffId: counter.staff.id,
        clientSaleId: body.clientSaleId,
        status: 'open',
        currency: account.currency,
        description: body.description ?? null,
        captureMethod: account.captureMethod,
        subtotalMinor: totals.subtotalMinor,
        taxMinor: totals.taxMinor,
        tipMinor: 0,
        totalMinor: totals.totalMinor,
        applicationFeeMinor: applicationFeeMinor(totals.totalMinor, account.feePlan),
        createdAtMs: clock.nowMs(),
        lines: totals.lines.map((line, position) => ({
          position,
          productId: lines[position]?.productId ?? null,
          description: line.description,
          quantity: line.quantity,
          unitPriceMinor: line.unitPriceMinor,
          amountMinor: line.amountMinor,
        })),
      };
      const sale = await database.transaction(async (tx) => {
        // Platform risk limits (per sale, per day): 409 risk_limit_exceeded with a message for the counter;
        // checked in the transaction that records the sale.
        await enforceRiskLimits(tx, {
          accountId: account.id,
          businessName: account.businessName,
          currency: account.currency,
          locationId: counter.location.id,
          timeZone: counter.location.timeZone,
          totalMinor: totals.totalMinor,
          nowMs: clock.nowMs(),
        });
        return tx.sales.insert(newSale);
      });
      if (sale) return { sale, created: true };
      // The same clientSaleId was recorded by a concurrent request meanwhile: answer as a replay.
      const raced = await repos.sales.findByClientSaleId(counter.register.id, body.clientSaleId);
      if (!raced || !sameRequest(raced, body)) {
        throw conflict('conflict', 'This clientSaleId was already used for a different sale.');
      }
      return { sale: raced, created: false };
    },
  };
}
