// Outgoing mail: through nodemailer to an SMTP server when SMTP_URL is set (here a local test server), never
// into the log; a refusing server is a clear 502 mail_failed whose message and log line name no address.
import { OutboxResponseSchema } from '@countertop/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../support/context.ts';
import { buildAccount } from '../support/factories.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { asConsole, errorCode, signInAdmin } from './support.ts';

let ctx: TestContext | undefined;
let sink: SmtpSink | undefined;

afterEach(async () => {
  await ctx?.close();
  await sink?.close();
  ctx = undefined;
  sink = undefined;
});

/** The mail's text as sent (nodemailer wraps long lines in quoted-printable). */
function quotedPrintable(data: string): string {
  return data
    .replaceAll('=\r\n', '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

async function withSmtp(options: { rejectRecipients?: boolean } = {}) {
  sink = await startSmtpSink(options);
  ctx = await createTestContext({
    emulator: false,
    config: { mail: { smtpUrl: sink.url, from: 'Countertop <no-reply@test.example>' } },
  });
  return { ctx, sink };
}

describe('SMTP_URL', () => {
  it('sends an owner invitation through the SMTP server, keeps nothing in the outbox and logs no part of it', async () => {
    const { ctx, sink } = await withSmtp();
    const account = await buildAccount(ctx, { businessName: 'Mail Shop' });
    const admin = await signInAdmin(ctx);
    const invited = await asConsole(ctx, admin, '/api/console/invitations', {
      method: 'POST',
      json: { email: 'new-owner@mail.test', accountId: account.id },
    });
    expect(invited.status).toBe(201);
    expect(sink.received).toHaveLength(1);
    const [mail] = sink.received;
    expect(mail?.from).toContain('no-reply@test.example');
    expect(mail?.to).toEqual(['<new-owner@mail.test>']);
    const token = /\/platform\/invitations\/([A-Za-z0-9_-]{43})/.exec(quotedPrintable(mail?.data ?? ''))?.[1];
    expect(token).toBeDefined();

    const outbox = OutboxResponseSchema.parse(
      await (await asConsole(ctx, admin, '/api/platform/outbox')).json(),
    );
    expect(outbox).toMatchObject({ delivery: 'smtp', messages: [] });
    expect(outbox.description).toMatch(/^SMTP at smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(
      ctx.logs.filter((line) => line.includes('new-owner@mail.test') || line.includes(token ?? '')),
    ).toEqual([]);
  });

  it('answers 502 mail_failed when the server refuses, naming no address in the answer or the log', async () => {
    const { ctx } = await withSmtp({ rejectRecipients: true });
    const account = await buildAccount(ctx);
    const admin = await signInAdmin(ctx);
    const invited = await asConsole(ctx, admin, '/api/console/invitations', {
      method: 'POST',
      json: { email: 'refused@mail.test', accountId: account.id },
    });
    expect(invited.status).toBe(502);
    const body = (await invited.clone().json()) as { error: { message: string } };
    expect(await errorCode(invited)).toBe('mail_failed');
    expect(body.error.message).toMatch(/invite the owner again/);
    expect(body.error.message).toMatch(/EENVELOPE 550/);
    expect(body.error.message).not.toContain('refused@mail.test');
    expect(ctx.logs.some((line) => line.includes('mail_failed'))).toBe(true);
    expect(ctx.logs.filter((line) => line.includes('refused@mail.test'))).toEqual([]);
  });
});
