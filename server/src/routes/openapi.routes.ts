/**
 * `/api/openapi.json` (OpenAPI 3.1) and `/api/docs` (a self-contained HTML list of the operations; no CDN,
 * no script), both generated from the mounted route definitions. Schemas are converted with zod's own
 * `z.toJSONSchema`, not @hono/zod-openapi's generator: that one drops what zod knows (uuid and email
 * patterns, `additionalProperties: false` on responses, integer bounds) and reads coerced query numbers
 * as nullable, so the document would describe the API less exactly than the schemas that validate it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { GUARD_DESCRIPTIONS } from '../middleware/guards.ts';
import {
  type ApiRoute,
  defineRoute,
  htmlResponse,
  jsonResponse,
  textResponse,
  UNDESCRIBED_BODY,
} from './define-route.ts';

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

/** A multipart form's schema: file fields (which JSON Schema cannot describe) become binary strings. */
function formSchema(form: z.ZodObject): JsonSchema {
  const schema = toSchema(form, 'input');
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [name, property] of Object.entries(properties)) {
    if (Object.keys(property).length === 0) properties[name] = { type: 'string', format: 'binary' };
  }
  return { ...schema, properties };
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
    if (route.form) {
      operation.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: formSchema(route.form) } },
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

/**
 * The interactive reference (Swagger UI, served from the swagger-ui-dist package's own files: no CDN, and
 * no inline script, so the strict CSP stays), with the operations listed in plain HTML for readers
 * without JavaScript.
 */
export function renderDocsPage(routes: readonly ApiRoute[]): string {
  const rows = routes
    .map(
      (route) =>
        `<tr><td>${route.method.toUpperCase()}</td><td><code>${escapeHtml(toHonoPath(route.path))}</code></td><td>${route.guard}</td><td>${escapeHtml(route.summary)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Countertop API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head><body>
<div id="swagger-ui"></div>
<noscript><h1>Countertop API</h1>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>. Errors are <code>{ error: { code, message } }</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Auth</th><th>Summary</th></tr></thead><tbody>
${rows}
</tbody></table></noscript>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body></html>`;
}

/** Starts Swagger UI on this server's document; "Try it out" sends same-origin requests with the cookies. */
const DOCS_INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // ~130 operations: the areas (tags) open on demand, so the page is usable at once; a filter box finds one.
  docExpansion: 'none',
  filter: true,
  tryItOutEnabled: false,
  requestInterceptor: function (request) {
    var csrf = window.sessionStorage.getItem('countertop.csrfToken');
    if (csrf) request.headers['x-csrf-token'] = csrf;
    return request;
  },
});
`;

const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
const assetCache = new Map<string, string>();
function swaggerUiAsset(file: 'swagger-ui.css' | 'swagger-ui-bundle.js'): string {
  let text = assetCache.get(file);
  if (text === undefined) {
    text = readFileSync(join(swaggerUiDir, file), 'utf8');
    assetCache.set(file, text);
  }
  return text;
}

const ASSET_CACHE_CONTROL = 'public, max-age=86400';

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
        summary: 'Interactive API reference (Swagger UI) of this document',
        tags: ['system'],
        responses: { 200: htmlResponse('HTML page') },
      },
      (c) => c.html(renderDocsPage(mountedRoutes())),
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/docs/swagger-ui.css',
        guard: 'public',
        summary: "The API reference's stylesheet (swagger-ui-dist)",
        tags: ['system'],
        responses: { 200: textResponse('CSS', 'text/css') },
      },
      (c) => {
        c.header('Cache-Control', ASSET_CACHE_CONTROL);
        return c.body(swaggerUiAsset('swagger-ui.css'), 200, { 'Content-Type': 'text/css; charset=utf-8' });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/docs/swagger-ui-bundle.js',
        guard: 'public',
        summary: "The API reference's script (swagger-ui-dist)",
        tags: ['system'],
        responses: { 200: textResponse('JavaScript', 'text/javascript') },
      },
      (c) => {
        c.header('Cache-Control', ASSET_CACHE_CONTROL);
        return c.body(swaggerUiAsset('swagger-ui-bundle.js'), 200, {
          'Content-Type': 'text/javascript; charset=utf-8',
        });
      },
    ),
    defineRoute(
      {
        method: 'get',
        path: '/api/docs/init.js',
        guard: 'public',
        summary: 'Starts the API reference on /api/openapi.json',
        tags: ['system'],
        responses: { 200: textResponse('JavaScript', 'text/javascript') },
      },
      (c) => c.body(DOCS_INIT_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }),
    ),
  ];
}
