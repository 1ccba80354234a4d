/**
 * The side panel with what is due: the cart's lines (one more, one less, remove, clear) with subtotal and
 * tax, or a keyed amount; the total, and the Charge button with why it cannot charge yet.
 */
import { formatMoney } from '@countertop/shared';
import { type CartLine, type CartTotals, changeQuantity, formatTaxRate, removeLine } from './cart.ts';

export function CartPanel({
  idPrefix,
  mode,
  cart,
  totals,
  taxRateBps,
  dueMinor,
  currency,
  idle,
  chargeBlocker,
  onCartChange,
  onCharge,
}: {
  idPrefix: string;
  mode: 'products' | 'keyed';
  cart: CartLine[];
  totals: CartTotals;
  taxRateBps: number;
  dueMinor: number;
  currency: string;
  /** No payment under way: the cart can change and Charge can be pressed. */
  idle: boolean;
  /** Why Charge is disabled, in cashier words; null when it can charge. */
  chargeBlocker: string | null;
  onCartChange: (change: (cart: CartLine[]) => CartLine[]) => void;
  onCharge: () => void;
}) {
  return (
    <section className="panel cart" aria-labelledby={`${idPrefix}-cart`}>
      <h2 id={`${idPrefix}-cart`}>{mode === 'products' ? 'Cart' : 'Total due'}</h2>
      {mode === 'products' && cart.length === 0 && <p className="muted">Tap a product to add it.</p>}
      {mode === 'products' && cart.length > 0 && (
        <ul className="cart-lines">
          {cart.map((line) => (
            <li key={line.productId} className="cart-line">
              <span className="name">{line.name}</span>
              <span className="qty">
                <button
                  type="button"
                  className="button small"
                  aria-label={`One less ${line.name}`}
                  disabled={!idle}
                  onClick={() => onCartChange((current) => changeQuantity(current, line.productId, -1))}
                >
                  −
                </button>
                <output aria-label={`${line.name} quantity`}>{line.quantity}</output>
                <button
                  type="button"
                  className="button small"
                  aria-label={`One more ${line.name}`}
                  disabled={!idle}
                  onClick={() => onCartChange((current) => changeQuantity(current, line.productId, 1))}
                >
                  +
                </button>
              </span>
              <span className="amount">{formatMoney(line.unitPriceMinor * line.quantity, currency)}</span>
              <button
                type="button"
                className="button small"
                aria-label={`Remove ${line.name}`}
                disabled={!idle}
                onClick={() => onCartChange((current) => removeLine(current, line.productId))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {mode === 'products' && cart.length > 0 && (
        <button
          type="button"
          className="button small"
          disabled={!idle}
          onClick={() => onCartChange(() => [])}
        >
          Clear cart
        </button>
      )}
      <dl className="totals">
        {mode === 'products' && (
          <>
            <dt>Subtotal</dt>
            <dd data-testid="subtotal">{formatMoney(totals.subtotalMinor, currency)}</dd>
            <dt>Tax ({formatTaxRate(taxRateBps)})</dt>
            <dd data-testid="tax">{formatMoney(totals.taxMinor, currency)}</dd>
          </>
        )}
        <dt className="total">Total</dt>
        <dd className="total" data-testid="total">
          {formatMoney(dueMinor, currency)}
        </dd>
      </dl>
      <button
        type="button"
        className="button primary charge"
        onClick={onCharge}
        disabled={chargeBlocker !== null || !idle}
        aria-describedby={chargeBlocker ? `${idPrefix}-blocker` : undefined}
      >
        Charge {formatMoney(dueMinor, currency)}
      </button>
      {chargeBlocker && (
        <p id={`${idPrefix}-blocker`} className="muted">
          {chargeBlocker}
        </p>
      )}
    </section>
  );
}
