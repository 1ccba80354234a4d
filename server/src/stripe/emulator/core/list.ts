// Stripe list responses: `{ object: 'list', data, has_more, url }`, newest first, `limit` 1–100 (default 10),
// cursor pagination with `starting_after` / `ending_before` (object ids). Does NOT emit `total_count`.
import { invalidRequest, resourceMissing } from './errors.ts';

export interface ListParams {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** Paginates an already filtered, newest-first array. `noun` names the object in cursor errors. */
export function paginate<T extends { id: string }>(
  items: T[],
  params: ListParams,
  url: string,
  noun = 'object',
): StripeList<T> {
  const limit = params.limit ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest('This value must be greater than or equal to 1 and less than or equal to 100.', {
      param: 'limit',
    });
  }
  if (params.starting_after !== undefined && params.ending_before !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', {
      param: 'ending_before',
    });
  }
  if (params.starting_after !== undefined) {
    const i = items.findIndex((x) => x.id === params.starting_after);
    if (i === -1) throw resourceMissing(noun, params.starting_after, 'starting_after');
    const rest = items.slice(i + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (params.ending_before !== undefined) {
    const i = items.findIndex((x) => x.id === params.ending_before);
    if (i === -1) throw resourceMissing(noun, params.ending_before, 'ending_before');
    const before = items.slice(0, i);
    const start = Math.max(0, before.length - limit);
    return { object: 'list', data: before.slice(start), has_more: start > 0, url };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}
