/**
 * Injectable clock and id generator: services and repositories never call Date.now() or random ids
 * directly, so tests can pin time and ids.
 */
import { randomBytes } from 'node:crypto';

export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock tests can move by hand. */
export function createManualClock(startMs = Date.UTC(2026, 0, 15, 17, 0, 0)): Clock & {
  advanceMs(ms: number): void;
  setMs(ms: number): void;
} {
  let now = startMs;
  return {
    nowMs: () => now,
    advanceMs: (ms) => {
      now += ms;
    },
    setMs: (ms) => {
      now = ms;
    },
  };
}

export interface IdGenerator {
  /** A new opaque id such as `sale_4f9c2a…` (prefix, underscore, 20 hex chars of randomness). */
  newId(prefix: string): string;
}

export const randomIds: IdGenerator = {
  newId: (prefix) => `${prefix}_${randomBytes(10).toString('hex')}`,
};

/** Deterministic ids for tests: `sale_000001`, `sale_000002`, … per prefix. */
export function createSequentialIds(): IdGenerator {
  const counters = new Map<string, number>();
  return {
    newId: (prefix) => {
      const next = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, next);
      return `${prefix}_${String(next).padStart(6, '0')}`;
    },
  };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
/**
 * How services log: one line, at info unless a level is given. The process's logger (logging/logger.ts)
 * is such a function with pino underneath; tests pass `(line) => lines.push(line)`.
 */
export type Logger = (line: string, level?: LogLevel) => void;
