/**
 * An item's editor: name, price, SKU, colour, tax class, category, order, active; its variants with their
 * own prices; the modifier groups it offers; its availability and price at each location. A viewer who may
 * not change the whole catalog (a manager of some locations) changes the per-location part only.
 */
import type { Item, ItemBody, ItemLocationBody, MerchantCatalogResponse } from '@countertop/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button.tsx';
import { SelectField, TextField } from '../../../components/ui/Field.tsx';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { Checkbox, FormButtons } from './CatalogForms.tsx';
import { amountText, parsePrice } from './shop-forms.ts';

interface VariantDraft {
  id?: string;
  name: string;
  price: string;
  sku: string;
  active: boolean;
  /** The variant's per-location settings, kept as they are (this form does not edit them). */
  locations: { locationId: string; available: boolean; priceMinor: number | null }[];
}

interface LocationDraft {
  available: boolean;
  /** Blank: the catalog price. */
  price: string;
}

type TaxClass = 'standard' | 'reduced' | 'exempt';

export function ItemForm({
  api,
  catalog,
  item,
  onSaved,
  onCancel,
}: {
  api: {
    saveItem: (body: ItemBody, itemId?: string) => Promise<unknown>;
    saveItemLocation: (itemId: string, locationId: string, body: ItemLocationBody) => Promise<unknown>;
  };
  catalog: MerchantCatalogResponse;
  item: Item | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('merchant');
  const c = (key: string, options: Record<string, unknown> = {}) => t(`catalog.${key}`, options);
  const currency = catalog.currency;
  const editAll = catalog.canEditCatalog;
  const [name, setName] = useState(item?.name ?? '');
  const [categoryId, setCategoryId] = useState(item?.categoryId ?? '');
  const [price, setPrice] = useState(item ? amountText(item.priceMinor, currency) : '');
  const [sku, setSku] = useState(item?.sku ?? '');
  const [color, setColor] = useState(item?.color ?? '');
  const [taxClass, setTaxClass] = useState<TaxClass>(item?.taxClass ?? 'standard');
  const [sortOrder, setSortOrder] = useState(String(item?.sortOrder ?? 0));
  const [active, setActive] = useState(item?.active ?? true);
  const [variants, setVariants] = useState<VariantDraft[]>(
    item?.variants.map((variant) => ({
      id: variant.id,
      name: variant.name,
      price: amountText(variant.priceMinor, currency),
      sku: variant.sku ?? '',
      active: variant.active,
      locations: variant.locations,
    })) ?? [],
  );
  const [groupIds, setGroupIds] = useState<string[]>(item?.modifierGroupIds ?? []);
  const [locations, setLocations] = useState<Record<string, LocationDraft>>(() =>
    Object.fromEntries(
      catalog.locations.map((location) => {
        const setting = item?.locations.find((entry) => entry.locationId === location.id);
        return [
          location.id,
          {
            available: setting?.available ?? true,
            price: setting?.priceMinor == null ? '' : amountText(setting.priceMinor, currency),
          },
        ];
      }),
    ),
  );
  const action = useAction();
  const changeVariant = (index: number, patch: Partial<VariantDraft>) =>
    setVariants((list) => list.map((entry, at) => (at === index ? { ...entry, ...patch } : entry)));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const hasVariants = variants.some((variant) => variant.active);
    const priceMinor = price.trim() === '' && hasVariants ? 0 : parsePrice(price, currency);
    if (priceMinor === null) return action.fail(c('badPrice'));
    if (color.trim() && !/^#[0-9a-fA-F]{6}$/.test(color.trim())) return action.fail(c('badColor'));
    if (!/^\d{1,7}$/.test(sortOrder.trim())) return action.fail(c('badSort'));
    const parsedVariants: NonNullable<ItemBody['variants']> = [];
    for (const [index, variant] of variants.entries()) {
      const variantPrice = parsePrice(variant.price, currency);
      if (variantPrice === null) return action.fail(c('badVariantPrice', { number: index + 1 }));
      parsedVariants.push({
        ...(variant.id ? { id: variant.id } : {}),
        name: variant.name,
        priceMinor: variantPrice,
        sku: variant.sku.trim() || null,
        sortOrder: index,
        active: variant.active,
        locations: variant.locations,
      });
    }
    const parsedLocations: { locationId: string; available: boolean; priceMinor: number | null }[] = [];
    for (const location of catalog.locations) {
      const draft = locations[location.id];
      if (!draft) continue;
      const override = draft.price.trim() === '' ? null : parsePrice(draft.price, currency);
      if (draft.price.trim() !== '' && override === null) {
        return action.fail(c('badLocationPrice', { location: location.name }));
      }
      parsedLocations.push({ locationId: location.id, available: draft.available, priceMinor: override });
    }
    const itemId = item?.id;
    const saved = await action.run(async () => {
      if (editAll) {
        await api.saveItem(
          {
            name,
            categoryId: categoryId || null,
            priceMinor,
            sku: sku.trim() || null,
            color: color.trim() || null,
            taxClass,
            sortOrder: Number(sortOrder),
            active,
            variants: parsedVariants,
            modifierGroupIds: groupIds,
            locations: parsedLocations,
          },
          itemId,
        );
      } else if (itemId) {
        for (const setting of parsedLocations) {
          await api.saveItemLocation(itemId, setting.locationId, {
            available: setting.available,
            priceMinor: setting.priceMinor,
            // The variants' settings here stay as they are.
            variants: (item?.variants ?? []).flatMap((variant) => {
              const here = variant.locations.find((entry) => entry.locationId === setting.locationId);
              return here
                ? [{ variantId: variant.id, available: here.available, priceMinor: here.priceMinor }]
                : [];
            }),
          });
        }
      }
    });
    if (saved) onSaved();
  };

  return (
    <form className="stack item-form" onSubmit={(event) => void submit(event)}>
      <fieldset className="stack" disabled={!editAll}>
        <legend>{c('itemDetails')}</legend>
        <TextField label={c('itemName')} value={name} onChange={setName} required maxLength={60} />
        <SelectField
          label={c('category')}
          value={categoryId}
          options={[
            ['', c('noCategory')],
            ...catalog.categories.map((category) => [category.id, category.name] as const),
          ]}
          onChange={setCategoryId}
        />
        <TextField
          label={c('price')}
          value={price}
          onChange={setPrice}
          inputMode="decimal"
          hint={c('priceHint')}
        />
        <TextField label={c('sku')} value={sku} onChange={setSku} maxLength={40} />
        <TextField
          label={c('color')}
          value={color}
          onChange={setColor}
          placeholder="#1f8a70"
          hint={c('colorHint')}
        />
        <SelectField
          label={c('taxClass')}
          value={taxClass}
          options={[
            ['standard', c('taxClasses.standard')],
            ['reduced', c('taxClasses.reduced')],
            ['exempt', c('taxClasses.exempt')],
          ]}
          onChange={setTaxClass}
        />
        <TextField
          label={c('sortOrder')}
          value={sortOrder}
          onChange={setSortOrder}
          inputMode="numeric"
          hint={c('sortHint')}
        />
        <Checkbox label={c('activeLabel')} checked={active} onChange={setActive} />
      </fieldset>
      <fieldset className="stack" disabled={!editAll}>
        <legend>{c('variants')}</legend>
        <p className="muted">{c('variantsHint')}</p>
        {variants.map((variant, index) => (
          <div className="row" key={variant.id ?? `new-${index}`}>
            <TextField
              label={c('variantName', { number: index + 1 })}
              value={variant.name}
              onChange={(value) => changeVariant(index, { name: value })}
              required
              maxLength={60}
            />
            <TextField
              label={c('variantPrice', { number: index + 1 })}
              value={variant.price}
              onChange={(value) => changeVariant(index, { price: value })}
              inputMode="decimal"
              required
            />
            <TextField
              label={c('variantSku', { number: index + 1 })}
              value={variant.sku}
              onChange={(value) => changeVariant(index, { sku: value })}
              maxLength={40}
            />
            {variant.id ? (
              <Checkbox
                label={c('activeLabel')}
                checked={variant.active}
                onChange={(value) => changeVariant(index, { active: value })}
              />
            ) : (
              <Button
                size="small"
                onClick={() => setVariants((list) => list.filter((_, at) => at !== index))}
              >
                {c('remove')}
              </Button>
            )}
          </div>
        ))}
        <Button
          size="small"
          onClick={() =>
            setVariants((list) => [...list, { name: '', price: '', sku: '', active: true, locations: [] }])
          }
        >
          {c('addVariant')}
        </Button>
      </fieldset>
      <fieldset className="stack" disabled={!editAll}>
        <legend>{c('itemGroups')}</legend>
        {catalog.modifierGroups.length === 0 && <p className="muted">{c('noGroups')}</p>}
        {catalog.modifierGroups
          .filter((group) => group.active || groupIds.includes(group.id))
          .map((group) => (
            <Checkbox
              key={group.id}
              label={group.name}
              checked={groupIds.includes(group.id)}
              onChange={(checked) =>
                setGroupIds((list) => (checked ? [...list, group.id] : list.filter((id) => id !== group.id)))
              }
            />
          ))}
      </fieldset>
      <fieldset className="stack" disabled={!editAll && !item}>
        <legend>{c('atLocations')}</legend>
        {catalog.locations.map((location) => {
          const draft = locations[location.id] ?? { available: true, price: '' };
          const set = (patch: Partial<LocationDraft>) =>
            setLocations((all) => ({ ...all, [location.id]: { ...draft, ...patch } }));
          return (
            <div className="row" key={location.id}>
              <Checkbox
                label={c('availableAt', { location: location.name })}
                checked={draft.available}
                onChange={(value) => set({ available: value })}
              />
              <TextField
                label={c('priceAt', { location: location.name })}
                value={draft.price}
                onChange={(value) => set({ price: value })}
                inputMode="decimal"
                hint={c('priceAtHint')}
              />
            </div>
          );
        })}
      </fieldset>
      <ActionMessages action={action} />
      <FormButtons pending={action.pending} onCancel={onCancel} />
    </form>
  );
}
