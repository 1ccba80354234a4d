// A small checker for the JSON-Schema subset used by Stripe's OpenAPI spec (`components.schemas`):
// `$ref` (local `#/components/schemas/...` only), `type`, `nullable`, `properties`, `required`, `enum`,
// `anyOf`, `items` and `additionalProperties` (as a schema). Formats, lengths and `x-*` extensions are
// ignored. Properties the schema does not know are NOT errors (the 2023 spec predates fields the current
// API returns, e.g. `last_seen_at` or `action.api_error`): they are reported separately as `unknownProperties`
// so a test can list them explicitly.

export type JsonSchema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
};

export interface SchemaIssue {
  path: string;
  kind: 'type' | 'required' | 'enum' | 'anyOf' | 'ref';
  message: string;
  value?: unknown;
}

export interface CheckResult {
  issues: SchemaIssue[];
  unknownProperties: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object':
      return isRecord(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

export function createSchemaChecker(schemas: Record<string, JsonSchema>) {
  function resolve(schema: JsonSchema): JsonSchema | undefined {
    if (schema.$ref === undefined) return schema;
    const prefix = '#/components/schemas/';
    if (!schema.$ref.startsWith(prefix)) return undefined;
    return schemas[schema.$ref.slice(prefix.length)];
  }

  function walk(value: unknown, raw: JsonSchema, path: string, out: CheckResult): void {
    const schema = resolve(raw);
    if (schema === undefined) {
      out.issues.push({ path, kind: 'ref', message: `unresolvable $ref ${raw.$ref}` });
      return;
    }
    if (value === null) {
      if (schema.nullable !== true) out.issues.push({ path, kind: 'type', message: 'null but not nullable' });
      return;
    }
    if (schema.anyOf !== undefined) {
      const branches = schema.anyOf.map((branch) => {
        const result: CheckResult = { issues: [], unknownProperties: [] };
        walk(value, branch, path, result);
        return result;
      });
      const passing = branches.find((b) => b.issues.length === 0);
      if (passing === undefined) {
        out.issues.push({
          path,
          kind: 'anyOf',
          message: `matches no anyOf branch: ${branches.map((b) => b.issues.map((i) => `${i.path} ${i.message}`).join('; ')).join(' | ')}`,
        });
      } else {
        out.unknownProperties.push(...passing.unknownProperties);
      }
      return;
    }
    if (schema.type !== undefined && !typeMatches(schema.type, value)) {
      out.issues.push({
        path,
        kind: 'type',
        message: `expected ${schema.type}, got ${JSON.stringify(value)}`,
      });
      return;
    }
    if (schema.enum !== undefined && !schema.enum.includes(value)) {
      out.issues.push({ path, kind: 'enum', message: `${JSON.stringify(value)} not in enum`, value });
    }
    if (Array.isArray(value) && schema.items !== undefined) {
      value.forEach((item, index) => {
        walk(item, schema.items as JsonSchema, `${path}[${index}]`, out);
      });
    }
    if (isRecord(value)) {
      for (const key of schema.required ?? []) {
        if (!(key in value))
          out.issues.push({ path: `${path}.${key}`, kind: 'required', message: 'missing' });
      }
      for (const [key, child] of Object.entries(value)) {
        const propertySchema = schema.properties?.[key];
        if (propertySchema !== undefined) {
          walk(child, propertySchema, `${path}.${key}`, out);
        } else if (isRecord(schema.additionalProperties)) {
          walk(child, schema.additionalProperties, `${path}.${key}`, out);
        } else if (schema.properties !== undefined) {
          out.unknownProperties.push(`${path}.${key}`);
        }
      }
    }
  }

  return {
    check(value: unknown, schemaName: string): CheckResult {
      const out: CheckResult = { issues: [], unknownProperties: [] };
      walk(value, { $ref: `#/components/schemas/${schemaName}` }, schemaName, out);
      return out;
    },
  };
}
