import { describe, expect, it } from 'vitest';
import { buildLocation, buildRegister } from '../../support/factories.ts';
import type { RepositoriesHarness } from './harness.ts';

export function describeReportsContract(h: RepositoriesHarness) {
  const { ctx, addStaff, merchant, insertSale, paidSale, refundOf } = h;

  describe('reports', () => {
    it('salesOfRegister: the register’s sales in [start, end), oldest first, with lines; cardPartsOf by sale; cardPaymentsInWindow: charged sales and card parts', async () => {
      const m = await merchant();
      const otherRegister = await buildRegister(ctx(), m.location);
      const elsewhere = await buildLocation(ctx(), m.account, { timeZone: 'UTC' });
      const line = {
        position: 0,
        productId: null,
        description: 'Croissant',
        quantity: 2,
        unitPriceMinor: 500,
        amountMinor: 1_000,
      };
      const b = await paidSale(m, { id: 'sale_b', createdAtMs: 2_000, lines: [line] });
      const a = await insertSale(m, { id: 'sale_a', createdAtMs: 2_000 });
      const c = await insertSale(m, { id: 'sale_c', createdAtMs: 1_000 });
      await insertSale(m, { id: 'sale_d', createdAtMs: 3_000 });
      await insertSale(m, { id: 'sale_e', registerId: otherRegister.id, createdAtMs: 2_000 });
      const part = (id: string, createdAtMs: number) =>
        insertSale(m, { id, kind: 'card_part', parentSaleId: a.id, createdAtMs, totalMinor: 500 });
      await part('sale_p2', 2_500);
      await part('sale_p1', 2_500);
      await part('sale_p0', 2_100);
      const read = async (id: string) => {
        const sale = await h.raw.reports.findSale(id);
        if (!sale) throw new Error(`no sale ${id}`);
        return sale;
      };
      const [readA, readB, readC] = [await read(a.id), await read(b.id), await read(c.id)];
      expect(readB.lines).toHaveLength(1);
      expect(await h.repos.reports.salesOfRegister(m.register.id, 1_000, 3_000)).toStrictEqual([
        readC,
        readA,
        readB,
      ]);
      expect(await h.repos.reports.salesOfRegister(m.register.id, 1_001, 2_001)).toStrictEqual([
        readA,
        readB,
      ]);
      expect(await h.repos.reports.salesOfRegister(m.register.id, 0, 1_000)).toStrictEqual([]);

      const parts = [await read('sale_p0'), await read('sale_p1'), await read('sale_p2')];
      expect(await h.repos.reports.cardPartsOf([a.id, b.id, 'sale_none'])).toStrictEqual(
        new Map([[a.id, parts]]),
      );
      expect(await h.repos.reports.cardPartsOf([])).toStrictEqual(new Map());

      const there = { ...m, location: elsewhere, register: await buildRegister(ctx(), elsewhere) };
      await paidSale(there, { id: 'sale_x', createdAtMs: 2_000 });
      expect(
        (await h.repos.reports.cardPaymentsInWindow(m.account.id, [m.location.id], 1_000, 3_000)).map(
          (sale) => sale.id,
        ),
      ).toStrictEqual(['sale_b', 'sale_p0', 'sale_p1', 'sale_p2']);
      expect(
        await h.repos.reports.cardPaymentsInWindow(m.account.id, [m.location.id], 2_000, 2_500),
      ).toStrictEqual([{ ...readB, lines: [] }, parts[0]]);
      expect(
        (
          await h.repos.reports.cardPaymentsInWindow(
            m.account.id,
            [m.location.id, elsewhere.id],
            2_000,
            2_001,
          )
        ).map((sale) => sale.id),
      ).toStrictEqual(['sale_b', 'sale_x']);
      expect(await h.repos.reports.cardPaymentsInWindow(m.account.id, [], 0, 9_000)).toStrictEqual([]);
    });

    it('salesInWindow: the locations’ sales in [start, end), oldest first, with lines', async () => {
      const m = await merchant();
      const second = await buildLocation(ctx(), m.account);
      const third = await buildLocation(ctx(), m.account);
      const other = await merchant();
      const line = (position: number, amountMinor: number) => ({
        position,
        productId: null,
        description: `Item ${position}`,
        quantity: 1,
        unitPriceMinor: amountMinor,
        amountMinor,
      });
      await insertSale(m, { id: 'sale_before', createdAtMs: 999 });
      await insertSale(m, { id: 'sale_start', createdAtMs: 1_000, lines: [line(1, 300), line(0, 700)] });
      await insertSale(m, { id: 'sale_b', createdAtMs: 1_500, locationId: second.id });
      await insertSale(m, { id: 'sale_a', createdAtMs: 1_500 });
      await insertSale(m, { id: 'sale_third', createdAtMs: 1_500, locationId: third.id });
      await insertSale(m, { id: 'sale_last', createdAtMs: 1_999 });
      await insertSale(m, { id: 'sale_end', createdAtMs: 2_000 });
      await insertSale(other, { id: 'sale_other', createdAtMs: 1_500 });
      const sales = await h.repos.reports.salesInWindow(
        m.account.id,
        [m.location.id, second.id],
        1_000,
        2_000,
      );
      expect(sales.map((sale) => sale.id)).toStrictEqual(['sale_start', 'sale_a', 'sale_b', 'sale_last']);
      expect(sales[0]).toStrictEqual({
        id: 'sale_start',
        accountId: m.account.id,
        locationId: m.location.id,
        staffId: m.staff.id,
        status: 'open',
        currency: 'usd',
        subtotalMinor: 1_000,
        taxMinor: 0,
        tipMinor: 0,
        totalMinor: 1_000,
        applicationFeeMinor: 25,
        stripeFeeMinor: null,
        balanceTransactionId: null,
        paymentIntentId: null,
        chargeId: null,
        cardBrand: null,
        cardLast4: null,
        readMethod: null,
        createdAtMs: 1_000,
        capturedAtMs: null,
        discountMinor: 0,
        saleDiscount: null,
        taxIncluded: false,
        kind: 'sale',
        parentSaleId: null,
        receiptNumber: expect.stringMatching(new RegExp(`^${m.register.code}-\\d+$`)),
        lines: [
          { productId: null, description: 'Item 0', quantity: 1, unitPriceMinor: 700, amountMinor: 700 },
          { productId: null, description: 'Item 1', quantity: 1, unitPriceMinor: 300, amountMinor: 300 },
        ].map((line) => ({
          ...line,
          variantId: null,
          modifiers: [],
          discountMinor: 0,
          lineDiscount: null,
        })),
      });
      expect(sales[1]?.lines).toStrictEqual([]);
      expect(await h.repos.reports.salesInWindow(m.account.id, [], 0, 10_000)).toStrictEqual([]);
      // Another account's location in the list does not bring its sales.
      expect(
        (await h.repos.reports.salesInWindow(m.account.id, [other.location.id], 0, 10_000)).map((s) => s.id),
      ).toStrictEqual([]);
    });

    it('findSale reads one sale with its card and lines; recordStripeFee fills fee and balance transaction', async () => {
      const m = await merchant();
      const sale = await paidSale(m, { id: 'sale_p', createdAtMs: 1_000 });
      expect(await h.repos.reports.findSale('sale_p')).toStrictEqual({
        id: 'sale_p',
        accountId: m.account.id,
        locationId: m.location.id,
        staffId: m.staff.id,
        status: 'succeeded',
        currency: 'usd',
        subtotalMinor: 1_000,
        taxMinor: 0,
        tipMinor: 0,
        totalMinor: 1_000,
        applicationFeeMinor: 25,
        stripeFeeMinor: null,
        balanceTransactionId: null,
        paymentIntentId: 'pi_sale_p',
        chargeId: 'ch_sale_p',
        cardBrand: 'visa',
        cardLast4: '4242',
        readMethod: 'contactless_emv',
        createdAtMs: 1_000,
        capturedAtMs: 2_000,
        discountMinor: 0,
        saleDiscount: null,
        taxIncluded: false,
        kind: 'sale',
        parentSaleId: null,
        receiptNumber: `${m.register.code}-1`,
        lines: [],
      });
      await h.repos.reports.recordStripeFee(sale.id, 59, 'txn_1');
      const found = await h.repos.reports.findSale('sale_p');
      expect(found?.stripeFeeMinor).toBe(59);
      expect(found?.balanceTransactionId).toBe('txn_1');
      expect(await h.repos.reports.findSale('sale_none')).toBeUndefined();
    });

    it('searchSales: newest first, ties by id, keyset pages, and each filter', async () => {
      const m = await merchant();
      const other = await addStaff(m.account, [m.location]);
      await insertSale(m, { id: 'sale_1', createdAtMs: 1_000, totalMinor: 500 });
      await insertSale(m, { id: 'sale_3', createdAtMs: 2_000, totalMinor: 700, staffId: other.id });
      await insertSale(m, { id: 'sale_2', createdAtMs: 2_000, totalMinor: 500 });
      await paidSale(m, { id: 'sale_4', createdAtMs: 3_000, totalMinor: 900 });
      await insertSale(m, { id: 'sale_5', createdAtMs: 4_000 });
      const base = { accountId: m.account.id, locationIds: [m.location.id], startMs: 1_000, endMs: 4_000 };
      const ids = (page: { sales: { id: string }[]; hasMore: boolean }) => ({
        ids: page.sales.map((sale) => sale.id),
        hasMore: page.hasMore,
      });
      const page1 = await h.repos.reports.searchSales({ ...base, limit: 2 });
      expect(ids(page1)).toStrictEqual({ ids: ['sale_4', 'sale_3'], hasMore: true });
      const last = page1.sales[1];
      if (!last) throw new Error('no page');
      const page2 = await h.repos.reports.searchSales({
        ...base,
        limit: 2,
        after: { createdAtMs: last.createdAtMs, id: last.id },
      });
      expect(ids(page2)).toStrictEqual({ ids: ['sale_2', 'sale_1'], hasMore: false });
      expect(
        ids(await h.repos.reports.searchSales({ ...base, limit: 10, status: 'succeeded' })),
      ).toStrictEqual({
        ids: ['sale_4'],
        hasMore: false,
      });
      expect(ids(await h.repos.reports.searchSales({ ...base, limit: 10, staffId: other.id }))).toStrictEqual(
        {
          ids: ['sale_3'],
          hasMore: false,
        },
      );
      expect(ids(await h.repos.reports.searchSales({ ...base, limit: 10, last4: '4242' }))).toStrictEqual({
        ids: ['sale_4'],
        hasMore: false,
      });
      expect(ids(await h.repos.reports.searchSales({ ...base, limit: 10, amountMinor: 500 }))).toStrictEqual({
        ids: ['sale_2', 'sale_1'],
        hasMore: false,
      });
      expect(await h.repos.reports.searchSales({ ...base, locationIds: [], limit: 10 })).toStrictEqual({
        sales: [],
        hasMore: false,
      });
    });

    it('insertRefundLines and refundLinesOfSale (by refund, then position); refundsOfRegister in [start, end), oldest first', async () => {
      const m = await merchant();
      const otherRegister = await buildRegister(ctx(), m.location);
      const sale = await paidSale(m);
      const other = await paidSale(m);
      const counter = (id: string, registerId: string | null) =>
        refundOf(sale.id, {
          id,
          method: 'cash',
          status: 'succeeded',
          stripeIdempotencyKey: null,
          registerId,
        });
      const r2 = await h.raw.refunds.insertRefund(counter('rfd_b', m.register.id), 2_000);
      const r1 = await h.raw.refunds.insertRefund(counter('rfd_a', m.register.id), 2_000);
      const r3 = await h.raw.refunds.insertRefund(counter('rfd_c', m.register.id), 1_000);
      await h.raw.refunds.insertRefund(counter('rfd_d', m.register.id), 3_000);
      await h.raw.refunds.insertRefund(counter('rfd_e', otherRegister.id), 2_000);
      await h.raw.refunds.insertRefund(counter('rfd_f', null), 2_000);
      expect(r1.registerId).toBe(m.register.id);
      expect(await h.repos.refunds.refundsOfRegister(m.register.id, 1_000, 3_000)).toStrictEqual([
        r3,
        r1,
        r2,
      ]);
      expect(await h.repos.refunds.refundsOfRegister(m.register.id, 1_001, 2_001)).toStrictEqual([r1, r2]);
      expect(await h.repos.refunds.refundsOfRegister(m.register.id, 0, 1_000)).toStrictEqual([]);

      const line = (refundId: string, saleId: string, position: number, quantity: number) => ({
        refundId,
        saleId,
        position,
        quantity,
        amountMinor: 100 * quantity,
        taxMinor: 8 * quantity,
      });
      await h.repos.refunds.insertRefundLines([
        line('rfd_b', sale.id, 2, 1),
        line('rfd_b', sale.id, 0, 3),
        line('rfd_a', sale.id, 1, 2),
      ]);
      await h.repos.refunds.insertRefundLines([]);
      await h.repos.refunds.insertRefundLines([line('rfd_c', other.id, 0, 1)]);
      expect(await h.repos.refunds.refundLinesOfSale(sale.id)).toStrictEqual([
        line('rfd_a', sale.id, 1, 2),
        line('rfd_b', sale.id, 0, 3),
        line('rfd_b', sale.id, 2, 1),
      ]);
      expect(await h.repos.refunds.refundLinesOfSale(other.id)).toStrictEqual([
        line('rfd_c', other.id, 0, 1),
      ]);
      expect(await h.repos.refunds.refundLinesOfSale('sale_none')).toStrictEqual([]);
      // A refund lists a line once.
      await expect(h.repos.refunds.insertRefundLines([line('rfd_a', sale.id, 1, 1)])).rejects.toThrow();
    });

    it('insertRefund journals a pending refund with the sale’s location; finders read it back', async () => {
      const m = await merchant();
      const sale = await paidSale(m, { id: 'sale_r' });
      const refund = await h.repos.refunds.insertRefund(
        refundOf(sale.id, {
          id: 'rfd_1',
          refundKey: 'key-1',
          amountMinor: 400,
          requestedByStaffId: m.staff.id,
        }),
        5_000,
      );
      expect(refund).toStrictEqual({
        id: 'rfd_1',
        saleId: sale.id,
        refundKey: 'key-1',
        stripeIdempotencyKey: 'acct-refund_rfd_1',
        stripeRefundId: null,
        amountMinor: 400,
        applicationFeeRefundedMinor: 0,
        reason: 'requested_by_customer',
        status: 'pending',
        requestedByStaffId: m.staff.id,
        requestedByUserId: null,
        requestedByLabel: 'Owner',
        failureMessage: null,
        createdAtMs: 5_000,
        locationId: m.location.id,
        accountId: m.account.id,
        currency: 'usd',
        method: 'card',
        tenderId: null,
        taxMinor: 0,
        approvedByStaffId: null,
        registerId: null,
        ticketSaleId: sale.id,
      });
      expect(await h.repos.refunds.findRefund('rfd_1')).toStrictEqual(refund);
      expect(await h.repos.refunds.findRefundByKey(m.account.id, 'key-1')).toStrictEqual(refund);
      expect(await h.repos.refunds.findRefund('rfd_none')).toBeUndefined();
      expect(await h.repos.refunds.findRefundByKey(m.account.id, 'key-none')).toBeUndefined();
      // Refund keys are scoped to the account.
      expect(await h.repos.refunds.findRefundByKey('acct_other', 'key-1')).toBeUndefined();
      // A refund key is used once within the account.
      await expect(
        h.repos.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_2', refundKey: 'key-1' }), 5_000),
      ).rejects.toThrow();
    });

    it('updateRefund changes status and only the given fields (undefined keeps, null clears)', async () => {
      const m = await merchant();
      const sale = await paidSale(m);
      const pending = await h.raw.refunds.insertRefund(refundOf(sale.id, { id: 'rfd_1' }), 5_000);
      const succeeded = await h.repos.refunds.updateRefund(
        'rfd_1',
        { status: 'succeeded', stripeRefundId: 're_1', applicationFeeRefundedMinor: 12 },
        6_000,
      );
      expect(succeeded).toStrictEqual({
        ...pending,
        status: 'succeeded',
        stripeRefundId: 're_1',
        applicationFeeRefundedMinor: 12,
      });
      expect(await h.repos.refunds.findRefundByStripeId('re_1')).toStrictEqual(succeeded);
      expect(await h.repos.refunds.findRefundByStripeId('re_none')).toBeUndefined();
      const failed = await h.repos.refunds.updateRefund(
        'rfd_1',
        { status: 'failed', failureMessage: 'Lost' },
        7_000,
      );
      expect(failed).toStrictEqual({ ...succeeded, status: 'failed', failureMessage: 'Lost' });
      const cleared = await h.repos.refunds.updateRefund(
        'rfd_1',
        { status: 'canceled', stripeRefundId: null, failureMessage: null },
        8_000,
      );
      expect(cleared).toStrictEqual({
        ...failed,
        status: 'canceled',
        stripeRefundId: null,
        failureMessage: null,
      });
      expect(await h.repos.refunds.findRefund('rfd_1')).toStrictEqual(cleared);
      await expect(h.repos.refunds.updateRefund('rfd_none', { status: 'failed' }, 1)).rejects.toThrow(
        /No refund/,
      );
    });

    it('refundsInWindow, refundsOfSales (oldest first) and refundedTotals (pending and succeeded only)', async () => {
      const m = await merchant();
      const second = await buildLocation(ctx(), m.account);
      const other = await merchant();
      const a = await paidSale(m, { id: 'sale_a', totalMinor: 5_000 });
      const b = await paidSale(m, { id: 'sale_b', locationId: second.id, totalMinor: 5_000 });
      const o = await paidSale(other, { id: 'sale_o' });
      const journal = async (saleId: string, id: string, atMs: number, amountMinor: number) =>
        h.raw.refunds.insertRefund(refundOf(saleId, { id, amountMinor }), atMs);
      await journal(a.id, 'rfd_early', 999, 100);
      await journal(a.id, 'rfd_2', 1_000, 200);
      await journal(a.id, 'rfd_1', 1_000, 300);
      await journal(b.id, 'rfd_b', 1_500, 400);
      await journal(a.id, 'rfd_end', 2_000, 500);
      await journal(o.id, 'rfd_o', 1_500, 100);
      await h.raw.refunds.updateRefund('rfd_2', { status: 'failed' }, 3_000);
      await h.raw.refunds.updateRefund('rfd_end', { status: 'succeeded' }, 3_000);
      await h.raw.refunds.updateRefund('rfd_b', { status: 'canceled' }, 3_000);

      const inWindow = await h.repos.refunds.refundsInWindow(
        m.account.id,
        [m.location.id, second.id],
        1_000,
        2_000,
      );
      expect(inWindow.map((refund) => refund.id)).toStrictEqual(['rfd_1', 'rfd_2', 'rfd_b']);
      expect(inWindow[2]?.locationId).toBe(second.id);
      expect(await h.repos.refunds.refundsInWindow(m.account.id, [], 0, 10_000)).toStrictEqual([]);
      expect(
        (await h.repos.refunds.refundsInWindow(m.account.id, [other.location.id], 0, 10_000)).map(
          (r) => r.id,
        ),
      ).toStrictEqual([]);

      expect((await h.repos.refunds.refundsOfSales([a.id, b.id])).map((refund) => refund.id)).toStrictEqual([
        'rfd_early',
        'rfd_1',
        'rfd_2',
        'rfd_b',
        'rfd_end',
      ]);
      expect(await h.repos.refunds.refundsOfSales([])).toStrictEqual([]);

      const totals = await h.repos.refunds.refundedTotals([a.id, b.id, o.id, 'sale_none']);
      expect(totals).toStrictEqual(
        new Map([
          [a.id, 100 + 300 + 500],
          [o.id, 100],
        ]),
      );
    });

    it('uncapturedSales: the locations’ sales awaiting capture, oldest first', async () => {
      const m = await merchant();
      const other = await merchant();
      const s1 = await insertSale(m, { id: 'sale_2', createdAtMs: 2_000 });
      const s2 = await insertSale(m, { id: 'sale_1', createdAtMs: 3_000 });
      const s3 = await insertSale(m, { id: 'sale_3', createdAtMs: 1_000 });
      const o = await insertSale(other, { id: 'sale_o', createdAtMs: 1_000 });
      for (const sale of [s1, s2, o])
        await h.raw.sales.update(sale.id, { status: 'requires_capture' }, 4_000);
      await h.raw.sales.update(s3.id, { status: 'succeeded' }, 4_000);
      const uncaptured = await h.repos.reports.uncapturedSales(m.account.id, [
        m.location.id,
        other.location.id,
      ]);
      expect(uncaptured.map((sale) => sale.id)).toStrictEqual(['sale_2', 'sale_1']);
      expect(uncaptured[0]?.status).toBe('requires_capture');
      expect(await h.repos.reports.uncapturedSales(m.account.id, [])).toStrictEqual([]);
    });

    it('salesMissingStripeFee and accountsMissingStripeFees: captured charges without Stripe’s fee', async () => {
      const m = await merchant();
      const other = await merchant();
      await paidSale(m, { id: 'sale_a', createdAtMs: 1_000 });
      const b = await paidSale(m, { id: 'sale_b', createdAtMs: 1_500 });
      await paidSale(m, { id: 'sale_c', createdAtMs: 2_000 });
      await paidSale(m, { id: 'sale_old', createdAtMs: 500 });
      // Not captured, or no charge: not missing anything.
      await insertSale(m, { id: 'sale_open', createdAtMs: 1_200 });
      await paidSale(m, { id: 'sale_nocharge', createdAtMs: 1_300 }, { patch: { chargeId: null } });
      const refunded = await paidSale(m, { id: 'sale_refunded', createdAtMs: 1_700 });
      await h.raw.sales.update(refunded.id, { status: 'refunded' }, 5_000);
      await paidSale(other, { id: 'sale_o', createdAtMs: 3_000 });
      await h.raw.reports.recordStripeFee(b.id, 30, 'txn_b');

      const missing = await h.repos.reports.salesMissingStripeFee(m.account.id, 1_000, 2_000);
      expect(missing.map((sale) => sale.id).sort()).toStrictEqual(['sale_a', 'sale_refunded']);
      expect(missing.every((sale) => sale.lines.length === 0 && sale.stripeFeeMinor === null)).toBe(true);

      expect(await h.repos.reports.accountsMissingStripeFees(1_000)).toStrictEqual(
        [
          { accountId: m.account.id, fromMs: 1_000, toMs: 2_000 },
          { accountId: other.account.id, fromMs: 3_000, toMs: 3_000 },
        ].sort((x, y) => (x.accountId < y.accountId ? -1 : 1)),
      );
      expect(await h.repos.reports.accountsMissingStripeFees(10_000)).toStrictEqual([]);
    });

    it('pendingRefunds: pending with a Stripe id, made before the cutoff, oldest first', async () => {
      const m = await merchant();
      const sale = await paidSale(m, { totalMinor: 10_000 });
      const journal = async (id: string, atMs: number, stripeRefundId: string | null, status = 'pending') => {
        await h.raw.refunds.insertRefund(refundOf(sale.id, { id }), atMs);
        if (stripeRefundId !== null || status !== 'pending') {
          await h.raw.refunds.updateRefund(
            id,
            { status: status === 'pending' ? 'pending' : 'succeeded', stripeRefundId },
            atMs,
          );
        }
      };
      await journal('rfd_b', 1_000, 're_b');
      await journal('rfd_a', 1_000, 're_a');
      await journal('rfd_c', 500, 're_c');
      await journal('rfd_nostripe', 500, null);
      await journal('rfd_done', 500, 're_done', 'succeeded');
      await journal('rfd_late', 2_000, 're_late');
      expect((await h.repos.refunds.pendingRefunds(2_000)).map((refund) => refund.id)).toStrictEqual([
        'rfd_c',
        'rfd_a',
        'rfd_b',
      ]);
    });

    it('refundsReturnApplicationFee: true by default; set only once the platform row exists', async () => {
      expect(await h.repos.refunds.refundsReturnApplicationFee()).toBe(true);
      await h.repos.refunds.setRefundsReturnApplicationFee(false);
      // No platform row yet: nothing to update.
      expect(await h.repos.refunds.refundsReturnApplicationFee()).toBe(true);
      await h.raw.platform.save({ name: 'Countertop', stripeAccountId: null }, 1_000);
      expect(await h.repos.refunds.refundsReturnApplicationFee()).toBe(true);
      await h.repos.refunds.setRefundsReturnApplicationFee(false);
      expect(await h.repos.refunds.refundsReturnApplicationFee()).toBe(false);
      await h.repos.refunds.setRefundsReturnApplicationFee(true);
      expect(await h.repos.refunds.refundsReturnApplicationFee()).toBe(true);
    });

    it('saleIdsOfStripeObjects maps the account’s charge and refund ids to sales; staffNames by id', async () => {
      const m = await merchant();
      const other = await merchant();
      const a = await paidSale(m, { id: 'sale_a' });
      const b = await paidSale(m, { id: 'sale_b' });
      const o = await paidSale(other, { id: 'sale_o' });
      await h.raw.refunds.insertRefund(refundOf(b.id, { id: 'rfd_b' }), 1_000);
      await h.raw.refunds.updateRefund('rfd_b', { status: 'succeeded', stripeRefundId: 're_b' }, 1_000);
      const found = await h.repos.reports.saleIdsOfStripeObjects(m.account.id, [
        'ch_sale_a',
        're_b',
        'ch_sale_o',
        'ch_unknown',
      ]);
      expect(found).toStrictEqual(
        new Map([
          ['ch_sale_a', a.id],
          ['re_b', b.id],
        ]),
      );
      expect(o.chargeId).toBe('ch_sale_o');
      expect(await h.repos.reports.saleIdsOfStripeObjects(m.account.id, [])).toStrictEqual(new Map());

      const extra = await addStaff(m.account, [m.location], { displayName: 'Ana' });
      expect(await h.repos.reports.staffNames(m.account.id)).toStrictEqual(
        new Map([
          [m.staff.id, m.staff.displayName],
          [extra.id, 'Ana'],
        ]),
      );
      expect(await h.repos.reports.staffNames('acc_none')).toStrictEqual(new Map());
    });
  });
}
