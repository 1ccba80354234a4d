import { describe, expect, it } from 'vitest';
import type { SaleRecord } from '../../../src/db/repositories/sales.repo.ts';
import { buildReader, buildRegister } from '../../support/factories.ts';
import { CARD_DETAILS, type RepositoriesHarness } from './harness.ts';

export function describeSalesContract(h: RepositoriesHarness) {
  const { ctx, addStaff, merchant, newSale, insertSale } = h;

  describe('sales', () => {
    it('insert returns what findById, findByClientSaleId read: lines by position, numbers, nulls', async () => {
      const m = await merchant();
      const product = await h.raw.products.insert(
        { id: 'prd_1', accountId: m.account.id, name: 'Latte', priceMinor: 475, category: null },
        1_000,
      );
      const sale = newSale(m, {
        id: 'sale_1',
        description: 'Lunch — “à emporter”',
        captureMethod: 'automatic',
        subtotalMinor: 870,
        taxMinor: 76,
        tipMinor: 0,
        totalMinor: 946,
        applicationFeeMinor: 57,
        lines: [
          {
            position: 1,
            productId: null,
            description: 'Croissant',
            quantity: 2,
            unitPriceMinor: 198,
            amountMinor: 396,
          },
          {
            position: 0,
            productId: product.id,
            description: 'Latte',
            quantity: 1,
            unitPriceMinor: 475,
            amountMinor: 475,
          },
        ],
      });
      const inserted = await h.repos.sales.insert(sale);
      // A line without the shop's fields (no variant, modifiers, discount or tax) reads back with defaults.
      const shopDefaults = {
        discountMinor: 0,
        lineDiscount: null,
        modifiers: [],
        taxMinor: 0,
        taxRateBps: 0,
        variantId: null,
        variantName: null,
      };
      expect(inserted).toStrictEqual({
        ...sale,
        lines: [sale.lines[1], sale.lines[0]].map((line) => ({ ...line, ...shopDefaults })),
        discountMinor: 0,
        saleDiscount: null,
        taxIncluded: false,
        taxes: [],
        kind: 'sale',
        parentSaleId: null,
        receiptNumber: `${m.register.code}-1`,
        updatedAtMs: sale.createdAtMs,
        capturedAtMs: null,
        paymentIntentId: null,
        readerId: null,
        chargeId: null,
        card: null,
        cardDetails: null,
        lastError: null,
      });
      expect(await h.repos.sales.findById('sale_1')).toStrictEqual(inserted);
      // Through another Database on the same data (no lines in memory there on PostgreSQL).
      const peer = await h.opened.openPeer();
      expect(await peer.repos.sales.findById('sale_1')).toStrictEqual(inserted);
      expect(await h.repos.sales.findByClientSaleId(m.register.id, sale.clientSaleId)).toStrictEqual(
        inserted,
      );
      expect(await h.repos.sales.findByClientSaleId('reg_other', sale.clientSaleId)).toBeUndefined();
      expect(await h.repos.sales.findById('sale_none')).toBeUndefined();
    });

    it('insert returns null and writes nothing for a clientSaleId the register already used', async () => {
      const m = await merchant();
      const line = {
        position: 0,
        productId: null,
        description: 'x',
        quantity: 1,
        unitPriceMinor: 1,
        amountMinor: 1,
      };
      const first = await h.repos.sales.insert(
        newSale(m, { id: 'sale_a', clientSaleId: 'c-1', lines: [line] }),
      );
      expect(first?.id).toBe('sale_a');
      expect(
        await h.repos.sales.insert(newSale(m, { id: 'sale_b', clientSaleId: 'c-1', lines: [line] })),
      ).toBeNull();
      expect(
        await h.db.transaction((tx) =>
          tx.sales.insert(newSale(m, { id: 'sale_c', clientSaleId: 'c-1', lines: [line] })),
        ),
      ).toBeNull();
      expect(await h.raw.sales.findById('sale_b')).toBeUndefined();
      expect(await h.raw.sales.findById('sale_c')).toBeUndefined();
      expect(await h.raw.reports.findSale('sale_b')).toBeUndefined();
      // The refused inserts gave their receipt numbers back: the register's numbers stay gap-free.
      expect(first?.receiptNumber).toBe(`${m.register.code}-1`);
      const next = await h.repos.sales.insert(
        newSale(m, { id: 'sale_e', clientSaleId: 'c-2', lines: [line] }),
      );
      expect(next?.receiptNumber).toBe(`${m.register.code}-2`);
      // Another register may use the same clientSaleId.
      const register2 = await buildRegister(ctx(), m.location);
      expect(
        (
          await h.repos.sales.insert(
            newSale({ ...m, register: register2 }, { id: 'sale_d', clientSaleId: 'c-1' }),
          )
        )?.id,
      ).toBe('sale_d');
    });

    it('insert is all or nothing: a line naming an unknown product leaves no sale', async () => {
      const m = await merchant();
      await expect(
        h.repos.sales.insert(
          newSale(m, {
            id: 'sale_bad',
            lines: [
              {
                position: 0,
                productId: 'prd_missing',
                description: 'x',
                quantity: 1,
                unitPriceMinor: 1,
                amountMinor: 1,
              },
            ],
          }),
        ),
      ).rejects.toThrow();
      expect(await h.raw.sales.findById('sale_bad')).toBeUndefined();
    });

    it('update rewrites the patched fields only (JSON, card, error, nulls) and returns what findById reads', async () => {
      const m = await merchant();
      const reader = await buildReader(ctx(), m.location);
      const sale = await insertSale(m, { id: 'sale_u', createdAtMs: 1_000 });
      const updated = await h.repos.sales.update(
        sale.id,
        {
          status: 'requires_capture',
          tipMinor: 150,
          totalMinor: 1_150,
          paymentIntentId: 'pi_u',
          readerId: reader.id,
          card: { brand: 'visa', last4: '4242', readMethod: null },
          cardDetails: CARD_DETAILS,
          lastError: { code: 'card_declined', declineCode: null, message: 'Declined' },
        },
        2_000,
      );
      expect(updated).toStrictEqual({
        ...sale,
        status: 'requires_capture',
        tipMinor: 150,
        totalMinor: 1_150,
        paymentIntentId: 'pi_u',
        readerId: reader.id,
        card: { brand: 'visa', last4: '4242', readMethod: null },
        cardDetails: CARD_DETAILS,
        lastError: { code: 'card_declined', declineCode: null, message: 'Declined' },
        updatedAtMs: 2_000,
      });
      expect(await h.repos.sales.findById(sale.id)).toStrictEqual(updated);
      expect(await h.repos.sales.findByPaymentIntentId('pi_u')).toStrictEqual(updated);
      expect(await h.repos.sales.findByPaymentIntentId('pi_none')).toBeUndefined();

      const captured = await h.repos.sales.update(
        sale.id,
        { status: 'succeeded', lastError: null, chargeId: 'ch_u', capturedAtMs: 3_000 },
        3_000,
      );
      expect(captured).toStrictEqual({
        ...updated,
        status: 'succeeded',
        lastError: null,
        chargeId: 'ch_u',
        capturedAtMs: 3_000,
        updatedAtMs: 3_000,
      });
      expect(await h.repos.sales.findById(sale.id)).toStrictEqual(captured);
      await expect(h.repos.sales.update('sale_none', { status: 'canceled' }, 4_000)).rejects.toThrow(
        /No sale sale_none/,
      );
    });

    it('receipt numbers: findByReceiptNumber in the account; card parts: listCardParts oldest first; listByCardLast4 by the sale’s card or a part’s', async () => {
      const m = await merchant();
      const stranger = await merchant();
      const card = (last4: string) => ({ brand: 'visa', last4, readMethod: 'contactless_emv' });
      const first = await insertSale(m, { createdAtMs: 1_000 });
      const second = await insertSale(m, { createdAtMs: 2_000 });
      expect(first.receiptNumber).toBe(`${m.register.code}-1`);
      expect(second.receiptNumber).toBe(`${m.register.code}-2`);
      expect(await h.repos.sales.findByReceiptNumber(m.account.id, `${m.register.code}-2`)).toStrictEqual(
        second,
      );
      expect(
        await h.repos.sales.findByReceiptNumber(stranger.account.id, `${m.register.code}-2`),
      ).toBeUndefined();
      expect(await h.repos.sales.findByReceiptNumber(m.account.id, `${m.register.code}-9`)).toBeUndefined();

      const part = (id: string, createdAtMs: number) =>
        insertSale(m, { id, kind: 'card_part', parentSaleId: second.id, createdAtMs, totalMinor: 500 });
      const partB = await part('sale_part_b', 3_000);
      const partA = await part('sale_part_a', 3_000);
      const partC = await part('sale_part_c', 2_500);
      // Card parts are not sales: no receipt number of their own.
      expect(partA.receiptNumber).toBeNull();
      expect(await h.repos.sales.listCardParts(second.id)).toStrictEqual([partC, partA, partB]);
      expect(await h.repos.sales.listCardParts(first.id)).toStrictEqual([]);

      const paidBy = (sale: SaleRecord, last4: string) =>
        h.raw.sales.update(sale.id, { status: 'succeeded', card: card(last4) }, 4_000);
      const firstPaid = await paidBy(first, '4242');
      await paidBy(partA, '1111');
      await paidBy(partB, '4242');
      const secondRead = await h.raw.sales.findById(second.id);
      const third = await paidBy(await insertSale(m, { createdAtMs: 2_000 }), '4242');
      const early = await paidBy(await insertSale(m, { createdAtMs: 500 }), '4242');
      await paidBy(await insertSale(stranger, { createdAtMs: 2_000 }), '4242');
      // Newest first, ties by id (the third sale's id is after the second's); since is inclusive.
      expect(await h.repos.sales.listByCardLast4(m.location.id, '4242', 1_000, 10)).toStrictEqual([
        third,
        secondRead,
        firstPaid,
      ]);
      expect((await h.repos.sales.listByCardLast4(m.location.id, '4242', 0, 10)).at(-1)).toStrictEqual(early);
      expect(await h.repos.sales.listByCardLast4(m.location.id, '4242', 0, 2)).toHaveLength(2);
      expect(
        (await h.repos.sales.listByCardLast4(m.location.id, '1111', 0, 10)).map((s) => s.id),
      ).toStrictEqual([second.id]);
      expect(await h.repos.sales.listByCardLast4(m.location.id, '0000', 0, 10)).toStrictEqual([]);
    });

    it('findInFlight: the register’s newest unfinished sale', async () => {
      const m = await merchant();
      expect(await h.repos.sales.findInFlight(m.register.id)).toBeUndefined();
      await insertSale(m, { id: 'sale_a', createdAtMs: 1_000 });
      const b = await insertSale(m, { id: 'sale_b', createdAtMs: 2_000 });
      const done = await insertSale(m, { id: 'sale_c', createdAtMs: 3_000 });
      await h.raw.sales.update(done.id, { status: 'canceled' }, 3_000);
      expect((await h.repos.sales.findInFlight(m.register.id))?.id).toBe(b.id);
      await h.raw.sales.update(b.id, { status: 'payment_failed' }, 3_500);
      expect((await h.repos.sales.findInFlight(m.register.id))?.status).toBe('payment_failed');
      await h.raw.sales.update(b.id, { status: 'succeeded' }, 4_000);
      expect((await h.repos.sales.findInFlight(m.register.id))?.id).toBe('sale_a');
    });

    it('listByRegisterSince: newest first (ties by id), since inclusive, staff filter, limit', async () => {
      const m = await merchant();
      const other = await addStaff(m.account, [m.location]);
      await insertSale(m, { id: 'sale_1', createdAtMs: 999 });
      await insertSale(m, { id: 'sale_2', createdAtMs: 1_000 });
      await insertSale(m, { id: 'sale_4', createdAtMs: 2_000, staffId: other.id });
      await insertSale(m, { id: 'sale_3', createdAtMs: 2_000 });
      await insertSale(m, { id: 'sale_5', createdAtMs: 3_000 });
      const ids = (sales: SaleRecord[]) => sales.map((sale) => sale.id);
      expect(ids(await h.repos.sales.listByRegisterSince(m.register.id, 1_000))).toStrictEqual([
        'sale_5',
        'sale_4',
        'sale_3',
        'sale_2',
      ]);
      expect(
        ids(await h.repos.sales.listByRegisterSince(m.register.id, 1_000, { staffId: m.staff.id })),
      ).toStrictEqual(['sale_5', 'sale_3', 'sale_2']);
      expect(ids(await h.repos.sales.listByRegisterSince(m.register.id, 0, { limit: 2 }))).toStrictEqual([
        'sale_5',
        'sale_4',
      ]);
      expect(await h.repos.sales.listByRegisterSince('reg_none', 0)).toStrictEqual([]);
    });

    it('recordReceiptSent and countReceiptsSent', async () => {
      const m = await merchant();
      const sale = await insertSale(m);
      const other = await insertSale(m);
      expect(await h.repos.sales.countReceiptsSent(sale.id)).toBe(0);
      await h.repos.sales.recordReceiptSent(sale.id, 'a@example.com', 1_000);
      await h.repos.sales.recordReceiptSent(sale.id, 'a@example.com', 2_000);
      await h.repos.sales.recordReceiptSent(other.id, 'b@example.com', 2_000);
      expect(await h.repos.sales.countReceiptsSent(sale.id)).toBe(2);
    });

    it('lockForUpdate runs inside a transaction (known or unknown sale) and changes nothing', async () => {
      const m = await merchant();
      const sale = await insertSale(m);
      const seen = await h.db.transaction(async (tx) => {
        await tx.sales.lockForUpdate(sale.id);
        await tx.sales.lockForUpdate('sale_unknown');
        return tx.sales.findById(sale.id);
      });
      expect(seen).toStrictEqual(sale);
    });
  });
}
