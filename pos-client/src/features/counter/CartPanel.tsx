/**
 * The side panel with what is due: the cart's lines (one more, one less, remove, clear) with subtotal and
 * tax, or a keyed amount; the total, and the Charge button with why it cannot charge yet. On a phone the
 * total and Charge stay in a bar at the bottom of the screen (`charge-bar`), however long the page is.
 */
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../hooks/use-formatters.ts';
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
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const formatMoney = format.money;
  return (
    <section className="panel cart" aria-labelledby={`${idPrefix}-cart`}>
      <h2 id={`${idPrefix}-cart`}>{mode === 'products' ? t('cart.title') : t('cart.totalDue')}</h2>
      {mode === 'products' && cart.length === 0 && <p className="muted">{t('cart.empty')}</p>}
      {mode === 'products' && cart.length > 0 && (
        <ul className="cart-lines">
          {cart.map((line) => (
            <li key={line.productId} className="cart-line">
              <span className="name">{line.name}</span>
              <span className="qty">
                <button
                  type="button"
                  className="button small"
                  aria-label={t('cart.oneLess', { name: line.name })}
                  disabled={!idle}
                  onClick={() => onCartChange((current) => changeQuantity(current, line.productId, -1))}
                >
                  −
                </button>
                <output aria-label={t('cart.quantity', { name: line.name })}>{line.quantity}</output>
                <button
                  type="button"
                  className="button small"
                  aria-label={t('cart.oneMore', { name: line.name })}
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
                aria-label={t('cart.remove', { name: line.name })}
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
          {t('cart.clear')}
        </button>
      )}
      {mode === 'products' && (
        <dl className="totals">
          <dt>{t('cart.subtotal')}</dt>
          <dd data-testid="subtotal">{formatMoney(totals.subtotalMinor, currency)}</dd>
          <dt>{t('cart.tax', { rate: formatTaxRate(taxRateBps) })}</dt>
          <dd data-testid="tax">{formatMoney(totals.taxMinor, currency)}</dd>
        </dl>
      )}
      <div className="charge-bar">
        <dl className="totals">
          <dt className="total">{t('cart.total')}</dt>
          <dd className="total" data-testid="total">
            {formatMoney(dueMinor, currency)}
          </dd>
        </dl>
        <button
          type="button"
          className="button primary charge"
          onClick={onCharge}
          disabled={chargeBlocker !== null || !idle}
          aria-keyshortcuts="Enter"
          aria-describedby={chargeBlocker ? `${idPrefix}-blocker` : undefined}
        >
          {t('cart.charge', { amount: formatMoney(dueMinor, currency) })}
        </button>
        {chargeBlocker && (
          <p id={`${idPrefix}-blocker`} className="muted">
            {chargeBlocker}
          </p>
        )}
      </div>
    </section>
  );
}
