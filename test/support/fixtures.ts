/**
 * The e2e suite's `test` and `expect`: Playwright's, plus an automatic secret scan. Every response the browser
 * receives from the POS origin (HTML, JS, CSS, JSON, receipts — in the test's own context and in any context it
 * opens) is read and searched for a Stripe secret or restricted key, a webhook signing secret, a PIN/password
 * or token hash field, or a bare 32-byte hex digest (the shape of our scrypt PIN keys and token hashes). Any hit
 * fails the test, naming the URL and what matched. Each test records how many responses it scanned, and the run
 * prints its total at the end.
 *
 * It does NOT scan calls the test itself makes with `request`/`page.request` (emulator controls and the Stripe
 * test helpers are test-only and may carry the emulator's own keys), nor traffic to other origins.
 */
import { type BrowserContext, test as base, expect, type Response } from '@playwright/test';

export { expect };

/** What must never reach a browser, by name. */
export const SECRET_PATTERNS: readonly { name: string; pattern: RegExp }[] = [
  { name: 'Stripe secret key', pattern: /\bsk_(?:test|live)_[0-9A-Za-z]/ },
  { name: 'Stripe restricted key', pattern: /\brk_(?:test|live)_[0-9A-Za-z]/ },
  { name: 'webhook signing secret', pattern: /\bwhsec_[0-9A-Za-z]/ },
  {
    name: 'hash or salt field',
    pattern: /\b(?:pin_?hash|pin_?salt|password_?hash|password_?salt|token_?hash)\b/i,
  },
  // scrypt keys (32 bytes) and SHA-256 token hashes are 64 lowercase hex digits; ids (`att_` + 20 hex),
  // UUIDs (dashed) and base64url tokens never form such a run.
  { name: '32-byte hex digest', pattern: /(?<![0-9A-Za-z_])[0-9a-f]{64}(?![0-9A-Za-z_])/ },
];

/** The names of the patterns `body` matches, each with a short excerpt around the first hit. */
export function findSecrets(body: string): string[] {
  const hits: string[] = [];
  for (const { name, pattern } of SECRET_PATTERNS) {
    const match = pattern.exec(body);
    if (!match) continue;
    const start = Math.max(0, match.index - 30);
    const excerpt = body.slice(start, match.index + match[0].length + 30).replace(/\s+/g, ' ');
    hits.push(`${name}: …${excerpt}…`);
  }
  return hits;
}

const TEXT_TYPES = /json|javascript|ecmascript|text\/|html|xml|css|svg/i;

interface ScanTotals {
  tests: number;
  scanned: number;
  unreadable: number;
}

/** Watches every context of one test and scans the text responses from `origin`. */
export function createScanner(origin: string) {
  const watched = new WeakSet<BrowserContext>();
  const pending: Promise<void>[] = [];
  const findings: string[] = [];
  const counts = { scanned: 0, unreadable: 0 };

  async function scan(response: Response) {
    const status = response.status();
    if (status >= 300 && status < 400) return; // redirects have no body to read
    const type = response.headers()['content-type'] ?? '';
    if (type !== '' && !TEXT_TYPES.test(type)) return;
    let body: string;
    try {
      body = (await response.body()).toString('utf8');
    } catch {
      // The page navigated away or its context closed before the body could be read.
      counts.unreadable += 1;
      return;
    }
    counts.scanned += 1;
    for (const hit of findSecrets(body))
      findings.push(`${response.request().method()} ${response.url()} — ${hit}`);
  }

  return {
    counts,
    findings,
    pending,
    /** Waits until every body read so far (and any started meanwhile) has been scanned. */
    async settle() {
      for (let settled = 0; settled < pending.length; ) {
        const batch = pending.slice(settled);
        await Promise.all(batch);
        settled += batch.length;
      }
    },
    watch(context: BrowserContext) {
      if (watched.has(context)) return;
      watched.add(context);
      context.on('response', (response) => {
        if (new URL(response.url()).origin === origin) pending.push(scan(response));
      });
    },
  };
}

export const test = base.extend<{ secretScan: undefined }, { secretScanTotals: ScanTotals }>({
  secretScanTotals: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring.
    async ({}, use) => {
      const totals: ScanTotals = { tests: 0, scanned: 0, unreadable: 0 };
      await use(totals);
      console.log(
        `secret scan: ${totals.scanned} browser responses from the POS origin scanned over ${totals.tests} tests` +
          ` (${totals.unreadable} unreadable: page or context closed first)`,
      );
    },
    { scope: 'worker', auto: true },
  ],
  secretScan: [
    async ({ browser, context, baseURL, secretScanTotals }, use, testInfo) => {
      const scanner = createScanner(new URL(baseURL ?? 'http://127.0.0.1').origin);
      scanner.watch(context);
      const onContext = (opened: BrowserContext) => scanner.watch(opened);
      browser.on('context', onContext);
      await use(undefined);
      browser.off('context', onContext);
      // Bodies are read as responses arrive; wait for the last ones.
      await scanner.settle();
      secretScanTotals.tests += 1;
      secretScanTotals.scanned += scanner.counts.scanned;
      secretScanTotals.unreadable += scanner.counts.unreadable;
      testInfo.annotations.push({
        type: 'secret-scan',
        description: `${scanner.counts.scanned} responses scanned, ${scanner.findings.length} findings`,
      });
      expect(scanner.findings, 'secrets or hashes reached the browser').toEqual([]);
    },
    { auto: true },
  ],
});
