// The payout schedule editor and the location edit form: their draft rules (anchors only for their interval,
// only changed location fields sent) and first renders with a label on every control (static markup in node).
import type { PlatformLocation } from '@countertop/shared';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LocationEditForm, locationChanges } from './LocationEditForm.tsx';
import { describeSchedule, draftToSchedule, PayoutScheduleForm } from './PayoutScheduleEditor.tsx';

const draft = { interval: 'daily', delayDays: '', weeklyAnchor: 'friday', monthlyAnchor: '15' };

describe('payout schedule editor', () => {
  it('sends only the anchor of the chosen interval, and no delay when left empty', () => {
    expect(draftToSchedule(draft)).toEqual({ interval: 'daily' });
    expect(draftToSchedule({ ...draft, interval: 'weekly', delayDays: '7' })).toEqual({
      interval: 'weekly',
      delayDays: 7,
      weeklyAnchor: 'friday',
    });
    expect(draftToSchedule({ ...draft, interval: 'monthly' })).toEqual({
      interval: 'monthly',
      monthlyAnchor: 15,
    });
    expect(draftToSchedule({ ...draft, interval: 'manual', delayDays: '3' })).toEqual({
      interval: 'manual',
      delayDays: 3,
    });
  });

  it('refuses a bad delay, day of month or interval with a message', () => {
    expect(draftToSchedule({ ...draft, delayDays: '-1' })).toMatch(/whole number of days/);
    expect(draftToSchedule({ ...draft, delayDays: '2.5' })).toMatch(/whole number of days/);
    expect(draftToSchedule({ ...draft, interval: 'monthly', monthlyAnchor: '32' })).toBe(
      'The day of the month must be from 1 to 31.',
    );
    expect(draftToSchedule({ ...draft, interval: 'weekly', weeklyAnchor: 'someday' })).toMatch(/weekday/);
    expect(draftToSchedule({ ...draft, interval: 'hourly' })).toMatch(/how often/);
  });

  it('describes the schedule in words', () => {
    expect(
      describeSchedule({ interval: 'weekly', delayDays: 7, weeklyAnchor: 'friday', monthlyAnchor: null }),
    ).toBe('Weekly on Friday, funds held 7 day(s)');
    expect(
      describeSchedule({ interval: 'monthly', delayDays: 2, weeklyAnchor: null, monthlyAnchor: 31 }),
    ).toBe('Monthly on day 31, funds held 2 day(s)');
  });

  it('renders labelled controls, with the weekday only for a weekly schedule', () => {
    const weekly = renderToStaticMarkup(
      <PayoutScheduleForm
        schedule={{ interval: 'weekly', delayDays: 4, weeklyAnchor: 'tuesday', monthlyAnchor: null }}
        onSave={async () => {}}
      />,
    );
    for (const label of ['Payout frequency', 'Weekday of payouts', 'Delay in days', 'Save payout schedule']) {
      expect(weekly).toContain(label);
    }
    expect(weekly).not.toContain('Day of the month');
    const daily = renderToStaticMarkup(
      <PayoutScheduleForm
        schedule={{ interval: 'daily', delayDays: 2, weeklyAnchor: null, monthlyAnchor: null }}
        onSave={async () => {}}
      />,
    );
    expect(daily).not.toContain('Weekday of payouts');
  });
});

const location: PlatformLocation = {
  id: 'loc_1',
  accountId: 'acc_1',
  stripeLocationId: 'tml_1',
  name: 'Downtown',
  timeZone: 'America/Chicago',
  address: { line1: '1 Main St', city: 'Springfield', state: 'IL', postal_code: '62701', country: 'US' },
  taxRateBps: 0,
  tipping: null,
  terminalConfigurationId: null,
};

describe('location edit form', () => {
  it('sends only what changed, the address whole and without its fixed country', () => {
    const same = { name: 'Downtown', timeZone: 'America/Chicago', address: location.address };
    expect(locationChanges(location, same)).toEqual({});
    expect(locationChanges(location, { ...same, name: ' Uptown ' })).toEqual({ name: 'Uptown' });
    expect(
      locationChanges(location, { ...same, address: { ...location.address, line2: 'Suite 5' } }),
    ).toEqual({
      address: {
        line1: '1 Main St',
        line2: 'Suite 5',
        city: 'Springfield',
        state: 'IL',
        postal_code: '62701',
      },
    });
    expect(locationChanges(location, { ...same, timeZone: 'America/Denver' })).toEqual({
      timeZone: 'America/Denver',
    });
  });

  it("renders labelled fields, marks the country's required ones and says the country cannot change", () => {
    const html = renderToStaticMarkup(
      <LocationEditForm location={location} country="US" onSave={async () => {}} onCancel={() => {}} />,
    );
    for (const label of [
      'Location name',
      'Street address (required)',
      'State / region (required)',
      'Time zone',
    ]) {
      expect(html).toContain(label);
    }
    expect(html).toContain('value="Springfield"');
    expect(html).toContain('cannot move to another country');
  });
});
