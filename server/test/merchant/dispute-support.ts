/**
 * Dispute test helpers: a reporting merchant (clocks pinned, a manager signed in) whose paid sale is disputed
 * through the emulator's control, with real webhook deliveries to the server, and requests as the owner
 * (console), a manager (counter) or anyone, including multipart evidence uploads.
 */
import { randomUUID } from 'node:crypto';
import { CSRF_HEADER, type MerchantDispute, type MerchantDisputeDetail, type Sale } from '@countertop/shared';
import { expect } from 'vitest';
import { type ConsoleSignIn, consoleSignIn, createOwner } from '../platform/support.ts';
import type { CounterSignIn, TestContext } from '../support/context.ts';
import { emulatorControl, eventually, type LiveWebhooks } from '../support/live-webhooks.ts';
import { paidSale, type ReportingMerchant, setUpReportingMerchant } from './support.ts';

/** A PDF as small as Stripe's checks allow: its signature is what the server looks at. */
export const PDF = new Uint8Array(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'));
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

export type Caller = CounterSignIn | ConsoleSignIn | undefined;

let ownerSequence = 0;

/** A reporting merchant with an owner who can sign in to the console. */
export async function disputeMerchant(
  ctx: TestContext,
  options: Parameters<typeof setUpReportingMerchant>[1] = {},
) {
  const merchant = await setUpReportingMerchant(ctx, options);
  ownerSequence += 1;
  const ownerEmail = `owner-${ownerSequence}@disputes.test`;
  await createOwner(ctx, merchant.account.id, ownerEmail);
  const owner = await consoleSignIn(ctx, ownerEmail);
  return { ...merchant, owner, ownerEmail };
}

export type DisputeMerchant = Awaited<ReturnType<typeof disputeMerchant>>;

/** Opens a dispute on the sale's charge (the emulator's control), waits until the server recorded it. */
export async function disputeSale(
  ctx: TestContext,
  webhooks: LiveWebhooks,
  sale: Sale,
  body: { reason?: string; amount?: number; inquiry?: boolean } = {},
): Promise<string> {
  const stored = await ctx.repos.sales.findById(sale.id);
  if (!stored?.chargeId) throw new Error(`sale ${sale.id} has no charge`);
  const dispute = await emulatorControl<{ id: string }>(
    ctx,
    `/_emulator/charges/${stored.chargeId}/dispute`,
    body,
  );
  await webhooks.flush();
  await eventually(async () => ctx.repos.disputes.find(dispute.id));
  return dispute.id;
}

export async function paidAndDisputed(
  ctx: TestContext,
  webhooks: LiveWebhooks,
  merchant: ReportingMerchant,
  body: { reason?: string; amount?: number; inquiry?: boolean } = {},
) {
  const sale = await paidSale(ctx, merchant);
  const disputeId = await disputeSale(ctx, webhooks, sale, body);
  return { sale, disputeId };
}

function headersFor(who: Caller, method: string): Record<string, string> {
  if (!who) return {};
  return { cookie: who.cookie, ...(method === 'GET' ? {} : { [CSRF_HEADER]: who.csrfToken }) };
}

/** A JSON request as `who` (a counter or console session); returns status and parsed body. */
export async function call<T = unknown>(
  ctx: TestContext,
  who: Caller,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: T; text: string; headers: Headers }> {
  const response = await ctx.request(path, {
    method,
    headers: headersFor(who, method),
    ...(json === undefined ? {} : { json }),
  });
  const text = await response.text();
  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  return {
    status: response.status,
    body: (isJson && text ? JSON.parse(text) : null) as T,
    text,
    headers: response.headers,
  };
}

/** A multipart evidence upload as `who`. */
export async function uploadEvidence(
  ctx: TestContext,
  who: Caller,
  disputeId: string,
  file: { data: Uint8Array; name: string; type: string },
  field = 'receipt',
) {
  const form = new FormData();
  form.set('field', field);
  form.set('file', new File([file.data], file.name, { type: file.type }));
  const response = await ctx.app.request(`/api/merchant/disputes/${disputeId}/evidence/files`, {
    method: 'POST',
    headers: headersFor(who, 'POST'),
    body: form,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : null) as {
      file: { id: string };
      error?: { code: string; message: string };
    },
  };
}

export function submitEvidence(
  ctx: TestContext,
  who: Caller,
  disputeId: string,
  body: {
    text?: Record<string, string>;
    files?: Record<string, string>;
    submit?: boolean;
    submissionKey?: string;
  },
) {
  return call<{ dispute: MerchantDisputeDetail; error?: { code: string; message: string } }>(
    ctx,
    who,
    'POST',
    `/api/merchant/disputes/${disputeId}/evidence`,
    { submissionKey: body.submissionKey ?? randomUUID(), ...body },
  );
}

export async function listDisputes(ctx: TestContext, who: Caller, query = ''): Promise<MerchantDispute[]> {
  const listed = await call<{ disputes: MerchantDispute[] }>(
    ctx,
    who,
    'GET',
    `/api/merchant/disputes${query}`,
  );
  expect(listed.status).toBe(200);
  return listed.body.disputes;
}
