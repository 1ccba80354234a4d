// ApiClient: CSRF header on mutations only, cookies always, shared error envelope → ApiError(code).
import { SaleResponseSchema } from '@countertop/shared';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeSale } from '../testing/fake-counter-server.ts';
import { ApiClient, ApiError } from './api-client.ts';

function recordingFetch(respond: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    return respond();
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('ApiClient', () => {
  it('parses a successful body with the given schema', async () => {
    const { fetch } = recordingFetch(() => json(200, { sale: makeSale() }));
    const client = new ApiClient({ fetch });
    const result = await client.get('/api/counter/sales/sale_1', SaleResponseSchema);
    expect(result.sale.id).toBe('sale_1');
  });

  it('reads an answer already on its way instead of asking again, and asks when there is none', async () => {
    const { calls, fetch } = recordingFetch(() => json(200, { sale: makeSale({ id: 'sale_fetched' }) }));
    const client = new ApiClient({ fetch });
    const early = Promise.resolve(json(200, { sale: makeSale({ id: 'sale_early' }) }));
    const read = await client.get('/api/counter/sales/sale_1', SaleResponseSchema, early);
    expect(read.sale.id).toBe('sale_early');
    expect(calls).toHaveLength(0);
    // Not sent (no session) or failed on the network: the client makes the request itself.
    const fetched = await client.get('/api/counter/sales/sale_1', SaleResponseSchema, Promise.resolve(null));
    expect(fetched.sale.id).toBe('sale_fetched');
    expect(calls).toHaveLength(1);
    // An early error answer is read like the client's own: the shared envelope → ApiError(code).
    const error = await caught(
      client.get(
        '/api/counter/session',
        SaleResponseSchema,
        Promise.resolve(json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } })),
      ),
    );
    expect(error.code).toBe('unauthenticated');
  });

  it('parses with a schema loaded on demand as strictly, and refuses a body that breaks it', async () => {
    const lazy = { lazy: async () => (await import('./validation.ts')).counterSchemas.sale };
    const good = await new ApiClient({
      fetch: recordingFetch(() => json(200, { sale: makeSale() })).fetch,
    }).get('/api/counter/sales/sale_1', lazy);
    expect(good.sale.id).toBe('sale_1');
    const broken = { sale: { ...makeSale(), totalMinor: -1 } };
    const error = await caught(
      new ApiClient({ fetch: recordingFetch(() => json(200, broken)).fetch }).get(
        '/api/counter/sales/sale_1',
        lazy,
      ),
    );
    expect(error.code).toBe('invalid_response');
  });

  it('sends the CSRF token on mutations but not on reads, and always includes cookies', async () => {
    const { fetch, calls } = recordingFetch(() => json(200, { ok: true }));
    const client = new ApiClient({ fetch });
    client.setCsrfToken('csrf-123');
    await client.get('/a', z.object({ ok: z.boolean() }));
    await client.post('/b', { x: 1 }, z.object({ ok: z.boolean() }));
    const headers = calls.map((call) => new Headers(call.init.headers));
    expect(headers[0]?.get('x-csrf-token')).toBeNull();
    expect(headers[1]?.get('x-csrf-token')).toBe('csrf-123');
    expect(headers[1]?.get('content-type')).toBe('application/json');
    expect(calls.map((call) => call.init.credentials)).toEqual(['include', 'include']);
    expect(calls[1]?.init.body).toBe('{"x":1}');
  });

  it('turns an error envelope into ApiError with its code', async () => {
    const { fetch } = recordingFetch(() =>
      json(429, { error: { code: 'too_many_attempts', message: 'Wait.' } }),
    );
    const error = await caught(new ApiClient({ fetch }).post('/api/counter/session', {}, z.object({})));
    expect(error).toMatchObject({ code: 'too_many_attempts', status: 429, message: 'Wait.' });
  });

  it('tells the app when the session is gone', async () => {
    const { fetch } = recordingFetch(() =>
      json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }),
    );
    const client = new ApiClient({ fetch });
    const lost: string[] = [];
    client.onUnauthenticated((path) => lost.push(path));
    await caught(client.get('/api/counter/catalog', z.object({})));
    expect(lost).toEqual(['/api/counter/catalog']);
  });

  it('reports a non-JSON failure by its status', async () => {
    const { fetch } = recordingFetch(() => new Response('Bad gateway', { status: 502 }));
    const error = await caught(new ApiClient({ fetch }).get('/x', z.object({})));
    expect(error).toMatchObject({ code: 'internal_error', status: 502 });
  });

  it('reports an unreachable server as network_error', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof globalThis.fetch;
    const error = await caught(new ApiClient({ fetch }).get('/x', z.object({})));
    expect(error).toMatchObject({ code: 'network_error', status: 0 });
  });

  it('rejects a successful body that breaks the contract as invalid_response', async () => {
    const { fetch } = recordingFetch(() => json(200, { sale: { id: 5 } }));
    const error = await caught(new ApiClient({ fetch }).get('/x', SaleResponseSchema));
    expect(error.code).toBe('invalid_response');
  });
});
