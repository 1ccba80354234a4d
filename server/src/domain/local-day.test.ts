import { describe, expect, it } from 'vitest';
import {
  addDays,
  canonicalTimeZone,
  checkLocalDateRange,
  createLocalClock,
  dayBoundsMs,
  daysBetween,
  formatLocalDateTime,
  hourOfDay,
  isValidLocalDate,
  isValidTimeZone,
  listLocalDates,
  localDayOf,
  MAX_RANGE_DAYS,
  monthBounds,
  monthsStartingIn,
  rangeBoundsMs,
  sameWeekdayLastWeek,
  startOfLocalDayMs,
  unionRangeBoundsMs,
  utcOffsetMs,
  weekBounds,
  weekdayOf,
} from './local-day.ts';

const utc = (iso: string) => Date.parse(iso);
const HOUR_MS = 3_600_000;

describe(dayBoundsMs.name, () => {
  // Expected values worked out by hand from each zone's rules (tzdata), not from the code under test.
  it.each([
    ['America/New_York', '2026-03-07', '2026-03-07T05:00:00Z', '2026-03-08T05:00:00Z', 24],
    ['America/New_York', '2026-03-08', '2026-03-08T05:00:00Z', '2026-03-09T04:00:00Z', 23], // 02:00 → 03:00
    ['America/New_York', '2026-11-01', '2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z', 25], // 02:00 → 01:00
    ['Europe/London', '2026-03-29', '2026-03-29T00:00:00Z', '2026-03-29T23:00:00Z', 23],
    ['Europe/London', '2026-10-25', '2026-10-24T23:00:00Z', '2026-10-26T00:00:00Z', 25],
    ['Europe/London', '2026-07-01', '2026-06-30T23:00:00Z', '2026-07-01T23:00:00Z', 24],
    ['Asia/Tokyo', '2026-03-08', '2026-03-07T15:00:00Z', '2026-03-08T15:00:00Z', 24],
    ['Asia/Tokyo', '2026-11-01', '2026-10-31T15:00:00Z', '2026-11-01T15:00:00Z', 24],
    ['Australia/Lord_Howe', '2026-10-04', '2026-10-03T13:30:00Z', '2026-10-04T13:00:00Z', 23.5], // +10:30 → +11
    ['Australia/Lord_Howe', '2026-04-05', '2026-04-04T13:00:00Z', '2026-04-05T13:30:00Z', 24.5],
    ['Pacific/Chatham', '2026-09-27', '2026-09-26T11:15:00Z', '2026-09-27T10:15:00Z', 23], // +12:45 → +13:45
    ['Pacific/Chatham', '2026-04-05', '2026-04-04T10:15:00Z', '2026-04-05T11:15:00Z', 25],
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00Z', '2026-09-07T03:00:00Z', 23], // midnight skipped
    ['America/Santiago', '2026-04-04', '2026-04-04T03:00:00Z', '2026-04-05T04:00:00Z', 25], // 23:00 repeated
    ['Asia/Kolkata', '2026-01-01', '2025-12-31T18:30:00Z', '2026-01-01T18:30:00Z', 24],
    ['UTC', '2028-02-29', '2028-02-29T00:00:00Z', '2028-03-01T00:00:00Z', 24],
  ])('%s %s is [%s, %s), %s hours', (timeZone, date, start, end, hours) => {
    const bounds = dayBoundsMs(date, timeZone);
    expect(bounds).toEqual({ startMs: utc(start), endMs: utc(end) });
    expect((bounds.endMs - bounds.startMs) / HOUR_MS).toBe(hours);
  });

  it.each([
    'America/New_York',
    'Europe/London',
    'Asia/Tokyo',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'America/Santiago',
    'Asia/Kathmandu',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
  ])('tiles every day of 2026 in %s with no gap or overlap, each bound inside its own day', (timeZone) => {
    let previousEnd: number | null = null;
    for (const date of listLocalDates({ from: '2026-01-01', to: '2026-12-31' })) {
      const { startMs, endMs } = dayBoundsMs(date, timeZone);
      if (previousEnd !== null) expect(startMs).toBe(previousEnd);
      expect(localDayOf(startMs, timeZone)).toBe(date);
      expect(localDayOf(endMs - 1, timeZone)).toBe(date);
      expect(localDayOf(startMs - 1, timeZone)).toBe(addDays(date, -1));
      expect([23, 23.5, 24, 24.5, 25]).toContain((endMs - startMs) / HOUR_MS);
      previousEnd = endMs;
    }
  });

  it('starts the Santiago spring-forward day at 01:00, the first local time that exists', () => {
    const startMs = startOfLocalDayMs('2026-09-06', 'America/Santiago');
    expect(formatLocalDateTime(startMs, 'America/Santiago')).toBe('2026-09-06T01:00:00-03:00');
    expect(formatLocalDateTime(startMs - 1000, 'America/Santiago')).toBe('2026-09-05T23:59:59-04:00');
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', '', 'today'])(
    'rejects the date %j',
    (date) => {
      expect(() => dayBoundsMs(date, 'UTC')).toThrow(RangeError);
    },
  );

  it.each(['Mars/Olympus_Mons', '+01:00', '', 'Local'])('rejects the time zone %j', (timeZone) => {
    expect(() => dayBoundsMs('2026-01-01', timeZone)).toThrow(RangeError);
  });
});

describe(localDayOf.name, () => {
  it.each([
    [
      'a sale at 23:30 EST on the eve of spring-forward',
      '2026-03-08T04:30:00Z',
      'America/New_York',
      '2026-03-07',
    ],
    ['a sale at 23:30 EST on the fall-back day', '2026-11-02T04:30:00Z', 'America/New_York', '2026-11-01'],
    ['a sale at 23:30 EDT in summer', '2026-07-05T03:30:00Z', 'America/New_York', '2026-07-04'],
    [
      'a sale at 00:00 EDT, the first instant of a day',
      '2026-07-05T04:00:00Z',
      'America/New_York',
      '2026-07-05',
    ],
    [
      'a sale at 23:59:59.999 EDT, the last instant of a day',
      '2026-07-05T03:59:59.999Z',
      'America/New_York',
      '2026-07-04',
    ],
    ['a sale at 23:30 JST (UTC date is the same)', '2026-03-08T14:30:00Z', 'Asia/Tokyo', '2026-03-08'],
    ['a sale at 08:30 JST (UTC date is the day before)', '2026-03-07T23:30:00Z', 'Asia/Tokyo', '2026-03-08'],
    ['a sale at 23:30 BST', '2026-06-30T22:30:00Z', 'Europe/London', '2026-06-30'],
    ['a sale at 23:30 at Lord Howe in DST', '2026-01-10T12:30:00Z', 'Australia/Lord_Howe', '2026-01-10'],
    ['a sale at 23:30 on Chatham in DST', '2026-01-10T09:45:00Z', 'Pacific/Chatham', '2026-01-10'],
    ['a sale at 23:30 in Honolulu', '2026-01-11T09:30:00Z', 'Pacific/Honolulu', '2026-01-10'],
  ])('puts %s on its local day', (_name, instant, timeZone, date) => {
    expect(localDayOf(utc(instant), timeZone)).toBe(date);
  });

  it('rejects a non-integer instant', () => {
    expect(() => localDayOf(1.5, 'UTC')).toThrow(RangeError);
  });
});

describe(hourOfDay.name, () => {
  it.each([
    ['2026-03-08T06:59:59Z', 'America/New_York', 1], // 01:59:59 EST
    ['2026-03-08T07:00:00Z', 'America/New_York', 3], // 03:00 EDT: hour 2 never happens
    ['2026-11-01T05:30:00Z', 'America/New_York', 1], // 01:30 EDT
    ['2026-11-01T06:30:00Z', 'America/New_York', 1], // 01:30 EST, the repeated hour
    ['2026-03-08T04:30:00Z', 'America/New_York', 23],
    ['2026-03-07T15:00:00Z', 'Asia/Tokyo', 0],
    ['2026-10-03T15:45:00Z', 'Australia/Lord_Howe', 2], // 02:45 +11:00, just after the 02:00 → 02:30 jump
  ])('%s in %s is hour %i', (instant, timeZone, hour) => {
    expect(hourOfDay(utc(instant), timeZone)).toBe(hour);
  });
});

describe(formatLocalDateTime.name, () => {
  it.each([
    ['2026-03-08T06:59:59Z', 'America/New_York', '2026-03-08T01:59:59-05:00'],
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08T03:00:00-04:00'],
    ['2026-09-26T11:15:00Z', 'Pacific/Chatham', '2026-09-27T00:00:00+12:45'],
    ['2026-01-01T00:00:00.999Z', 'Asia/Kolkata', '2026-01-01T05:30:00+05:30'],
    ['2026-06-01T12:00:00Z', 'UTC', '2026-06-01T12:00:00+00:00'],
    ['1880-01-01T00:00:00Z', 'America/New_York', '1879-12-31T19:03:58-04:56:02'], // local mean time
  ])('%s in %s reads %s', (instant, timeZone, text) => {
    expect(formatLocalDateTime(utc(instant), timeZone)).toBe(text);
  });

  it('keeps the offset consistent with utcOffsetMs', () => {
    expect(utcOffsetMs(utc('2026-07-01T00:00:00Z'), 'America/New_York')).toBe(-4 * HOUR_MS);
    expect(utcOffsetMs(utc('2026-01-01T00:00:00Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR_MS);
  });
});

describe(rangeBoundsMs.name, () => {
  it('spans from the start of the first day to the start of the day after the last', () => {
    expect(rangeBoundsMs({ from: '2026-03-01', to: '2026-03-31' }, 'America/New_York')).toEqual({
      startMs: utc('2026-03-01T05:00:00Z'),
      endMs: utc('2026-04-01T04:00:00Z'),
    });
  });

  it('equals the day bounds for a one-day range', () => {
    expect(rangeBoundsMs({ from: '2026-11-01', to: '2026-11-01' }, 'America/New_York')).toEqual(
      dayBoundsMs('2026-11-01', 'America/New_York'),
    );
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => rangeBoundsMs({ from: '2026-03-02', to: '2026-03-01' }, 'UTC')).toThrow(RangeError);
  });

  it('covers every zone of a multi-location query with the union window', () => {
    expect(
      unionRangeBoundsMs({ from: '2026-03-08', to: '2026-03-08' }, ['Asia/Tokyo', 'America/New_York']),
    ).toEqual({
      startMs: utc('2026-03-07T15:00:00Z'),
      endMs: utc('2026-03-09T04:00:00Z'),
    });
    expect(() => unionRangeBoundsMs({ from: '2026-03-08', to: '2026-03-08' }, [])).toThrow(RangeError);
  });
});

describe(weekBounds.name, () => {
  it('runs Monday to Sunday by default, with DST inside the week (7 days − 1 hour)', () => {
    const week = weekBounds('2026-03-11', 'America/New_York');
    expect(week).toEqual({
      from: '2026-03-09',
      to: '2026-03-15',
      startMs: utc('2026-03-09T04:00:00Z'),
      endMs: utc('2026-03-16T04:00:00Z'),
    });
    const sundayWeek = weekBounds('2026-03-11', 'America/New_York', 0);
    expect(sundayWeek).toMatchObject({ from: '2026-03-08', to: '2026-03-14' });
    expect(sundayWeek.endMs - sundayWeek.startMs).toBe(7 * 24 * HOUR_MS - HOUR_MS);
  });

  it.each([
    ['2026-03-09', '2026-03-09'], // a Monday is its own week start
    ['2026-03-15', '2026-03-09'], // a Sunday belongs to the week before
    ['2026-01-01', '2025-12-29'], // across a year boundary
  ])('puts %s in the week starting %s', (date, from) => {
    expect(weekBounds(date, 'UTC').from).toBe(from);
  });

  it('refuses a week start outside 0–6', () => {
    expect(() => weekBounds('2026-03-11', 'UTC', 7)).toThrow(RangeError);
  });
});

describe(monthBounds.name, () => {
  it.each([
    ['2026-02-14', '2026-02-01', '2026-02-28'],
    ['2028-02-10', '2028-02-01', '2028-02-29'],
    ['2026-12-31', '2026-12-01', '2026-12-31'],
    ['2026-04-01', '2026-04-01', '2026-04-30'],
  ])('puts %s in %s … %s', (date, from, to) => {
    expect(monthBounds(date, 'UTC')).toMatchObject({ from, to });
  });

  it('ends March in London at midnight BST', () => {
    expect(monthBounds('2026-03-15', 'Europe/London')).toMatchObject({
      startMs: utc('2026-03-01T00:00:00Z'),
      endMs: utc('2026-03-31T23:00:00Z'),
    });
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-03-03', '2026-02-24'],
    ['2026-01-05', '2025-12-29'],
    ['2028-03-06', '2028-02-28'],
    ['2026-03-15', '2026-03-08'],
  ])('compares %s with the same weekday last week, %s', (date, lastWeek) => {
    expect(sameWeekdayLastWeek(date)).toBe(lastWeek);
    expect(weekdayOf(lastWeek)).toBe(weekdayOf(date));
  });

  it.each([
    ['2026-03-08', 0],
    ['2026-03-09', 1],
    ['2026-03-14', 6],
  ])('knows %s is weekday %i', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  it('adds days across months and leap days', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-03-02', '2026-03-01')).toBe(-1);
  });

  it('lists the dates of a range in order', () => {
    expect(listLocalDates({ from: '2026-02-27', to: '2026-03-02' })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(() => listLocalDates({ from: '2026-03-02', to: '2026-03-01' })).toThrow(RangeError);
  });

  it.each([
    ['2026-02-28', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-00-10', false],
    ['0999-01-01', false],
    ['2026-1-01', false],
    ['2026-01-01T00:00', false],
  ])('validates the date %s as %s', (text, valid) => {
    expect(isValidLocalDate(text)).toBe(valid);
  });
});

describe(checkLocalDateRange.name, () => {
  it('accepts a range of up to a year and counts its days', () => {
    expect(checkLocalDateRange({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ ok: true, days: 1 });
    expect(checkLocalDateRange({ from: '2028-01-01', to: '2028-12-31' })).toEqual({
      ok: true,
      days: MAX_RANGE_DAYS,
    });
  });

  it.each([
    [{ from: '2026-01-01', to: '2027-01-02' }, /at most 366 days/],
    [{ from: '2026-03-02', to: '2026-03-01' }, /not be after/],
    [{ from: '2026-02-30', to: '2026-03-01' }, /from is not a date/],
    [{ from: '2026-03-01', to: 'tomorrow' }, /to is not a date/],
  ])('refuses %j', (range, reason) => {
    const check = checkLocalDateRange(range);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(reason);
  });
});

describe(isValidTimeZone.name, () => {
  it.each([
    ['America/New_York', true],
    ['Australia/Lord_Howe', true],
    ['Pacific/Chatham', true],
    ['UTC', true],
    ['Etc/GMT+5', true],
    ['america/new_york', true],
    ['Mars/Olympus_Mons', false],
    ['+01:00', false],
    ['-05:00', false],
    ['', false],
    ['America/New_York ', false],
  ])('says %j is %s', (timeZone, valid) => {
    expect(isValidTimeZone(timeZone)).toBe(valid);
  });

  it('canonicalises the spelling of a zone and returns null for an invalid one', () => {
    expect(canonicalTimeZone('america/new_york')).toBe('America/New_York');
    expect(canonicalTimeZone('Nowhere/Special')).toBeNull();
  });
});

describe(createLocalClock.name, () => {
  it.each([
    ['America/New_York', '2026-03-07T12:00:00Z'],
    ['America/New_York', '2026-10-31T12:00:00Z'],
    ['Australia/Lord_Howe', '2026-10-02T12:00:00Z'],
    ['Australia/Lord_Howe', '2026-04-03T12:00:00Z'],
    ['Pacific/Chatham', '2026-09-25T12:00:00Z'],
    ['America/Santiago', '2026-09-04T12:00:00Z'],
    ['Asia/Tokyo', '2026-03-07T12:00:00Z'],
  ])(
    'agrees with the exact reading every 7 minutes 13 seconds for three days in %s from %s',
    (timeZone, from) => {
      const clock = createLocalClock(timeZone);
      const startMs = utc(from);
      for (let instantMs = startMs; instantMs < startMs + 72 * HOUR_MS; instantMs += 433_000) {
        expect(clock.localDayOf(instantMs)).toBe(localDayOf(instantMs, timeZone));
        expect(clock.hourOfDay(instantMs)).toBe(hourOfDay(instantMs, timeZone));
      }
    },
  );

  it('agrees at both sides of a transition, to the millisecond', () => {
    const clock = createLocalClock('America/New_York');
    const jump = utc('2026-03-08T07:00:00Z');
    expect([clock.hourOfDay(jump - 1), clock.hourOfDay(jump)]).toEqual([1, 3]);
    const fallBack = utc('2026-11-01T06:00:00Z');
    expect([clock.hourOfDay(fallBack - 1), clock.hourOfDay(fallBack)]).toEqual([1, 1]);
    expect(clock.localDayOf(utc('2026-11-02T04:59:59.999Z'))).toBe('2026-11-01');
    expect(clock.localDayOf(utc('2026-11-02T05:00:00Z'))).toBe('2026-11-02');
  });

  it('refuses an unknown zone up front', () => {
    expect(() => createLocalClock('Nowhere/Special')).toThrow(RangeError);
  });
});

describe(monthsStartingIn.name, () => {
  it('lists the months whose first day is in the range, across a year end and a leap February', () => {
    expect(monthsStartingIn({ from: '2027-11-15', to: '2028-02-01' })).toEqual([
      { from: '2027-12-01', to: '2027-12-31' },
      { from: '2028-01-01', to: '2028-01-31' },
      { from: '2028-02-01', to: '2028-02-29' },
    ]);
  });

  it('takes a month starting on the range edges, and none that starts before the range', () => {
    expect(monthsStartingIn({ from: '2026-02-01', to: '2026-02-01' })).toEqual([
      { from: '2026-02-01', to: '2026-02-28' },
    ]);
    expect(monthsStartingIn({ from: '2026-01-31', to: '2026-02-01' })).toEqual([
      { from: '2026-02-01', to: '2026-02-28' },
    ]);
    expect(monthsStartingIn({ from: '2026-02-02', to: '2026-02-28' })).toEqual([]);
    expect(monthsStartingIn({ from: '2026-03-07', to: '2026-03-07' })).toEqual([]);
  });

  it('gives, within the range, every date from the first month start on exactly once', () => {
    for (const [from, to] of [
      ['2026-01-31', '2026-05-01'],
      ['2025-12-01', '2026-01-31'],
      ['2026-06-10', '2026-06-20'],
    ] as const) {
      const inMonths = monthsStartingIn({ from, to })
        .flatMap((month) => listLocalDates(month))
        .filter((date) => date <= to);
      expect(new Set(inMonths).size).toBe(inMonths.length);
      const firstStart = monthsStartingIn({ from, to })[0]?.from ?? '9999-12-31';
      expect(inMonths).toEqual(listLocalDates({ from, to }).filter((date) => date >= firstStart));
    }
  });
});
