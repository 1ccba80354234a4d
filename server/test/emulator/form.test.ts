import { describe, expect, it } from 'vitest';
import { decodeFormString, FormDecodeError, paramName } from '../../src/stripe/emulator/core/form.ts';

describe('decodeFormString', () => {
  it.each([
    ['a=1&b=x', { a: '1', b: 'x' }],
    ['metadata[k]=v&metadata[j]=', { metadata: { k: 'v', j: '' } }],
    ['expand[]=a&expand[]=b', { expand: ['a', 'b'] }],
    ['expand[0]=a&expand[1]=b', { expand: ['a', 'b'] }],
    ['expand[1]=b&expand[0]=a', { expand: ['a', 'b'] }],
    [
      'line_items[0][amount]=5&line_items[0][quantity]=2&line_items[1][amount]=7',
      { line_items: [{ amount: '5', quantity: '2' }, { amount: '7' }] },
    ],
    [
      'transfer_data[destination]=acct_1&transfer_data[amount]=10',
      { transfer_data: { destination: 'acct_1', amount: '10' } },
    ],
    ['metadata[0]=zero', { metadata: { '0': 'zero' } }],
    ['description=', { description: '' }],
    ['a[b][c][d]=deep', { a: { b: { c: { d: 'deep' } } } }],
  ])('decodes %s', (input, expected) => {
    expect(decodeFormString(input)).toEqual(expected);
  });

  it('rejects a key used both as a scalar and an object', () => {
    expect(() => decodeFormString('a=1&a[b]=2')).toThrow(FormDecodeError);
  });

  it('rejects unbalanced brackets', () => {
    expect(() => decodeFormString('a[b=1')).toThrow(FormDecodeError);
  });
});

describe('paramName', () => {
  it('renders nested paths with brackets', () => {
    expect(paramName(['payment_method_options', 'card_present', 'bogus'])).toBe(
      'payment_method_options[card_present][bogus]',
    );
    expect(paramName(['amount'])).toBe('amount');
  });
});
