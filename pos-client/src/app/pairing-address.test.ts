// The pairing address the console shows (`/pair#CODE`): the one-time code rides in the fragment.
import { describe, expect, it } from 'vitest';
import { pairingCodeFromAddress } from './App.tsx';

describe('pairing address', () => {
  it('reads the pairing code from the fragment of /pair, and nothing from other addresses', () => {
    expect(pairingCodeFromAddress('/pair', '#7KQ4-M2XH')).toBe('7KQ4-M2XH');
    expect(pairingCodeFromAddress('/pair/', '#7kq4m2xh')).toBe('7kq4m2xh');
    expect(pairingCodeFromAddress('/pair', '')).toBeNull();
    expect(pairingCodeFromAddress('/', '#7KQ4-M2XH')).toBeNull();
    // A register code is not a secret: the old /register/CODE address pairs nothing.
    expect(pairingCodeFromAddress('/register/MISSION-1', '')).toBeNull();
  });
});
