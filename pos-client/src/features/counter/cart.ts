/**
 * The cashier's cart (pure): add products, change quantities, and the totals shown before the sale exists
 * (tax by the server's own rule, `taxOnSubtotalMinor` from @countertop/shared). Once the sale is created
 * the server's figures are shown instead.
 */
import { type CatalogProduct, MAX_LINE_ITEMS, MAX_QUANTITY, taxOnSubtotalMinor } from '@countertop/shared';

export interface CartLine {
  productId: string;
  name: string;
  unitPriceMinor: number;
  quantity: number;
}

export interface CartTotals {
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export function addProduct(cart: readonly CartLine[], product: CatalogProduct): CartLine[] {
  const existing = cart.find((line) => line.productId === product.id);
  if (existing) return changeQuantity(cart, product.id, 1);
  if (cart.length >= MAX_LINE_ITEMS) return [...cart];
  return [
    ...cart,
    { productId: product.id, name: product.name, unitPriceMinor: product.priceMinor, quantity: 1 },
  ];
}

/** Adds `delta` units (negative removes); a line that reaches zero leaves the cart. */
export function changeQuantity(cart: readonly CartLine[], productId: string, delta: number): CartLine[] {
  return cart
    .map((line) =>
      line.productId === productId
        ? { ...line, quantity: Math.min(MAX_QUANTITY, Math.max(0, line.quantity + delta)) }
        : line,
    )
    .filter((line) => line.quantity > 0);
}

export function removeLine(cart: readonly CartLine[], productId: string): CartLine[] {
  return cart.filter((line) => line.productId !== productId);
}

export function cartTotals(cart: readonly CartLine[], taxRateBps: number, currency: string): CartTotals {
  const subtotalMinor = cart.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
  const taxMinor = taxOnSubtotalMinor(subtotalMinor, taxRateBps, currency);
  return { subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor };
}

/** "8.625%" from 863 bps → "8.63%"; whole percentages drop the decimals. */
export function formatTaxRate(taxRateBps: number): string {
  const percent = taxRateBps / 100;
  return `${Number.isInteger(percent) ? percent : percent.toFixed(2)}%`;
}
