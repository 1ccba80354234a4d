/**
 * Pricing a sale (pure, integer minor units): the one set of money rules the counter's cart and the server
 * share, so the cashier sees the exact amounts the server records and charges. The server prices every sale
 * with it from its own catalog (the client's prices are never trusted).
 *
 * 1. Lines. amount = quantity × unit price, where the unit price is the item's (or its variant's) price at
 *    the location plus the chosen modifiers' price deltas (`unitPriceWithModifiers`).
 * 2. Discounts, before tax. A line discount (a percentage of the line's amount, or a fixed amount; never
 *    more than the amount), then a sale discount on what is left of the whole sale (a percentage of it, or
 *    a fixed amount; never more than what is left), shared out over the lines in proportion to what is left
 *    on each, by largest remainder so the shares add up exactly. Percentages round half up to the
 *    currency's step (`roundingStepMinor`).
 * 3. Tax, after discounts, once per sale and per rate: the base of a rate is the sum of the discounted
 *    lines taxed at it. Tax added (exclusive prices: US, Canada) is base × rate; tax included (prices that
 *    include tax: Japan, the EU, the UK, Australia) is base × rate ÷ (1 + rate). Each is rounded half up
 *    to the currency's step, once. Then each rate's tax is shared out over its lines (largest remainder)
 *    so a line knows its own tax, for receipts and refunds of items.
 * 4. Total before any tip = subtotal − discounts + tax added (tax included is already in the prices).
 *
 * Why once per sale and per rate, half up: rounding each line would make the tax of a sale depend on how
 * its items were split into lines (three ¥110 coffees on one line or on three), and the sum of rounded
 * line taxes can drift from the tax of the total by a unit per line. Japan's qualified invoice rules allow
 * one rounding per invoice per rate and no more, the EU and UK accept invoice-level rounding, and US states
 * compute sales tax on the transaction's taxable total. Half up (a half unit rounds away from zero) is
 * what those authorities describe as "rounding to the nearest"; banker's rounding (half to even) is not
 * used for tax by any of them, and would make the counter's arithmetic surprising to a merchant checking
 * it by hand. Products are taken in BigInt, so every safe-integer amount and rate is exact.
 */
import { roundingStepMinor } from './tax.ts';

/** Which of a location's rates an item is taxed at (`exempt`: none). */
export type TaxClass = 'standard' | 'reduced' | 'exempt';
export const TAX_CLASSES: readonly TaxClass[] = ['standard', 'reduced', 'exempt'];

/** A location's taxes. A `reduced` item at a location with no reduced rate is taxed at the standard rate. */
export interface TaxSettings {
  /** Prices include tax (Japan, EU, UK, Australia); false: tax is added on top (US, Canada). */
  pricesIncludeTax: boolean;
  standardRateBps: number;
  reducedRateBps: number | null;
}

/** A percentage (basis points of what it applies to) or a fixed amount in minor units. */
export type DiscountSpec =
  | { kind: 'percentage'; percentBps: number }
  | { kind: 'fixed'; amountMinor: number };

export interface PricingLine {
  unitPriceMinor: number;
  quantity: number;
  taxClass: TaxClass;
  /** This line's own discount, if any. */
  discount?: DiscountSpec | null;
}

export interface PricingInput {
  currency: string;
  lines: readonly PricingLine[];
  /** A discount on the whole sale, if any. */
  saleDiscount?: DiscountSpec | null;
  tax: TaxSettings;
}

export interface PricedLine {
  /** quantity × unit price. */
  amountMinor: number;
  /** The line's own discount. */
  lineDiscountMinor: number;
  /** The line's share of the sale discount. */
  saleDiscountMinor: number;
  /** lineDiscountMinor + saleDiscountMinor. */
  discountMinor: number;
  /** amount − discount: what the line sells for (tax included when prices include it). */
  netMinor: number;
  /** The line's share of its rate's tax (included in `netMinor` or added to it). */
  taxMinor: number;
  /** The rate the line is taxed at, 0 when none. */
  taxRateBps: number;
  /** net + tax added: what the line costs the customer. */
  totalMinor: number;
}

export interface TaxLine {
  taxClass: Exclude<TaxClass, 'exempt'>;
  rateBps: number;
  /** Σ discounted lines taxed at this rate (tax included in it when prices include tax). */
  baseMinor: number;
  taxMinor: number;
}

export interface PricedSale {
  lines: PricedLine[];
  /** Σ line amounts, before discounts. */
  subtotalMinor: number;
  lineDiscountsMinor: number;
  saleDiscountMinor: number;
  /** Every discount of the sale. */
  discountMinor: number;
  /** One entry per rate that taxes something, standard first. */
  taxes: TaxLine[];
  taxMinor: number;
  /** True when the tax is included in the prices (shown as "includes tax"), false when added. */
  taxIncluded: boolean;
  /** subtotal − discount + (taxIncluded ? 0 : tax): the amount due before any tip. */
  totalMinor: number;
}

const BPS = 10_000n;

function assertAmount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole amount ≥ 0`);
}

function assertRate(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > 10_000) {
    throw new RangeError(`${what} must be whole basis points from 0 to 10000`);
  }
}

/** numerator ÷ denominator rounded half up to a multiple of `step` (all non-negative). */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint, step = 1): number {
  if (numerator < 0n || denominator <= 0n) throw new RangeError('cannot round a negative share');
  const unit = denominator * BigInt(step);
  // Half up: (n + d/2) / d, kept integral by doubling both sides.
  return Number(((numerator * 2n + unit) / (unit * 2n)) * BigInt(step));
}

/**
 * Shares `total` out over `weights` in proportion (largest remainder): the shares add up to `total`
 * exactly, each is ⌊exact share⌋ or one more, the leftover units going to the largest fractions (the
 * earlier line on a tie). With every weight 0 the total goes to the first entry.
 */
export function allocateByWeight(total: number, weights: readonly number[]): number[] {
  assertAmount(total, 'an allocated total');
  for (const weight of weights) assertAmount(weight, 'a weight');
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('nothing to allocate to');
    return [];
  }
  const sum = weights.reduce((acc, weight) => acc + BigInt(weight), 0n);
  if (sum === 0n) return weights.map((_, index) => (index === 0 ? total : 0));
  const shares = weights.map((weight, index) => {
    const exact = BigInt(total) * BigInt(weight);
    return { index, floor: Number(exact / sum), remainder: exact % sum };
  });
  let left = total - shares.reduce((acc, share) => acc + share.floor, 0);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const result = shares.map((share) => share.floor);
  for (const share of byRemainder) {
    if (left === 0) break;
    result[share.index] = (result[share.index] ?? 0) + 1;
    left -= 1;
  }
  return result;
}

/** What a discount takes off `baseMinor` (never more than the base). */
export function discountOf(spec: DiscountSpec, baseMinor: number, currency: string): number {
  assertAmount(baseMinor, 'a discounted amount');
  if (spec.kind === 'percentage') {
    assertRate(spec.percentBps, 'a percentage discount');
    return Math.min(
      baseMinor,
      divideRoundHalfUp(BigInt(baseMinor) * BigInt(spec.percentBps), BPS, roundingStepMinor(currency)),
    );
  }
  assertAmount(spec.amountMinor, 'a fixed discount');
  return Math.min(baseMinor, spec.amountMinor);
}

/** A unit price with its modifiers' deltas (which may be negative, e.g. "no milk"); never below zero. */
export function unitPriceWithModifiers(basePriceMinor: number, deltasMinor: readonly number[]): number {
  assertAmount(basePriceMinor, 'a price');
  let unit = basePriceMinor;
  for (const delta of deltasMinor) {
    if (!Number.isSafeInteger(delta)) throw new RangeError('a modifier price must be a whole amount');
    unit += delta;
  }
  if (unit < 0) throw new RangeError('the modifiers take the price below zero');
  return unit;
}

/**
 * The rate group a line of `taxClass` is taxed in: `reduced` only where the location has a reduced rate
 * that differs from its standard one (one rounding per rate), `standard` otherwise; null when exempt.
 */
export function effectiveTaxClass(taxClass: TaxClass, tax: TaxSettings): Exclude<TaxClass, 'exempt'> | null {
  if (taxClass === 'exempt') return null;
  const hasReduced = tax.reducedRateBps !== null && tax.reducedRateBps !== tax.standardRateBps;
  return taxClass === 'reduced' && hasReduced ? 'reduced' : 'standard';
}

/** The rate of a rate group under these settings (0 for none). */
export function rateOfClass(taxClass: Exclude<TaxClass, 'exempt'> | null, tax: TaxSettings): number {
  if (taxClass === null) return 0;
  return taxClass === 'reduced' ? (tax.reducedRateBps ?? tax.standardRateBps) : tax.standardRateBps;
}

/** The tax on a base taxed at `rateBps`: added on top, or included in it; rounded half up once. */
export function taxOfBase(baseMinor: number, rateBps: number, included: boolean, currency: string): number {
  assertAmount(baseMinor, 'a taxed amount');
  assertRate(rateBps, 'a tax rate');
  const step = roundingStepMinor(currency);
  const product = BigInt(baseMinor) * BigInt(rateBps);
  return included
    ? divideRoundHalfUp(product, BPS + BigInt(rateBps), step)
    : divideRoundHalfUp(product, BPS, step);
}

/** Prices a sale: see the module comment for the rules. Throws RangeError on malformed input. */
export function priceSale(input: PricingInput): PricedSale {
  const { currency, tax } = input;
  assertRate(tax.standardRateBps, 'the standard rate');
  if (tax.reducedRateBps !== null) assertRate(tax.reducedRateBps, 'the reduced rate');

  const amounts = input.lines.map((line) => {
    assertAmount(line.unitPriceMinor, 'a unit price');
    if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
      throw new RangeError('a quantity must be a whole number above zero');
    }
    const amount = line.unitPriceMinor * line.quantity;
    assertAmount(amount, 'a line amount');
    return amount;
  });
  const lineDiscounts = input.lines.map((line, index) =>
    line.discount ? discountOf(line.discount, amounts[index] ?? 0, currency) : 0,
  );
  const afterLineDiscounts = amounts.map((amount, index) => amount - (lineDiscounts[index] ?? 0));
  const discountable = afterLineDiscounts.reduce((sum, amount) => sum + amount, 0);
  const saleDiscount = input.saleDiscount ? discountOf(input.saleDiscount, discountable, currency) : 0;
  const saleShares = input.lines.length === 0 ? [] : allocateByWeight(saleDiscount, afterLineDiscounts);
  const nets = afterLineDiscounts.map((amount, index) => amount - (saleShares[index] ?? 0));
  const classes = input.lines.map((line) => effectiveTaxClass(line.taxClass, tax));

  const taxes: TaxLine[] = [];
  const lineTaxes = input.lines.map(() => 0);
  for (const taxClass of ['standard', 'reduced'] as const) {
    const rateBps = taxClass === 'standard' ? tax.standardRateBps : (tax.reducedRateBps ?? 0);
    const members = classes.flatMap((lineClass, index) => (lineClass === taxClass ? [index] : []));
    if (rateBps === 0 || members.length === 0) continue;
    const baseMinor = members.reduce((sum, index) => sum + (nets[index] ?? 0), 0);
    const taxMinor = taxOfBase(baseMinor, rateBps, tax.pricesIncludeTax, currency);
    const shares = allocateByWeight(
      taxMinor,
      members.map((index) => nets[index] ?? 0),
    );
    members.forEach((index, position) => {
      lineTaxes[index] = shares[position] ?? 0;
    });
    taxes.push({ taxClass, rateBps, baseMinor, taxMinor });
  }

  const lines: PricedLine[] = input.lines.map((_, index) => {
    const netMinor = nets[index] ?? 0;
    const taxMinor = lineTaxes[index] ?? 0;
    return {
      amountMinor: amounts[index] ?? 0,
      lineDiscountMinor: lineDiscounts[index] ?? 0,
      saleDiscountMinor: saleShares[index] ?? 0,
      discountMinor: (lineDiscounts[index] ?? 0) + (saleShares[index] ?? 0),
      netMinor,
      taxMinor,
      taxRateBps: rateOfClass(classes[index] ?? null, tax),
      totalMinor: tax.pricesIncludeTax ? netMinor : netMinor + taxMinor,
    };
  });
  const subtotalMinor = amounts.reduce((sum, amount) => sum + amount, 0);
  const lineDiscountsMinor = lineDiscounts.reduce((sum, amount) => sum + amount, 0);
  const taxMinor = taxes.reduce((sum, entry) => sum + entry.taxMinor, 0);
  const discountMinor = lineDiscountsMinor + saleDiscount;
  return {
    lines,
    subtotalMinor,
    lineDiscountsMinor,
    saleDiscountMinor: saleDiscount,
    discountMinor,
    taxes,
    taxMinor,
    taxIncluded: tax.pricesIncludeTax,
    totalMinor: subtotalMinor - discountMinor + (tax.pricesIncludeTax ? 0 : taxMinor),
  };
}
