// Audit entries read as sentences with names, from the entry's details or from what the page loaded.
import type { AuditEntryDto } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { type AuditNames, auditSentence } from './audit-sentences.ts';

const names: AuditNames = {
  accounts: new Map([['acc_1', { name: 'Bean Counter Coffee', currency: 'usd' }]]),
  locations: new Map([
    ['loc_1', 'Mission St'],
    ['loc_2', 'Brooklyn'],
  ]),
  readers: new Map([['rdr_1', 'Front counter']]),
  registers: new Map(),
  staff: new Map([['stf_1', 'Ana']]),
};

function entry(action: string, target: string, details: Record<string, unknown>): AuditEntryDto {
  return {
    id: 1,
    at: '2026-03-10T17:00:00Z',
    actor: 'admin@countertop.test',
    actorName: 'admin@countertop.test',
    accountId: 'acc_1',
    accountName: null,
    action,
    target,
    targetName: null,
    details,
  };
}

describe('audit sentences', () => {
  it('names the reader and its location instead of their ids', () => {
    expect(
      auditSentence(
        entry('reader.registered', 'reader rdr_1', { label: 'Front counter', locationId: 'loc_1' }),
        names,
      ),
    ).toBe('admin@countertop.test added reader ‘Front counter’ at Mission St');
    expect(auditSentence(entry('reader.moved', 'reader rdr_1', { from: 'loc_1', to: 'loc_2' }), names)).toBe(
      'admin@countertop.test moved reader ‘Front counter’ from Mission St to Brooklyn',
    );
  });

  it('words location, staff, fee and refund changes', () => {
    expect(
      auditSentence(
        entry('location.created', 'location loc_9', { name: 'Pier 39', timeZone: 'America/Los_Angeles' }),
        names,
      ),
    ).toBe('admin@countertop.test added location ‘Pier 39’ (America/Los_Angeles)');
    expect(auditSentence(entry('staff.updated', 'staff stf_1', { active: false }), names)).toBe(
      'admin@countertop.test updated Ana: deactivated them',
    );
    expect(
      auditSentence(
        entry('fee_plan.updated', 'account acc_1', {
          after: { bps: 200, fixedMinor: 25, minMinor: 0, maxMinor: null },
        }),
        names,
      ),
    ).toBe('admin@countertop.test changed the fee plan of Bean Counter Coffee to 2 % + $0.25');
    expect(
      auditSentence(entry('support.refund', 'sale sal_1', { amountMinor: 250, reason: 'Cold' }), names),
    ).toBe('admin@countertop.test refunded $2.50 of a sale on the merchant’s behalf (“Cold”)');
  });

  it('keeps an unknown action readable as it is', () => {
    expect(auditSentence(entry('something.new', 'thing th_1', {}), names)).toBe(
      'admin@countertop.test: something.new thing th_1',
    );
  });

  it('uses the names the server resolved when the page has none loaded (the platform-wide log)', () => {
    const fromServer = {
      ...entry('reader.moved', 'reader rdr_9', { from: 'loc_1', to: 'loc_2' }),
      actor: 'system',
      actorName: 'Countertop',
      accountName: 'Kissa Tanpopo',
      targetName: 'Back bar',
    };
    expect(auditSentence(fromServer)).toBe(
      'Countertop moved reader ‘Back bar’ from another location to another location',
    );
    expect(
      auditSentence({
        ...entry('account.login_link_created', 'account acc_9', {}),
        accountName: 'Kissa Tanpopo',
      }),
    ).toBe('admin@countertop.test opened the Express dashboard of Kissa Tanpopo');
  });
});
