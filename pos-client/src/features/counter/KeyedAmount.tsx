/** A keyed sale: the amount typed in the currency's units (Enter charges) and an optional description. */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../hooks/use-formatters.ts';

export function KeyedAmount({
  inputRef,
  idPrefix,
  currency,
  amountText,
  invalid,
  description,
  disabled,
  onAmountText,
  onDescription,
  onEnter,
}: {
  inputRef?: RefObject<HTMLInputElement | null>;
  idPrefix: string;
  currency: string;
  amountText: string;
  invalid: boolean;
  description: string;
  disabled: boolean;
  onAmountText: (text: string) => void;
  onDescription: (text: string) => void;
  onEnter: () => void;
}) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  return (
    <section aria-label={t('keyed.label')} className="stack keyed">
      <label htmlFor={`${idPrefix}-amount`}>{t('keyed.amount')}</label>
      <input
        ref={inputRef}
        id={`${idPrefix}-amount`}
        className="input big"
        inputMode={currency === 'jpy' || currency === 'krw' ? 'numeric' : 'decimal'}
        autoComplete="off"
        value={amountText}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${idPrefix}-amount-error` : undefined}
        onChange={(event) => onAmountText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onEnter();
        }}
        disabled={disabled}
      />
      {invalid && (
        <p id={`${idPrefix}-amount-error`} className="error">
          {t('keyed.invalid', { currency: currency.toUpperCase(), example: format.money(1250, currency) })}
        </p>
      )}
      <label htmlFor={`${idPrefix}-description`}>{t('keyed.description')}</label>
      <input
        id={`${idPrefix}-description`}
        className="input"
        value={description}
        maxLength={200}
        onChange={(event) => onDescription(event.target.value)}
        disabled={disabled}
      />
    </section>
  );
}
