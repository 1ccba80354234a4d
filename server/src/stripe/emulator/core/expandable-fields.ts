// Which `expand[]` paths Stripe accepts (https://docs.stripe.com/api/expanding_objects): only the fields the
// OpenAPI spec marks expandable (`x-expandableFields`), level after level, at most 4 levels deep, and on a
// list only under `data.`. Anything else is refused before the endpoint runs (so it is never stored under an
// idempotency key) with Stripe's 400 "This property cannot be expanded (<path>)." — on a list, for a field
// its items do have, "…You may want to try expanding 'data.<field>' instead." (the wording real responses
// carry; they have neither `code` nor `param`). The table (expandable-fields.json) is generated from Stripe's
// spec by test/stripe-reference/extract.ts; NEWER_FIELDS and REMOVED_FIELDS bring it to the API version the
// emulator speaks (stripe@23's types). Every /v1 route declares what it answers (`routeResponse`), so a
// route added without an entry fails at start-up instead of accepting every expansion.
import { readFileSync } from 'node:fs';
import { invalidRequest, type StripeError } from './errors.ts';

interface ExpandableTable {
  schemas: Record<string, Record<string, string[]>>;
}

const generated = JSON.parse(
  readFileSync(new URL('./expandable-fields.json', import.meta.url), 'utf8'),
) as ExpandableTable;

/** Expandable fields added after the spec's API version (`string | Object` fields in stripe@23.1.0's types). */
const NEWER_FIELDS: Record<string, Record<string, string[]>> = {
  payment_intent: { payment_record: ['payment_record'], source: ['source'] },
  refund: { customer: ['customer', 'deleted_customer'], payment_method: ['payment_method'] },
  payout: { application_fee: ['application_fee'] },
  terminal_reader_reader_resource_reader_action: {
    collect_payment_method: ['terminal_reader_reader_resource_collect_payment_method_action'],
    confirm_payment_intent: ['terminal_reader_reader_resource_confirm_payment_intent_action'],
  },
  terminal_reader_reader_resource_collect_payment_method_action: {
    payment_intent: ['payment_intent'],
    payment_method: ['payment_method'],
  },
  terminal_reader_reader_resource_confirm_payment_intent_action: { payment_intent: ['payment_intent'] },
};

/** Fields the current API no longer has (absent from stripe@23.1.0's types). */
const REMOVED_FIELDS: Record<string, string[]> = { charge: ['invoice'], payment_intent: ['invoice'] };

const EXPANDABLE: Record<string, Record<string, string[]>> = (() => {
  const table: Record<string, Record<string, string[]>> = {};
  for (const [schema, fields] of Object.entries(generated.schemas)) table[schema] = { ...fields };
  for (const [schema, fields] of Object.entries(NEWER_FIELDS))
    table[schema] = { ...table[schema], ...fields };
  for (const [schema, fields] of Object.entries(REMOVED_FIELDS)) {
    for (const field of fields) delete table[schema]?.[field];
  }
  return table;
})();

const MAX_DEPTH = 4;

/** What a route answers: one object of `schema`, or (`list`) a list of them. */
export interface RouteResponse {
  schema: string;
  list: boolean;
}

/** `/v1/<collection>` → the schema of its objects. */
const COLLECTIONS: Record<string, string> = {
  accounts: 'account',
  account_links: 'account_link',
  application_fees: 'application_fee',
  balance_transactions: 'balance_transaction',
  charges: 'charge',
  disputes: 'dispute',
  events: 'event',
  files: 'file',
  payment_intents: 'payment_intent',
  payment_methods: 'payment_method',
  payouts: 'payout',
  refunds: 'refund',
  transfers: 'transfer',
  webhook_endpoints: 'webhook_endpoint',
  'terminal/configurations': 'terminal.configuration',
  'terminal/connection_tokens': 'terminal.connection_token',
  'terminal/locations': 'terminal.location',
  'terminal/readers': 'terminal.reader',
  'test_helpers/terminal/readers': 'terminal.reader',
};

/** `/v1/<collection>/:id/<sub-collection>` → the schema of the sub-collection's objects. */
const SUB_COLLECTIONS: Record<string, string> = {
  'accounts/capabilities': 'capability',
  'accounts/login_links': 'login_link',
  'application_fees/refunds': 'fee_refund',
  'transfers/reversals': 'transfer_reversal',
};

/** Objects at a path of their own, without an id. */
const SINGLETONS: Record<string, string> = { balance: 'balance', account: 'account' };

/**
 * What `method path` answers (a registered /v1 route pattern, e.g. `/v1/payment_intents/:id/capture`). Throws
 * for a route this table does not know, so every route is accounted for.
 */
export function routeResponse(method: 'GET' | 'POST' | 'DELETE', path: string): RouteResponse {
  const segments = path.split('/').slice(2);
  const single = SINGLETONS[segments.join('/')];
  if (single !== undefined) return { schema: single, list: false };
  let consumed = 0;
  let schema: string | undefined;
  for (let take = 3; take >= 1 && schema === undefined; take -= 1) {
    schema = COLLECTIONS[segments.slice(0, take).join('/')];
    if (schema !== undefined) consumed = take;
  }
  if (schema === undefined) throw new Error(`emulator: no response schema for ${method} ${path}`);
  const collection = segments.slice(0, consumed).join('/');
  let rest = segments.slice(consumed);
  let isCollection = true;
  if (rest[0]?.startsWith(':')) {
    isCollection = false;
    rest = rest.slice(1);
  }
  const sub = rest[0] === undefined ? undefined : SUB_COLLECTIONS[`${collection}/${rest[0]}`];
  if (sub !== undefined) {
    schema = sub;
    isCollection = rest.length === 1;
  } else if (rest.length > 0) {
    isCollection = false; // an action on the object (capture, cancel, process_payment_intent, …)
  }
  if (method === 'DELETE') return { schema: `deleted_${schema}`, list: false };
  return { schema, list: isCollection && method === 'GET' };
}

function cannotExpand(path: string, hint?: string): StripeError {
  const message =
    hint === undefined
      ? `This property cannot be expanded (${path}).`
      : `This property cannot be expanded (${path}). You may want to try expanding '${hint}' instead.`;
  return invalidRequest(message);
}

/** The schemas `field` of any of `schemas` leads to, or null when none of them has it. */
function step(schemas: string[], field: string): string[] | null {
  let found = false;
  const next: string[] = [];
  for (const schema of schemas) {
    const targets = EXPANDABLE[schema]?.[field];
    if (targets !== undefined) {
      found = true;
      next.push(...targets);
    }
  }
  return found ? next : null;
}

/** Throws Stripe's 400 for the first `expand[]` path a response of `response` cannot take. */
export function checkExpandPaths(response: RouteResponse, paths: readonly string[]): void {
  for (const path of paths) {
    const segments = path.split('.');
    let fields = segments;
    if (response.list) {
      if (segments[0] !== 'data') {
        const head = segments[0] ?? '';
        const itemHasIt = step([response.schema], head) !== null;
        throw cannotExpand(head, itemHasIt ? `data.${head}` : undefined);
      }
      fields = segments.slice(1);
    }
    if (fields.length > MAX_DEPTH) {
      throw invalidRequest(
        `You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`,
      );
    }
    let schemas = [response.schema];
    for (const [index, field] of fields.entries()) {
      // A target the emulator never returns (customer, invoice, …) is not followed: nothing to expand there.
      if (schemas.length > 0 && schemas.every((schema) => EXPANDABLE[schema] === undefined)) break;
      const next = step(schemas, field);
      const prefix = segments.slice(0, segments.length - fields.length + index + 1).join('.');
      if (next === null) throw cannotExpand(prefix);
      schemas = next;
    }
  }
}
