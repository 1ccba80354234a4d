/** The catalog's products as big quick keys with their price; a tap adds one to the cart. */
import { type Catalog, type CatalogProduct, formatMoney } from '@countertop/shared';
import { useMemo } from 'react';
import { ErrorMessage } from '../../components/ui/Messages.tsx';

export function QuickKeys({
  catalog,
  error,
  currency,
  disabled,
  onAdd,
}: {
  catalog: Catalog | null;
  error: string | null;
  currency: string;
  disabled: boolean;
  onAdd: (product: CatalogProduct) => void;
}) {
  // Prices formatted once per catalog, not on every render (an Intl.NumberFormat each: costly at load).
  const keys = useMemo(
    () => catalog?.products.map((product) => ({ product, price: formatMoney(product.priceMinor, currency) })),
    [catalog, currency],
  );
  return (
    <section aria-label="Products">
      <ErrorMessage text={error} />
      {!catalog && !error && <p role="status">Loading products…</p>}
      <div className="quick-keys">
        {keys?.map(({ product, price }) => (
          <button
            key={product.id}
            type="button"
            className="button key-product"
            aria-label={`${product.name}, ${price}`}
            onClick={() => onAdd(product)}
            disabled={disabled}
          >
            <span className="name">{product.name}</span>
            <span className="price">{price}</span>
          </button>
        ))}
      </div>
    </section>
  );
}
