// The repositories of issue 15 on both backends (SQLite and PostgreSQL): disputes with their balance
// transactions, notices and evidence files; payout failures; an account's standing (disconnected, rejected).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import type { DisputeState } from '../../src/db/repositories/disputes.repo.ts';
import { openTestDatabase, TEST_BACKENDS, type TestDatabase } from '../support/databases.ts';

const T0 = Date.UTC(2026, 2, 10, 19, 0, 0);
const DAY = 86_400_000;

function dispute(overrides: Partial<DisputeState> = {}): DisputeState {
  return {
    id: 'du_1',
    accountId: 'acc_1',
    saleId: null,
    locationId: 'loc_1',
    carriedBy: 'connected_account',
    chargeId: 'ch_1',
    paymentIntentId: 'pi_1',
    amountMinor: 4200,
    currency: 'usd',
    reason: 'fraudulent',
    status: 'needs_response',
    evidenceDueByMs: T0 + 15 * DAY,
    hasEvidence: false,
    pastDue: false,
    submissionCount: 0,
    chargeRefundable: false,
    evidence: { receipt: null, product_description: null },
    stripeCreatedAtMs: T0,
    closedAtMs: null,
    ...overrides,
  };
}

describe.each(TEST_BACKENDS)('money event repositories on %s', (backend) => {
  let test: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    test = await openTestDatabase(backend);
    database = test.database;
    for (const id of ['acc_1', 'acc_2']) {
      await database.repos.accounts.insert(
        {
          id,
          stripeAccountId: `acct_${id}`,
          businessName: `Shop ${id}`,
          country: 'US',
          currency: 'usd',
          chargeType: 'direct',
          captureMethod: 'manual',
          feePlan: { bps: 0, fixedMinor: 0, minMinor: 0, maxMinor: null },
          tipping: { enabled: false, percentages: [] },
        },
        T0,
      );
    }
  }, 60_000);
  afterAll(async () => {
    await test?.close();
  });

  it('saves a dispute once, then replaces its state; lists and filters it', async () => {
    const { repos } = database;
    expect(await repos.disputes.save(dispute(), T0)).toEqual({ created: true });
    expect(
      await repos.disputes.save(
        dispute({ hasEvidence: true, evidence: { product_description: 'Latte' } }),
        T0 + 1,
      ),
    ).toEqual({
      created: false,
    });
    expect(await repos.disputes.find('du_1')).toMatchObject({
      hasEvidence: true,
      evidence: { product_description: 'Latte' },
      recordedAtMs: T0,
      updatedAtMs: T0 + 1,
      evidenceDueByMs: T0 + 15 * DAY,
    });
    await repos.disputes.save(
      dispute({
        id: 'du_2',
        accountId: 'acc_2',
        locationId: null,
        stripeCreatedAtMs: T0 + DAY,
        evidenceDueByMs: T0 + 16 * DAY,
      }),
      T0,
    );
    await repos.disputes.save(
      dispute({
        id: 'du_3',
        status: 'won',
        closedAtMs: T0 + 2 * DAY,
        stripeCreatedAtMs: T0 - DAY,
        locationId: 'loc_2',
      }),
      T0,
    );
    expect((await repos.disputes.list({ limit: 10 })).map((d) => d.id)).toEqual(['du_2', 'du_1', 'du_3']);
    expect((await repos.disputes.list({ accountId: 'acc_1', limit: 10 })).map((d) => d.id)).toEqual([
      'du_1',
      'du_3',
    ]);
    expect(
      (await repos.disputes.list({ accountId: 'acc_1', locationIds: ['loc_2'], limit: 10 })).map((d) => d.id),
    ).toEqual(['du_3']);
    expect(await repos.disputes.list({ locationIds: [], limit: 10 })).toEqual([]);
    expect((await repos.disputes.list({ statuses: ['won', 'lost'], limit: 10 })).map((d) => d.id)).toEqual([
      'du_3',
    ]);
    expect(
      (await repos.disputes.openedOrClosedInWindow('acc_1', T0 + DAY, T0 + 3 * DAY)).map((d) => d.id),
    ).toEqual(['du_3']);
  });

  it('adds balance transactions by id and reads them per dispute and per window', async () => {
    const { repos } = database;
    const withdrawal = {
      id: 'txn_1',
      disputeId: 'du_1',
      reportingCategory: 'dispute',
      amountMinor: -4200,
      feeMinor: 1500,
      netMinor: -5700,
      currency: 'usd',
      stripeCreatedAtMs: T0,
    };
    await repos.disputes.addBalanceTransactions([withdrawal]);
    await repos.disputes.addBalanceTransactions([
      withdrawal,
      {
        ...withdrawal,
        id: 'txn_2',
        reportingCategory: 'dispute_reversal',
        amountMinor: 4200,
        feeMinor: -1500,
        netMinor: 5700,
        stripeCreatedAtMs: T0 + DAY,
      },
    ]);
    expect((await repos.disputes.balanceTransactionsOf(['du_1'])).map((t) => [t.id, t.amountMinor])).toEqual([
      ['txn_1', -4200],
      ['txn_2', 4200],
    ]);
    expect(await repos.disputes.transactionsInWindow('acc_1', T0, T0 + DAY)).toEqual([
      { ...withdrawal, locationId: 'loc_1' },
    ]);
    expect(await repos.disputes.transactionsInWindow('acc_2', T0, T0 + 2 * DAY)).toEqual([]);
  });

  it('claims each notice once, gives it back, and finds disputes still without one', async () => {
    const { repos } = database;
    expect(await repos.disputes.claimNotice('du_1', 'opened', ['a@x.test', 'b@x.test'], T0)).toBe(true);
    expect(await repos.disputes.claimNotice('du_1', 'opened', ['a@x.test'], T0 + 1)).toBe(false);
    expect(await repos.disputes.noticesOf('du_1')).toEqual([
      { disputeId: 'du_1', kind: 'opened', recipients: ['a@x.test', 'b@x.test'], sentAtMs: T0 },
    ]);
    const open = ['needs_response'] as const;
    expect((await repos.disputes.withoutNotice('opened', open, 10)).map((d) => d.id)).toEqual(['du_2']);
    expect(
      (
        await repos.disputes.withoutNotice('deadline_reminder', open, 10, {
          afterMs: T0,
          untilMs: T0 + 15 * DAY,
        })
      ).map((d) => d.id),
    ).toEqual(['du_1']);
    expect(
      await repos.disputes.withoutNotice('deadline_reminder', open, 10, {
        afterMs: T0,
        untilMs: T0 + 14 * DAY,
      }),
    ).toEqual([]);
    await repos.disputes.releaseNotice('du_1', 'opened');
    expect(await repos.disputes.claimNotice('du_1', 'opened', [], T0 + 2)).toBe(true);
  });

  it('keeps evidence files per dispute', async () => {
    const { repos } = database;
    const file = {
      id: 'def_1',
      disputeId: 'du_1',
      stripeFileId: 'file_1',
      field: 'receipt',
      fileName: 'receipt.pdf',
      fileType: 'pdf',
      sizeBytes: 1234,
      uploadedByLabel: 'Ana (manager)',
      uploadedAtMs: T0,
    };
    await repos.disputes.insertEvidenceFile(file);
    expect(await repos.disputes.evidenceFilesOf('du_1')).toEqual([file]);
    expect(await repos.disputes.evidenceFilesOf('du_2')).toEqual([]);
  });

  it('records payout failures, newest first, and claims the e-mail once', async () => {
    const { repos } = database;
    const failure = {
      payoutId: 'po_1',
      accountId: 'acc_1',
      status: 'failed' as const,
      amountMinor: 10_000,
      currency: 'usd',
      failureCode: 'account_closed',
      failureMessage: 'The bank account has been closed.',
      arrivalDateMs: T0 + DAY,
      automatic: true,
      happenedAtMs: T0 + 2 * DAY,
    };
    expect(await repos.payoutFailures.upsert(failure, T0)).toMatchObject({
      ...failure,
      recordedAtMs: T0,
      notifiedAtMs: null,
    });
    await repos.payoutFailures.upsert(
      {
        ...failure,
        payoutId: 'po_2',
        accountId: 'acc_2',
        status: 'canceled',
        failureCode: null,
        failureMessage: null,
        happenedAtMs: T0 + 3 * DAY,
      },
      T0,
    );
    await repos.payoutFailures.upsert({ ...failure, failureCode: 'no_account' }, T0 + 5);
    expect((await repos.payoutFailures.find('po_1'))?.failureCode).toBe('no_account');
    expect((await repos.payoutFailures.list(null, 10)).map((f) => f.payoutId)).toEqual(['po_2', 'po_1']);
    expect((await repos.payoutFailures.list('acc_1', 10)).map((f) => f.payoutId)).toEqual(['po_1']);
    expect(await repos.payoutFailures.claimNotification('po_1', T0 + 9)).toBe(true);
    expect(await repos.payoutFailures.claimNotification('po_1', T0 + 10)).toBe(false);
    expect((await repos.payoutFailures.listUnnotified(10)).map((f) => f.payoutId)).toEqual(['po_2']);
    await repos.payoutFailures.releaseNotification('po_1');
    expect((await repos.payoutFailures.listUnnotified(10)).map((f) => f.payoutId)).toEqual(['po_1', 'po_2']);
  });

  it("records an account's standing: the first disconnection is kept, a deauthorization replaces access_revoked", async () => {
    const { repos } = database;
    expect(await repos.accounts.setRejection('acct_acc_2', 'rejected.fraud', T0, T0)).toBe(true);
    expect(await repos.accounts.setRejection('acct_acc_2', 'rejected.fraud', T0 + 5, T0 + 5)).toBe(false);
    expect((await repos.accounts.findById('acc_2'))?.standing).toMatchObject({
      rejectedAtMs: T0,
      rejectedReason: 'rejected.fraud',
    });
    expect(await repos.accounts.setRejection('acct_acc_2', null, T0 + 6, T0 + 6)).toBe(true);
    expect((await repos.accounts.findById('acc_2'))?.standing).toMatchObject({
      rejectedAtMs: null,
      rejectedReason: null,
    });

    expect(await repos.accounts.markDisconnected('acct_acc_2', 'access_revoked', T0 + 7, T0 + 7)).toBe(true);
    expect(await repos.accounts.markDisconnected('acct_acc_2', 'access_revoked', T0 + 8, T0 + 8)).toBe(false);
    expect(await repos.accounts.markDisconnected('acct_acc_2', 'deauthorized', T0 + 3, T0 + 9)).toBe(true);
    expect(await repos.accounts.markDisconnected('acct_acc_2', 'deauthorized', T0 + 4, T0 + 10)).toBe(false);
    expect((await repos.accounts.findById('acc_2'))?.standing).toEqual({
      disconnectedAtMs: T0 + 3,
      disconnectedReason: 'deauthorized',
      rejectedAtMs: null,
      rejectedReason: null,
    });
  });
});
