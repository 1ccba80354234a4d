/**
 * Runs a repository method's statements as one unit: inside the caller's transaction when there is one,
 * else in a transaction of their own. For methods whose statements must never be seen half done.
 */
import type { Queryable } from '../schema.ts';

export function atomically<T>(db: Queryable, work: (db: Queryable) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
