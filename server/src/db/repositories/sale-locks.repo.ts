/**
 * Sale lock leases (locks/database-sale-lock.ts): at most one holder per sale, until the lease expires.
 * Each method is one statement, atomic on both backends: taking a lease is an upsert that only replaces an
 * expired one.
 */
import type { Queryable } from '../schema.ts';

export interface SaleLocksRepo {
  /** Takes the sale's lease until `untilMs` unless another holder's lease is still running at `nowMs`. */
  tryAcquire(saleId: string, holder: string, nowMs: number, untilMs: number): Promise<boolean>;
  /** Extends our lease; false when it is no longer ours (it expired and someone else took it). */
  renew(saleId: string, holder: string, untilMs: number): Promise<boolean>;
  release(saleId: string, holder: string): Promise<void>;
}

export function createSaleLocksRepo(db: Queryable): SaleLocksRepo {
  return {
    async tryAcquire(saleId, holder, nowMs, untilMs) {
      const result = await db
        .insertInto('sale_locks')
        .values({ sale_id: saleId, holder, expires_at_ms: untilMs })
        .onConflict((oc) =>
          oc
            .column('sale_id')
            .doUpdateSet({ holder, expires_at_ms: untilMs })
            .where('sale_locks.expires_at_ms', '<=', nowMs),
        )
        .executeTakeFirst();
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },
    async renew(saleId, holder, untilMs) {
      const result = await db
        .updateTable('sale_locks')
        .set({ expires_at_ms: untilMs })
        .where('sale_id', '=', saleId)
        .where('holder', '=', holder)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async release(saleId, holder) {
      await db.deleteFrom('sale_locks').where('sale_id', '=', saleId).where('holder', '=', holder).execute();
    },
  };
}
