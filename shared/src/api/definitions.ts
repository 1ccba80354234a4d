/**
 * What each figure of the merchant's summary means, in the words the screens show beside it (Square's
 * definitions). Summary responses carry this map as `definitions`; the Z report adds its own.
 */
import type { SalesFigures } from './reports.ts';

/** Net sales = Gross sales − Refunds − Discounts; every other figure in words. */
export const SALES_FIGURE_DEFINITIONS: Readonly<Record<keyof SalesFigures, string>> = {
  grossSalesMinor:
    'Gross sales: what the items sold for at their prices (quantity × price, modifiers included), before discounts and refunds, without tax. Where prices include tax, the tax they include is taken out.',
  discountsMinor: 'Discounts: everything taken off by discounts, on items and on whole sales.',
  refundsMinor:
    'Refunds: money given back in the period (to a card or in cash), whatever day the sale was, without the tax it gave back (that comes off Tax).',
  netSalesMinor: 'Net sales = Gross sales − Refunds − Discounts.',
  taxMinor:
    "Tax: the tax of the period's sales, included in prices or added, minus the tax its refunds gave back.",
  tipsMinor: 'Tips: tips added on the card reader.',
  totalCollectedMinor:
    'Total collected = Net sales + Tax + Tips: the money taken, by card and in cash, minus the money given back.',
  cardMinor:
    'Card: money taken by card (tips included) minus card refunds. Reconciliation with Stripe covers this part only.',
  cashMinor:
    "Cash: cash taken for sales minus cash refunds (the drawer's paid in and paid out are not sales).",
  stripeFeesMinor:
    "Stripe fees: Stripe's processing fees on the card payments, from each charge's balance transaction (some may not be known yet).",
  applicationFeesMinor: "Platform fees: the platform's fee on card payments (cash carries none).",
  applicationFeeRefundsMinor:
    "Platform fee refunds: the part of the platform's fee given back with card refunds.",
  netToMerchantMinor:
    'Net to merchant = Total collected − Stripe fees − Platform fees + Platform fee refunds: what the merchant keeps, card and cash.',
  drawerOverShortMinor:
    'Drawer over/short: counted − expected cash of the drawers closed in the period (above zero: more cash than expected).',
  salesCount: 'Sales: sales paid in the period (a later refund does not un-count a sale).',
  refundsCount: 'Refunds: refunds made in the period.',
  averageSaleMinor: 'Average sale = Net sales ÷ Sales, rounded to the minor unit.',
};
