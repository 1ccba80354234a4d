/** Day pickers: one day (`DayField`), or the "From" and "To" of a range (the sales search, a custom range). */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export function DayField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (date: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className="input"
        type="date"
        value={value}
        onChange={(e) => e.target.value && onChange(e.target.value)}
      />
    </div>
  );
}

export function DateRangeFields({
  from,
  to,
  onFrom,
  onTo,
}: {
  from: string;
  to: string;
  onFrom: (date: string) => void;
  onTo: (date: string) => void;
}) {
  const { t } = useTranslation('merchant');
  return (
    <>
      <DayField label={t('range.from')} value={from} onChange={onFrom} />
      <DayField label={t('range.to')} value={to} onChange={onTo} />
    </>
  );
}
