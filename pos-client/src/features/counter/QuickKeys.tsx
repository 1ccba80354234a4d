/** The catalog's products as big quick keys with their price; a tap adds one to the cart. */
import type { Catalog, CatalogProduct } from '@countertop/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { useFormatters } from '../../hooks/use-formatters.ts';

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
  const { t } = useTranslation('counter');
  const format = useFormatters();
  // Prices formatted once per catalog and locale, not on every render (an Intl.NumberFormat each).
  const keys = useMemo(
    () =>
      catalog?.products.map((product) => ({ product, price: format.money(product.priceMinor, currency) })),
    [catalog, currency, format],
  );
  return (
    <section aria-label={t('products.label')}>
      <ErrorMessage text={error} />
      {!catalog && !error && <LoadingState label={t('products.loading')} />}
      {catalog && catalog.products.length === 0 && <EmptyState title={t('products.empty')} />}
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
