/**
 * Emulator mode only: choose what the simulated reader does next (test card, on-reader tip, customer
 * cancel). Shown for demos and e2e tests; never rendered against real Stripe. Where the business has tipping
 * off, the reader never asks for a tip, so the panel says so instead of offering a tip it would ignore.
 */
// Its strings load with it, not with the counter's first screen.
import '../../lib/i18n/later.ts';
import { parseMajorAmount } from '@countertop/shared';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../hooks/use-formatters.ts';
import { parseDelayMs, type SimulatorForm } from './simulator-settings.ts';
import { testCards } from './test-cards.ts';

interface Props {
  form: SimulatorForm;
  onChange: (form: SimulatorForm) => void;
  currency: string;
  integration: 'js_sdk' | 'server_driven' | null;
  /** The reader asks for a tip (the account's tipping is on). */
  tippingEnabled: boolean;
}

export function SimulatorPanel({ form, onChange, currency, integration, tippingEnabled }: Props) {
  const { t } = useTranslation('counter');
  const format = useFormatters();
  const id = useId();
  const tipInvalid = form.tipText.trim() !== '' && parseMajorAmount(form.tipText, currency) === null;
  const delayInvalid = parseDelayMs(form.delayText) === null;
  return (
    <section className="panel simulator" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('simulator.title')}</h2>
      {integration === 'server_driven' ? (
        <p className="muted">{t('simulator.serverDriven')}</p>
      ) : (
        <>
          <label htmlFor={`${id}-card`}>{t('simulator.testCard')}</label>
          <select
            id={`${id}-card`}
            className="input"
            value={form.testPaymentMethod}
            onChange={(event) => onChange({ ...form, testPaymentMethod: event.target.value })}
          >
            {testCards().map((card) => (
              <option key={card.value} value={card.value}>
                {card.label}
              </option>
            ))}
          </select>
          {tippingEnabled ? (
            <>
              <label htmlFor={`${id}-tip`}>{t('simulator.tip')}</label>
              <input
                id={`${id}-tip`}
                className="input"
                inputMode="decimal"
                placeholder={t('simulator.tipNone')}
                value={form.tipText}
                aria-invalid={tipInvalid}
                onChange={(event) => onChange({ ...form, tipText: event.target.value })}
              />
              {tipInvalid && (
                <p className="error">{t('simulator.tipInvalid', { example: format.money(200, currency) })}</p>
              )}
            </>
          ) : (
            <p className="muted">{t('simulator.tippingOff')}</p>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={form.customerCancel}
              onChange={(event) => onChange({ ...form, customerCancel: event.target.checked })}
            />
            {t('simulator.customerCancels')}
          </label>
          <label htmlFor={`${id}-delay`}>{t('simulator.delay')}</label>
          <input
            id={`${id}-delay`}
            className="input"
            inputMode="decimal"
            value={form.delayText}
            aria-invalid={delayInvalid}
            onChange={(event) => onChange({ ...form, delayText: event.target.value })}
          />
          {delayInvalid && <p className="error">{t('simulator.delayInvalid')}</p>}
        </>
      )}
    </section>
  );
}
