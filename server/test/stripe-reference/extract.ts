// Regenerates the excerpts of Stripe's OpenAPI spec and fixtures beside this file (see README.md):
//
//   pnpm --filter @countertop/server exec tsx test/stripe-reference/extract.ts <spec3.yaml> <fixtures3.json>
//
// terminal-schemas.json: `components.schemas` of the Terminal objects the tests check, with every schema they
// reference, except the targets of expandable fields (`x-expansionResources`): the emulator returns ids there,
// and an expanded object would fail the check as an unresolvable `$ref` rather than pass unchecked.
// terminal-fixtures.json: fixtures3.json's example objects of the same resources. Both are formatted with the
// repository's formatter, so a regeneration from the same sources changes nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The Stripe objects the schema-fidelity test validates. */
const RESOURCES = [
  'terminal.configuration',
  'terminal.connection_token',
  'terminal.location',
  'terminal.reader',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const SCHEMA_REF = '#/components/schemas/';

/** Names of the schemas `node` references, not looking into expandable fields. */
function referencedSchemas(node: Json, found: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) referencedSchemas(item, found);
    return;
  }
  if (node === null || typeof node !== 'object' || 'x-expansionResources' in node) return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_REF)) {
      found.add(value.slice(SCHEMA_REF.length));
    } else if (!key.startsWith('x-')) {
      referencedSchemas(value, found);
    }
  }
}

interface OpenApiSpec {
  openapi: string;
  info: { version: string };
  components: { schemas: Record<string, Json> };
}

function schemaExcerpt(spec: OpenApiSpec) {
  const all = spec.components.schemas;
  const picked = new Set<string>(RESOURCES);
  const pending: string[] = [...RESOURCES];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const schema = all[name];
    if (schema === undefined) throw new Error(`the spec has no schema ${name}`);
    const found = new Set<string>();
    referencedSchemas(schema, found);
    for (const ref of found) {
      if (!picked.has(ref)) {
        picked.add(ref);
        pending.push(ref);
      }
    }
  }
  const schemas = Object.fromEntries([...picked].sort().map((name) => [name, all[name] as Json]));
  return { openapi: spec.openapi, info: { version: spec.info.version }, components: { schemas } };
}

function fixturesExcerpt(fixtures: { resources: Record<string, Json> }) {
  const resources = Object.fromEntries(
    RESOURCES.map((name) => {
      const fixture = fixtures.resources[name];
      if (fixture === undefined) throw new Error(`the fixtures have no ${name}`);
      return [name, fixture];
    }),
  );
  return { resources };
}

const [specPath, fixturesPath] = process.argv.slice(2);
if (specPath === undefined || fixturesPath === undefined) {
  console.error('usage: extract.ts <spec3.yaml> <fixtures3.json>');
  process.exit(2);
}
const spec = parse(readFileSync(specPath, 'utf8'), { maxAliasCount: -1 }) as OpenApiSpec;
const fixtures = JSON.parse(readFileSync(fixturesPath, 'utf8')) as { resources: Record<string, Json> };
const schemasOut = fileURLToPath(new URL('./terminal-schemas.json', import.meta.url));
const fixturesOut = fileURLToPath(new URL('./terminal-fixtures.json', import.meta.url));
writeFileSync(schemasOut, `${JSON.stringify(schemaExcerpt(spec), null, 2)}\n`);
writeFileSync(fixturesOut, `${JSON.stringify(fixturesExcerpt(fixtures), null, 2)}\n`);
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
execFileSync(process.execPath, [biome, 'format', '--write', schemasOut, fixturesOut], { stdio: 'inherit' });
console.log(`wrote ${schemasOut} and ${fixturesOut}`);
