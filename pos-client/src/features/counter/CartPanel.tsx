/**
 * The side panel with what is due: the cart's lines (variant, modifiers and discount shown; one more, one
 * less, a discount, remove, clear), the sale's discount, subtotal, discounts and tax (included or added,
 * one row per rate), or a keyed amount; the total, Charge (card) and Cash or split, with why it cannot
 * charge yet. On a phone the total and Charge stay in a bar at the bottom of the screen (`charge-bar`).
 */
import type { Catalog, DiscountInput, PricedSale } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { OnDemand } from '../../components/ui/OnDemand.tsx';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { lazyScreen } from '../../lib/lazy-screen.ts';
import { type CartLine, formatTaxRate } from './cart.ts';

/**
 * The cart's lines and their strings (lib/i18n/later.ts, Japanese too when in use): loaded on demand,
 * fetched by the counter as soon as it is ready (`CartLines.prefetch()`).
 */
export const CartLines = lazyScreen(() => import('./CartLines.tsx').then((module) => module.CartLines));

/** A discount as the cart names it: the merchant's name, or "10%" / "$1.00" for a custom one. */
export function useDiscountName(catalog: Catalog | null, currency: string) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  return (discount: DiscountInput): string => {
    if ('discountId' in discount) {
      return catalog?.discounts.find((found) => found.id === discount.discountId)?.name ?? t('discount.gone');
    }
    const value =
      'percentBps' in discount
        ? `${discount.percentBps / 100}%`
        : format.money(discount.amountMinor, currency);
    return t('discount.custom', { value });
  };
}

export function CartPanel({
  idPrefix,
  mode,
  catalog,
  cart,
  saleDiscount,
  priced,
  dueMinor,
  currency,
  idle,
  chargeBlocker,
  cashBlocker,
  onCartChange,
  onLineDiscount,
  onSaleDiscount,
  onCharge,
  onCashOrSplit,
}: {
  idPrefix: string;
  mode: 'products' | 'keyed';
  catalog: Catalog | null;
  cart: CartLine[];
  saleDiscount: DiscountInput | null;
  /** The cart priced by the shared rule (null: it cannot be priced, e.g. a discount taking all). */
  priced: PricedSale | null;
  dueMinor: number;
  currency: string;
  /** No payment under way: the cart can change and Charge can be pressed. */
  idle: boolean;
  /** Why Charge (card) is disabled, in cashier words; null when it can charge. */
  chargeBlocker: string | null;
  /** Why Cash or split is disabled; null when it can be used. */
  cashBlocker: string | null;
  onCartChange: (change: (cart: CartLine[]) => CartLine[]) => void;
  onLineDiscount: (line: CartLine) => void;
  onSaleDiscount: () => void;
  onCharge: () => void;
  onCashOrSplit: () => void;
}) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const formatMoney = format.money;
  const discountName = useDiscountName(catalog, currency);
  const taxName = catalog?.taxes.taxName ?? t('cart.taxDefault');
  const blocker = chargeBlocker ?? cashBlocker;
  return (
    <section className="panel cart" aria-labelledby={`${idPrefix}-cart`}>
      <h2 id={`${idPrefix}-cart`}>{mode === 'products' ? t('cart.title') : t('cart.totalDue')}</h2>
      {mode === 'products' && cart.length === 0 && <p className="muted">{t('cart.empty')}</p>}
      {mode === 'products' && cart.length > 0 && (
        <OnDemand>
          <CartLines
            catalog={catalog}
            cart={cart}
            saleDiscount={saleDiscount}
            priced={priced}
            currency={currency}
            idle={idle}
            onCartChange={onCartChange}
            onLineDiscount={onLineDiscount}
            onSaleDiscount={onSaleDiscount}
          />
        </OnDemand>
      )}
      {mode === 'products' && (
        <dl className="totals">
          <dt>{t('cart.subtotal')}</dt>
          <dd data-testid="subtotal">{formatMoney(priced?.subtotalMinor ?? 0, currency)}</dd>
          {priced && priced.discountMinor > 0 && (
            <>
              <dt>
                {saleDiscount
                  ? t('cart.discountsWith', { name: discountName(saleDiscount) })
                  : t('cart.discounts')}
              </dt>
              <dd data-testid="discount">−{formatMoney(priced.discountMinor, currency)}</dd>
            </>
          )}
          {(priced?.taxes.length ? priced.taxes : [null]).map((tax) => (
            <div key={tax?.taxClass ?? 'none'} className="totals-row">
              <dt>
                {priced?.taxIncluded
                  ? t('cart.taxIncluded', { name: taxName, rate: formatTaxRate(tax?.rateBps ?? 0) })
                  : t('cart.tax', {
                      rate: formatTaxRate(tax?.rateBps ?? catalog?.taxes.standardRateBps ?? 0),
                    })}
              </dt>
              <dd data-testid="tax">{formatMoney(tax?.taxMinor ?? 0, currency)}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="charge-bar">
        <dl className="totals">
          <dt className="total">{t('cart.total')}</dt>
          <dd className="total" data-testid="total">
            {formatMoney(dueMinor, currency)}
            {mode === 'products' && priced?.taxIncluded && (
              <small className="muted"> {t('cart.includesTax')}</small>
            )}
          </dd>
        </dl>
        <button
          type="button"
          className="button primary charge"
          onClick={onCharge}
          disabled={chargeBlocker !== null || !idle}
          aria-keyshortcuts="Enter"
          aria-describedby={blocker ? `${idPrefix}-blocker` : undefined}
        >
          {t('cart.charge', { amount: formatMoney(dueMinor, currency) })}
        </button>
        <button
          type="button"
          className="button big"
          onClick={onCashOrSplit}
          disabled={cashBlocker !== null || !idle}
          aria-describedby={blocker ? `${idPrefix}-blocker` : undefined}
        >
          {t('cart.cashOrSplit')}
        </button>
        {blocker && (
          <p id={`${idPrefix}-blocker`} className="muted">
            {blocker}
          </p>
        )}
      </div>
    </section>
  );
}
