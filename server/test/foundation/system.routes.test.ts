import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiErrorSchema, HealthResponseSchema, PublicConfigSchema } from '@countertop/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmulatorEndpoint } from '../../src/app.ts';
import type { ServerConfig } from '../../src/compose.ts';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await createTestContext({ emulator: false });
});
afterEach(async () => {
  await ctx.close();
});

/** The app composed over the test context, with another emulator endpoint (or real Stripe) and config. */
function appWith(options: {
  emulator?: EmulatorEndpoint | null;
  mode?: 'emulator' | 'stripe';
  config?: Partial<ServerConfig>;
}) {
  return ctx.compose({
    stripe: {
      ...ctx.connection,
      ...(options.mode ? { mode: options.mode } : {}),
      ...(options.emulator === undefined ? {} : { emulator: options.emulator }),
    },
    config: { ...ctx.composeOptions.config, ...options.config },
  }).app;
}

/** Records what it is asked and answers with the path it saw. */
function buildRecordingEmulator() {
  const seen: { method: string; path: string; cookie: string | null; body: string }[] = [];
  const endpoint: EmulatorEndpoint = {
    async fetch(request) {
      const url = new URL(request.url);
      seen.push({
        method: request.method,
        path: url.pathname + url.search,
        cookie: request.headers.get('cookie'),
        body: request.method === 'GET' ? '' : await request.text(),
      });
      return new Response(`emulator saw ${url.pathname}`, {
        status: 200,
        headers: { 'content-type': 'text/javascript' },
      });
    },
  };
  return { endpoint, seen };
}

describe('GET /api/health', () => {
  it('reports the database and the Stripe mode', async () => {
    // This context has no emulator: Stripe is taken as answering (the Stripe check has its own tests).
    const { app } = ctx.compose({ gateways: { health: { isReachable: async () => true } } });
    const response = await app.request('/api/health');
    expect(response.status).toBe(200);
    expect(HealthResponseSchema.parse(await response.json())).toEqual({
      ok: true,
      database: 'ok',
      stripe: 'reachable',
      stripeMode: 'emulator',
    });
  });

  it('answers 503 when the database is unusable', async () => {
    const broken = await createTestContext({ emulator: false });
    const { app } = broken.compose({ gateways: { health: { isReachable: async () => true } } });
    broken.db.close();
    const response = await app.request('/api/health');
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, database: 'error' });
    await broken.close();
  });
});

describe('GET /api/config', () => {
  it('points the browser at the proxied emulated Terminal SDK in emulator mode', async () => {
    const app = appWith({ emulator: buildRecordingEmulator().endpoint });
    const body = PublicConfigSchema.parse(await (await app.request('/api/config')).json());
    expect(body).toEqual({ stripeMode: 'emulator', terminalScriptUrl: '/_emulator/terminal.js' });
  });

  it('has no Terminal script with real Stripe', async () => {
    const app = appWith({ mode: 'stripe', emulator: null });
    expect(await (await app.request('/api/config')).json()).toEqual({
      stripeMode: 'stripe',
      terminalScriptUrl: null,
    });
  });
});

describe('emulator proxy', () => {
  it('forwards the Terminal SDK script and SDK back end, without our cookies', async () => {
    const { endpoint, seen } = buildRecordingEmulator();
    const app = appWith({ emulator: endpoint });
    const script = await app.request('/_emulator/terminal.js', { headers: { cookie: 'ct_session=secret' } });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript');
    expect(await script.text()).toBe('emulator saw /_emulator/terminal.js');
    await app.request('/_emulator/terminal-sdk/readers/tmr_1/connect?x=1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer pst_test_1' },
      body: '{"session_id":"s1"}',
    });
    expect(seen).toEqual([
      { method: 'GET', path: '/_emulator/terminal.js', cookie: null, body: '' },
      {
        method: 'POST',
        path: '/_emulator/terminal-sdk/readers/tmr_1/connect?x=1',
        cookie: null,
        body: '{"session_id":"s1"}',
      },
    ]);
  });

  it('does not expose emulator controls unless E2E_CONTROLS is on, and never reset', async () => {
    const { endpoint, seen } = buildRecordingEmulator();
    const closed = appWith({ emulator: endpoint });
    expect((await closed.request('/_emulator/faults', { method: 'POST', body: '{}' })).status).toBe(404);
    expect(seen).toEqual([]);

    const open = appWith({ emulator: endpoint, config: { e2eControls: true } });
    expect(
      (await open.request('/_emulator/faults', { method: 'POST', body: '{"error_rate":1}' })).status,
    ).toBe(200);
    const reset = await open.request('/_emulator/reset', { method: 'POST' });
    expect(reset.status).toBe(403);
    expect(seen.map((entry) => entry.path)).toEqual(['/_emulator/faults']);
  });
});

describe('static POS client', () => {
  it('serves built files and falls back to index.html for client routes, but not for /api', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pos-dist-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Countertop</title>');
    writeFileSync(join(root, 'app.js'), 'console.log(1)');
    const app = appWith({ config: { staticRoot: root } });
    const asset = await app.request('/app.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    for (const path of ['/', '/counter/MISSION-1', '/sales']) {
      const page = await app.request(path);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Countertop</title>');
    }
    const api = await app.request('/api/unknown');
    expect(api.status).toBe(404);
    expect(ApiErrorSchema.parse(await api.json()).error.code).toBe('not_found');
  });

  it('caches hashed assets for a year and makes browsers revalidate index.html', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pos-dist-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Countertop</title>');
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(join(root, 'robots.txt'), 'User-agent: *');
    const app = appWith({ config: { staticRoot: root } });
    const asset = await app.request('/assets/index-AbC123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    // index.html itself, the directory index and the SPA fallback for client routes.
    for (const path of ['/index.html', '/', '/counter/MISSION-1']) {
      const page = await app.request(path);
      expect(await page.text()).toContain('<title>Countertop</title>');
      expect(page.headers.get('cache-control'), path).toBe('no-cache');
    }
    expect((await app.request('/robots.txt')).headers.get('cache-control')).toBeNull();
    // A missing asset is not cached as immutable (it falls back to index.html, revalidated).
    const missing = await app.request('/assets/gone-123.js');
    expect(missing.headers.get('cache-control')).not.toContain('immutable');
    const api = await app.request('/api/unknown');
    expect(api.headers.get('cache-control')).toBeNull();
  });
});

describe('GET /api/openapi.json', () => {
  it('documents every registered route with its schemas', async () => {
    const response = await ctx.request('/api/openapi.json');
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(document.openapi).toBe('3.1.0');
    expect(ctx.app.apiRoutes.length).toBeGreaterThan(80);
    for (const route of ctx.app.apiRoutes) {
      expect(document.paths[route.path]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
    }
    const signIn = document.paths['/api/counter/session']?.post;
    expect(signIn?.requestBody).toMatchObject({
      content: {
        'application/json': { schema: { type: 'object', required: ['staffId', 'pin'] } },
      },
    });
    expect(Object.keys(signIn?.responses ?? {})).toEqual(['200', '401', '403', '404', '429']);
  });
});

describe('GET /api/docs', () => {
  it('serves the interactive reference from this server only, and lists the operations without JavaScript', async () => {
    const response = await ctx.request('/api/docs');
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const html = await response.text();
    expect(html).toContain('/api/counter/session');
    expect(html).not.toMatch(/https?:\/\/(?!127)/);
    // Every script is a same-origin file (the CSP allows no inline script).
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((match) => /src="([^"]+)"/.exec(match[1] ?? '')?.[1])).toEqual([
      '/api/docs/swagger-ui-bundle.js',
      '/api/docs/init.js',
    ]);
    expect(scripts.every((match) => (match[2] ?? '').trim() === '')).toBe(true);
    for (const asset of ['/api/docs/swagger-ui-bundle.js', '/api/docs/init.js', '/api/docs/swagger-ui.css']) {
      const file = await ctx.request(asset);
      expect(file.status).toBe(200);
      expect((await file.text()).length).toBeGreaterThan(100);
    }
    expect(await (await ctx.request('/api/docs/init.js')).text()).toContain("url: '/api/openapi.json'");
  });
});

/** The route definitions, read from an app built for the purpose (it.each needs them before the tests run). */
const definedRoutes = await (async () => {
  const listing = await createTestContext({ emulator: false });
  await listing.close();
  return listing.app.apiRoutes;
})();

describe('authorization matrix', () => {
  const guarded = definedRoutes.filter((route) => route.guard === 'counter' || route.guard === 'manager');

  it('has counter routes to check', () => {
    expect(guarded.length).toBeGreaterThan(0);
  });

  it.each(guarded.map((route) => [route.method.toUpperCase(), route.path] as const))(
    '%s %s answers 401 unauthenticated without a session',
    async (method, path) => {
      const concrete = path.replace(/\{([A-Za-z0-9_]+)\}/g, 'x_1');
      const response = await ctx.request(concrete, { method, json: method === 'GET' ? undefined : {} });
      expect(response.status).toBe(401);
      expect(ApiErrorSchema.parse(await response.json()).error.code).toBe('unauthenticated');
    },
  );
});
