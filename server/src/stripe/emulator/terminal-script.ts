// The emulated Stripe Terminal JS SDK as the browser loads it (GET /_emulator/terminal.js): its TypeScript
// source (browser/stripe-terminal.ts, checked against @stripe/terminal-js's types by browser/tsconfig.json)
// transpiled once, on first use, with esbuild into one classic script (an IIFE: no import or export at run
// time, so a plain <script src> runs it, as it runs Stripe's own SDK).
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';

const SOURCE_URL = new URL('./browser/stripe-terminal.ts', import.meta.url);

let compiled: string | undefined;

export function emulatedTerminalScript(): string {
  compiled ??= transformSync(readFileSync(SOURCE_URL, 'utf8'), {
    loader: 'ts',
    format: 'iife',
    target: 'es2020',
    sourcefile: 'stripe-terminal.ts',
    charset: 'utf8',
  }).code;
  return compiled;
}
