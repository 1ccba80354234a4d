// Cart math: quantities, removal, and the pre-sale tax estimate (zero- and three-decimal currencies).
import { describe, expect, it } from 'vitest';
import { addProduct, cartTotals, changeQuantity, estimateTax, formatTaxRate, removeLine } from './cart.ts';

const latte = { id: 'p_latte', name: 'Latte', priceMinor: 450, category: 'Coffee' };
const bagel = { id: 'p_bagel', name: 'Bagel', priceMinor: 325, category: null };

describe('cart', () => {
  it('adds a product once and counts repeats as quantity', () => {
    const cart = addProduct(addProduct(addProduct([], latte), bagel), latte);
    expect(cart).toEqual([
      { productId: 'p_latte', name: 'Latte', unitPriceMinor: 450, quantity: 2 },
      { productId: 'p_bagel', name: 'Bagel', unitPriceMinor: 325, quantity: 1 },
    ]);
  });

  it('drops a line whose quantity reaches zero, and removes lines outright', () => {
    const cart = addProduct(addProduct([], latte), bagel);
    expect(changeQuantity(cart, 'p_latte', -1).map((line) => line.productId)).toEqual(['p_bagel']);
    expect(removeLine(cart, 'p_bagel').map((line) => line.productId)).toEqual(['p_latte']);
  });

  it('totals the cart with tax on the subtotal, rounded half up', () => {
    const cart = changeQuantity(addProduct(addProduct([], latte), bagel), 'p_latte', 1); // 900 + 325
    expect(cartTotals(cart, 863, 'usd')).toEqual({ subtotalMinor: 1225, taxMinor: 106, totalMinor: 1331 });
  });

  it('rounds a half minor unit up', () => {
    expect(estimateTax(50, 1000, 'usd')).toBe(5);
    expect(estimateTax(5, 1000, 'usd')).toBe(1); // 0.5 → 1
    expect(estimateTax(4, 1000, 'usd')).toBe(0);
  });

  it('taxes whole yen for a zero-decimal currency', () => {
    expect(estimateTax(1150, 1000, 'jpy')).toBe(115);
  });

  it('rounds three-decimal currencies to a multiple of 10', () => {
    expect(estimateTax(1234, 1000, 'kwd')).toBe(120);
  });

  it('shows the tax rate as a percentage', () => {
    expect(formatTaxRate(863)).toBe('8.63%');
    expect(formatTaxRate(1000)).toBe('10%');
  });
});
