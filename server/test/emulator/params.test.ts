import { describe, expect, it } from 'vitest';
import { StripeError } from '../../src/stripe/emulator/core/errors.ts';
import { p, parseParams } from '../../src/stripe/emulator/core/params.ts';

const schema = p.obj({
  amount: p.int(),
  capture: p.bool().optional(),
  description: p.emptyable(p.str()).optional(),
  metadata: p.metadata().optional(),
  created: p.createdFilter().optional(),
  mode: p.enum(['automatic', 'manual']).optional(),
  nested: p.obj({ inner: p.obj({ value: p.str() }).optional() }).optional(),
});

function errorOf(input: unknown): StripeError['body'] {
  try {
    parseParams(schema, input);
  } catch (err) {
    if (err instanceof StripeError) return err.body;
  }
  throw new Error('expected a StripeError');
}

describe('parseParams', () => {
  it('coerces integers and booleans and maps empty strings to null where allowed', () => {
    expect(
      parseParams(schema, { amount: '42', capture: 'true', description: '', created: { gte: '5' } }),
    ).toEqual({
      amount: 42,
      capture: true,
      description: null,
      created: { gte: 5 },
    });
  });

  it.each([
    [{ amount: '1', bogus: 'x' }, 'parameter_unknown', 'bogus'],
    [
      { amount: '1', nested: { inner: { value: 'v', extra: '1' } } },
      'parameter_unknown',
      'nested[inner][extra]',
    ],
    [{}, 'parameter_missing', 'amount'],
    [{ amount: 'ten' }, 'parameter_invalid_integer', 'amount'],
    [{ amount: '' }, 'parameter_invalid_empty', 'amount'],
    [{ amount: '1', created: 'soon' }, 'parameter_invalid_integer', 'created'],
    [{ amount: '1', created: { after: '1' } }, 'parameter_unknown', 'created[after]'],
  ])('rejects %j with %s on %s', (input, code, param) => {
    const body = errorOf(input);
    expect(body.code).toBe(code);
    expect(body.param).toBe(param);
  });

  it('names the allowed values of an enum', () => {
    expect(errorOf({ amount: '1', mode: 'sometimes' }).message).toBe(
      'Invalid mode: must be one of automatic, or manual',
    );
  });

  it('limits metadata keys to 40 characters', () => {
    const body = errorOf({ amount: '1', metadata: { ['k'.repeat(41)]: 'v' } });
    expect(body.message).toContain('at most 40 characters');
  });
});
