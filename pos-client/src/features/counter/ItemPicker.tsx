/**
 * The variant and modifier picker of one item: its variants (one to choose), then each modifier group with
 * its rule ("choose 1", "up to 3"), the price as chosen, and Add once every required group has its choice.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import type { Catalog, CounterItem } from '@countertop/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { Dialog } from '../../components/ui/Dialog.tsx';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { type CartLine, groupsOf, lineFor, modifierProblems, toggleModifier } from './cart.ts';

export function ItemPicker({
  catalog,
  item,
  currency,
  onAdd,
  onClose,
}: {
  catalog: Catalog;
  item: CounterItem;
  currency: string;
  onAdd: (line: CartLine) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const [variantId, setVariantId] = useState<string | null>(
    item.variants.length === 1 ? (item.variants[0]?.id ?? null) : null,
  );
  const [selected, setSelected] = useState<string[]>([]);
  const groups = groupsOf(catalog, item);
  const needVariant = item.variants.length > 0 && variantId === null;
  const problems = modifierProblems(groups, selected);
  const line = needVariant ? null : lineFor(catalog, item, variantId, selected);
  const missing = needVariant
    ? t('picker.chooseVariant')
    : problems.length > 0
      ? t('picker.chooseIn', { group: problems[0]?.group.name ?? '' })
      : null;
  const signed = (delta: number) =>
    delta === 0 ? '' : `${delta > 0 ? '+' : '−'}${format.money(Math.abs(delta), currency)}`;

  return (
    <Dialog open title={item.name} onClose={onClose} className="picker">
      {item.variants.length > 0 && (
        <fieldset className="choice-group">
          <legend>{t('picker.variant')}</legend>
          {item.variants.map((variant) => (
            <label key={variant.id} className="choice">
              <input
                type="radio"
                name={`variant-${item.id}`}
                checked={variantId === variant.id}
                onChange={() => setVariantId(variant.id)}
              />
              <span>{variant.name}</span>
              <span className="muted">{format.money(variant.priceMinor, currency)}</span>
            </label>
          ))}
        </fieldset>
      )}
      {groups.map((group) => (
        <fieldset key={group.id} className="choice-group">
          <legend>
            {group.name}{' '}
            <span className="muted">
              {group.minSelected > 0
                ? t('picker.required', { count: group.minSelected })
                : group.maxSelected === null
                  ? t('picker.any')
                  : t('picker.upTo', { count: group.maxSelected })}
            </span>
          </legend>
          {group.modifiers.map((modifier) => (
            <label key={modifier.id} className="choice">
              <input
                type="checkbox"
                checked={selected.includes(modifier.id)}
                onChange={() => setSelected((current) => toggleModifier(group, current, modifier.id))}
              />
              <span>{modifier.name}</span>
              <span className="muted">{signed(modifier.priceDeltaMinor)}</span>
            </label>
          ))}
        </fieldset>
      ))}
      {missing && (
        <p className="muted" role="status">
          {missing}
        </p>
      )}
      <div className="dialog-actions">
        <Button onClick={onClose}>{t('picker.cancel')}</Button>
        <Button
          variant="primary"
          disabled={line === null || problems.length > 0}
          onClick={() => {
            if (line) onAdd(line);
          }}
        >
          {line
            ? t('picker.add', { price: format.money(line.unitPriceMinor, currency) })
            : t('picker.addPlain')}
        </Button>
      </div>
    </Dialog>
  );
}
