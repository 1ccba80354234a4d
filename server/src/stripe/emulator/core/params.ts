// Declarative, validate-first parameter parsing for emulated endpoints: each endpoint declares one zod schema
// built from `p.*`; unknown keys → 400 parameter_unknown (`a[b]` naming), missing → parameter_missing,
// form strings coerced to integers/booleans with Stripe's error codes, '' handled as "unset" only where Stripe
// allows it. Does NOT implement every Stripe-specific length limit (only the ones resources add explicitly).
import { z } from 'zod';
import {
  invalidEnum,
  invalidRequest,
  parameterInvalidEmpty,
  parameterInvalidInteger,
  parameterMissing,
  parameterUnknown,
  type StripeError,
} from './errors.ts';
import { paramName } from './form.ts';

type StripeIssueParams = {
  stripeCode: 'parameter_invalid_empty' | 'parameter_invalid_integer' | 'invalid';
  message?: string;
};

function nonEmpty(s: string, ctx: z.RefinementCtx): void {
  if (s === '') ctx.addIssue({ code: 'custom', params: { stripeCode: 'parameter_invalid_empty' } });
}

const str = () => z.string().superRefine(nonEmpty);

const int = () =>
  z.string().transform((s, ctx): number => {
    if (s === '') {
      ctx.addIssue({ code: 'custom', params: { stripeCode: 'parameter_invalid_empty' } });
      return z.NEVER;
    }
    if (!/^-?\d+$/.test(s) || !Number.isSafeInteger(Number(s))) {
      ctx.addIssue({ code: 'custom', params: { stripeCode: 'parameter_invalid_integer', message: s } });
      return z.NEVER;
    }
    return Number(s);
  });

const bool = () =>
  z.string().transform((s, ctx): boolean => {
    if (s === 'true') return true;
    if (s === 'false') return false;
    ctx.addIssue({
      code: 'custom',
      params: { stripeCode: 'invalid', message: `Invalid boolean: ${s}` } satisfies StripeIssueParams,
    });
    return z.NEVER;
  });

/** `metadata`: `metadata=` unsets everything (→ null), `metadata[k]=` unsets one key (→ ''). */
/** `metadata`: ≤ 50 keys, keys ≤ 40 characters, values ≤ 500 characters. */
const metadata = () =>
  z.union([
    z.literal('').transform(() => null),
    z.record(z.string(), z.string().max(500)).superRefine((m, ctx) => {
      const keys = Object.keys(m);
      if (keys.length > 50) {
        ctx.addIssue({
          code: 'custom',
          params: {
            stripeCode: 'invalid',
            message: 'Invalid metadata: metadata can have up to 50 keys',
          } satisfies StripeIssueParams,
        });
      }
      const long = keys.find((k) => k.length > 40);
      if (long) {
        ctx.addIssue({
          code: 'custom',
          path: [long],
          params: {
            stripeCode: 'invalid',
            message: `Invalid metadata: metadata keys can be at most 40 characters (got '${long}')`,
          } satisfies StripeIssueParams,
        });
      }
    }),
  ]);

/** A string where '' means "unset" (→ null). */
const emptyable = <T extends z.ZodType>(schema: T) => z.union([z.literal('').transform(() => null), schema]);

const createdFilter = () =>
  z.union([
    int(),
    z.strictObject({
      gt: int().optional(),
      gte: int().optional(),
      lt: int().optional(),
      lte: int().optional(),
    }),
  ]);

/** Building blocks for endpoint schemas. */
export const p = {
  str,
  int,
  bool,
  metadata,
  emptyable,
  enum: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values),
  obj: <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape),
  arr: <T extends z.ZodType>(item: T) => z.array(item),
  createdFilter,
  /** Pagination params every list endpoint accepts. */
  list: {
    limit: int().optional(),
    starting_after: str().optional(),
    ending_before: str().optional(),
  },
};

type CreatedFilter = z.output<ReturnType<typeof createdFilter>>;

export function matchesCreated(created: number, filter: CreatedFilter | undefined): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return created === filter;
  return (
    (filter.gt === undefined || created > filter.gt) &&
    (filter.gte === undefined || created >= filter.gte) &&
    (filter.lt === undefined || created < filter.lt) &&
    (filter.lte === undefined || created <= filter.lte)
  );
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function issueToError(issue: z.core.$ZodIssue, input: unknown): StripeError {
  const param = paramName(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return parameterUnknown(paramName([...issue.path, issue.keys[0] ?? '']));
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return parameterMissing(param);
      return invalidRequest(
        issue.expected === 'object' || issue.expected === 'record'
          ? `Invalid object`
          : issue.expected === 'array'
            ? `Invalid array`
            : `Invalid ${param}`,
        { param },
      );
    case 'invalid_value':
      return invalidEnum(param, issue.values.map(String));
    case 'too_big':
      return invalidRequest(`Invalid ${param}: must be at most ${String(issue.maximum)}`, { param });
    case 'too_small':
      return invalidRequest(`Invalid ${param}: must be at least ${String(issue.minimum)}`, { param });
    case 'custom': {
      const sp = issue.params as StripeIssueParams | undefined;
      if (sp?.stripeCode === 'parameter_invalid_empty') return parameterInvalidEmpty(param);
      if (sp?.stripeCode === 'parameter_invalid_integer')
        return parameterInvalidInteger(param, sp.message ?? '');
      return invalidRequest(sp?.message ?? issue.message, { param });
    }
    case 'invalid_union': {
      const value = valueAt(input, issue.path);
      if (value === '') return parameterInvalidEmpty(param);
      // Report the issue from the branch that matched best, not the branch-type mismatch.
      const rank = (i: z.core.$ZodIssue) =>
        i.code === 'unrecognized_keys' ? 0 : i.code === 'custom' ? 1 : i.path.length > 0 ? 2 : 3;
      const best = [...issue.errors.flat()].sort((a, b) => rank(a) - rank(b))[0];
      if (best) return issueToError({ ...best, path: [...issue.path, ...best.path] }, input);
      return invalidRequest(`Invalid ${param}`, { param });
    }
    default:
      return invalidRequest(`Invalid ${param}`, { param });
  }
}

/** Parses decoded form params against a schema; throws the Stripe-shaped 400 for the most relevant issue. */
export function parseParams<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const chosen = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
  if (!chosen) throw invalidRequest('Invalid request');
  throw issueToError(chosen, input);
}
