/**
 * `mountApiRoutes`: the one way routes reach the app. Each definition is mounted through @hono/zod-openapi
 * with, in order, its guard's middleware, its own middleware, request validation from its schemas and its
 * handler. It returns the mounted definitions, which `/api/openapi.json`, `/api/docs` and the route-level
 * tests read; a test checks that the app has no /api route besides them.
 *
 * Validation is `validate` (middleware/error-handler.ts, @hono/zod-validator: the validator
 * @hono/zod-openapi uses too) over the definition's schemas, rather than the validators `openapi()` adds
 * from a route's `request`: those check the query before the path and answer 415 to a body that is not
 * declared JSON, where the API has always checked path, query, then body and answered 400
 * `invalid_request` with the first issue. The handler's types still come from the definition.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Hono, MiddlewareHandler } from 'hono';
import { validate } from '../middleware/error-handler.ts';
import type { Guards } from '../middleware/guards.ts';
import type { ApiRoute } from './define-route.ts';

function validatorsOf(route: ApiRoute): MiddlewareHandler[] {
  return [
    ...(route.params ? [validate('param', route.params)] : []),
    ...(route.query ? [validate('query', route.query)] : []),
    ...(route.body ? [validate('json', route.body)] : []),
    ...(route.form ? [validate('form', route.form)] : []),
  ];
}

export function mountApiRoutes(app: Hono, guards: Guards, routes: readonly ApiRoute[]): readonly ApiRoute[] {
  const seen = new Set<string>();
  for (const route of routes) {
    // A definition built around the types (plain JavaScript, a cast) must still name a known guard.
    if (!Object.hasOwn(guards, route.guard)) {
      throw new Error(`${route.method.toUpperCase()} ${route.path} names no known guard (${route.guard}).`);
    }
    const key = `${route.method} ${route.path}`;
    if (seen.has(key)) throw new Error(`${key} is defined twice.`);
    seen.add(key);
  }

  const api = new OpenAPIHono();
  api.openapiRoutes(
    routes.map((route) => ({
      route: createRoute({
        method: route.method,
        path: route.path,
        middleware: [guards[route.guard], ...(route.middleware ?? []), ...validatorsOf(route)],
        responses: route.responses,
        // The definitions are the list of routes (routes/openapi.routes.ts documents them), not the
        // library's registry, which would hold these routes without their request schemas.
        hide: true,
      }),
      handler: route.handler,
    })),
  );
  app.route('/', api);
  return routes;
}
