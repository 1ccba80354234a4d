// Regenerates the excerpts of Stripe's OpenAPI spec and fixtures beside this file (see README.md):
//
//   pnpm --filter @countertop/server exec tsx test/stripe-reference/extract.ts <spec3.yaml> <fixtures3.json>
//
// terminal-schemas.json: `components.schemas` of the Terminal objects the tests check, with every schema they
// reference, except the targets of expandable fields (`x-expansionResources`): the emulator returns ids there,
// and an expanded object would fail the check as an unresolvable `$ref` rather than pass unchecked.
// terminal-fixtures.json: fixtures3.json's example objects of the same resources.
// ../../src/stripe/emulator/core/expandable-fields.json: for every object the emulator returns, the fields the
// spec marks expandable (`x-expandableFields`) and the schemas they lead to (`x-expansionResources` targets,
// or the schema of a nested object, list or array), following nested objects and emulated targets; the
// emulator refuses any other `expand[]` path (core/expandable-fields.ts).
// All three are formatted with the repository's formatter, so a regeneration from the same sources changes
// nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The Terminal objects the Terminal schema-fidelity test validates. */
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

/** The Connect and payments objects the money schema-fidelity test validates. */
const MONEY_RESOURCES = [
  'account',
  'application',
  'application_fee',
  'balance',
  'balance_transaction',
  'capability',
  'charge',
  'dispute',
  'fee_refund',
  'payment_intent',
  'payment_method',
  'payout',
  'refund',
  'transfer',
  'transfer_reversal',
] as const;

/**
 * Payment method types the emulator returns; the schemas of every other type (their `payment_method_details`
 * and `payment_method` properties) are left out of the money excerpt, which would otherwise be mostly them.
 */
const KEPT_PAYMENT_METHOD_TYPES = new Set(['card', 'card_present', 'interac_present', 'stripe_account']);
const PAYMENT_METHOD_HOLDERS = new Set([
  'payment_method',
  'payment_method_details',
  'payment_intent_payment_method_options',
]);

/** Properties the emulator never sets whose schemas would double the money excerpt (left out with them). */
const LEFT_OUT_PROPERTIES: Record<string, string[]> = { api_errors: ['setup_intent', 'source'] };

function schemaExcerpt(spec: OpenApiSpec, roots: readonly string[]) {
  const all = spec.components.schemas;
  const picked = new Set<string>(roots);
  const pending: string[] = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const schema = all[name];
    if (schema === undefined) throw new Error(`the spec has no schema ${name}`);
    const found = new Set<string>();
    referencedSchemas(prunedSchema(name, schema), found);
    for (const ref of found) {
      if (!picked.has(ref)) {
        picked.add(ref);
        pending.push(ref);
      }
    }
  }
  const schemas = Object.fromEntries(
    [...picked].sort().map((name) => [name, prunedSchema(name, all[name] as Json)]),
  );
  return { openapi: spec.openapi, info: { version: spec.info.version }, components: { schemas } };
}

/** The schema, without the properties of payment method types the emulator never returns. */
function prunedSchema(name: string, schema: Json): Json {
  const leftOut = LEFT_OUT_PROPERTIES[name];
  if (leftOut !== undefined && schema !== null && typeof schema === 'object' && !Array.isArray(schema)) {
    const { properties, ...rest } = schema as { properties?: Record<string, Json> };
    const kept = Object.entries(properties ?? {}).filter(([key]) => !leftOut.includes(key));
    return { ...rest, properties: Object.fromEntries(kept) } as Json;
  }
  if (!PAYMENT_METHOD_HOLDERS.has(name) || schema === null || typeof schema !== 'object') return schema;
  const { properties, ...rest } = schema as { properties?: Record<string, Json> };
  const isMethodSchema = (property: Json): boolean => {
    const found = new Set<string>();
    referencedSchemas(property, found);
    return [...found].some((ref) =>
      /^payment_(method|method_details|flows_private_payment_methods|intent_payment_method_options|method_options)_/.test(
        ref,
      ),
    );
  };
  const kept = Object.fromEntries(
    Object.entries(properties ?? {}).filter(
      ([key, property]) => KEPT_PAYMENT_METHOD_TYPES.has(key) || !isMethodSchema(property),
    ),
  );
  return { ...rest, properties: kept } as Json;
}

/** The objects the emulator returns (and their deleted forms): the roots of the expandable-fields table. */
const EMULATED_SCHEMAS = [
  'account',
  'account_link',
  'application',
  'application_fee',
  'balance',
  'balance_transaction',
  'capability',
  'charge',
  'deleted_account',
  'deleted_terminal.configuration',
  'deleted_terminal.location',
  'deleted_terminal.reader',
  'deleted_webhook_endpoint',
  'dispute',
  'event',
  'fee_refund',
  'file',
  'login_link',
  'payment_intent',
  'payment_method',
  'payout',
  'refund',
  'terminal.configuration',
  'terminal.connection_token',
  'terminal.location',
  'terminal.reader',
  'transfer',
  'transfer_reversal',
  'webhook_endpoint',
] as const;

type SchemaNode = {
  $ref?: string;
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  'x-expandableFields'?: string[];
  'x-expansionResources'?: { oneOf: { $ref: string }[] };
};

/**
 * schema → expandable field → the schemas it leads to. Nested objects are followed; expansion targets only
 * when the emulator returns them (a path into, say, an expanded customer is not checked further).
 */
function expandableFieldsExcerpt(spec: OpenApiSpec) {
  const all = spec.components.schemas as Record<string, SchemaNode>;
  const emulated = new Set<string>(EMULATED_SCHEMAS);
  const name = (ref: string) => ref.slice(SCHEMA_REF.length);
  const table: Record<string, Record<string, string[]>> = {};
  const pending: string[] = [...EMULATED_SCHEMAS];
  for (let schemaName = pending.pop(); schemaName !== undefined; schemaName = pending.pop()) {
    if (table[schemaName] !== undefined) continue;
    const schema = all[schemaName];
    if (schema === undefined) throw new Error(`the spec has no schema ${schemaName}`);
    const fields: Record<string, string[]> = {};
    for (const field of schema['x-expandableFields'] ?? []) {
      const property = schema.properties?.[field];
      if (property === undefined) throw new Error(`${schemaName}.${field} is expandable but not a property`);
      const resources = property['x-expansionResources'];
      let targets: string[];
      if (resources !== undefined) {
        targets = resources.oneOf.map((target) => name(target.$ref));
        pending.push(...targets.filter((target) => emulated.has(target)));
      } else {
        const ref =
          property.$ref ??
          property.anyOf?.find((branch) => branch.$ref !== undefined)?.$ref ??
          property.allOf?.[0]?.$ref ??
          property.items?.$ref ??
          property.properties?.data?.items?.$ref;
        targets = ref === undefined ? [] : [name(ref)];
        pending.push(...targets);
      }
      fields[field] = targets;
    }
    table[schemaName] = fields;
  }
  const schemas = Object.fromEntries(Object.entries(table).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    source: `x-expandableFields and x-expansionResources of openapi/spec3.yaml (API ${spec.info.version}), github.com/stripe/openapi commit 63a674638635c68de26b9f3add13e58198f4df44`,
    license: 'MIT License, Copyright (c) 2011- Stripe, Inc. (see server/test/stripe-reference/README.md)',
    schemas,
  };
}

function fixturesExcerpt(fixtures: { resources: Record<string, Json> }, roots: readonly string[]) {
  const resources = Object.fromEntries(
    roots.map((name) => {
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
const moneySchemasOut = fileURLToPath(new URL('./money-schemas.json', import.meta.url));
const moneyFixturesOut = fileURLToPath(new URL('./money-fixtures.json', import.meta.url));
const expandableOut = fileURLToPath(
  new URL('../../src/stripe/emulator/core/expandable-fields.json', import.meta.url),
);
writeFileSync(schemasOut, `${JSON.stringify(schemaExcerpt(spec, RESOURCES), null, 2)}\n`);
writeFileSync(moneySchemasOut, `${JSON.stringify(schemaExcerpt(spec, MONEY_RESOURCES), null, 2)}\n`);
writeFileSync(moneyFixturesOut, `${JSON.stringify(fixturesExcerpt(fixtures, MONEY_RESOURCES), null, 2)}\n`);
writeFileSync(fixturesOut, `${JSON.stringify(fixturesExcerpt(fixtures, RESOURCES), null, 2)}\n`);
writeFileSync(expandableOut, `${JSON.stringify(expandableFieldsExcerpt(spec), null, 2)}\n`);
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
const written = [schemasOut, fixturesOut, moneySchemasOut, moneyFixturesOut, expandableOut];
execFileSync(process.execPath, [biome, 'format', '--write', ...written], {
  stdio: 'inherit',
});
console.log(`wrote ${written.join(', ')}`);
