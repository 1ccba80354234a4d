/**
 * The counter API as typed functions over ApiClient; every response is parsed with the
 * shared schema (its `zod/mini` twin, `counterResponses`, which keeps zod's builder out of the counter's
 * bundle) so client/server drift fails loudly. The schemas and zod itself load on demand with the first
 * request (validation.ts), so they are not part of the counter's first load.
 */
import type { Catalog, CounterReader, CreateSaleBody, Sale, SignInBody } from '@countertop/shared';
import type { $ZodType, output } from 'zod/v4/core';
import { type ApiClient, loadValidation, type SchemaRef } from './api-client.ts';
import { takeEarly } from './early-requests.ts';
import { preloadDriverCode } from './terminal/create-driver.ts';
import type { DriverApi } from './terminal/driver.ts';
import type { CounterSchemas } from './validation.ts';

/** The counter's schema `key`, loaded with validation.ts when a request needs it. */
const schema = <K extends keyof CounterSchemas>(key: K): SchemaRef<CounterSchemas[K]> => ({
  lazy: async () => (await loadValidation()).counterSchemas[key],
});

const responses = {
  registerInfo: schema('registerInfo'),
  session: schema('session'),
  catalog: schema('catalog'),
  readers: schema('readers'),
  connectionToken: schema('connectionToken'),
  sale: schema('sale'),
  attempt: schema('attempt'),
  salesList: schema('salesList'),
  inFlight: schema('inFlight'),
};
const AppConfigSchema = schema('appConfig');
export type AppConfig = output<CounterSchemas['appConfig']>;

const sale = (saleId: string) => `/api/counter/sales/${encodeURIComponent(saleId)}`;

export function createCounterApi(client: ApiClient) {
  const api = {
    /** Registers what to do when the session is found gone on any request. */
    onSessionLost: (handler: (() => void) | null) =>
      client.onUnauthenticated(handler ? () => handler() : null),
    config: () => client.get('/api/config', AppConfigSchema, takeEarly('config')),
    /** Pairs this device with a register with a one-time code from the console (the server sets its cookie). */
    async pair(code: string) {
      const info = await client.post('/api/counter/pairing', { code }, responses.registerInfo);
      client.setCsrfToken(info.csrfToken);
      return info;
    },
    /** This paired device's register and who may sign in (404 register_not_paired on an unpaired device). */
    async register() {
      const info = await client.get('/api/counter/register', responses.registerInfo);
      // The PIN sign-in carries the device's token until a session gives its own.
      client.setCsrfToken(info.csrfToken);
      return info;
    },
    /** Unpairs this device (its sessions end); `register()` must have been read first. */
    async forgetDevice() {
      await client.send('DELETE', '/api/counter/register');
      client.setCsrfToken(null);
    },
    async signIn(body: SignInBody) {
      const result = await client.post('/api/counter/session', body, responses.session);
      client.setCsrfToken(result.csrfToken);
      return result;
    },
    async currentSession() {
      const result = await client.get('/api/counter/session', responses.session, takeEarly('session'));
      client.setCsrfToken(result.csrfToken);
      return result;
    },
    async signOut() {
      await client.send('DELETE', '/api/counter/session');
      client.setCsrfToken(null);
    },
    catalog: () => client.get('/api/counter/catalog', responses.catalog, takeEarly('catalog')),
    readers: async () =>
      (await client.get('/api/counter/readers', responses.readers, takeEarly('readers'))).readers,
    connectionToken: async () =>
      (await client.post('/api/counter/connection-token', {}, responses.connectionToken)).secret,
    createSale: async (body: CreateSaleBody) =>
      (await client.post('/api/counter/sales', body, responses.sale)).sale,
    startAttempt: (saleId: string, body: { attemptKey: string; readerId: string }) =>
      client.post(`${sale(saleId)}/attempts`, body, responses.attempt),
    syncSale: async (saleId: string) => (await client.post(`${sale(saleId)}/sync`, {}, responses.sale)).sale,
    cancelSale: async (saleId: string) =>
      (await client.post(`${sale(saleId)}/cancel`, {}, responses.sale)).sale,
    getSale: async (saleId: string) => (await client.get(sale(saleId), responses.sale)).sale,
    shiftSales: async () => (await client.get('/api/counter/sales?scope=shift', responses.salesList)).sales,
    inFlight: async () =>
      (await client.get('/api/counter/in-flight', responses.inFlight, takeEarly('inFlight'))).sale,
    receiptUrl: (saleId: string) => `${sale(saleId)}/receipt`,
    emailReceipt: (saleId: string, email: string) =>
      client.send('POST', `${sale(saleId)}/receipt/email`, { email }),
    /** Who may sign in at this register (and so approve with a PIN), without touching the CSRF token. */
    approvers: async () => (await client.get('/api/counter/register', responses.registerInfo)).staff,
    /**
     * Any other counter request, with the response schema the caller brings: the drawer, tenders and refunds
     * screens load on demand and carry their own (`registerResponses`), so the counter's bundle does not.
     */
    get: <T extends $ZodType>(path: string, schema: SchemaRef<T>): Promise<output<T>> =>
      client.get(path, schema),
    post: <T extends $ZodType>(path: string, body: unknown, schema: SchemaRef<T>): Promise<output<T>> =>
      client.post(path, body, schema),
    saleUrl: sale,
  };
  return api;
}

export type CounterApi = ReturnType<typeof createCounterApi>;

/**
 * The counter's first requests, started together by the shell as soon as the session is known rather than
 * one after another once the counter has rendered. Each consumer handles its own failure (and asks again).
 */
export interface CounterPreload {
  catalog: Promise<Catalog>;
  readers: Promise<CounterReader[]>;
  inFlight: Promise<Sale | null>;
}

export function preloadCounter(api: CounterApi): CounterPreload {
  const preload: CounterPreload = {
    catalog: api.catalog(),
    readers: api.readers(),
    inFlight: api.inFlight(),
  };
  // Handled by whoever consumes it; this only keeps an unconsumed failure from being reported as unhandled.
  for (const request of Object.values(preload)) request.catch(() => undefined);
  // The readers' driver code loads as soon as the list is known, not once the counter has rendered it.
  preload.readers.then(preloadDriverCode, () => undefined);
  return preload;
}

/** The slice the Terminal drivers use. */
export function driverApi(api: CounterApi): DriverApi {
  return {
    connectionToken: api.connectionToken,
    syncSale: api.syncSale,
    cancelSale: api.cancelSale,
    readerStatus: async (readerId) =>
      (await api.readers()).find((reader) => reader.id === readerId)?.status ?? null,
  };
}
