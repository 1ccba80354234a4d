// Cart math: quantities, removal, and the pre-sale totals (the tax rounding cases themselves are in
// shared/src/tax.test.ts, with the one rule the cart and the server share).
import { describe, expect, it } from 'vitest';
import { addProduct, cartTotals, changeQuantity, formatTaxRate, removeLine } from './cart.ts';

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

  it('totals a yen cart in whole yen and a three-decimal cart in steps of 10', () => {
    const matcha = { id: 'p_matcha', name: 'Matcha', priceMinor: 1150, category: null };
    expect(cartTotals(addProduct([], matcha), 1000, 'jpy')).toEqual({
      subtotalMinor: 1150,
      taxMinor: 115,
      totalMinor: 1265,
    });
    const tea = { id: 'p_tea', name: 'Tea', priceMinor: 1234, category: null };
    expect(cartTotals(addProduct([], tea), 1000, 'kwd')).toEqual({
      subtotalMinor: 1234,
      taxMinor: 120,
      totalMinor: 1354,
    });
  });

  it('shows the tax rate as a percentage', () => {
    expect(formatTaxRate(863)).toBe('8.63%');
    expect(formatTaxRate(1000)).toBe('10%');
  });
});
