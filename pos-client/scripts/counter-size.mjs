// Prints the gzipped size (level 9) of the JavaScript the counter route (`/`) loads from a production build:
// Vite's manifest entry index.html and its static imports, transitively (lazy chunks excluded), as the
// counter-page benchmark counts it. Run after `pnpm build`: `node scripts/counter-size.mjs [dist]`.
// Exits 1 over the budget (100 KB, issue 17; KB = 1024 bytes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 100;
const outDir = process.argv[2] ?? join(import.meta.dirname, '..', 'dist');
const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8'));
const files = new Set();
const visit = (chunk) => {
  if (files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const key of chunk.imports ?? []) visit(manifest[key]);
};
visit(manifest['index.html']);
let total = 0;
for (const file of files) {
  const gzip = gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length;
  total += gzip;
  console.log(`${(gzip / 1024).toFixed(1).padStart(7)} KB  ${file}`);
}
console.log(
  `${(total / 1024).toFixed(1).padStart(7)} KB  counter route JavaScript, gzip -9 (budget ${BUDGET_KB} KB)`,
);
if (total / 1024 > BUDGET_KB) process.exitCode = 1;
