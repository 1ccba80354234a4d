import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createErrorHandler } from '../middleware/error-handler.ts';
import { requestIds, requestLog } from '../middleware/request-log.ts';
import type { Logger } from '../runtime.ts';
import { createServerLog, errorField, type LogLevelSetting, scrubSecrets } from './logger.ts';

function collectingLog(level: LogLevelSetting = 'info') {
  const output: string[] = [];
  const log = createServerLog({ level, destination: { write: (chunk: string) => output.push(chunk) } });
  const lines = () => output.map((chunk) => JSON.parse(chunk) as Record<string, unknown>);
  return { log, output, lines };
}

const CARD = '4242 4242 4242 4242';
const SECRETS = {
  cookie: 'ct_session=s3cr3t-session-value-0123456789',
  authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature',
  csrf: 'csrf-9f8e7d6c5b4a39281706',
  invitationToken: 'q3Jx9vK_2mZ-8bL0pQrStUvWxYz0123456789abcde',
  stripeKey: 'sk_test_51Habcdefghijklmnop',
  mailBody: 'Your receipt: flat white $4.50, thank you!',
};

/** An app like createApp's: request ids, the request log, the one error handler, a service logging. */
function appWith(log: Logger) {
  const app = new Hono();
  app.onError((error, c) =>
    createErrorHandler((message, cause) => c.get('log').error({ err: errorField(cause) }, message))(error, c),
  );
  app.use('*', requestIds());
  app.use('/api/*', requestLog(log));
  const service = { charge: (card: string) => log(`checkout: charging ${card} with ${SECRETS.stripeKey}`) };
  app.post('/api/console/invitations/:token/accept', (c) => {
    service.charge(CARD);
    c.get('log').info(
      {
        headers: { cookie: c.req.header('cookie'), authorization: c.req.header('authorization') },
        'x-csrf-token': c.req.header('x-csrf-token'),
        mail: { to: 'someone@example.com', body: SECRETS.mailBody },
        card: { number: CARD.replaceAll(' ', '') },
      },
      'handled',
    );
    return c.json({ ok: true });
  });
  app.get('/api/boom', () => {
    log('about to fail', 'warn');
    throw new Error(`database is gone (${SECRETS.cookie})`);
  });
  return app;
}

describe('the server log', () => {
  it('writes JSON lines with a level word, an ISO time and a message; lines outside a request have no reqId', () => {
    const { log, lines } = collectingLog();
    log('Database: SQLite');
    log('could not read a charge', 'warn');
    expect(lines()).toEqual([
      expect.objectContaining({ level: 'info', msg: 'Database: SQLite', time: expect.any(String) }),
      expect.objectContaining({ level: 'warn', msg: 'could not read a charge' }),
    ]);
    for (const line of lines()) {
      expect(new Date(String(line.time)).toISOString()).toBe(line.time);
      expect(line).not.toHaveProperty('reqId');
    }
  });

  it('puts the request id on every line logged while handling a request (services included), and on the request line', async () => {
    const { log, lines } = collectingLog();
    const app = appWith(log);
    const response = await app.request(`/api/console/invitations/${SECRETS.invitationToken}/accept`, {
      method: 'POST',
      headers: { 'x-request-id': 'req-0001-abcd' },
    });
    expect(response.headers.get('x-request-id')).toBe('req-0001-abcd');
    const written = lines();
    expect(written.map((line) => line.msg)).toEqual([
      expect.stringMatching(/^checkout: charging/),
      'handled',
      'request',
    ]);
    for (const line of written) expect(line).toMatchObject({ reqId: 'req-0001-abcd', level: 'info' });
    expect(written.at(-1)).toMatchObject({
      method: 'POST',
      path: '/api/console/invitations/[redacted]/accept',
      status: 200,
      ms: expect.any(Number),
    });
    // A line after the request is over has no request id.
    log('later');
    expect(lines().at(-1)).not.toHaveProperty('reqId');
  });

  it('keeps two concurrent requests apart', async () => {
    const { log, lines } = collectingLog();
    const app = new Hono();
    app.use('*', requestIds());
    app.use('/api/*', requestLog(log));
    app.get('/api/slow/:name', async (c) => {
      await new Promise((resolve) => setTimeout(resolve, c.req.param('name') === 'a' ? 20 : 0));
      log(`work for ${c.req.param('name')}`);
      return c.text('ok');
    });
    await Promise.all([
      app.request('/api/slow/a', { headers: { 'x-request-id': 'req-aaaa-0001' } }),
      app.request('/api/slow/b', { headers: { 'x-request-id': 'req-bbbb-0002' } }),
    ]);
    const work = lines().filter((line) => String(line.msg).startsWith('work for'));
    expect(work).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'work for a', reqId: 'req-aaaa-0001' }),
        expect.objectContaining({ msg: 'work for b', reqId: 'req-bbbb-0002' }),
      ]),
    );
  });

  it('logs a failed request at error with its reqId and the error, and the request line at error', async () => {
    const { log, lines } = collectingLog();
    const response = await appWith(log).request('/api/boom', {
      headers: { 'x-request-id': 'req-boom-0001' },
    });
    expect(response.status).toBe(500);
    const written = lines();
    expect(written).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'about to fail', reqId: 'req-boom-0001' }),
      expect.objectContaining({
        level: 'error',
        msg: 'GET /api/boom failed unexpectedly',
        reqId: 'req-boom-0001',
        err: expect.objectContaining({ type: 'Error', message: expect.stringMatching(/database is gone/) }),
      }),
      expect.objectContaining({ level: 'error', msg: 'request', reqId: 'req-boom-0001', status: 500 }),
    ]);
  });

  it('never writes a secret: cookies, authorization and CSRF headers, path tokens, card numbers, keys, mail bodies', async () => {
    const { log, output } = collectingLog('trace');
    const app = appWith(log);
    await app.request(`/api/console/invitations/${SECRETS.invitationToken}/accept`, {
      method: 'POST',
      headers: {
        cookie: SECRETS.cookie,
        authorization: SECRETS.authorization,
        'x-csrf-token': SECRETS.csrf,
      },
    });
    await app.request('/api/boom', { headers: { cookie: SECRETS.cookie } });
    log(`a card typed as ${CARD.replaceAll(' ', '-')} and ${CARD.replaceAll(' ', '')}`);
    const text = output.join('');
    expect(text).toContain('[redacted]');
    for (const [name, secret] of Object.entries(SECRETS)) expect(text, name).not.toContain(secret);
    expect(text).not.toContain('s3cr3t-session-value');
    expect(text).not.toMatch(/4242[ -]?4242[ -]?4242[ -]?4242/);
  });

  it('drops the lines below LOG_LEVEL', () => {
    const { log, lines } = collectingLog('warn');
    log('routine');
    log('could not e-mail the owner', 'warn');
    log('run failed', 'error');
    expect(lines().map((line) => [line.level, line.msg])).toEqual([
      ['warn', 'could not e-mail the owner'],
      ['error', 'run failed'],
    ]);
  });
});

describe(scrubSecrets.name, () => {
  it('replaces card numbers that pass the Luhn check, keeping other long numbers (amounts, ids)', () => {
    expect(scrubSecrets('card 4000 0566 5566 5556 declined')).toBe('card [redacted] declined');
    expect(scrubSecrets('order 1234567890123 for 450')).toBe('order 1234567890123 for 450');
  });

  it('replaces Stripe keys, webhook secrets, bearer tokens and our session cookies', () => {
    expect(scrubSecrets('key sk_live_abc123, whsec_xyz9, Bearer a.b.c, __Host-ct_console=abc; x')).toBe(
      'key [redacted], [redacted], [redacted], [redacted]; x',
    );
  });
});
