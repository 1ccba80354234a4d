// Contract: Connect accounts, account links and login links through the official SDK; the hosted onboarding
// page is emulator-only (real Stripe's page needs a browser and real identity data).
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMULATOR_ONLY, IS_REAL_STRIPE, openTarget, type Target } from './target.ts';

let target: Target;
let stripe: Stripe;

beforeAll(async () => {
  target = await openTarget();
  stripe = target.stripe;
});
afterAll(() => target.close());

const capabilities = { card_payments: { requested: true }, transfers: { requested: true } };

describe('POST /v1/accounts', () => {
  it('creates an Express-dashboard account that cannot charge until onboarding', async () => {
    const acct = await stripe.accounts.create({
      country: 'US',
      controller: {
        stripe_dashboard: { type: 'express' },
        fees: { payer: 'application' },
        losses: { payments: 'application' },
      },
      capabilities,
    });
    expect(acct.id).toMatch(/^acct_/);
    expect(acct.type).toBe('express');
    expect(acct.default_currency).toBe('usd');
    expect(acct.charges_enabled).toBe(false);
    expect(acct.details_submitted).toBe(false);
    expect(['inactive', 'pending']).toContain(acct.capabilities?.card_payments);
    expect(acct.requirements?.currently_due?.length).toBeGreaterThan(0);
    expect(acct.settings?.payouts?.schedule.interval).toBeDefined();
  });

  it('derives the default currency from the country', async () => {
    const acct = await stripe.accounts.create({ type: 'standard', country: 'CA' });
    expect(acct.default_currency).toBe('cad');
    expect(acct.type).toBe('standard');
  });

  it('lists connected accounts', async () => {
    const acct = await stripe.accounts.create({ type: 'express', country: 'US', capabilities });
    const page = await stripe.accounts.list({ limit: 100 });
    expect(page.data.map((a) => a.id)).toContain(acct.id);
  });
});

describe('account links and login links', () => {
  it('creates a single-use onboarding link that expires after 300 s', async () => {
    const acct = await stripe.accounts.create({ type: 'express', country: 'US', capabilities });
    const link = await stripe.accountLinks.create({
      account: acct.id,
      type: 'account_onboarding',
      refresh_url: 'https://example.com/refresh',
      return_url: 'https://example.com/return',
    });
    expect(link.object).toBe('account_link');
    expect(link.expires_at - link.created).toBe(300);
    expect(link.url).toMatch(/^https?:\/\//);
  });

  it('allows account_update links only when the platform collects requirements', async () => {
    const express = await stripe.accounts.create({ type: 'express', country: 'US', capabilities });
    const refused = await stripe.accountLinks
      .create({
        account: express.id,
        type: 'account_update',
        refresh_url: 'https://example.com/r',
        return_url: 'https://example.com/x',
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const custom = await stripe.accounts.create({ type: 'custom', country: 'US', capabilities });
    const link = await stripe.accountLinks.create({
      account: custom.id,
      type: 'account_update',
      refresh_url: 'https://example.com/r',
      return_url: 'https://example.com/x',
    });
    expect(link.object).toBe('account_link');
  });

  it('creates login links only for Express Dashboard accounts', async () => {
    const express = await stripe.accounts.create({ type: 'express', country: 'US', capabilities });
    const link = await stripe.accounts.createLoginLink(express.id);
    expect(link.object).toBe('login_link');
    const standard = await stripe.accounts.create({ type: 'standard', country: 'US' });
    const err = await stripe.accounts.createLoginLink(standard.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});

describe.skipIf(IS_REAL_STRIPE)(`hosted onboarding (${EMULATOR_ONLY})`, () => {
  it('completes onboarding from the hosted page, redirects to return_url and then refuses the used link', async () => {
    const acct = await stripe.accounts.create({ type: 'express', country: 'US', capabilities });
    const link = await stripe.accountLinks.create({
      account: acct.id,
      type: 'account_onboarding',
      refresh_url: 'https://example.com/refresh',
      return_url: 'https://example.com/return',
    });
    expect(link.url.startsWith(String(target.emulatorUrl))).toBe(true);
    const page = await fetch(link.url);
    const html = await page.text();
    expect(html).toContain('Complete onboarding');
    const action = /action="([^"]+)"/.exec(html)?.[1] ?? '';
    const submit = await fetch(`${target.emulatorUrl}${action}`, {
      method: 'POST',
      body: new URLSearchParams({ outcome: 'complete' }),
      redirect: 'manual',
    });
    expect(submit.status).toBe(303);
    expect(submit.headers.get('location')).toBe('https://example.com/return');
    const reused = await fetch(link.url, { redirect: 'manual' });
    expect(reused.headers.get('location')).toBe('https://example.com/refresh');
    const done = await stripe.accounts.retrieve(acct.id);
    expect(done.charges_enabled).toBe(true);
    expect(done.payouts_enabled).toBe(true);
    expect(done.details_submitted).toBe(true);
    expect(done.capabilities?.card_payments).toBe('active');
    expect(done.requirements?.currently_due).toEqual([]);
    const caps = await stripe.accounts.listCapabilities(acct.id);
    expect(caps.data.map((c) => [c.id, c.status])).toEqual([
      ['card_payments', 'active'],
      ['transfers', 'active'],
    ]);
    const events = await stripe.events.list({ type: 'capability.updated' }, { stripeAccount: acct.id });
    expect(events.data).toHaveLength(2);
  });

  it('sends an expired link to refresh_url', async () => {
    const acct = await stripe.accounts.create({ type: 'express', country: 'US', capabilities });
    const link = await stripe.accountLinks.create({
      account: acct.id,
      type: 'account_onboarding',
      refresh_url: 'https://example.com/refresh',
      return_url: 'https://example.com/return',
    });
    await target.control('POST', '/_emulator/clock', { advance_seconds: 301 });
    const res = await fetch(link.url, { redirect: 'manual' });
    expect(res.headers.get('location')).toBe('https://example.com/refresh');
  });

  it('abandoning leaves the account unable to charge', async () => {
    const acct = await stripe.accounts.create({ type: 'express', country: 'US', capabilities });
    await target.control('POST', `/_emulator/accounts/${acct.id}/onboarding`, { outcome: 'abandon' });
    const after = await stripe.accounts.retrieve(acct.id);
    expect(after.charges_enabled).toBe(false);
    const err = (await stripe.paymentIntents
      .create(
        { amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] },
        { stripeAccount: acct.id },
      )
      .catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });
});
