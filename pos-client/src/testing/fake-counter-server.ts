/**
 * An in-memory stand-in for the counter API's sale endpoints (sync / cancel / connection token), used by
 * driver tests. It keeps one sale and moves it the way the real server would after reading Stripe.
 */
import type { CounterReader, Sale, SaleError } from '@countertop/shared';
import type { DriverApi } from '../lib/terminal/driver.ts';

/** The shop fields of a line without variant, modifiers or discount (tax added at 8.63 %). */
const PLAIN_LINE = {
  productId: null,
  variantId: null,
  variantName: null,
  modifiers: [],
  discount: null,
  discountMinor: 0,
  taxMinor: 78,
  taxRateBps: 863,
  totalMinor: 978,
};

/** The shop fields of a sale without discount, paid directly by card. */
const PLAIN_SALE = {
  discountMinor: 0,
  saleDiscount: null,
  taxIncluded: false,
  taxes: [],
  kind: 'sale' as const,
  parentSaleId: null,
  receiptNumber: null,
  tenders: [],
};

export function makeSale(overrides: Partial<Sale> = {}): Sale {
  return {
    id: 'sale_1',
    clientSaleId: '00000000-0000-4000-8000-000000000001',
    status: 'awaiting_payment',
    currency: 'usd',
    lines: [{ description: 'Latte', quantity: 2, unitPriceMinor: 450, amountMinor: 900, ...PLAIN_LINE }],
    subtotalMinor: 900,
    taxMinor: 78,
    tipMinor: 0,
    totalMinor: 978,
    applicationFeeMinor: 0,
    createdAt: '2026-11-26T10:00:00.000Z',
    staffId: 'staff_1',
    readerId: 'rdr_1',
    paymentIntentId: 'pi_1',
    lastError: null,
    card: null,
    ...PLAIN_SALE,
    amountDueMinor: 978,
    ...overrides,
  };
}

export function makeReader(overrides: Partial<CounterReader> = {}): CounterReader {
  return {
    id: 'rdr_1',
    stripeReaderId: 'tmr_1',
    label: 'Front counter',
    deviceType: 'simulated_wisepos_e',
    integration: 'js_sdk',
    status: 'online',
    ...overrides,
  };
}

const DECLINED_INSUFFICIENT_FUNDS: SaleError = {
  code: 'card_declined',
  declineCode: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
};

export class FakeCounterServer {
  sale: Sale = makeSale();
  syncCalls = 0;
  cancelCalls = 0;
  tokensIssued = 0;
  /** Runs on every sync before the sale is returned (lets a test move the sale along). */
  onSync: ((server: FakeCounterServer) => void) | null = null;

  approve(tipMinor = 0) {
    this.sale = {
      ...this.sale,
      status: 'succeeded',
      tipMinor,
      totalMinor: this.sale.subtotalMinor + this.sale.taxMinor + tipMinor,
      lastError: null,
      card: { brand: 'visa', last4: '4242', readMethod: 'contactless_emv' },
    };
  }

  decline(error: SaleError = DECLINED_INSUFFICIENT_FUNDS) {
    this.sale = { ...this.sale, status: 'payment_failed', lastError: error };
  }

  readonly api: DriverApi = {
    connectionToken: async () => {
      this.tokensIssued += 1;
      return `pst_test_${this.tokensIssued}`;
    },
    syncSale: async (saleId) => {
      if (saleId !== this.sale.id) throw new Error(`unknown sale ${saleId}`);
      this.syncCalls += 1;
      this.onSync?.(this);
      return this.sale;
    },
    cancelSale: async (saleId) => {
      if (saleId !== this.sale.id) throw new Error(`unknown sale ${saleId}`);
      this.cancelCalls += 1;
      if (this.sale.status !== 'succeeded') this.sale = { ...this.sale, status: 'canceled' };
      return this.sale;
    },
  };
}
