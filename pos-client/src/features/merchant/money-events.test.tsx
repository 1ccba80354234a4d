// The merchant review's money-event pieces in words (static markup in node): the banner of a disconnected or
// rejected account, the day's dispute figures, failed payouts in plain words, dispute reasons and statuses —
// in English, and in Japanese where the server's words are English.
import type { MerchantContextResponse } from '@countertop/shared';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, describe, expect, it } from 'vitest';
import { addTranslations, i18n, setLanguage } from '../../lib/i18n/i18n.ts';
import { AccountStandingBanner } from './AccountStandingBanner.tsx';
import { DisputeFigures } from './DisputeFigures.tsx';
import { disputeReason, disputeStatus } from './DisputesScreen.tsx';
import { merchantEn } from './locales/en.ts';
import { payoutFailureText } from './PayoutsScreen.tsx';

await addTranslations(merchantEn, {
  ja: () => import('./locales/ja.ts').then((module) => module.merchantJa),
});
const t = i18n.getFixedT('en', 'merchant');

afterAll(() => setLanguage('en'));

function context(standing: Partial<MerchantContextResponse['standing']>): MerchantContextResponse {
  return {
    viewer: {
      kind: 'owner',
      name: 'Olivia',
      canRefund: true,
      canSeeAccountFigures: true,
      permissions: [],
      canEditCatalog: true,
      canManageTeam: true,
    },
    account: { id: 'acc_1', businessName: 'Bean Counter Coffee', currency: 'usd' },
    standing: {
      connection: 'connected',
      disconnectedAt: null,
      disconnectedReason: null,
      rejectedAt: null,
      rejectedReason: null,
      ...standing,
    },
    locations: [],
    staff: [],
    todayByLocation: {},
  } as MerchantContextResponse;
}

describe('the account standing banner', () => {
  it('is absent while the account is connected', () => {
    expect(renderToStaticMarkup(<AccountStandingBanner context={context({})} />)).toBe('');
  });

  it('says the owner removed the access, when, and what still works', () => {
    const html = renderToStaticMarkup(
      <AccountStandingBanner
        context={context({
          connection: 'disconnected',
          disconnectedAt: '2026-12-04T18:00:00.000Z',
          disconnectedReason: 'deauthorized',
        })}
      />,
    );
    expect(html).toContain('Your Stripe account is no longer connected');
    expect(html).toContain('Bean Counter Coffee&#x27;s Stripe account removed the platform');
    expect(html).toContain('Still working: your sales history');
    expect(html).toContain('cash sales at the counter');
  });

  it('gives the rejection reason in words', () => {
    const html = renderToStaticMarkup(
      <AccountStandingBanner
        context={context({
          connection: 'rejected',
          rejectedAt: '2026-12-04T18:00:00.000Z',
          rejectedReason: 'rejected.fraud',
        })}
      />,
    );
    expect(html).toContain('Stripe has closed your account for payments');
    expect(html).toContain('(suspected fraud)');
  });
});

describe('dispute figures on the daily summary', () => {
  it('lists the day per currency', () => {
    const html = renderToStaticMarkup(
      <DisputeFigures
        day="Fri, Dec 4, 2026"
        figures={[
          {
            currency: 'usd',
            openedCount: 1,
            openedMinor: 3719,
            withdrawnMinor: 3719,
            reinstatedMinor: 3719,
            feesMinor: 0,
            netMinor: 0,
            wonCount: 1,
            lostCount: 0,
          },
        ]}
      />,
    );
    expect(html).toContain('Disputes, Fri, Dec 4, 2026');
    expect(html).toMatch(
      /data-dispute-figure="openedMinor"><th scope="row">Amount disputed<\/th><td class="num">\$37\.19/,
    );
    expect(html).toMatch(/data-dispute-figure="wonCount"><th scope="row">Won<\/th><td class="num">1</);
  });

  it('says when there were none', () => {
    expect(renderToStaticMarkup(<DisputeFigures day="today" figures={[]} />)).toContain(
      'No dispute opened, decided or moved money on this day.',
    );
  });
});

describe('failed payouts and disputes in words', () => {
  it("words Stripe's failure codes, a canceled payout, and keeps the server's words for unknown codes", () => {
    expect(
      payoutFailureText({ status: 'failed', failureCode: 'account_closed', failureText: 'server words' }, t),
    ).toBe('The bank account has been closed. Add a new bank account in Stripe.');
    expect(payoutFailureText({ status: 'canceled', failureCode: null, failureText: 'x' }, t)).toMatch(
      /^The payout was canceled before it reached the bank/,
    );
    expect(
      payoutFailureText(
        { status: 'failed', failureCode: 'brand_new_code', failureText: 'The payout failed: odd.' },
        t,
      ),
    ).toBe('The payout failed: odd.');
  });

  it("words reasons and statuses, falling back to the server's words", () => {
    expect(disputeReason({ reason: 'duplicate', reasonText: 'server' }, t)).toBe(
      'The customer says they were charged twice for one purchase.',
    );
    expect(disputeReason({ reason: 'made_up', reasonText: 'The bank gave "made up".' }, t)).toBe(
      'The bank gave "made up".',
    );
    expect(disputeStatus({ status: 'needs_response', statusText: 'x' }, t)).toBe(
      'Chargeback: needs your evidence',
    );
  });

  it('speaks Japanese too', async () => {
    await setLanguage('ja');
    const ja = i18n.getFixedT('ja', 'merchant');
    expect(disputeStatus({ status: 'won', statusText: 'Won' }, ja)).toBe('勝訴');
    expect(payoutFailureText({ status: 'failed', failureCode: 'declined', failureText: 'x' }, ja)).toMatch(
      /^銀行がこの入金を拒否しました/,
    );
  });
});
