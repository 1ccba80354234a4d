// Store helpers shared by the emulator's Terminal resources: loading Terminal objects of the caller's account
// (deleted objects are kept as Stripe's `{id, object, deleted: true}` tombstones so retrieve can return
// them), the hidden per-reader simulation state (offline / timeout flags, registration
// code) kept in the key-value table, connection-token records for the browser SDK back end, and the
// "effective Terminal configuration" of a reader (its Location's `configuration_overrides`, else the account
// default). Emulates nothing by itself; it does NOT expose the hidden state through /v1.
import type Stripe from 'stripe';
import type { RequestContext } from '../core/api.ts';
import { resourceMissing } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import type { Store } from '../core/store.ts';

export type Location = Stripe.Terminal.Location;
export type Reader = Stripe.Terminal.Reader;
export type Configuration = Stripe.Terminal.Configuration;

export type StoredLocation = Location | Stripe.Terminal.DeletedLocation;
export type StoredReader = Reader | Stripe.Terminal.DeletedReader;
export type StoredConfiguration = Configuration | Stripe.Terminal.DeletedConfiguration;

export function isDeleted(obj: { deleted?: unknown }): boolean {
  return obj.deleted === true;
}

type Ctx = Pick<RequestContext, 'store' | 'account'>;

/** A live (not deleted) object of the caller's account, or 404 `No such <type>: '<id>'` with `param`. */
export function loadLive<T extends { id: string; object: string }>(
  ctx: Ctx,
  type: string,
  id: string,
  param = 'id',
): T {
  const obj = ctx.store.find<T & { deleted?: unknown }>(type, id, ctx.account);
  if (obj === undefined || isDeleted(obj)) throw resourceMissing(type, id, param);
  return obj;
}

/** The object or its tombstone (what Stripe's retrieve returns), or 404. */
export function loadAny<T extends { id: string; object: string }>(ctx: Ctx, type: string, id: string): T {
  const obj = ctx.store.find<T>(type, id, ctx.account);
  if (obj === undefined) throw resourceMissing(type, id);
  return obj;
}

/** Every live object of a type on the caller's account, newest first. */
export function allLive<T extends { id: string; object: string }>(ctx: Ctx, type: string): T[] {
  return ctx.store.all<T & { deleted?: unknown }>(type, ctx.account).filter((o) => !isDeleted(o));
}

// ---- hidden reader simulation state ----------------------------------------------------------------

interface ReaderSimState {
  registrationCode: string;
  offline: boolean;
  timeoutNextAction: boolean;
}

const simKey = (readerId: string) => `terminal.reader_sim.${readerId}`;

export function readerSim(store: Store, readerId: string): ReaderSimState {
  const raw = store.getKv(simKey(readerId));
  if (raw === undefined) return { registrationCode: '', offline: false, timeoutNextAction: false };
  return JSON.parse(raw) as ReaderSimState;
}

export function saveReaderSim(store: Store, readerId: string, state: ReaderSimState): void {
  store.setKv(simKey(readerId), JSON.stringify(state));
}

// ---- connection tokens -------------------------------------------------------------------------------

/** Connection tokens live 10 minutes in the emulator (Stripe documents them only as "short-lived"). */
export const CONNECTION_TOKEN_TTL_MS = 10 * 60 * 1000;

export interface ConnectionTokenRecord {
  account: string;
  location: string | null;
  expiresAtMs: number;
}

const tokenKey = (secret: string) => `terminal.connection_token.${secret}`;

export function rememberConnectionToken(store: Store, secret: string, record: ConnectionTokenRecord): void {
  store.setKv(tokenKey(secret), JSON.stringify(record));
}

export function findConnectionToken(store: Store, secret: string): ConnectionTokenRecord | undefined {
  const raw = store.getKv(tokenKey(secret));
  return raw === undefined ? undefined : (JSON.parse(raw) as ConnectionTokenRecord);
}

// ---- configurations ----------------------------------------------------------------------------------

/** The account's default Configuration (`is_account_default: true`), created on first use as Stripe has one. */
export function accountDefaultConfiguration(ctx: Pick<RequestContext, 'store' | 'account'>): Configuration {
  const existing = allLive<Configuration>(ctx, 'terminal.configuration').find(
    (c) => c.is_account_default === true,
  );
  if (existing !== undefined) return existing;
  const created: Configuration = {
    id: newId('tmc', 14),
    object: 'terminal.configuration',
    is_account_default: true,
    livemode: false,
    name: null,
  };
  ctx.store.insert(ctx.account, created);
  return created;
}

/** The configuration that applies to a reader: its location's override, else the account default. */
function effectiveConfiguration(ctx: Ctx, reader: Reader): Configuration {
  const locationId = typeof reader.location === 'string' ? reader.location : (reader.location?.id ?? null);
  if (locationId !== null) {
    const location = ctx.store.find<StoredLocation>('terminal.location', locationId, ctx.account);
    const override =
      location !== undefined && !isDeleted(location)
        ? (location as Location).configuration_overrides
        : undefined;
    if (override !== undefined) {
      const config = ctx.store.find<StoredConfiguration>('terminal.configuration', override, ctx.account);
      if (config !== undefined && !isDeleted(config)) return config as Configuration;
    }
  }
  return accountDefaultConfiguration(ctx);
}

/**
 * The tip a simulated reader adds: on-reader tipping only happens when the effective configuration has a
 * `tipping` entry for the payment's currency and the transaction did not skip tipping (Stripe: tipping is
 * configured on a Terminal Configuration; `skip_tipping` overrides per transaction).
 */
export function simulatedTip(
  ctx: Ctx,
  reader: Reader,
  currency: string,
  requestedTip: number | undefined,
  skipTipping: boolean,
  log: (line: string) => void = () => {},
): number {
  if (requestedTip === undefined || requestedTip <= 0 || skipTipping) return 0;
  const config = effectiveConfiguration(ctx, reader);
  const tipping = config.tipping as Record<string, unknown> | undefined;
  if (tipping?.[currency.toLowerCase()] !== undefined) return requestedTip;
  log(
    `emulator: simulated tip of ${requestedTip} ignored on reader ${reader.id}: its Terminal configuration ${config.id} has no tipping for ${currency.toLowerCase()} (set tipping on the location's configuration_overrides or the account default configuration)`,
  );
  return 0;
}

// ---- browser SDK sessions (in memory, per emulator instance) ------------------------------------------

type SessionLossReason = 'taken_over' | 'offline' | 'deleted';

/**
 * Which browser SDK session holds each reader (and when it last polled), and why sessions that lost their
 * reader lost it. A holder that has not been heard from for `STALE_SESSION_MS` no longer counts as "in use".
 */
export class ReaderSessions {
  static readonly STALE_SESSION_MS = 30_000;
  private readonly holders = new Map<string, { sessionId: string; seenMs: number }>();
  private readonly lost = new Map<string, SessionLossReason>();

  holder(readerId: string): string | undefined {
    return this.holders.get(readerId)?.sessionId;
  }

  /** Whether another live (recently seen) session than `sessionId` holds the reader. */
  heldByOther(readerId: string, sessionId: string, nowMs: number): boolean {
    const current = this.holders.get(readerId);
    return (
      current !== undefined &&
      current.sessionId !== sessionId &&
      nowMs - current.seenMs < ReaderSessions.STALE_SESSION_MS
    );
  }

  /** Gives the reader to `sessionId`; a previous holder is marked `taken_over`. */
  connect(readerId: string, sessionId: string, nowMs: number): void {
    const previous = this.holders.get(readerId);
    if (previous !== undefined && previous.sessionId !== sessionId)
      this.lost.set(previous.sessionId, 'taken_over');
    this.lost.delete(sessionId);
    this.holders.set(readerId, { sessionId, seenMs: nowMs });
  }

  touch(readerId: string, sessionId: string, nowMs: number): void {
    const current = this.holders.get(readerId);
    if (current?.sessionId === sessionId) current.seenMs = nowMs;
  }

  disconnect(readerId: string, sessionId: string): void {
    if (this.holders.get(readerId)?.sessionId === sessionId) this.holders.delete(readerId);
  }

  /** Drops whoever holds the reader (reader went offline or was deleted). */
  drop(readerId: string, reason: SessionLossReason): void {
    const holder = this.holders.get(readerId);
    if (holder === undefined) return;
    this.lost.set(holder.sessionId, reason);
    this.holders.delete(readerId);
  }

  lossReason(sessionId: string): SessionLossReason | undefined {
    return this.lost.get(sessionId);
  }

  clear(): void {
    this.holders.clear();
    this.lost.clear();
  }
}
