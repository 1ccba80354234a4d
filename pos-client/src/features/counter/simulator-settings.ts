/**
 * What the simulated reader (emulator mode) is to do next, as the counter keeps it: the form's state and
 * the driver settings made from it. The panel that edits it (SimulatorPanel.tsx) loads on demand.
 */
import { parseMajorAmount } from '@countertop/shared';
import type { SimulatorSettings } from '../../lib/terminal/driver.ts';

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
