/**
 * Creating a sale at the counter from catalog items or a keyed amount: the lines priced from the catalog,
 * totals with the location's tax (domain/totals.ts), the platform's fee, the account's risk limits, and
 * idempotency on the register's `clientSaleId` (a replay returns the sale already created).
 */
import type { CreateSaleBody } from '@countertop/shared';
import type { Database } from '../../db/database.ts';
import type { NewSale, SaleRecord } from '../../db/repositories/sales.repo.ts';
import { applicationFeeMinor } from '../../domain/fees.ts';
import { conflict } from '../../errors.ts';
import type { Clock, IdGenerator } from '../../runtime.ts';
import type { Approvals } from '../approvals.ts';
import type { CounterContext } from '../auth.service.ts';
import { enforceRiskLimits } from '../risk-limits.ts';
import { priceCart, sameCart } from './sale-cart.ts';

export { KEYED_SALE_DESCRIPTION } from './sale-cart.ts';

export function createNewSales({
  database,
  clock,
  ids,
  approvals,
}: {
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  approvals: Approvals;
}) {
  const { repos } = database;
  const sameRequest = sameCart;

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
      const cart = await priceCart(repos, approvals, counter, body);
      requireCanCharge();
      const account = counter.account;
      const totals = cart;
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
        // The fee a card payment of the whole sale carries; a sale paid by tenders ends up with the fees of
        // its card parts only (cash carries none).
        applicationFeeMinor: applicationFeeMinor(totals.totalMinor, account.feePlan),
        createdAtMs: clock.nowMs(),
        lines: cart.lines,
        discountMinor: cart.discountMinor,
        saleDiscount: cart.saleDiscount,
        taxIncluded: cart.taxIncluded,
        taxes: cart.taxes,
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
