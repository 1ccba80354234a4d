/**
 * `/api/openapi.json` (OpenAPI 3.1) and `/api/docs` (a self-contained HTML list of the operations; no CDN,
 * no script), both generated from the mounted route definitions. Schemas are converted with zod's own
 * `z.toJSONSchema`, not @hono/zod-openapi's generator: that one drops what zod knows (uuid and email
 * patterns, `additionalProperties: false` on responses, integer bounds) and reads coerced query numbers
 * as nullable, so the document would describe the API less exactly than the schemas that validate it.
 */
import { z } from 'zod';
import { GUARD_DESCRIPTIONS } from '../middleware/guards.ts';
import { type ApiRoute, defineRoute, htmlResponse, jsonResponse, UNDESCRIBED_BODY } from './define-route.ts';

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parametersOf(route: ApiRoute): JsonSchema[] {
  const parameters: JsonSchema[] = [];
  for (const [where, object] of [
    ['path', route.params],
    ['query', route.query],
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

function responsesOf(route: ApiRoute): JsonSchema {
  return Object.fromEntries(
    Object.entries(route.responses).map(([status, response]) => {
      if (!response.content) return [status, { description: response.description }];
      const content = Object.fromEntries(
        Object.entries(response.content).map(([mediaType, { schema }]) => [
          mediaType,
          schema === UNDESCRIBED_BODY ? {} : { schema: toSchema(schema, 'output') },
        ]),
      );
      return [status, { description: response.description, content }];
    }),
  );
}

/** Builds the OpenAPI 3.1 document of the given routes. */
export function buildOpenApiDocument(routes: readonly ApiRoute[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const operation: JsonSchema = {
      operationId: route.operationId,
      summary: route.summary,
      description: GUARD_DESCRIPTIONS[route.guard],
      tags: route.tags,
      'x-auth': route.guard,
      parameters: parametersOf(route),
      responses: responsesOf(route),
    };
    if (route.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      };
    }
    paths[route.path] = { ...paths[route.path], [route.method]: operation };
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

/** `/api/counter/sales/{saleId}` → `/api/counter/sales/:saleId`, as the page has always shown paths. */
function toHonoPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

export function renderDocsPage(routes: readonly ApiRoute[]): string {
  const rows = routes
    .map(
      (route) =>
        `<tr><td><code>${route.method.toUpperCase()}</code></td><td><code>${escapeHtml(toHonoPath(route.path))}</code></td>` +
        `<td>${escapeHtml(route.guard)}</td><td>${escapeHtml(route.summary)}</td></tr>`,
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

export interface DocumentationRoutesDeps {
  /** Every mounted route, these two included (read at request time: the list is complete by then). */
  mountedRoutes(): readonly ApiRoute[];
}

export function documentationRoutes({ mountedRoutes }: DocumentationRoutesDeps) {
  let document: JsonSchema | undefined;
  return [
    defineRoute(
      {
        method: 'get',
        path: '/api/openapi.json',
        guard: 'public',
        summary: 'This OpenAPI document',
        tags: ['system'],
        responses: { 200: jsonResponse('OpenAPI 3.1 document', UNDESCRIBED_BODY) },
      },
      (c) => {
        document ??= buildOpenApiDocument(mountedRoutes());
        return c.json(document, 200);
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/docs',
        guard: 'public',
        summary: 'Human-readable list of the API operations',
        tags: ['system'],
        responses: { 200: htmlResponse('HTML page') },
      },
      (c) => c.html(renderDocsPage(mountedRoutes())),
    ),
  ];
}
