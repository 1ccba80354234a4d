/** The rows of a figures table (daily and range summaries alike), in reading order. */
import type { SalesFigures } from '@countertop/shared';

export const FIGURE_ROWS: { key: keyof SalesFigures; label: string; count?: boolean; strong?: boolean }[] = [
  { key: 'grossSalesMinor', label: 'Gross sales' },
  { key: 'refundsMinor', label: 'Refunds' },
  { key: 'discountsMinor', label: 'Discounts' },
  { key: 'netSalesMinor', label: 'Net sales', strong: true },
  { key: 'taxMinor', label: 'Tax' },
  { key: 'tipsMinor', label: 'Tips' },
  { key: 'totalCollectedMinor', label: 'Total collected', strong: true },
  { key: 'stripeFeesMinor', label: 'Stripe processing fees' },
  { key: 'applicationFeesMinor', label: 'Platform fees' },
  { key: 'applicationFeeRefundsMinor', label: 'Platform fees returned' },
  { key: 'netToMerchantMinor', label: 'Net to you', strong: true },
  { key: 'salesCount', label: 'Sales', count: true },
  { key: 'refundsCount', label: 'Refunds (count)', count: true },
  { key: 'averageSaleMinor', label: 'Average sale' },
];
