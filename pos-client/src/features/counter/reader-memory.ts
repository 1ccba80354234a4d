/**
 * What a register's device remembers about its card reader, so that opening or reloading the counter comes
 * back ready to charge without the cashier:
 *  - in localStorage, the reader this register last connected to (reconnected on its own next time, never
 *    taken from another register);
 *  - in sessionStorage (this tab only, kept across a reload), that the page still held that reader when it
 *    went away. The page's own previous SDK session then still holds the reader for a while (Stripe sees no
 *    disconnect from a page that unloads), so a reload shortly after may take the reader back from it.
 * Storage can be unavailable (private mode, quota): then nothing is remembered and the cashier connects.
 */

/** A reload later than this connects normally: by then the dead page's session no longer holds the reader. */
export const RECLAIM_WINDOW_MS = 30_000;

type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const lastReaderKey = (registerCode: string) => `countertop.reader.${registerCode}`;
const heldKey = (registerCode: string) => `countertop.heldReader.${registerCode}`;

function storage(kind: 'localStorage' | 'sessionStorage'): StorageLike | null {
  try {
    return globalThis[kind] ?? null;
  } catch {
    return null;
  }
}

/** The reader this register connected to last, on this device. */
export function lastReader(registerCode: string, store = storage('localStorage')): string | null {
  try {
    return store?.getItem(lastReaderKey(registerCode)) ?? null;
  } catch {
    return null;
  }
}

export function rememberLastReader(registerCode: string, readerId: string, store = storage('localStorage')) {
  try {
    store?.setItem(lastReaderKey(registerCode), readerId);
  } catch {
    // not remembered: the cashier picks the reader again next time
  }
}

/** Called as the page goes away while connected: this tab held `readerId` at `nowMs`. */
export function recordHeldOnLeave(
  registerCode: string,
  readerId: string,
  nowMs: number,
  store = storage('sessionStorage'),
) {
  try {
    store?.setItem(heldKey(registerCode), JSON.stringify({ readerId, leftAt: nowMs }));
  } catch {
    // the reload then connects without taking over (and may offer "Take over reader")
  }
}

/** The reader this tab held when it was reloaded less than RECLAIM_WINDOW_MS ago, if any. */
export function heldBeforeReload(
  registerCode: string,
  nowMs: number,
  store = storage('sessionStorage'),
): string | null {
  let raw: string | null;
  try {
    raw = store?.getItem(heldKey(registerCode)) ?? null;
  } catch {
    return null;
  }
  if (!raw) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { readerId, leftAt } = parsed as { readerId?: unknown; leftAt?: unknown };
  if (typeof readerId !== 'string' || typeof leftAt !== 'number') return null;
  const elapsed = nowMs - leftAt;
  return elapsed >= 0 && elapsed <= RECLAIM_WINDOW_MS ? readerId : null;
}

/** Once the reader is back (or the cashier chose otherwise), the leave record has served. */
export function forgetHeld(registerCode: string, store = storage('sessionStorage')) {
  try {
    store?.removeItem(heldKey(registerCode));
  } catch {
    // nothing stored
  }
}
