/** The catalog's smaller editors: a category, a modifier group with its modifiers, a discount. */
import type { Category, Discount, ModifierGroup } from '@countertop/shared';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/Button.tsx';
import { SelectField, TextField } from '../../../components/ui/Field.tsx';
import { ActionMessages } from '../../../components/ui/Messages.tsx';
import { useAction } from '../../../hooks/use-action.ts';
import { amountText, parseDelta, parsePercent, parsePrice, percentText } from './shop-forms.ts';

export function Checkbox({
  label,
  checked,
  onChange,
  disabled,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label className="row checkbox">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChange(event.target.checked)}
      />
      <span>{label}</span>
    </label>
  );
}

export function FormButtons({ pending, onCancel }: { pending: boolean; onCancel: () => void }) {
  const { t } = useTranslation('merchant');
  return (
    <div className="row">
      <Button type="submit" variant="primary" disabled={pending}>
        {t('catalog.save')}
      </Button>
      <Button onClick={onCancel}>{t('catalog.cancel')}</Button>
    </div>
  );
}

const COLOR = /^#[0-9a-fA-F]{6}$/;
const SORT = /^\d{1,7}$/;

export function CategoryForm({
  api,
  category,
  onSaved,
  onCancel,
}: {
  api: { saveCategory: (body: import('@countertop/shared').CategoryBody, id?: string) => Promise<unknown> };
  category: Category | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('merchant');
  const c = (key: string) => t(`catalog.${key}`);
  const [name, setName] = useState(category?.name ?? '');
  const [color, setColor] = useState(category?.color ?? '');
  const [sortOrder, setSortOrder] = useState(String(category?.sortOrder ?? 0));
  const [active, setActive] = useState(category?.active ?? true);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (color.trim() && !COLOR.test(color.trim())) return action.fail(c('badColor'));
    if (!SORT.test(sortOrder.trim())) return action.fail(c('badSort'));
    const body = { name, color: color.trim() || null, sortOrder: Number(sortOrder), active };
    if (await action.run(() => api.saveCategory(body, category?.id))) onSaved();
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <TextField label={c('name')} value={name} onChange={setName} required maxLength={60} />
      <TextField
        label={c('color')}
        value={color}
        onChange={setColor}
        placeholder="#1f8a70"
        hint={c('colorHint')}
      />
      <TextField
        label={c('sortOrder')}
        value={sortOrder}
        onChange={setSortOrder}
        inputMode="numeric"
        hint={c('sortHint')}
      />
      <Checkbox label={c('activeLabel')} checked={active} onChange={setActive} />
      <ActionMessages action={action} />
      <FormButtons pending={action.pending} onCancel={onCancel} />
    </form>
  );
}

interface ModifierDraft {
  id?: string;
  name: string;
  delta: string;
  active: boolean;
}

export function ModifierGroupForm({
  api,
  currency,
  group,
  onSaved,
  onCancel,
}: {
  api: {
    saveModifierGroup: (
      body: import('@countertop/shared').ModifierGroupBody,
      id?: string,
    ) => Promise<unknown>;
  };
  currency: string;
  group: ModifierGroup | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('merchant');
  const c = (key: string, options: Record<string, unknown> = {}) => t(`catalog.${key}`, options);
  const [name, setName] = useState(group?.name ?? '');
  const [minSelected, setMinSelected] = useState(String(group?.minSelected ?? 0));
  const [maxSelected, setMaxSelected] = useState(group?.maxSelected == null ? '' : String(group.maxSelected));
  const [active, setActive] = useState(group?.active ?? true);
  const [modifiers, setModifiers] = useState<ModifierDraft[]>(
    group?.modifiers.map((modifier) => ({
      id: modifier.id,
      name: modifier.name,
      delta: amountText(modifier.priceDeltaMinor, currency),
      active: modifier.active,
    })) ?? [{ name: '', delta: amountText(0, currency), active: true }],
  );
  const action = useAction();
  const change = (index: number, patch: Partial<ModifierDraft>) =>
    setModifiers((list) => list.map((entry, at) => (at === index ? { ...entry, ...patch } : entry)));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!/^\d{1,2}$/.test(minSelected.trim())) return action.fail(c('badMin'));
    if (maxSelected.trim() && !/^\d{1,2}$/.test(maxSelected.trim())) return action.fail(c('badMax'));
    const parsed = [];
    for (const [index, modifier] of modifiers.entries()) {
      const delta = parseDelta(modifier.delta, currency);
      if (delta === null) return action.fail(c('badDelta', { number: index + 1 }));
      parsed.push({
        ...(modifier.id ? { id: modifier.id } : {}),
        name: modifier.name,
        priceDeltaMinor: delta,
        sortOrder: index,
        active: modifier.active,
      });
    }
    const body = {
      name,
      minSelected: Number(minSelected),
      maxSelected: maxSelected.trim() ? Number(maxSelected) : null,
      active,
      modifiers: parsed,
    };
    if (await action.run(() => api.saveModifierGroup(body, group?.id))) onSaved();
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <TextField label={c('groupName')} value={name} onChange={setName} required maxLength={60} />
      <TextField
        label={c('minSelected')}
        value={minSelected}
        onChange={setMinSelected}
        inputMode="numeric"
        hint={c('minHint')}
      />
      <TextField
        label={c('maxSelected')}
        value={maxSelected}
        onChange={setMaxSelected}
        inputMode="numeric"
        hint={c('maxHint')}
      />
      <Checkbox label={c('activeLabel')} checked={active} onChange={setActive} />
      <fieldset className="stack">
        <legend>{c('modifiers')}</legend>
        {modifiers.map((modifier, index) => (
          <div className="row" key={modifier.id ?? `new-${index}`}>
            <TextField
              label={c('modifierName', { number: index + 1 })}
              value={modifier.name}
              onChange={(value) => change(index, { name: value })}
              required
              maxLength={60}
            />
            <TextField
              label={c('modifierDelta', { number: index + 1 })}
              value={modifier.delta}
              onChange={(value) => change(index, { delta: value })}
              inputMode="decimal"
            />
            {modifier.id ? (
              <Checkbox
                label={c('activeLabel')}
                checked={modifier.active}
                onChange={(value) => change(index, { active: value })}
              />
            ) : (
              <Button
                size="small"
                onClick={() => setModifiers((list) => list.filter((_, at) => at !== index))}
              >
                {c('remove')}
              </Button>
            )}
          </div>
        ))}
        <Button
          size="small"
          onClick={() =>
            setModifiers((list) => [...list, { name: '', delta: amountText(0, currency), active: true }])
          }
        >
          {c('addModifier')}
        </Button>
      </fieldset>
      <ActionMessages action={action} />
      <FormButtons pending={action.pending} onCancel={onCancel} />
    </form>
  );
}

export function DiscountForm({
  api,
  currency,
  discount,
  onSaved,
  onCancel,
}: {
  api: { saveDiscount: (body: import('@countertop/shared').DiscountBody, id?: string) => Promise<unknown> };
  currency: string;
  discount: Discount | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation('merchant');
  const c = (key: string) => t(`catalog.${key}`);
  const [name, setName] = useState(discount?.name ?? '');
  const [kind, setKind] = useState<'percentage' | 'fixed'>(discount?.kind ?? 'percentage');
  const [value, setValue] = useState(
    discount?.kind === 'fixed'
      ? amountText(discount.amountMinor ?? 0, currency)
      : discount
        ? percentText(discount.percentBps ?? 0)
        : '',
  );
  const [appliesTo, setAppliesTo] = useState<'item' | 'sale'>(discount?.appliesTo ?? 'sale');
  const [active, setActive] = useState(discount?.active ?? true);
  const action = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const percentBps = kind === 'percentage' ? parsePercent(value) : null;
    const amountMinor = kind === 'fixed' ? parsePrice(value, currency) : null;
    if (kind === 'percentage' && !percentBps) return action.fail(c('badPercent'));
    if (kind === 'fixed' && !amountMinor) return action.fail(c('badAmount'));
    const body = {
      name,
      kind,
      percentBps,
      amountMinor,
      appliesTo,
      active,
      sortOrder: discount?.sortOrder ?? 0,
    };
    if (await action.run(() => api.saveDiscount(body, discount?.id))) onSaved();
  };
  return (
    <form className="stack" onSubmit={(event) => void submit(event)}>
      <TextField label={c('discountName')} value={name} onChange={setName} required maxLength={60} />
      <SelectField
        label={c('discountKind')}
        value={kind}
        options={[
          ['percentage', c('kinds.percentage')],
          ['fixed', c('kinds.fixed')],
        ]}
        onChange={setKind}
      />
      <TextField
        label={kind === 'percentage' ? c('percent') : c('amount')}
        value={value}
        onChange={setValue}
        inputMode="decimal"
        required
      />
      <SelectField
        label={c('appliesTo')}
        value={appliesTo}
        options={[
          ['sale', c('scopes.sale')],
          ['item', c('scopes.item')],
        ]}
        onChange={setAppliesTo}
      />
      <Checkbox label={c('activeLabel')} checked={active} onChange={setActive} />
      <ActionMessages action={action} />
      <FormButtons pending={action.pending} onCancel={onCancel} />
    </form>
  );
}
