/**
 * The register's card reader: lists the location's readers, remembers the chosen one on this device,
 * keeps one TerminalDriver per reader (by its integration) and follows its connection status.
 */
import type { CounterReader, CounterSession } from '@countertop/shared';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type CounterApi, driverApi } from '../../lib/counter-api.ts';
import { describeError } from '../../lib/errors.ts';
import { createDriver } from '../../lib/terminal/create-driver.ts';
import type { TerminalDriver } from '../../lib/terminal/driver.ts';

export type ReaderLinkStatus = 'not_connected' | 'connecting' | 'connected' | 'lost';

export interface ReaderLink {
  readers: CounterReader[];
  selected: CounterReader | null;
  driver: TerminalDriver | null;
  status: ReaderLinkStatus;
  message: string | null;
  /** The reader is held by another register: offer "Take over". */
  offerTakeOver: boolean;
  select(readerId: string): void;
  connect(options?: { takeOver?: boolean }): Promise<boolean>;
  disconnect(): Promise<void>;
  refresh(): Promise<void>;
}

const storageKey = (registerCode: string) => `countertop.reader.${registerCode}`;

function remembered(registerCode: string): string | null {
  try {
    return localStorage.getItem(storageKey(registerCode));
  } catch {
    return null;
  }
}

export function useReader(api: CounterApi, session: CounterSession): ReaderLink {
  const [readers, setReaders] = useState<CounterReader[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(() => remembered(session.register.code));
  const [status, setStatus] = useState<ReaderLinkStatus>('not_connected');
  const [message, setMessage] = useState<string | null>(null);
  const [offerTakeOver, setOfferTakeOver] = useState(false);
  const drivers = useRef(new Map<string, TerminalDriver>());
  const autoConnected = useRef(false);

  const refresh = useCallback(async () => {
    try {
      const loaded = await api.readers();
      setReaders(loaded);
      setSelectedId((current) =>
        current && loaded.some((r) => r.id === current) ? current : (loaded[0]?.id ?? null),
      );
    } catch (error) {
      setMessage(describeError(error).message);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const selected = readers.find((reader) => reader.id === selectedId) ?? null;

  const driver = useMemo(() => {
    if (!selected) return null;
    const existing = drivers.current.get(selected.id);
    if (existing) return existing;
    const created = createDriver(selected, {
      api: driverApi(api),
      stripeLocationId: session.location.stripeLocationId,
    });
    drivers.current.set(selected.id, created);
    return created;
  }, [selected, api, session.location.stripeLocationId]);

  useEffect(() => {
    if (!driver) return;
    return driver.onStatus((event) => {
      if (event.type === 'connection') {
        setStatus((current) =>
          event.status === 'not_connected' && current === 'lost' ? 'lost' : event.status,
        );
      }
      if (event.type === 'reader_lost') {
        setStatus('lost');
        setMessage(event.message);
      }
    });
  }, [driver]);

  const connect = useCallback(
    async (options?: { takeOver?: boolean }) => {
      if (!driver || !selected) return false;
      setStatus('connecting');
      setMessage(null);
      setOfferTakeOver(false);
      const result = await driver.connect(selected, { takeOver: options?.takeOver === true });
      if (result.ok) {
        setStatus('connected');
        try {
          localStorage.setItem(storageKey(session.register.code), selected.id);
        } catch {
          // not remembered: the cashier picks the reader again next time
        }
        return true;
      }
      setStatus('not_connected');
      setMessage(result.message);
      setOfferTakeOver(result.code === 'reader_busy');
      return false;
    },
    [driver, selected, session.register.code],
  );

  // Reconnect on its own to the reader this device used last time (never taking it from another register).
  useEffect(() => {
    if (autoConnected.current || !selected || !driver) return;
    if (remembered(session.register.code) !== selected.id) return;
    autoConnected.current = true;
    void connect();
  }, [selected, driver, connect, session.register.code]);

  // Leaving the counter (sign-out) releases the reader for other registers.
  useEffect(() => {
    const all = drivers.current;
    return () => {
      for (const each of all.values()) void each.disconnect();
    };
  }, []);

  const disconnect = useCallback(async () => {
    if (driver) await driver.disconnect();
    setStatus('not_connected');
    setMessage(null);
  }, [driver]);

  const select = useCallback(
    (readerId: string) => {
      if (readerId === selectedId) return;
      void driver?.disconnect();
      setSelectedId(readerId);
      setStatus('not_connected');
      setMessage(null);
      setOfferTakeOver(false);
    },
    [driver, selectedId],
  );

  return { readers, selected, driver, status, message, offerTakeOver, select, connect, disconnect, refresh };
}
