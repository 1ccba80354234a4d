import { ApiErrorSchema } from '@countertop/shared';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, notFound } from '../errors.ts';
import { createErrorHandler, notFoundHandler, validate } from './error-handler.ts';

function buildApp() {
  const logged: string[] = [];
  const app = new Hono();
  app.onError(createErrorHandler((message, error) => logged.push(`${message}: ${String(error)}`)));
  app.notFound(notFoundHandler);
  app.get('/app-error', () => {
    throw new AppError('sale_not_payable', 'This sale was already paid.');
  });
  app.get('/not-found', () => {
    throw notFound('sale_not_found', 'No such sale.');
  });
  app.get('/status-override', () => {
    throw new AppError('conflict', 'Gone away.', { status: 410 });
  });
  app.get('/zod', () => {
    z.object({ amountMinor: z.number() }).parse({ amountMinor: 'ten' });
    return new Response('unreachable');
  });
  app.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  app.post(
    '/items',
    validate('json', z.object({ items: z.array(z.object({ quantity: z.number().int().min(1) })) })),
    (c) => c.json({ count: c.req.valid('json').items.length }),
  );
  app.get('/query', validate('query', z.object({ scope: z.enum(['shift', 'today']) })), (c) =>
    c.json(c.req.valid('query')),
  );
  return { app, logged };
}

async function bodyOf(response: Response) {
  return ApiErrorSchema.parse(await response.json());
}

describe(createErrorHandler.name, () => {
  it('renders an AppError with its code, message and status', async () => {
    const { app } = buildApp();
    const response = await app.request('/app-error');
    expect(response.status).toBe(409);
    expect(await bodyOf(response)).toEqual({
      error: { code: 'sale_not_payable', message: 'This sale was already paid.' },
    });
    expect((await app.request('/not-found')).status).toBe(404);
    expect((await app.request('/status-override')).status).toBe(410);
  });

  it('turns a thrown zod error into 400 invalid_request "<path>: <issue>"', async () => {
    const { app } = buildApp();
    const response = await app.request('/zod');
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error).toEqual({
      code: 'invalid_request',
      message: 'amountMinor: Invalid input: expected number, received string',
    });
  });

  it('hides unexpected errors behind a generic 500 and logs them', async () => {
    const { app, logged } = buildApp();
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    const { error } = await bodyOf(response);
    expect(error.code).toBe('internal_error');
    expect(error.message).not.toContain('hunter2');
    expect(logged).toEqual([expect.stringContaining('hunter2')]);
  });

  it('answers unknown /api routes with a JSON 404 and other paths with text', async () => {
    const { app } = buildApp();
    const api = await app.request('/api/nope');
    expect(api.status).toBe(404);
    expect((await bodyOf(api)).error.code).toBe('not_found');
    const page = await app.request('/nope');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/text\/plain/);
  });
});

describe(validate.name, () => {
  it('passes valid input through to the handler', async () => {
    const { app } = buildApp();
    const response = await app.request('/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ quantity: 2 }] }),
    });
    expect(await response.json()).toEqual({ count: 1 });
  });

  it('names the nested path of the first failing field', async () => {
    const { app } = buildApp();
    const response = await app.request('/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ quantity: 2 }, { quantity: 0 }] }),
    });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error).toEqual({
      code: 'invalid_request',
      message: 'items.1.quantity: Too small: expected number to be >=1',
    });
  });

  it('rejects malformed JSON with 400 invalid_request', async () => {
    const { app } = buildApp();
    const response = await app.request('/items', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"items": [',
    });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error).toEqual({
      code: 'invalid_request',
      message: 'Malformed JSON in request body',
    });
  });

  it('validates query strings too', async () => {
    const { app } = buildApp();
    expect(await (await app.request('/query?scope=today')).json()).toEqual({ scope: 'today' });
    const response = await app.request('/query?scope=week');
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).error.message).toMatch(/^scope: /);
  });
});
