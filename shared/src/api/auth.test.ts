import { describe, expect, it } from 'vitest';
import { SignInBodySchema } from './auth.ts';
import { ApiErrorSchema, ERROR_STATUS, isErrorCode } from './errors.ts';

describe('SignInBodySchema', () => {
  it('accepts a register code, staff id and a 4–8 digit PIN', () => {
    expect(SignInBodySchema.parse({ registerCode: 'MISSION-1', staffId: 'stf_1', pin: '0042' })).toEqual({
      registerCode: 'MISSION-1',
      staffId: 'stf_1',
      pin: '0042',
    });
  });

  it.each([
    ['a short PIN', { registerCode: 'MISSION-1', staffId: 'stf_1', pin: '123' }],
    ['a PIN with letters', { registerCode: 'MISSION-1', staffId: 'stf_1', pin: '12a4' }],
    ['a numeric PIN', { registerCode: 'MISSION-1', staffId: 'stf_1', pin: 1234 }],
    ['a lower-case register code', { registerCode: 'mission-1', staffId: 'stf_1', pin: '1234' }],
    ['an empty staff id', { registerCode: 'MISSION-1', staffId: '', pin: '1234' }],
  ])('rejects %s', (_label, body) => {
    expect(SignInBodySchema.safeParse(body).success).toBe(false);
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
