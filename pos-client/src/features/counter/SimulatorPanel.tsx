/**
 * Emulator mode only: choose what the simulated reader does next (test card, on-reader tip, customer
 * cancel). Shown for demos and e2e tests; never rendered against real Stripe.
 */
import { parseMajorAmount } from '@countertop/shared';
import { useId } from 'react';
import type { SimulatorSettings } from '../../lib/terminal/driver.ts';
import { TEST_CARDS } from './test-cards.ts';

export interface SimulatorForm {
  testPaymentMethod: string;
  tipText: string;
  customerCancel: boolean;
  /** Seconds until the simulated customer taps the card (decimal text). */
  delayText: string;
}

export const initialSimulatorForm: SimulatorForm = {
  testPaymentMethod: 'visa',
  tipText: '',
  customerCancel: false,
  delayText: '1',
};

/** Seconds as text → milliseconds, or null when it is not a number from 0 to 600. */
export function parseDelayMs(text: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(text.trim())) return null;
  const seconds = Number(text.trim());
  return seconds <= 600 ? Math.round(seconds * 1000) : null;
}

export function simulatorSettings(form: SimulatorForm, currency: string): SimulatorSettings {
  const tip = form.tipText.trim() === '' ? null : parseMajorAmount(form.tipText, currency);
  const delay = parseDelayMs(form.delayText);
  return {
    testPaymentMethod: form.testPaymentMethod,
    tipAmountMinor: tip,
    customerCancel: form.customerCancel,
    ...(delay === null ? {} : { presentDelayMs: delay }),
  };
}

interface Props {
  form: SimulatorForm;
  onChange: (form: SimulatorForm) => void;
  currency: string;
  integration: 'js_sdk' | 'server_driven' | null;
}

export function SimulatorPanel({ form, onChange, currency, integration }: Props) {
  const id = useId();
  const tipInvalid = form.tipText.trim() !== '' && parseMajorAmount(form.tipText, currency) === null;
  const delayInvalid = parseDelayMs(form.delayText) === null;
  return (
    <section className="panel simulator" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Simulated reader (emulator)</h2>
      {integration === 'server_driven' ? (
        <p className="muted">
          Server-driven reader: present a test card with the emulator's test helper (present_payment_method).
        </p>
      ) : (
        <>
          <label htmlFor={`${id}-card`}>Test card</label>
          <select
            id={`${id}-card`}
            className="input"
            value={form.testPaymentMethod}
            onChange={(event) => onChange({ ...form, testPaymentMethod: event.target.value })}
          >
            {TEST_CARDS.map((card) => (
              <option key={card.value} value={card.value}>
                {card.label}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-tip`}>Tip on reader</label>
          <input
            id={`${id}-tip`}
            className="input"
            inputMode="decimal"
            placeholder="none"
            value={form.tipText}
            aria-invalid={tipInvalid}
            onChange={(event) => onChange({ ...form, tipText: event.target.value })}
          />
          {tipInvalid && <p className="error">Enter the tip as an amount, e.g. 2.00.</p>}
          <label className="check">
            <input
              type="checkbox"
              checked={form.customerCancel}
              onChange={(event) => onChange({ ...form, customerCancel: event.target.checked })}
            />
            Customer cancels on the reader
          </label>
          <label htmlFor={`${id}-delay`}>Seconds until the card is presented</label>
          <input
            id={`${id}-delay`}
            className="input"
            inputMode="decimal"
            value={form.delayText}
            aria-invalid={delayInvalid}
            onChange={(event) => onChange({ ...form, delayText: event.target.value })}
          />
          {delayInvalid && <p className="error">Enter seconds from 0 to 600.</p>}
        </>
      )}
    </section>
  );
}
