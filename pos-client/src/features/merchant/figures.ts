/** The rows of a figures table (daily and range summaries alike), in reading order; labels are merchant:figures.*. */
import type { SalesFigures } from '@countertop/shared';

export const FIGURE_ROWS: { key: keyof SalesFigures; count?: boolean; strong?: boolean }[] = [
  { key: 'grossSalesMinor' },
  { key: 'refundsMinor' },
  { key: 'discountsMinor' },
  { key: 'netSalesMinor', strong: true },
  { key: 'taxMinor' },
  { key: 'tipsMinor' },
  { key: 'totalCollectedMinor', strong: true },
  { key: 'cardMinor' },
  { key: 'cashMinor' },
  { key: 'stripeFeesMinor' },
  { key: 'applicationFeesMinor' },
  { key: 'applicationFeeRefundsMinor' },
  { key: 'netToMerchantMinor', strong: true },
  { key: 'drawerOverShortMinor' },
  { key: 'salesCount', count: true },
  { key: 'refundsCount', count: true },
  { key: 'averageSaleMinor' },
];
