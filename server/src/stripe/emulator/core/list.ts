// Stripe list responses: `{ object: 'list', data, has_more, url }`, newest first, `limit` 1–100 (default 10),
// cursor pagination with `starting_after` / `ending_before` (object ids). `paginateStored` pages straight from
// the store (reads only as many objects as the page needs, so paging through many objects stays linear);
// `paginate` pages an array already in memory. Both answer the same for the same objects. Does NOT emit
// `total_count`.
import { invalidRequest, resourceMissing } from './errors.ts';
import type { Store } from './store.ts';

interface ListParams {
  limit?: number | undefined;
  starting_after?: string | undefined;
  ending_before?: string | undefined;
}

interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

function checkedLimit(params: ListParams): number {
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
  return limit;
}

/**
 * Paginates the stored objects of `type` owned by `account` that pass `filter` (newest first), as
 * `paginate(store.all(type, account).filter(filter).map(map), …)` would, reading rows in chunks only until
 * the page (plus one, for `has_more`) is filled. `filter` and `map` must not touch the store.
 */
export function paginateStored<T extends { id: string; object: string }, U extends { id: string } = T>(
  store: Store,
  type: string,
  account: string,
  params: ListParams,
  url: string,
  noun: string,
  options: { filter?: (item: T) => boolean; map?: (item: T) => U } = {},
): StripeList<U> {
  const limit = checkedLimit(params);
  const keep = options.filter ?? (() => true);
  const cursorId = params.starting_after ?? params.ending_before;
  const ascending = params.ending_before !== undefined;
  let fromSeq: number | undefined;
  if (cursorId !== undefined) {
    const cursor = store.findWithSeq<T>(type, cursorId, account);
    if (!cursor || !keep(cursor.object)) {
      throw resourceMissing(noun, cursorId, ascending ? 'ending_before' : 'starting_after');
    }
    fromSeq = cursor.seq;
  }
  const picked: T[] = [];
  const chunk = Math.min(Math.max(2 * (limit + 1), 20), 200);
  for (;;) {
    const rows = store.objectsFrom<T>(type, account, { ascending, fromSeq, count: chunk });
    for (const row of rows) {
      if (keep(row.object)) picked.push(row.object);
      if (picked.length > limit) break;
    }
    const last = rows[rows.length - 1];
    if (picked.length > limit || rows.length < chunk || last === undefined) break;
    fromSeq = last.seq;
  }
  const page = picked.slice(0, limit);
  // ending_before: the `limit` objects just newer than the cursor, still listed newest first.
  if (ascending) page.reverse();
  const data = options.map ? page.map(options.map) : (page as unknown as U[]);
  return { object: 'list', data, has_more: picked.length > limit, url };
}

/** Paginates an already filtered, newest-first array. `noun` names the object in cursor errors. */
export function paginate<T extends { id: string }>(
  items: T[],
  params: ListParams,
  url: string,
  noun = 'object',
): StripeList<T> {
  const limit = checkedLimit(params);
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
