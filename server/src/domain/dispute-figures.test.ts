import { describe, expect, it } from 'vitest';
import {
  buildDisputesCsv,
  DISPUTES_CSV_HEADER,
  disputeDayFigures,
  disputeExposure,
} from './dispute-figures.ts';

const LA = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';
/** 2026-03-10 23:30 in Los Angeles = 2026-03-11 15:30 in Tokyo. */
const LATE_EVENING_LA = Date.UTC(2026, 2, 11, 6, 30);

describe('a day of disputes', () => {
  const zoneOf = (locationId: string | null) => (locationId === 'tokyo' ? TOKYO : LA);

  it("counts what opened, moved and closed on the day in each dispute's own zone", () => {
    const figures = disputeDayFigures({
      date: '2026-03-10',
      zoneOf,
      disputes: [
        {
          id: 'du_la',
          currency: 'usd',
          amountMinor: 4200,
          locationId: 'la',
          status: 'needs_response',
          openedAtMs: LATE_EVENING_LA,
          closedAtMs: null,
        },
        {
          id: 'du_tokyo',
          currency: 'jpy',
          amountMinor: 1800,
          locationId: 'tokyo',
          status: 'won',
          openedAtMs: LATE_EVENING_LA,
          closedAtMs: LATE_EVENING_LA,
        },
        {
          id: 'du_old',
          currency: 'usd',
          amountMinor: 900,
          locationId: null,
          status: 'lost',
          openedAtMs: Date.UTC(2026, 1, 1),
          closedAtMs: LATE_EVENING_LA,
        },
      ],
      transactions: [
        {
          disputeId: 'du_la',
          currency: 'usd',
          amountMinor: -4200,
          feeMinor: 1500,
          netMinor: -5700,
          createdAtMs: LATE_EVENING_LA,
          locationId: 'la',
        },
        {
          disputeId: 'du_tokyo',
          currency: 'jpy',
          amountMinor: 1800,
          feeMinor: -1500,
          netMinor: 3300,
          createdAtMs: LATE_EVENING_LA,
          locationId: 'tokyo',
        },
      ],
    });
    expect(figures).toEqual([
      {
        currency: 'usd',
        openedCount: 1,
        openedMinor: 4200,
        withdrawnMinor: 4200,
        reinstatedMinor: 0,
        feesMinor: 1500,
        netMinor: -5700,
        wonCount: 0,
        lostCount: 1,
      },
    ]);
    // The Tokyo dispute is on the 11th there.
    expect(disputeDayFigures({ date: '2026-03-11', zoneOf, disputes: [], transactions: [] })).toEqual([]);
  });
});

describe('exposure', () => {
  it('adds up open disputes per currency and carrier; closed ones are not at risk', () => {
    const money = (withdrawn: number, fees: number) => ({
      withdrawnMinor: withdrawn,
      reinstatedMinor: 0,
      feesMinor: fees,
      netMinor: -withdrawn - fees,
    });
    expect(
      disputeExposure([
        {
          currency: 'usd',
          carriedBy: 'platform',
          amountMinor: 1000,
          status: 'needs_response',
          money: money(1000, 1500),
        },
        {
          currency: 'usd',
          carriedBy: 'platform',
          amountMinor: 500,
          status: 'warning_needs_response',
          money: money(0, 0),
        },
        {
          currency: 'usd',
          carriedBy: 'connected_account',
          amountMinor: 700,
          status: 'under_review',
          money: money(700, 1500),
        },
        {
          currency: 'eur',
          carriedBy: 'platform',
          amountMinor: 9999,
          status: 'lost',
          money: money(9999, 2000),
        },
      ]),
    ).toEqual([
      {
        currency: 'usd',
        carriedBy: 'connected_account',
        openCount: 1,
        disputedMinor: 700,
        withdrawnMinor: 700,
        feesMinor: 1500,
        totalMinor: 2200,
      },
      {
        currency: 'usd',
        carriedBy: 'platform',
        openCount: 2,
        disputedMinor: 1500,
        withdrawnMinor: 1000,
        feesMinor: 1500,
        totalMinor: 3000,
      },
    ]);
  });
});

describe('the disputes CSV', () => {
  it('has one row per dispute, money in decimals and times in the local zone', () => {
    const csv = buildDisputesCsv([
      {
        id: 'du_1',
        currency: 'jpy',
        amountMinor: 1800,
        locationId: 'tokyo',
        status: 'needs_response',
        openedAtMs: LATE_EVENING_LA,
        closedAtMs: null,
        saleId: 'sale_1',
        chargeId: 'ch_1',
        reason: 'duplicate',
        evidenceDueByMs: Date.UTC(2026, 2, 26, 23, 59, 59),
        carriedBy: 'platform',
        money: { withdrawnMinor: 1800, reinstatedMinor: 0, feesMinor: 1500, netMinor: -3300 },
        timeZone: TOKYO,
      },
    ]);
    const [header, row] = csv.trimEnd().split('\r\n');
    expect(header).toBe(DISPUTES_CSV_HEADER.join(','));
    expect(row).toBe(
      'du_1,2026-03-11T15:30:00+09:00,Asia/Tokyo,tokyo,sale_1,ch_1,JPY,1800,duplicate,The customer says they were charged twice for one purchase.,needs_response,Chargeback: the money was taken back. Send evidence before the deadline to win it back.,2026-03-27T08:59:59+09:00,1800,0,1500,-3300,platform,',
    );
  });
});
