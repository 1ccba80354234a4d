// The emulator's simulated-reader form → the settings handed to the driver.
import { describe, expect, it } from 'vitest';
import { initialSimulatorForm, parseDelayMs, simulatorSettings } from './simulator-settings.ts';

describe('simulator settings', () => {
  it('turns the tip into minor units of the account currency', () => {
    expect(simulatorSettings({ ...initialSimulatorForm, tipText: '2.50' }, 'usd')).toMatchObject({
      tipAmountMinor: 250,
    });
    expect(simulatorSettings({ ...initialSimulatorForm, tipText: '300' }, 'jpy')).toMatchObject({
      tipAmountMinor: 300,
    });
  });

  it('sends no tip when the field is empty', () => {
    expect(simulatorSettings(initialSimulatorForm, 'usd').tipAmountMinor).toBeNull();
  });

  it('reads the presentation delay in seconds', () => {
    expect(parseDelayMs('0.5')).toBe(500);
    expect(parseDelayMs('30')).toBe(30_000);
    expect(parseDelayMs('soon')).toBeNull();
    expect(parseDelayMs('601')).toBeNull();
    expect(simulatorSettings({ ...initialSimulatorForm, delayText: '2' }, 'usd').presentDelayMs).toBe(2000);
  });
});
