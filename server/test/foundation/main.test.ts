// Starts the real composition root (`src/main.ts`) as a child process on an ephemeral port.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const serverDir = join(import.meta.dirname, '..', '..');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(databasePath: string): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_PATH: databasePath,
      STATIC_ROOT: join(serverDir, 'no-client'),
      DEMO_HISTORY_DAYS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Countertop listening on (http:\/\/\S+)/.exec(output);
      // The sign-in list is printed last, once startup (seed, webhook endpoints) is complete.
      if (match?.[1] && /SHIBUYA-1/.test(output))
        resolve({ child, url: match[1], output: () => output, exited });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** Pairs a device with the register using the pairing code the server printed for it at start-up. */
function pairWithPrintedCode(server: { url: string; output: () => string }, registerCode: string) {
  const code = new RegExp(`${registerCode}\\s+pairing code (\\S+)`).exec(server.output())?.[1];
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  return fetch(`${server.url}/api/counter/pairing`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
}

describe('main.ts', () => {
  it('seeds an empty database once, serves the API, and shuts down cleanly on SIGTERM', async () => {
    const databasePath = join(mkdtempSync(join(tmpdir(), 'countertop-main-')), 'pos.db');
    const first = await startServer(databasePath);
    expect(first.output()).toMatch(/Seeded the demo data/);
    expect(first.output()).toMatch(/Seeded \d+ past sales/);
    expect(first.output()).toMatch(/Stripe mode: emulator at http:\/\/127\.0\.0\.1:\d+ \(embedded\)/);
    expect(await (await fetch(`${first.url}/api/health`)).json()).toEqual({
      ok: true,
      database: 'ok',
      stripe: 'reachable',
      stripeMode: 'emulator',
    });
    // An unpaired browser learns nothing; the printed one-time pairing code opens MISSION-1 on a device.
    expect((await fetch(`${first.url}/api/counter/register`)).status).toBe(404);
    const paired = await pairWithPrintedCode(first, 'MISSION-1');
    expect(paired.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startServer(databasePath);
    expect(second.output()).not.toMatch(/Seeded/);
    const info = (await (await pairWithPrintedCode(second, 'SHIBUYA-1')).json()) as {
      staff: { displayName: string }[];
    };
    expect(info.staff.map((staff) => staff.displayName)).toEqual(['Haruka', 'Kenji']);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    // Two real server starts (the first seeds the demo history): ~8 s on a quiet machine, ~40 s on a busy one.
  }, 90_000);

  it('exits listing the bad environment variables', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: serverDir,
      env: { ...process.env, PORT: 'eighty', STRIPE_SECRET_KEY: 'sk_live_x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toMatch(/PORT:/);
    expect(stderr).toMatch(/STRIPE_WEBHOOK_SECRET:/);
  });
});
