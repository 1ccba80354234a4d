// Money movements shared by payment intents, refunds, transfers and payouts: balance transactions (txn_, with
// fee_details and available_on = created + the account's payout delay_days), application fees (fee_, on the
// platform), transfers (tr_) with their destination payments (py_ on the connected account), and balances
// computed from balance transactions. Does NOT emulate currency conversion, reserves or negative-balance
// debits of external accounts.
import type Stripe from 'stripe';
import type { RequestContext } from '../core/api.ts';
import { newId } from '../core/ids.ts';

const DAY = 86_400;

export function applicationId(ctx: RequestContext): string {
  const existing = ctx.store.getKv('platform_application');
  if (existing) return existing;
  const id = newId('ca', 24);
  ctx.store.setKv('platform_application', id);
  return id;
}

// Every credit asks for its account's payout delay; reading (and parsing) the whole account object each time
// cost more than the rest of the balance transaction, so it is kept per store until an account is written.
const delayCache = new WeakMap<object, { version: string; days: Map<string, number> }>();

function delayDays(ctx: RequestContext, account: string): number {
  const version = ctx.store.versionOf('account');
  let cached = delayCache.get(ctx.store);
  if (cached?.version !== version) {
    cached = { version, days: new Map() };
    delayCache.set(ctx.store, cached);
  }
  let days = cached.days.get(account);
  if (days === undefined) {
    const acct = ctx.store.find<Stripe.Account>('account', account);
    days = acct?.settings?.payouts?.schedule.delay_days ?? 2;
    cached.days.set(account, days);
  }
  return days;
}

const REPORTING: Record<string, string> = {
  charge: 'charge',
  payment: 'charge',
  refund: 'refund',
  payment_refund: 'refund',
  refund_failure: 'refund_failure',
  application_fee: 'platform_earning',
  application_fee_refund: 'platform_earning_refund',
  transfer: 'transfer',
  transfer_refund: 'transfer_reversal',
  payout: 'payout',
  payout_failure: 'payout_reversal',
};

interface BtInput {
  amount: number;
  currency: string;
  type: Stripe.BalanceTransaction.Type;
  source: string;
  description?: string | null;
  feeDetails?: Stripe.BalanceTransaction.FeeDetail[];
  /** Defaults: credits wait `delay_days`; debits are available at once. */
  availableOn?: number;
  /** Defaults to the type's category (an `adjustment` is a `dispute`, a `dispute_reversal`, …). */
  reportingCategory?: string;
}

export function createBalanceTransaction(
  ctx: RequestContext,
  account: string,
  input: BtInput,
): Stripe.BalanceTransaction {
  const created = ctx.now();
  const fee = (input.feeDetails ?? []).reduce((sum, f) => sum + f.amount, 0);
  const availableOn =
    input.availableOn ?? (input.amount > 0 ? created + delayDays(ctx, account) * DAY : created);
  const bt: Stripe.BalanceTransaction = {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: availableOn,
    balance_type: 'payments',
    created,
    currency: input.currency,
    description: input.description ?? null,
    exchange_rate: null,
    fee,
    fee_details: input.feeDetails ?? [],
    net: input.amount - fee,
    reporting_category: input.reportingCategory ?? REPORTING[input.type] ?? input.type,
    source: input.source,
    status: availableOn <= created ? 'available' : 'pending',
    type: input.type,
  };
  return ctx.store.insert(account, bt);
}

export function withLiveStatus(bt: Stripe.BalanceTransaction, now: number): Stripe.BalanceTransaction {
  return { ...bt, status: bt.available_on <= now ? 'available' : 'pending' };
}

export function computeBalance(ctx: RequestContext, account: string, asOf = ctx.now()): Stripe.Balance {
  const available = new Map<string, number>();
  const pending = new Map<string, number>();
  for (const bt of ctx.store.all<Stripe.BalanceTransaction>('balance_transaction', account)) {
    const bucket = bt.available_on <= asOf ? available : pending;
    bucket.set(bt.currency, (bucket.get(bt.currency) ?? 0) + bt.net);
  }
  const acct = ctx.store.find<Stripe.Account>('account', account);
  const currencies = new Set([...available.keys(), ...pending.keys(), acct?.default_currency ?? 'usd']);
  const rows = (m: Map<string, number>) =>
    [...currencies].sort().map((currency) => ({
      amount: m.get(currency) ?? 0,
      currency,
      source_types: { card: m.get(currency) ?? 0 },
    }));
  return {
    object: 'balance',
    available: rows(available),
    pending: rows(pending),
    connect_reserved:
      account === ctx.platformId
        ? [...currencies].sort().map((currency) => ({ amount: 0, currency }))
        : undefined,
    livemode: false,
    refund_and_dispute_prefunding: undefined,
  } as Stripe.Balance;
}

export function availableAmount(ctx: RequestContext, account: string, currency: string): number {
  return computeBalance(ctx, account).available.find((b) => b.currency === currency)?.amount ?? 0;
}

/**
 * ApplicationFee on the platform for a charge on `connectedAccount` (direct) or a destination payment.
 * `originatingCharge` is the platform's charge of a destination charge; a direct charge has none (Stripe:
 * "ID of the corresponding charge on the platform account, if this fee was the result of a charge using the
 * destination parameter", https://docs.stripe.com/api/application_fees/object).
 */
export function createApplicationFee(
  ctx: RequestContext,
  opts: {
    connectedAccount: string;
    amount: number;
    currency: string;
    charge: string;
    originatingCharge: string | null;
    id?: string;
  },
): Stripe.ApplicationFee {
  const id = opts.id ?? newId('fee');
  const bt = createBalanceTransaction(ctx, ctx.platformId, {
    amount: opts.amount,
    currency: opts.currency,
    type: 'application_fee',
    source: id,
    description: null,
  });
  const fee: Stripe.ApplicationFee = {
    id,
    object: 'application_fee',
    account: opts.connectedAccount,
    amount: opts.amount,
    amount_refunded: 0,
    application: applicationId(ctx),
    balance_transaction: bt.id,
    charge: opts.charge,
    created: ctx.now(),
    currency: opts.currency,
    fee_source: { charge: opts.charge, type: 'charge' },
    livemode: false,
    originating_transaction: opts.originatingCharge,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/application_fees/${id}/refunds` },
  };
  ctx.store.insert(ctx.platformId, fee);
  ctx.emit('application_fee.created', fee, { account: ctx.platformId });
  return fee;
}

/** The `py_` payment a transfer creates on the destination account, with its `payment` balance transaction. */
function createDestinationPayment(
  ctx: RequestContext,
  opts: {
    destination: string;
    amount: number;
    currency: string;
    transfer: string;
    applicationFee?: { id: string; amount: number };
  },
): Stripe.Charge {
  const id = newId('py');
  const feeDetails: Stripe.BalanceTransaction.FeeDetail[] = opts.applicationFee
    ? [
        {
          amount: opts.applicationFee.amount,
          application: applicationId(ctx),
          currency: opts.currency,
          description: 'Application fee',
          type: 'application_fee',
        },
      ]
    : [];
  const bt = createBalanceTransaction(ctx, opts.destination, {
    amount: opts.amount,
    currency: opts.currency,
    type: 'payment',
    source: id,
    feeDetails,
  });
  const py: Stripe.Charge = {
    id,
    object: 'charge',
    amount: opts.amount,
    amount_captured: opts.amount,
    amount_refunded: 0,
    application: applicationId(ctx),
    application_fee: opts.applicationFee?.id ?? null,
    application_fee_amount: opts.applicationFee?.amount ?? null,
    balance_transaction: bt.id,
    billing_details: { address: null, email: null, name: null, phone: null, tax_id: null },
    calculated_statement_descriptor: null,
    captured: true,
    created: ctx.now(),
    currency: opts.currency,
    customer: null,
    description: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: null,
    paid: true,
    payment_intent: null,
    payment_method: null,
    payment_method_details: {
      type: 'stripe_account',
      stripe_account: {},
    } as Stripe.Charge.PaymentMethodDetails,
    receipt_email: null,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: opts.transfer,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
  return ctx.store.insert(opts.destination, py);
}

/** A transfer from the platform to `destination` (debits the platform, credits a py_ payment). */
export function createTransfer(
  ctx: RequestContext,
  opts: {
    amount: number;
    currency: string;
    destination: string;
    sourceTransaction: string | null;
    transferGroup: string | null;
    description?: string | null;
    metadata?: Stripe.Metadata;
    applicationFee?: { amount: number; originatingCharge: string };
    availableOn?: number;
  },
): { transfer: Stripe.Transfer; payment: Stripe.Charge; fee: Stripe.ApplicationFee | null } {
  const id = newId('tr');
  const bt = createBalanceTransaction(ctx, ctx.platformId, {
    amount: -opts.amount,
    currency: opts.currency,
    type: 'transfer',
    source: id,
    ...(opts.availableOn !== undefined ? { availableOn: opts.availableOn } : {}),
  });
  const feeId = opts.applicationFee && opts.applicationFee.amount > 0 ? newId('fee') : null;
  const payment = createDestinationPayment(ctx, {
    destination: opts.destination,
    amount: opts.amount,
    currency: opts.currency,
    transfer: id,
    ...(feeId && opts.applicationFee
      ? { applicationFee: { id: feeId, amount: opts.applicationFee.amount } }
      : {}),
  });
  const transfer: Stripe.Transfer = {
    id,
    object: 'transfer',
    amount: opts.amount,
    amount_reversed: 0,
    balance_transaction: bt.id,
    created: ctx.now(),
    currency: opts.currency,
    description: opts.description ?? null,
    destination: opts.destination,
    destination_payment: payment.id,
    livemode: false,
    metadata: opts.metadata ?? {},
    reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: opts.sourceTransaction,
    source_type: 'card',
    transfer_group: opts.transferGroup,
  };
  ctx.store.insert(ctx.platformId, transfer);
  ctx.emit('transfer.created', transfer, { account: ctx.platformId });
  let fee: Stripe.ApplicationFee | null = null;
  if (feeId && opts.applicationFee) {
    fee = createApplicationFee(ctx, {
      connectedAccount: opts.destination,
      amount: opts.applicationFee.amount,
      currency: opts.currency,
      charge: payment.id,
      originatingCharge: opts.applicationFee.originatingCharge,
      id: feeId,
    });
  }
  return { transfer, payment, fee };
}

/** Reverses part of a transfer: trr_ on the platform (+), payment refund on the destination (−). */
export function reverseTransfer(
  ctx: RequestContext,
  transfer: Stripe.Transfer,
  amount: number,
  opts: { sourceRefund: string | null; metadata?: Stripe.Metadata; description?: string | null },
): { transfer: Stripe.Transfer; reversal: Stripe.TransferReversal } {
  const id = newId('trr');
  const bt = createBalanceTransaction(ctx, ctx.platformId, {
    amount,
    currency: transfer.currency,
    type: 'transfer_refund',
    source: id,
    availableOn: ctx.now(),
  });
  const destination = String(transfer.destination);
  const pyrId = newId('pyr');
  createBalanceTransaction(ctx, destination, {
    amount: -amount,
    currency: transfer.currency,
    type: 'payment_refund',
    source: pyrId,
  });
  const payment = transfer.destination_payment
    ? ctx.store.find<Stripe.Charge>('charge', String(transfer.destination_payment), destination)
    : undefined;
  if (payment) {
    const refunded = payment.amount_refunded + amount;
    ctx.store.update({ ...payment, amount_refunded: refunded, refunded: refunded >= payment.amount });
  }
  const reversal: Stripe.TransferReversal = {
    id,
    object: 'transfer_reversal',
    amount,
    balance_transaction: bt.id,
    created: ctx.now(),
    currency: transfer.currency,
    destination_payment_refund: pyrId,
    metadata: opts.metadata ?? {},
    source_refund: opts.sourceRefund,
    transfer: transfer.id,
  };
  ctx.store.insert(ctx.platformId, reversal);
  const amountReversed = transfer.amount_reversed + amount;
  const next: Stripe.Transfer = {
    ...transfer,
    amount_reversed: amountReversed,
    reversed: amountReversed >= transfer.amount,
    reversals: { ...transfer.reversals, data: [reversal, ...transfer.reversals.data] },
  };
  ctx.store.update(next);
  ctx.emit(next.reversed ? 'transfer.reversed' : 'transfer.updated', next, {
    account: ctx.platformId,
    previousAttributes: { amount_reversed: transfer.amount_reversed, reversed: transfer.reversed },
  });
  return { transfer: next, reversal };
}

/** Refunds part of an application fee: fr_ with a debit on the platform and a credit on the connected account. */
export function refundApplicationFee(
  ctx: RequestContext,
  fee: Stripe.ApplicationFee,
  amount: number,
  metadata: Stripe.Metadata = {},
): { fee: Stripe.ApplicationFee; refund: Stripe.FeeRefund } {
  const id = newId('fr');
  const bt = createBalanceTransaction(ctx, ctx.platformId, {
    amount: -amount,
    currency: fee.currency,
    type: 'application_fee_refund',
    source: id,
  });
  createBalanceTransaction(ctx, String(fee.account), {
    amount,
    currency: fee.currency,
    type: 'application_fee_refund',
    source: id,
    availableOn: ctx.now(),
  });
  const refund: Stripe.FeeRefund = {
    id,
    object: 'fee_refund',
    amount,
    balance_transaction: bt.id,
    created: ctx.now(),
    currency: fee.currency,
    fee: fee.id,
    metadata,
  };
  ctx.store.insert(ctx.platformId, refund);
  const amountRefunded = fee.amount_refunded + amount;
  const next: Stripe.ApplicationFee = {
    ...fee,
    amount_refunded: amountRefunded,
    refunded: amountRefunded >= fee.amount,
    refunds: { ...fee.refunds, data: [refund, ...fee.refunds.data] },
  };
  ctx.store.update(next);
  ctx.emit('application_fee.refunded', next, {
    account: ctx.platformId,
    previousAttributes: { amount_refunded: fee.amount_refunded, refunded: fee.refunded },
  });
  return { fee: next, refund };
}

/** Rounds `total * part / whole` half up (proportional fee/transfer refunds). */
export function proportional(total: number, part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.floor((total * part * 2 + whole) / (2 * whole));
}
