/**
 * `/api/openapi.json` (OpenAPI 3.1 generated from the route registry's zod schemas with
 * `z.toJSONSchema`) and `/api/docs` (a self-contained HTML list of the operations; no CDN).
 */
import { Hono } from 'hono';
import { z } from 'zod';
import { type RouteSpec, toOpenApiPath } from './route-registry.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(spec: RouteSpec): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [where, object] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!object) continue;
    for (const [name, schema] of Object.entries(object.shape)) {
      parameters.push({
        name,
        in: where,
        required: where === 'path' || !(schema as z.ZodType).safeParse(undefined).success,
        schema: toSchema(schema as z.ZodType, 'input'),
      });
    }
  }
  return parameters;
}

const AUTH_NOTES: Record<RouteSpec['auth'], string> = {
  public: 'No authentication.',
  counter: 'Counter session cookie `ct_session`; writes also need the `x-csrf-token` header.',
  manager: 'Counter session of a manager; writes also need the `x-csrf-token` header.',
  stripe: 'Stripe webhook: verified by the `Stripe-Signature` header.',
  e2e: 'Only when the server runs with E2E_CONTROLS=1.',
  console: 'Console session cookie `ct_console` (any role); writes also need the `x-csrf-token` header.',
  platform_admin: 'Console session of a platform admin; writes also need the `x-csrf-token` header.',
  merchant_owner: 'Console session of a merchant owner; writes also need the `x-csrf-token` header.',
};

/** Builds the OpenAPI 3.1 document for the given routes. */
export function buildOpenApiDocument(routes: readonly RouteSpec[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of routes) {
    const path = toOpenApiPath(spec.path);
    const operation: JsonSchema = {
      operationId: `${spec.method}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: spec.summary,
      description: AUTH_NOTES[spec.auth],
      tags: spec.tags,
      'x-auth': spec.auth,
      parameters: parametersOf(spec),
      responses: Object.fromEntries(
        Object.entries(spec.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.schema
              ? {
                  content: {
                    [response.contentType ?? 'application/json']: {
                      schema: toSchema(response.schema, 'output'),
                    },
                  },
                }
              : response.contentType
                ? { content: { [response.contentType]: {} } }
                : {}),
          },
        ]),
      ),
    };
    if (spec.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(spec.body, 'input') } },
      };
    }
    paths[path] ??= {};
    paths[path][spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Countertop POS API',
      version: '0.1.0',
      description: 'Errors are `{ error: { code, message } }`; money is integer minor units (`*Minor`).',
    },
    paths,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function renderDocsPage(routes: readonly RouteSpec[]): string {
  const rows = routes
    .map(
      (spec) =>
        `<tr><td><code>${spec.method.toUpperCase()}</code></td><td><code>${escapeHtml(spec.path)}</code></td>` +
        `<td>${escapeHtml(spec.auth)}</td><td>${escapeHtml(spec.summary)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Countertop API</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}</style>
</head><body><h1>Countertop API</h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Errors are <code>{ error: { code, message } }</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Auth</th><th>Summary</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>`;
}

export function createOpenApiRoutes(routes: readonly RouteSpec[]) {
  let document: JsonSchema | undefined;
  return new Hono()
    .get('/openapi.json', (c) => {
      document ??= buildOpenApiDocument(routes);
      return c.json(document);
    })
    .get('/docs', (c) => c.html(renderDocsPage(routes)));
}
