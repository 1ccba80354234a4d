/** The API shape of a stored sale. */
import type { Sale } from '@countertop/shared';
import type { SaleRecord } from '../../db/repositories/sales.repo.ts';

export function toApiSale(sale: SaleRecord): Sale {
  return {
    id: sale.id,
    clientSaleId: sale.clientSaleId,
    status: sale.status,
    currency: sale.currency,
    lines: sale.lines.map((line) => ({
      description: line.description,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceMinor,
      amountMinor: line.amountMinor,
    })),
    subtotalMinor: sale.subtotalMinor,
    taxMinor: sale.taxMinor,
    tipMinor: sale.tipMinor,
    totalMinor: sale.totalMinor,
    applicationFeeMinor: sale.applicationFeeMinor,
    createdAt: new Date(sale.createdAtMs).toISOString(),
    staffId: sale.staffId,
    readerId: sale.readerId,
    paymentIntentId: sale.paymentIntentId,
    lastError: sale.lastError,
    card: sale.card,
  };
}
