// What the device remembers about its reader: the last reader per register, and the "held it when the
// page went away" note that lets a reload take the reader back from the page's own dead session.
import { describe, expect, it } from 'vitest';
import {
  forgetHeld,
  heldBeforeReload,
  lastReader,
  RECLAIM_WINDOW_MS,
  recordHeldOnLeave,
  rememberLastReader,
} from './reader-memory.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const brokenStorage = {
  getItem: (): string | null => {
    throw new Error('denied');
  },
  setItem: () => {
    throw new Error('quota');
  },
  removeItem: () => {
    throw new Error('denied');
  },
};

describe('reader memory', () => {
  it('remembers the last reader per register', () => {
    const store = memoryStorage();
    expect(lastReader('MISSION-1', store)).toBeNull();
    rememberLastReader('MISSION-1', 'rdr_a', store);
    rememberLastReader('MISSION-2', 'rdr_b', store);
    expect(lastReader('MISSION-1', store)).toBe('rdr_a');
    expect(lastReader('MISSION-2', store)).toBe('rdr_b');
  });

  it('offers the reader back to a reload of the same tab within the window only', () => {
    const store = memoryStorage();
    recordHeldOnLeave('MISSION-1', 'rdr_a', 1_000, store);
    expect(heldBeforeReload('MISSION-1', 1_500, store)).toBe('rdr_a');
    expect(heldBeforeReload('MISSION-1', 1_000 + RECLAIM_WINDOW_MS, store)).toBe('rdr_a');
    expect(heldBeforeReload('MISSION-1', 1_001 + RECLAIM_WINDOW_MS, store)).toBeNull();
    expect(heldBeforeReload('MISSION-2', 1_500, store)).toBeNull();
    // A clock that went backwards proves nothing about how long ago the page left.
    expect(heldBeforeReload('MISSION-1', 999, store)).toBeNull();
  });

  it('forgets the note once it has served', () => {
    const store = memoryStorage();
    recordHeldOnLeave('MISSION-1', 'rdr_a', 1_000, store);
    forgetHeld('MISSION-1', store);
    expect(heldBeforeReload('MISSION-1', 1_500, store)).toBeNull();
  });

  it('ignores a note it did not write', () => {
    const store = memoryStorage();
    for (const raw of [
      'not json',
      'null',
      '"rdr_a"',
      '{"readerId":1,"leftAt":1000}',
      '{"readerId":"rdr_a"}',
    ]) {
      store.items.set('countertop.heldReader.MISSION-1', raw);
      expect(heldBeforeReload('MISSION-1', 1_500, store)).toBeNull();
    }
  });

  it('remembers nothing, and does not throw, when storage is unavailable', () => {
    expect(() => rememberLastReader('MISSION-1', 'rdr_a', brokenStorage)).not.toThrow();
    expect(lastReader('MISSION-1', brokenStorage)).toBeNull();
    expect(() => recordHeldOnLeave('MISSION-1', 'rdr_a', 1_000, brokenStorage)).not.toThrow();
    expect(heldBeforeReload('MISSION-1', 1_500, brokenStorage)).toBeNull();
    expect(() => forgetHeld('MISSION-1', brokenStorage)).not.toThrow();
    expect(lastReader('MISSION-1', null)).toBeNull();
  });
});
