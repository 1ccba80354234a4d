import { describe, expect, it } from 'vitest';
import { PairDeviceBodySchema, SignInBodySchema } from './auth.ts';
import { ApiErrorSchema, ERROR_STATUS, isErrorCode } from './errors.ts';

describe('SignInBodySchema', () => {
  it('accepts a staff id and a 4–8 digit PIN (the register is the paired device’s)', () => {
    expect(SignInBodySchema.parse({ staffId: 'stf_1', pin: '0042' })).toEqual({
      staffId: 'stf_1',
      pin: '0042',
    });
    // A register code sent by an older client is ignored, not trusted.
    expect(SignInBodySchema.parse({ registerCode: 'MISSION-1', staffId: 'stf_1', pin: '0042' })).toEqual({
      staffId: 'stf_1',
      pin: '0042',
    });
  });

  it.each([
    ['a short PIN', { staffId: 'stf_1', pin: '123' }],
    ['a PIN with letters', { staffId: 'stf_1', pin: '12a4' }],
    ['a numeric PIN', { staffId: 'stf_1', pin: 1234 }],
    ['an empty staff id', { staffId: '', pin: '1234' }],
  ])('rejects %s', (_label, body) => {
    expect(SignInBodySchema.safeParse(body).success).toBe(false);
  });
});

describe('PairDeviceBodySchema', () => {
  it('reads a pairing code as typed: any case, with or without the dash and spaces', () => {
    expect(PairDeviceBodySchema.parse({ code: '7kq4-m2xh' })).toEqual({ code: '7KQ4M2XH' });
    expect(PairDeviceBodySchema.parse({ code: ' 7KQ4 M2XH ' })).toEqual({ code: '7KQ4M2XH' });
  });

  it.each([['MISSION-1'], ['7KQ4-M2X'], ['0KQ4-M2XH'], ['7KQ4-M2XH-1']])('rejects %s', (code) => {
    expect(PairDeviceBodySchema.safeParse({ code }).success).toBe(false);
  });
});

describe('ApiErrorSchema', () => {
  it('reads error codes the client does not know yet', () => {
    const body = ApiErrorSchema.parse({ error: { code: 'brand_new_code', message: 'New.' } });
    expect(isErrorCode(body.error.code)).toBe(false);
    expect(isErrorCode('card_declined')).toBe(true);
  });

  it('gives every error code an HTTP error status', () => {
    for (const status of Object.values(ERROR_STATUS)) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
    expect(ERROR_STATUS.unauthenticated).toBe(401);
    expect(ERROR_STATUS.too_many_attempts).toBe(429);
  });
});
