/**
 * A discount for one line or the whole sale: one of the merchant's (which need no permission), or a custom
 * percentage or amount typed here (the `discounts` permission, or a manager's PIN when charging), or none.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import { type Catalog, type DiscountInput, parseMajorAmount } from '@countertop/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/Button.tsx';
import { Dialog } from '../../components/ui/Dialog.tsx';
import { SelectField, TextField } from '../../components/ui/Field.tsx';
import { useFormatters } from '../../hooks/use-formatters.ts';

/** A custom discount from what was typed: "10" percent → 1000 bps; an amount in the currency. */
export function customDiscount(
  kind: 'percent' | 'amount',
  text: string,
  currency: string,
): DiscountInput | null {
  if (kind === 'percent') {
    const percent = Number(text.trim().replace(',', '.'));
    if (!Number.isFinite(percent) || percent <= 0 || percent > 100) return null;
    const bps = Math.round(percent * 100);
    return bps >= 1 ? { percentBps: bps } : null;
  }
  const amount = parseMajorAmount(text, currency);
  return amount !== null && amount > 0 ? { amountMinor: amount } : null;
}

export function DiscountDialog({
  catalog,
  scope,
  title,
  current,
  currency,
  onApply,
  onClose,
}: {
  catalog: Catalog;
  scope: 'item' | 'sale';
  title: string;
  current: DiscountInput | null;
  currency: string;
  onApply: (discount: DiscountInput | null) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const [kind, setKind] = useState<'percent' | 'amount'>('percent');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const offered = catalog.discounts.filter((discount) => discount.appliesTo === scope);
  const chosenId = current && 'discountId' in current ? current.discountId : null;
  return (
    <Dialog open title={title} onClose={onClose} className="discount-dialog">
      {offered.length > 0 && (
        <fieldset className="choice-group">
          <legend>{t('discount.predefined')}</legend>
          {offered.map((discount) => (
            <Button
              key={discount.id}
              aria-pressed={chosenId === discount.id}
              onClick={() => onApply({ discountId: discount.id })}
            >
              {discount.name} (
              {discount.kind === 'percentage'
                ? `${(discount.percentBps ?? 0) / 100}%`
                : format.money(discount.amountMinor ?? 0, currency)}
              )
            </Button>
          ))}
        </fieldset>
      )}
      <form
        className="choice-group"
        onSubmit={(event) => {
          event.preventDefault();
          const discount = customDiscount(kind, text, currency);
          if (!discount)
            setError(kind === 'percent' ? t('discount.percentInvalid') : t('discount.amountInvalid'));
          else onApply(discount);
        }}
      >
        <SelectField
          label={t('discount.customKind')}
          value={kind}
          options={[
            ['percent', t('discount.percent')],
            ['amount', t('discount.amount')],
          ]}
          onChange={setKind}
        />
        <TextField
          label={kind === 'percent' ? t('discount.percentValue') : t('discount.amountValue')}
          value={text}
          onChange={(value) => {
            setText(value);
            setError(null);
          }}
          inputMode="decimal"
          autoComplete="off"
          hint={t('discount.customHint')}
          error={error}
        />
        <Button type="submit">{t('discount.applyCustom')}</Button>
      </form>
      <div className="dialog-actions">
        {current && <Button onClick={() => onApply(null)}>{t('discount.remove')}</Button>}
        <Button onClick={onClose}>{t('discount.close')}</Button>
      </div>
    </Dialog>
  );
}
