// Security headers and request ids on API responses, static client files, errors and the emulated Terminal
// SDK script: a CSP that allows only the client's own scripts/styles/connections (plus Stripe's Terminal
// SDK origins when talking to real Stripe), no framing, nosniff, no referrer, HSTS only over HTTPS.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';

let ctx: TestContext | undefined;

afterEach(async () => {
  await ctx?.close();
  ctx = undefined;
});

function directives(csp: string | null): Map<string, string[]> {
  return new Map(
    (csp ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('security headers', () => {
  it('sends a CSP limited to the client’s own origin, with framing and sniffing forbidden', async () => {
    const staticRoot = mkdtempSync(join(tmpdir(), 'ct-static-'));
    writeFileSync(join(staticRoot, 'index.html'), '<!doctype html><div id="root"></div>');
    ctx = await createTestContext({ config: { staticRoot } });
    for (const path of [
      '/api/health',
      '/',
      '/some/client/route',
      '/api/counter/session',
      '/_emulator/terminal.js',
    ]) {
      const response = await ctx.request(path);
      const csp = directives(response.headers.get('content-security-policy'));
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('connect-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'", "'unsafe-inline'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security'), path).toBeNull();
    }
  });

  it('serves the emulated Terminal SDK from the same origin the CSP allows', async () => {
    ctx = await createTestContext();
    const response = await ctx.request('/_emulator/terminal.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    const config = (await (await ctx.request('/api/config')).json()) as { terminalScriptUrl: string };
    expect(config.terminalScriptUrl.startsWith('/')).toBe(true);
  });

  it('allows Stripe’s Terminal SDK origins only in real Stripe mode, and HSTS only over HTTPS', async () => {
    ctx = await createTestContext({ emulator: false, config: { secureCookies: true } });
    const { app } = ctx.compose({ stripe: { ...ctx.connection, mode: 'stripe', emulator: null } });
    const response = await app.request('/api/health');
    const csp = directives(response.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'", 'https://js.stripe.com']);
    expect(csp.get('connect-src')).toContain('https://api.stripe.com');
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  it('gives every API response a request id and logs it without query strings', async () => {
    ctx = await createTestContext();
    const response = await ctx.request('/api/counter/registers/NOPE?pin=1234');
    // (No such route: the 404 is logged like any answer.)
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[\w-]{8,}$/);
    const line = ctx.logs
      .map((entry) => JSON.parse(entry.startsWith('{') ? entry : '{}') as Record<string, unknown>)
      .find((entry) => entry.reqId === id && entry.msg === 'request');
    expect(line).toMatchObject({
      level: 'warn',
      msg: 'request',
      method: 'GET',
      path: '/api/counter/registers/NOPE',
      status: 404,
    });
    expect(ctx.logs.join('\n')).not.toContain('pin=1234');
  });

  it('puts the request id on the log line of a failed request', async () => {
    ctx = await createTestContext({ emulator: false });
    ctx.db.close();
    const response = await ctx.request('/api/counter/session', {
      headers: { cookie: 'ct_session=anything' },
    });
    expect(response.status).toBe(500);
    const id = response.headers.get('x-request-id') ?? 'missing';
    const lines = ctx.logs.map((entry) => JSON.parse(entry) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        reqId: id,
        msg: 'GET /api/counter/session failed unexpectedly',
        err: expect.objectContaining({ message: expect.any(String) }),
      }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', reqId: id, status: 500 }));
  });
});
