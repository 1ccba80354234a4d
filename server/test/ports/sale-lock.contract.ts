/**
 * The SaleLock port's contract: every implementation must pass it (in-process; the database lease on
 * SQLite and on PostgreSQL). `makeLocks(n)` returns n locks that share what their implementation shares
 * across processes (for the database lease: one database, n separate connections as n processes would).
 */
import { describe, expect, it } from 'vitest';
import type { SaleLock } from '../../src/locks/sale-lock.ts';

export interface SaleLockSubject {
  makeLocks(count: number): Promise<SaleLock[]>;
  /** Whether locks made together exclude each other (false: the in-process lock, per process only). */
  sharedAcrossInstances: boolean;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

export function describeSaleLockContract(name: string, subject: () => SaleLockSubject) {
  describe(`SaleLock contract: ${name}`, () => {
    it('runs the steps of one sale one at a time, in arrival order', async () => {
      const [lock] = await subject().makeLocks(1);
      if (!lock) throw new Error('no lock');
      const events: string[] = [];
      const step = (label: string) =>
        lock.withLock('sale_1', async () => {
          events.push(`${label}:start`);
          await tick();
          await tick();
          events.push(`${label}:end`);
          return label;
        });
      const results = await Promise.all([step('a'), step('b'), step('c')]);
      expect(results).toEqual(['a', 'b', 'c']);
      expect(events).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    });

    it('lets different sales proceed at the same time', async () => {
      const [lock] = await subject().makeLocks(1);
      if (!lock) throw new Error('no lock');
      // Each step waits inside its lock until the other is inside too: only possible if both hold at once.
      const entered = new Map<string, () => void>();
      const bothInside = Promise.all(
        ['sale_a', 'sale_b'].map((saleId) => new Promise<void>((resolve) => entered.set(saleId, resolve))),
      );
      const timeout = new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), 5_000));
      const step = (saleId: string) =>
        lock.withLock(saleId, async () => {
          entered.get(saleId)?.();
          return Promise.race([bothInside.then(() => 'together' as const), timeout]);
        });
      expect(await Promise.all([step('sale_a'), step('sale_b')])).toEqual(['together', 'together']);
    });

    it('releases the lock when a step throws, and passes the error on', async () => {
      const [lock] = await subject().makeLocks(1);
      if (!lock) throw new Error('no lock');
      await expect(
        lock.withLock('sale_2', async () => {
          throw new Error('step failed');
        }),
      ).rejects.toThrow('step failed');
      await expect(lock.withLock('sale_2', async () => 'next')).resolves.toBe('next');
    });

    it('excludes holders across instances when the implementation is shared', async () => {
      const current = subject();
      const locks = await current.makeLocks(2);
      let inside = 0;
      let most = 0;
      const step = (lock: SaleLock) =>
        lock.withLock('sale_3', async () => {
          inside += 1;
          most = Math.max(most, inside);
          await tick();
          await tick();
          await tick();
          inside -= 1;
        });
      await Promise.all(locks.flatMap((lock) => [step(lock), step(lock)]));
      expect(most).toBe(current.sharedAcrossInstances ? 1 : 2);
    });
  });
}
