// Failure texts: a throttled sign-in says how long to wait (from Retry-After), worded for the screen.
import './i18n/later.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './api-client.ts';
import { cashierText, cashierTextWith, waitText } from './errors.ts';
import { setLanguage } from './i18n/i18n.ts';

afterEach(async () => {
  await setLanguage('en');
});

describe('failure texts', () => {
  it('says a wait in seconds, then in whole minutes', () => {
    expect(waitText(1)).toBe('1 second');
    expect(waitText(30)).toBe('30 seconds');
    expect(waitText(60)).toBe('1 minute');
    expect(waitText(61)).toBe('2 minutes');
    expect(waitText(null)).toBe('a few minutes');
  });

  it('words too_many_attempts with the wait, for the screen when it asks', () => {
    const throttled = new ApiError('too_many_attempts', 'server words', 429, 30);
    expect(cashierText(throttled)).toBe('Too many failed attempts. Try again in 30 seconds.');
    expect(cashierTextWith({ too_many_attempts: 'counter:signIn.tooManyPins' })(throttled)).toBe(
      'Too many wrong PINs. Try again in 30 seconds, or ask a manager to approve this device.',
    );
    // A code without wording of its own keeps the server's message.
    expect(cashierText(new ApiError('brand_new_code', 'Server words.', 400))).toBe('Server words.');
  });

  it('speaks Japanese when Japanese is in use', async () => {
    await setLanguage('ja');
    expect(waitText(120)).toBe('2分');
    expect(cashierText(new ApiError('too_many_attempts', 'server words', 429, 45))).toBe(
      '失敗が多すぎます。45秒後にもう一度お試しください。',
    );
  });

  it('reads Retry-After from a 429', async () => {
    const client = new ApiClient({
      fetch: async () =>
        new Response(JSON.stringify({ error: { code: 'too_many_attempts', message: 'Wait.' } }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '120' },
        }),
    });
    const failure = await client.send('POST', '/api/counter/session', {}).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).retryAfterSeconds).toBe(120);
    expect(cashierText(failure)).toBe('Too many failed attempts. Try again in 2 minutes.');
  });
});
