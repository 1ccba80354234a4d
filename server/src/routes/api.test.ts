import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createErrorHandler } from '../middleware/error-handler.ts';
import { createGuards } from '../middleware/guards.ts';
import { mountApiRoutes } from './api.ts';
import { defineRoute, emptyResponse, errorResponse, jsonResponse } from './define-route.ts';

const guards = createGuards({
  resolveMerchantViewer: () => {
    throw new Error('no merchant route in this probe');
  },
});

/** A probe app: no session loader, so every session guard answers 401. */
function probeApp() {
  const app = new Hono();
  app.onError(createErrorHandler(() => {}));
  return app;
}

const echo = defineRoute(
  {
    method: 'post',
    path: '/api/probe/{id}',
    guard: 'public',
    summary: 'Echo',
    tags: ['probe'],
    params: z.object({ id: z.string().max(3) }),
    query: z.object({ n: z.coerce.number().int().optional() }),
    body: z.object({ name: z.string() }),
    responses: { 200: jsonResponse('Echo', z.object({ id: z.string(), name: z.string() })) },
  },
  (c) => c.json({ id: c.req.valid('param').id, name: c.req.valid('json').name }, 200),
);

describe('mountApiRoutes', () => {
  it('validates the path, then the query, then the JSON body, and hands the handler the parsed input', async () => {
    const app = probeApp();
    mountApiRoutes(app, guards, [echo]);
    const post = (path: string, body: string, contentType = 'application/json') =>
      app.request(path, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(await (await post('/api/probe/abc?n=1', '{"name":"x"}')).json()).toEqual({ id: 'abc', name: 'x' });
    const messageOf = async (response: Response) =>
      ((await response.json()) as { error: { message: string } }).error.message;
    expect(await messageOf(await post('/api/probe/abcd?n=x', '{}'))).toMatch(/^id: /);
    expect(await messageOf(await post('/api/probe/abc?n=x', '{}'))).toMatch(/^n: /);
    expect(await messageOf(await post('/api/probe/abc', '{}'))).toMatch(/^name: /);
    // A body that is not JSON is validated as an empty one: 400 with the first missing field, as always.
    const plain = await post('/api/probe/abc', 'name=x', 'text/plain');
    expect(plain.status).toBe(400);
    expect(await messageOf(plain)).toMatch(/^name: /);
  });

  it("runs the route's guard before validation and the handler", async () => {
    const app = probeApp();
    let handled = 0;
    mountApiRoutes(app, guards, [
      defineRoute(
        {
          method: 'post',
          path: '/api/probe/guarded',
          guard: 'counter',
          summary: 'Guarded',
          tags: ['probe'],
          body: z.object({ name: z.string() }),
          responses: { 204: emptyResponse('Done'), 401: errorResponse('unauthenticated') },
        },
        (c) => {
          handled += 1;
          return c.body(null, 204);
        },
      ),
    ]);
    const response = await app.request('/api/probe/guarded', { method: 'POST', body: 'not json' });
    expect(response.status).toBe(401);
    expect(handled).toBe(0);
  });

  it('refuses a definition without a known guard, and a route defined twice', () => {
    const unguarded = defineRoute(
      // @ts-expect-error `guard` is required: typecheck fails here if a route may leave it out.
      { method: 'get', path: '/api/probe/open', summary: 'Open', tags: ['probe'], responses: {} },
      (c) => c.body(null, 204),
    );
    expect(() => mountApiRoutes(probeApp(), guards, [unguarded])).toThrow(/names no known guard/);
    expect(() => mountApiRoutes(probeApp(), guards, [echo, echo])).toThrow(/defined twice/);
  });
});
