/**
 * Selling from the shop's catalog: categories as tabs, a search by name or SKU, and the items as tiles in
 * their colour with their price ("from" the lowest variant's). A tap adds the item; an item with a variant
 * or a required modifier to choose opens the picker first, and an item with optional modifiers has a small
 * "options" button beside its tile.
 */
import type { Catalog, CounterItem } from '@countertop/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { TextField } from '../../components/ui/Field.tsx';
import { ErrorMessage } from '../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../components/ui/States.tsx';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { groupsOf, needsChoice, visibleItems } from './cart.ts';

export function SellPanel({
  catalog,
  error,
  currency,
  disabled,
  onAdd,
  onChoose,
}: {
  catalog: Catalog | null;
  error: string | null;
  currency: string;
  disabled: boolean;
  /** Adds one of the item as it is (no variant, no modifiers). */
  onAdd: (item: CounterItem) => void;
  /** Opens the picker for the item's variant and modifiers. */
  onChoose: (item: CounterItem) => void;
}) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const categories = catalog?.categories ?? [];
  const colorOf = (item: CounterItem) =>
    item.color ?? categories.find((category) => category.id === item.categoryId)?.color ?? null;
  // Prices formatted once per catalog and locale, not on every render (an Intl.NumberFormat each).
  const tiles = useMemo(
    () =>
      catalog
        ? visibleItems(catalog.items, categoryId, query).map((item) => {
            const price = format.money(item.priceMinor, currency);
            return {
              item,
              label: item.variants.length > 0 ? t('sell.fromPrice', { price }) : price,
              choose: needsChoice(catalog, item),
              options: groupsOf(catalog, item).length > 0,
            };
          })
        : [],
    [catalog, categoryId, query, currency, format, t],
  );
  return (
    <section aria-label={t('products.label')} className="sell-panel">
      <ErrorMessage text={error} />
      {!catalog && !error && <LoadingState label={t('products.loading')} />}
      {catalog && (
        <div className="sell-tools">
          <fieldset className="row tabs category-tabs">
            <legend className="visually-hidden">{t('sell.categories')}</legend>
            <Button className="tab" aria-pressed={categoryId === null} onClick={() => setCategoryId(null)}>
              {t('sell.all')}
            </Button>
            {categories.map((category) => (
              <Button
                key={category.id}
                className="tab"
                aria-pressed={categoryId === category.id}
                onClick={() => setCategoryId(category.id)}
              >
                {category.name}
              </Button>
            ))}
          </fieldset>
          <TextField
            label={t('sell.search')}
            type="search"
            value={query}
            onChange={setQuery}
            autoComplete="off"
          />
        </div>
      )}
      {catalog && tiles.length === 0 && (
        <EmptyState title={query ? t('sell.noMatch', { query }) : t('products.empty')} />
      )}
      <div className="quick-keys">
        {tiles.map(({ item, label, choose, options }) => (
          <div key={item.id} className="tile" style={{ borderColor: colorOf(item) ?? undefined }}>
            <button
              type="button"
              className="button key-product"
              aria-label={`${item.name}, ${label}`}
              aria-haspopup={choose ? 'dialog' : undefined}
              onClick={() => (choose ? onChoose(item) : onAdd(item))}
              disabled={disabled}
            >
              <span
                className="swatch"
                style={{ background: colorOf(item) ?? undefined }}
                aria-hidden="true"
              />
              {/* A space between them, so the visible text reads as the name does ("Flat white from $4.75"). */}
              <span className="name">{item.name}</span> <span className="price">{label}</span>
            </button>
            {options && !choose && (
              <button
                type="button"
                className="button small tile-options"
                aria-label={t('sell.options', { name: item.name })}
                aria-haspopup="dialog"
                disabled={disabled}
                onClick={() => onChoose(item)}
              >
                …
              </button>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
