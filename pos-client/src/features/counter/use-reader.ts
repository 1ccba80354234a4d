/**
 * The register's card reader: lists the location's readers, remembers the chosen one on this device,
 * keeps one TerminalDriver per reader (by its integration) and follows its connection status. Opening or
 * reloading the counter reconnects the reader this register used last (see reader-memory.ts).
 */
import type { CounterReader, CounterSession } from '@countertop/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { type CounterApi, driverApi } from '../../lib/counter-api.ts';
import { describeError } from '../../lib/errors.ts';
import { createDriver } from '../../lib/terminal/create-driver.ts';
import type { TerminalDriver } from '../../lib/terminal/driver.ts';
import {
  forgetHeld,
  heldBeforeReload,
  lastReader,
  recordHeldOnLeave,
  rememberLastReader,
} from './reader-memory.ts';

type ReaderLinkStatus = 'not_connected' | 'connecting' | 'connected' | 'lost';

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

interface ReaderOptions {
  /** Emulator mode: the emulated Terminal JS SDK, loaded (by the shell, in parallel) before the SDK is used. */
  terminalScriptUrl: string | null;
  /** The readers list, already requested by the shell while the counter was loading. */
  preloaded?: Promise<CounterReader[]>;
}

export function useReader(api: CounterApi, session: CounterSession, options: ReaderOptions): ReaderLink {
  const registerCode = session.register.code;
  const [readers, setReaders] = useState<CounterReader[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(() => lastReader(registerCode));
  const [status, setStatus] = useState<ReaderLinkStatus>('not_connected');
  const [message, setMessage] = useState<string | null>(null);
  const [offerTakeOver, setOfferTakeOver] = useState(false);
  const drivers = useRef(new Map<string, Promise<TerminalDriver>>());
  const autoConnected = useRef(false);
  // Read once: the reader this tab still held when it was reloaded (its dead session still holds it).
  const [reclaim] = useState(() => heldBeforeReload(registerCode, Date.now()));
  const { terminalScriptUrl } = options;
  const preloaded = useRef(options.preloaded ?? null);

  // One driver per reader, created (its code loaded) when the reader is first chosen.
  const driverFor = useCallback(
    (reader: CounterReader): Promise<TerminalDriver> => {
      let created = drivers.current.get(reader.id);
      if (!created) {
        created = createDriver(reader, {
          api: driverApi(api),
          stripeLocationId: session.location.stripeLocationId,
          terminalScriptUrl,
        });
        drivers.current.set(reader.id, created);
        // A failed load is tried again the next time the reader is chosen.
        created.catch(() => drivers.current.delete(reader.id));
      }
      return created;
    },
    [api, session.location.stripeLocationId, terminalScriptUrl],
  );

  const refresh = useCallback(async () => {
    try {
      const first = preloaded.current;
      preloaded.current = null;
      const loaded = first ? await first.catch(() => api.readers()) : await api.readers();
      // The reader this device used last: its driver's code starts loading now, not after the render.
      const remembered = loaded.find((reader) => reader.id === lastReader(registerCode));
      if (remembered) void driverFor(remembered).catch(() => undefined);
      setReaders(loaded);
      setSelectedId((current) =>
        current && loaded.some((r) => r.id === current) ? current : (loaded[0]?.id ?? null),
      );
    } catch (error) {
      setMessage(describeError(error).message);
    }
  }, [api, driverFor, registerCode]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const selected = readers.find((reader) => reader.id === selectedId) ?? null;

  const [made, setMade] = useState<{ readerId: string; driver: TerminalDriver } | null>(null);
  const driver = made && made.readerId === selected?.id ? made.driver : null;
  useEffect(() => {
    if (!selected) return;
    let active = true;
    const readerId = selected.id;
    driverFor(selected).then(
      (ready) => {
        if (active) setMade((current) => (current?.driver === ready ? current : { readerId, driver: ready }));
      },
      (error: unknown) => {
        if (active) setMessage(describeError(error).message);
      },
    );
    return () => {
      active = false;
    };
  }, [selected, driverFor]);

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
      if (!selected) return false;
      setStatus('connecting');
      setMessage(null);
      setOfferTakeOver(false);
      // "Connect" pressed while the reader's driver is still loading waits for it (it did nothing before).
      let ready: TerminalDriver;
      try {
        ready = driver ?? (await driverFor(selected));
      } catch (error) {
        setStatus('not_connected');
        setMessage(describeError(error).message);
        return false;
      }
      const result = await ready.connect(selected, { takeOver: options?.takeOver === true });
      if (result.ok) {
        setStatus('connected');
        rememberLastReader(registerCode, selected.id);
        return true;
      }
      setStatus('not_connected');
      setMessage(result.message);
      setOfferTakeOver(result.code === 'reader_busy');
      return false;
    },
    [driver, driverFor, selected, registerCode],
  );

  // Reconnect on its own to the reader this device used last time. It is never taken from another
  // register, except from this tab's own session of a moment ago (a reload while connected).
  useEffect(() => {
    if (autoConnected.current || !selected || !driver) return;
    if (lastReader(registerCode) !== selected.id) return;
    autoConnected.current = true;
    void connect({ takeOver: reclaim === selected.id }).finally(() => forgetHeld(registerCode));
  }, [selected, driver, connect, registerCode, reclaim]);

  // Going away while connected (reload, closing the tab): note it for this tab's next page. Read from a ref
  // kept current on every render, so a reload right after connecting is noted too.
  const held = useRef<string | null>(null);
  held.current = status === 'connected' ? (selected?.id ?? null) : null;
  useEffect(() => {
    const onPageHide = () => {
      if (held.current) recordHeldOnLeave(registerCode, held.current, Date.now());
    };
    window.addEventListener('pagehide', onPageHide);
    return () => window.removeEventListener('pagehide', onPageHide);
  }, [registerCode]);

  // Leaving the counter (sign-out) releases the reader for other registers.
  useEffect(() => {
    const all = drivers.current;
    return () => {
      for (const each of all.values()) void each.then((made) => made.disconnect()).catch(() => undefined);
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
