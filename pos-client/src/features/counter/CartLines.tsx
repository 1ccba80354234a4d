/**
 * The cart's lines (variant, modifiers and discount shown; one more, one less, a discount, remove) and the
 * sale's discount and clear buttons: shown once something is in the cart, so loaded on demand (the counter
 * fetches it as soon as it is ready), not with the counter's first load.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import type { Catalog, DiscountInput, PricedSale } from '@countertop/shared';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { useDiscountName } from './CartPanel.tsx';
import { type CartLine, changeQuantity, removeLine } from './cart.ts';

export function CartLines({
  catalog,
  cart,
  saleDiscount,
  priced,
  currency,
  idle,
  onCartChange,
  onLineDiscount,
  onSaleDiscount,
}: {
  catalog: Catalog | null;
  cart: CartLine[];
  saleDiscount: DiscountInput | null;
  priced: PricedSale | null;
  currency: string;
  idle: boolean;
  onCartChange: (change: (cart: CartLine[]) => CartLine[]) => void;
  onLineDiscount: (line: CartLine) => void;
  onSaleDiscount: () => void;
}) {
  const { t } = useTranslation('counter');
  const formatMoney = useFormatters().money;
  const discountName = useDiscountName(catalog, currency);
  return (
    <>
      <ul className="cart-lines">
        {cart.map((line, index) => {
          const pricedLine = priced?.lines[index];
          const details = [line.variantName, ...line.modifierNames].filter(Boolean).join(', ');
          const label = line.variantName ? `${line.name} (${line.variantName})` : line.name;
          return (
            <li key={line.key} className="cart-line">
              <span className="name">
                {line.name}
                {details && <small className="muted line-details">{details}</small>}
                {line.discount && (
                  <small className="line-discount">
                    {discountName(line.discount)}
                    {pricedLine ? ` −${formatMoney(pricedLine.lineDiscountMinor, currency)}` : ''}
                  </small>
                )}
              </span>
              <span className="qty">
                <button
                  type="button"
                  className="button small"
                  aria-label={t('cart.oneLess', { name: label })}
                  disabled={!idle}
                  onClick={() => onCartChange((current) => changeQuantity(current, line.key, -1))}
                >
                  −
                </button>
                <output aria-label={t('cart.quantity', { name: label })}>{line.quantity}</output>
                <button
                  type="button"
                  className="button small"
                  aria-label={t('cart.oneMore', { name: label })}
                  disabled={!idle}
                  onClick={() => onCartChange((current) => changeQuantity(current, line.key, 1))}
                >
                  +
                </button>
              </span>
              <span className="amount">{formatMoney(line.unitPriceMinor * line.quantity, currency)}</span>
              <span className="line-actions">
                <button
                  type="button"
                  className="button small"
                  aria-label={t('cart.discountLine', { name: label })}
                  aria-haspopup="dialog"
                  disabled={!idle}
                  onClick={() => onLineDiscount(line)}
                >
                  %
                </button>
                <button
                  type="button"
                  className="button small"
                  aria-label={t('cart.remove', { name: label })}
                  disabled={!idle}
                  onClick={() => onCartChange((current) => removeLine(current, line.key))}
                >
                  ×
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      <div className="row">
        <button
          type="button"
          className="button small"
          disabled={!idle}
          onClick={onSaleDiscount}
          aria-haspopup="dialog"
        >
          {saleDiscount ? t('cart.changeSaleDiscount') : t('cart.discountSale')}
        </button>
        <button
          type="button"
          className="button small"
          disabled={!idle}
          onClick={() => onCartChange(() => [])}
        >
          {t('cart.clear')}
        </button>
      </div>
    </>
  );
}
