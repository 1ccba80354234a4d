/** A keyed sale: the amount typed in the currency's units (Enter charges) and an optional description. */
import { formatMoney } from '@countertop/shared';

export function KeyedAmount({
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
  return (
    <section aria-label="Keyed amount" className="stack keyed">
      <label htmlFor={`${idPrefix}-amount`}>Amount</label>
      <input
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
          Enter an amount in {currency.toUpperCase()}, like {formatMoney(1250, currency)}.
        </p>
      )}
      <label htmlFor={`${idPrefix}-description`}>Description (optional)</label>
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
