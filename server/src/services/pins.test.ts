import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from './pins.ts';

describe('hashPin', () => {
  it('produces a salted hash that differs for the same PIN', async () => {
    const first = await hashPin('1234');
    const second = await hashPin('1234');
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
  });
});

describe('verifyPin', () => {
  it('accepts the PIN that was hashed', async () => {
    expect(await verifyPin('2468', await hashPin('2468'))).toBe(true);
  });

  it.each(['2469', '246', '24680', ''])('rejects the wrong PIN %j', async (wrong) => {
    expect(await verifyPin(wrong, await hashPin('2468'))).toBe(false);
  });

  it('rejects a malformed stored hash instead of throwing', async () => {
    const stored = await hashPin('1234');
    expect(await verifyPin('1234', { hash: 'abcd', salt: stored.salt })).toBe(false);
  });
});
