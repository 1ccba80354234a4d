// Emulates Connect onboarding: /v1/account_links (single use, expiring after 300 s, to a hosted onboarding page
// on the emulator's own origin), /v1/accounts/:id/login_links (Express Dashboard accounts only), the hosted
// pages /_emulator/onboarding/:token (Complete / Abandon buttons) and /_emulator/express/:token, and the
// /_emulator/accounts/:id/onboarding control that does what the buttons do. Completing onboarding enables the
// account and activates its requested capabilities (account.updated, capability.updated).
import type { Context } from 'hono';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { EmulatorApi, RequestContext } from '../core/api.ts';
import { stripeErrorResponse } from '../core/control.ts';
import { invalidRequest } from '../core/errors.ts';
import { randomToken } from '../core/ids.ts';
import { p } from '../core/params.ts';
import { capabilityOf, onboardedAccount } from './account-object.ts';
import { connectedAccountByPath, requireConnectedAccount, saveAccount } from './accounts.ts';

/** Applies an onboarding outcome (hosted page buttons / control endpoint). */
function completeOnboarding(
  ctx: RequestContext,
  accountId: string,
  outcome: 'complete' | 'abandon',
): Stripe.Account {
  const acct = requireConnectedAccount(ctx, accountId, 'id');
  if (outcome === 'abandon') return acct;
  const saved = saveAccount(ctx, acct, onboardedAccount(acct, ctx.now()));
  const before = (acct.capabilities ?? {}) as Record<string, string>;
  const after = (saved.capabilities ?? {}) as Record<string, string>;
  for (const name of Object.keys(after)) {
    if (before[name] !== after[name]) {
      ctx.emit('capability.updated', capabilityOf(saved, name), {
        account: saved.id,
        previousAttributes: { status: before[name] ?? null },
      });
    }
  }
  return saved;
}

interface LinkRecord {
  account: string;
  type: 'account_onboarding' | 'account_update';
  return_url: string | null;
  refresh_url: string | null;
  expires_at: number;
  used: boolean;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font-size:1rem;padding:.6rem 1.2rem;margin-right:.5rem}</style>
</head><body>${body}</body></html>`;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function registerAccountLinks(api: EmulatorApi): void {
  api.post(
    '/v1/account_links',
    p.obj({
      account: p.str(),
      type: p.enum(['account_onboarding', 'account_update']),
      refresh_url: p.str().optional(),
      return_url: p.str().optional(),
      collect: p.enum(['currently_due', 'eventually_due']).optional(),
      collection_options: p
        .obj({
          fields: p.enum(['currently_due', 'eventually_due']).optional(),
          future_requirements: p.enum(['include', 'omit']).optional(),
        })
        .optional(),
    }),
    (ctx, params) => {
      if (!ctx.isPlatform)
        throw invalidRequest('Account Links can only be created by the platform.', { param: 'account' });
      const acct = requireConnectedAccount(ctx, params.account);
      if (params.type === 'account_update' && acct.controller?.requirement_collection !== 'application') {
        throw invalidRequest(
          'You cannot create `account_update` type Account Links for accounts where the platform is not responsible for collecting requirements (controller[requirement_collection] must be `application`). Use `account_onboarding` instead.',
          { param: 'type' },
        );
      }
      const token = randomToken(32);
      const created = ctx.now();
      const record: LinkRecord = {
        account: acct.id,
        type: params.type,
        return_url: params.return_url ?? null,
        refresh_url: params.refresh_url ?? null,
        expires_at: created + 300,
        used: false,
      };
      ctx.store.setKv(`account_link:${token}`, JSON.stringify(record));
      const link: Stripe.AccountLink = {
        object: 'account_link',
        created,
        expires_at: record.expires_at,
        url: `${ctx.origin}/_emulator/onboarding/${token}`,
      };
      return link;
    },
  );

  api.post('/v1/accounts/:id/login_links', p.obj({}), (ctx, _params, path) => {
    const acct = connectedAccountByPath(ctx, path.id ?? '');
    if (acct.controller?.stripe_dashboard?.type !== 'express') {
      throw invalidRequest(
        'Cannot create a login link for an account that does not have access to the Express Dashboard.',
        { param: 'account' },
      );
    }
    const token = randomToken(32);
    ctx.store.setKv(`login_link:${token}`, JSON.stringify({ account: acct.id, used: false }));
    const link: Stripe.LoginLink = {
      object: 'login_link',
      created: ctx.now(),
      url: `${ctx.origin}/_emulator/express/${token}`,
    };
    return link;
  });

  const origin = (c: Context) => new URL(c.req.url).origin;

  api.hono.get('/_emulator/onboarding/:token', (c) => {
    const token = c.req.param('token');
    const raw = api.store.getKv(`account_link:${token}`);
    if (!raw) return c.html(page('Link not found', '<h1>This onboarding link is invalid.</h1>'), 404);
    const link = JSON.parse(raw) as LinkRecord;
    if (link.used || api.clock.nowSec() > link.expires_at) {
      if (link.refresh_url) return c.redirect(link.refresh_url, 302);
      return c.html(
        page('Link expired', '<h1>This onboarding link has expired or was already used.</h1>'),
        410,
      );
    }
    api.store.setKv(`account_link:${token}`, JSON.stringify({ ...link, used: true }));
    const session = randomToken(32);
    api.store.setKv(`onboarding_session:${session}`, JSON.stringify(link));
    const acct = api.store.find<Stripe.Account>('account', link.account);
    const name = escapeHtml(acct?.business_profile?.name ?? acct?.email ?? link.account);
    return c.html(
      page(
        'Stripe onboarding (emulated)',
        `<h1>Onboarding for ${name}</h1><p>Emulated Stripe-hosted ${link.type === 'account_update' ? 'account update' : 'onboarding'} for <code>${escapeHtml(link.account)}</code>.</p>
<form method="post" action="/_emulator/onboarding/session/${session}"><button name="outcome" value="complete" type="submit">Complete onboarding</button><button name="outcome" value="abandon" type="submit">Abandon</button></form>`,
      ),
    );
  });

  api.hono.post('/_emulator/onboarding/session/:session', async (c) => {
    const session = c.req.param('session');
    const raw = api.store.getKv(`onboarding_session:${session}`);
    if (!raw)
      return c.html(page('Session expired', '<h1>This onboarding session is no longer valid.</h1>'), 410);
    const link = JSON.parse(raw) as LinkRecord;
    const form = await c.req.parseBody();
    const outcome = form.outcome === 'complete' ? 'complete' : 'abandon';
    try {
      api.withContext(api.platformId(), { origin: origin(c) }, (ctx) => {
        completeOnboarding(ctx, link.account, outcome);
        ctx.store.setKv(`onboarding_session:${session}`, JSON.stringify(link));
      });
    } catch (err) {
      return stripeErrorResponse(c, err);
    }
    if (link.return_url) return c.redirect(link.return_url, 303);
    return c.html(
      page(
        'Onboarding finished',
        `<h1>Onboarding ${outcome === 'complete' ? 'completed' : 'abandoned'}</h1>`,
      ),
    );
  });

  api.hono.post('/_emulator/accounts/:id/onboarding', async (c) => {
    const body = z
      .strictObject({ outcome: z.enum(['complete', 'abandon']) })
      .safeParse(await c.req.json().catch(() => null));
    if (!body.success)
      return stripeErrorResponse(c, invalidRequest("Body must be { outcome: 'complete' | 'abandon' }"));
    try {
      const acct = api.withContext(api.platformId(), { origin: origin(c) }, (ctx) =>
        completeOnboarding(ctx, c.req.param('id'), body.data.outcome),
      );
      return c.json(acct);
    } catch (err) {
      return stripeErrorResponse(c, err);
    }
  });

  api.hono.get('/_emulator/express/:token', (c) => {
    const key = `login_link:${c.req.param('token')}`;
    const raw = api.store.getKv(key);
    if (!raw) return c.html(page('Link not found', '<h1>This login link is invalid.</h1>'), 404);
    const link = JSON.parse(raw) as { account: string; used: boolean };
    if (link.used) return c.html(page('Link used', '<h1>This login link was already used.</h1>'), 410);
    api.store.setKv(key, JSON.stringify({ ...link, used: true }));
    return c.html(
      page(
        'Express Dashboard (emulated)',
        `<h1>Express Dashboard</h1><p>Signed in to <code>${escapeHtml(link.account)}</code>.</p>`,
      ),
    );
  });
}
