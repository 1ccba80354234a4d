/**
 * The catalog tab (`/merchant/catalog`): each location's taxes, categories, items (variants, modifier
 * groups, per-location availability and prices), modifier groups, predefined discounts, and the item
 * library's CSV export and import. A viewer who may not change what applies to every location (a manager
 * of some locations) sees the library and edits items at their locations only.
 */
import type { Category, Discount, MerchantCatalogResponse, ModifierGroup } from '@countertop/shared';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button.tsx';
import { DataTable } from '../../../components/ui/DataTable.tsx';
import { Dialog } from '../../../components/ui/Dialog.tsx';
import { ErrorMessage } from '../../../components/ui/Messages.tsx';
import { EmptyState, LoadingState } from '../../../components/ui/States.tsx';
import { useAsync } from '../../../hooks/use-async.ts';
import { useFormatters } from '../../../hooks/use-formatters.ts';
import type { MerchantApi } from '../merchant-api.ts';
import { CategoryForm, DiscountForm, ModifierGroupForm } from './CatalogForms.tsx';
import { CsvSection } from './CsvSection.tsx';
import { ItemForm } from './ItemForm.tsx';
import { percentText } from './shop-forms.ts';
import { TaxesSection } from './TaxesSection.tsx';

type Editing =
  | { kind: 'category'; category: Category | null }
  | { kind: 'item'; itemId: string | null }
  | { kind: 'group'; group: ModifierGroup | null }
  | { kind: 'discount'; discount: Discount | null };

export function CatalogScreen({ api }: { api: MerchantApi }) {
  const { t } = useTranslation('merchant');
  const catalog = useAsync(() => api.catalog(), [api]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const data = catalog.data;
  const close = () => setEditing(null);
  const saved = () => {
    setEditing(null);
    catalog.reload();
  };

  return (
    <section className="stack" aria-labelledby="catalog-title">
      <div className="row merchant-toolbar">
        <h2 id="catalog-title">{t('catalog.title')}</h2>
      </div>
      <ErrorMessage text={catalog.error} />
      {catalog.loading && !data && <LoadingState />}
      {data && (
        <>
          {!data.canEditCatalog && <p className="muted">{t('catalog.locationsOnly')}</p>}
          <TaxesSection api={api} catalog={data} onSaved={catalog.reload} />
          <CategoriesTable catalog={data} onEdit={(category) => setEditing({ kind: 'category', category })} />
          <ItemsTable catalog={data} onEdit={(itemId) => setEditing({ kind: 'item', itemId })} />
          <GroupsTable catalog={data} onEdit={(group) => setEditing({ kind: 'group', group })} />
          <DiscountsTable catalog={data} onEdit={(discount) => setEditing({ kind: 'discount', discount })} />
          {data.canEditCatalog && <CsvSection api={api} onImported={catalog.reload} />}
          <Dialog open={editing !== null} title={editing ? dialogTitle(editing, t) : ''} onClose={close}>
            {editing?.kind === 'category' && (
              <CategoryForm api={api} category={editing.category} onSaved={saved} onCancel={close} />
            )}
            {editing?.kind === 'item' && (
              <ItemForm
                api={api}
                catalog={data}
                item={data.items.find((item) => item.id === editing.itemId) ?? null}
                onSaved={saved}
                onCancel={close}
              />
            )}
            {editing?.kind === 'group' && (
              <ModifierGroupForm
                api={api}
                currency={data.currency}
                group={editing.group}
                onSaved={saved}
                onCancel={close}
              />
            )}
            {editing?.kind === 'discount' && (
              <DiscountForm
                api={api}
                currency={data.currency}
                discount={editing.discount}
                onSaved={saved}
                onCancel={close}
              />
            )}
          </Dialog>
        </>
      )}
    </section>
  );
}

function dialogTitle(editing: Editing, t: TFunction<'merchant'>): string {
  switch (editing.kind) {
    case 'category':
      return editing.category
        ? t('catalog.editCategory', { name: editing.category.name })
        : t('catalog.addCategory');
    case 'item':
      return editing.itemId ? t('catalog.editItem') : t('catalog.addItem');
    case 'group':
      return editing.group ? t('catalog.editGroup', { name: editing.group.name }) : t('catalog.addGroup');
    case 'discount':
      return editing.discount
        ? t('catalog.editDiscount', { name: editing.discount.name })
        : t('catalog.addDiscount');
  }
}

function Status({ active }: { active: boolean }) {
  const { t } = useTranslation('merchant');
  return <>{active ? t('catalog.active') : t('catalog.inactive')}</>;
}

function Swatch({ color }: { color: string | null }) {
  if (!color) return <span className="muted">—</span>;
  return (
    <span className="row">
      <span className="swatch" style={{ background: color }} aria-hidden="true" />
      {color}
    </span>
  );
}

function CategoriesTable({
  catalog,
  onEdit,
}: {
  catalog: MerchantCatalogResponse;
  onEdit: (category: Category | null) => void;
}) {
  const { t } = useTranslation('merchant');
  const c = (key: string) => t(`catalog.${key}`);
  return (
    <section className="stack" aria-labelledby="categories-title">
      <div className="row merchant-toolbar">
        <h3 id="categories-title">{c('categories')}</h3>
        {catalog.canEditCatalog && <Button onClick={() => onEdit(null)}>{c('addCategory')}</Button>}
      </div>
      {catalog.categories.length === 0 ? (
        <EmptyState title={c('noCategories')} />
      ) : (
        <DataTable
          label={c('categories')}
          columns={[c('name'), c('color'), c('sortOrder'), c('status'), c('actions')]}
          numeric={[c('sortOrder')]}
        >
          {catalog.categories.map((category) => (
            <tr key={category.id}>
              <td>{category.name}</td>
              <td>
                <Swatch color={category.color} />
              </td>
              <td className="num">{category.sortOrder}</td>
              <td>
                <Status active={category.active} />
              </td>
              <td>
                {catalog.canEditCatalog && (
                  <Button
                    size="small"
                    onClick={() => onEdit(category)}
                    aria-label={t('catalog.editCategory', { name: category.name })}
                  >
                    {c('edit')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function ItemsTable({
  catalog,
  onEdit,
}: {
  catalog: MerchantCatalogResponse;
  onEdit: (itemId: string | null) => void;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const c = (key: string) => t(`catalog.${key}`);
  const categoryName = (id: string | null) =>
    catalog.categories.find((category) => category.id === id)?.name ?? '—';
  return (
    <section className="stack" aria-labelledby="items-title">
      <div className="row merchant-toolbar">
        <h3 id="items-title">{c('items')}</h3>
        {catalog.canEditCatalog && <Button onClick={() => onEdit(null)}>{c('addItem')}</Button>}
      </div>
      {catalog.items.length === 0 ? (
        <EmptyState title={c('noItems')} />
      ) : (
        <DataTable
          label={c('items')}
          columns={[c('name'), c('category'), c('price'), c('sku'), c('taxClass'), c('status'), c('actions')]}
          numeric={[c('price')]}
        >
          {catalog.items.map((item) => {
            const variants = item.variants.filter((variant) => variant.active);
            return (
              <tr key={item.id}>
                <td>
                  {item.name}
                  {variants.length > 0 && (
                    <div className="muted">
                      {variants
                        .map(
                          (variant) =>
                            `${variant.name} ${format.money(variant.priceMinor, catalog.currency)}`,
                        )
                        .join(' · ')}
                    </div>
                  )}
                </td>
                <td>{categoryName(item.categoryId)}</td>
                <td className="num">
                  {variants.length > 0 ? '—' : format.money(item.priceMinor, catalog.currency)}
                </td>
                <td>{item.sku ?? '—'}</td>
                <td>{t(`catalog.taxClasses.${item.taxClass}`)}</td>
                <td>
                  <Status active={item.active} />
                </td>
                <td>
                  <Button
                    size="small"
                    onClick={() => onEdit(item.id)}
                    aria-label={t('catalog.editItemNamed', { name: item.name })}
                  >
                    {c('edit')}
                  </Button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

function GroupsTable({
  catalog,
  onEdit,
}: {
  catalog: MerchantCatalogResponse;
  onEdit: (group: ModifierGroup | null) => void;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const c = (key: string) => t(`catalog.${key}`);
  return (
    <section className="stack" aria-labelledby="groups-title">
      <div className="row merchant-toolbar">
        <h3 id="groups-title">{c('groups')}</h3>
        {catalog.canEditCatalog && <Button onClick={() => onEdit(null)}>{c('addGroup')}</Button>}
      </div>
      {catalog.modifierGroups.length === 0 ? (
        <EmptyState title={c('noGroups')} />
      ) : (
        <DataTable
          label={c('groups')}
          columns={[c('name'), c('choices'), c('modifiers'), c('status'), c('actions')]}
        >
          {catalog.modifierGroups.map((group) => (
            <tr key={group.id}>
              <td>{group.name}</td>
              <td>{choicesText(group, t)}</td>
              <td>
                {group.modifiers
                  .filter((modifier) => modifier.active)
                  .map(
                    (modifier) =>
                      `${modifier.name} ${modifier.priceDeltaMinor >= 0 ? '+' : '−'}${format.money(Math.abs(modifier.priceDeltaMinor), catalog.currency)}`,
                  )
                  .join(' · ')}
              </td>
              <td>
                <Status active={group.active} />
              </td>
              <td>
                {catalog.canEditCatalog && (
                  <Button
                    size="small"
                    onClick={() => onEdit(group)}
                    aria-label={t('catalog.editGroup', { name: group.name })}
                  >
                    {c('edit')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

export function choicesText(
  group: Pick<ModifierGroup, 'minSelected' | 'maxSelected'>,
  t: TFunction<'merchant'>,
): string {
  const required =
    group.minSelected > 0 ? t('catalog.required', { min: group.minSelected }) : t('catalog.optional');
  const most =
    group.maxSelected === null ? t('catalog.anyNumber') : t('catalog.atMost', { max: group.maxSelected });
  return `${required}, ${most}`;
}

function DiscountsTable({
  catalog,
  onEdit,
}: {
  catalog: MerchantCatalogResponse;
  onEdit: (discount: Discount | null) => void;
}) {
  const { t } = useTranslation('merchant');
  const format = useFormatters();
  const c = (key: string) => t(`catalog.${key}`);
  return (
    <section className="stack" aria-labelledby="discounts-title">
      <div className="row merchant-toolbar">
        <h3 id="discounts-title">{c('discounts')}</h3>
        {catalog.canEditCatalog && <Button onClick={() => onEdit(null)}>{c('addDiscount')}</Button>}
      </div>
      {catalog.discounts.length === 0 ? (
        <EmptyState title={c('noDiscounts')} />
      ) : (
        <DataTable
          label={c('discounts')}
          columns={[c('name'), c('amount'), c('appliesTo'), c('status'), c('actions')]}
        >
          {catalog.discounts.map((discount) => (
            <tr key={discount.id}>
              <td>{discount.name}</td>
              <td>
                {discount.kind === 'percentage'
                  ? `${percentText(discount.percentBps ?? 0)} %`
                  : format.money(discount.amountMinor ?? 0, catalog.currency)}
              </td>
              <td>{t(`catalog.scopes.${discount.appliesTo}`)}</td>
              <td>
                <Status active={discount.active} />
              </td>
              <td>
                {catalog.canEditCatalog && (
                  <Button
                    size="small"
                    onClick={() => onEdit(discount)}
                    aria-label={t('catalog.editDiscount', { name: discount.name })}
                  >
                    {c('edit')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
