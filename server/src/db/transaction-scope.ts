/**
 * Marks the async context of a transaction's work while it runs. A query on the root connection from
 * inside that context is a bug (it is not part of the transaction; on SQLite, whose single connection the
 * transaction holds, it would wait forever), so drivers check this and fail at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export const openTransaction = new AsyncLocalStorage<{ open: boolean }>();

export function isInsideTransaction(): boolean {
  return openTransaction.getStore()?.open === true;
}
