// The one way a canceled payment ends on the server: cancel the sale, else report it as the server has it.
import { describe, expect, it } from 'vitest';
import { makeSale } from '../../testing/fake-counter-server.ts';
import { cancelSaleOnServer } from './driver.ts';

const canceled = makeSale({ status: 'canceled' });
const paid = makeSale({ status: 'succeeded' });
const before = makeSale();
const refuse = () => Promise.reject(new Error('refused'));

describe(cancelSaleOnServer.name, () => {
  it('returns the sale the server canceled', async () => {
    const api = { cancelSale: async () => canceled, syncSale: refuse };
    await expect(cancelSaleOnServer(api, 'sale_1', before)).resolves.toBe(canceled);
  });

  it('reports the sale as the server has it when the cancel is refused (it was paid meanwhile)', async () => {
    const api = { cancelSale: refuse, syncSale: async () => paid };
    await expect(cancelSaleOnServer(api, 'sale_1', before)).resolves.toBe(paid);
  });

  it('falls back to what the counter knew when the server cannot be reached', async () => {
    const api = { cancelSale: refuse, syncSale: refuse };
    await expect(cancelSaleOnServer(api, 'sale_1', before)).resolves.toBe(before);
    await expect(cancelSaleOnServer(api, 'sale_1', null)).resolves.toBeNull();
  });
});
