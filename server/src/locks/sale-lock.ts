/**
 * The sale lock port: steps for one sale (starting a payment, settling it, canceling it) never interleave,
 * so two requests cannot both create a PaymentIntent or both capture. The lock is held across the Stripe
 * calls of a step, never across a database transaction (transactions stay short and never wait on Stripe).
 *
 * `createInProcessSaleLock` serves one server process (SQLite); a process that shares its database with
 * others needs a lock held in the database.
 */
export interface SaleLock {
  /** Runs `work` once every earlier holder of this sale's lock is done; releases it however work ends. */
  withLock<T>(saleId: string, work: () => Promise<T>): Promise<T>;
}

/** One queue per sale, in this process. */
export function createInProcessSaleLock(): SaleLock {
  const queues = new Map<string, Promise<unknown>>();
  return {
    async withLock(saleId, work) {
      const previous = queues.get(saleId) ?? Promise.resolve();
      const run = previous.then(work, work);
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      queues.set(saleId, settled);
      try {
        return await run;
      } finally {
        if (queues.get(saleId) === settled) queues.delete(saleId);
      }
    },
  };
}
