// Compiles the server and the standalone emulator to plain JavaScript for `pnpm start` (and the e2e tests and
// benchmarks, which run what production runs): dist/main.mjs and dist/emulator.mjs, one ES module each, the
// workspace's own TypeScript bundled in, npm packages imported from node_modules as usual. Running compiled
// code instead of tsx spares every server process tsx's module-hook thread and transpiler (~50 MB of RSS at
// rest on Node 20) and its start-up transpiling; `pnpm dev` and the tests still run the TypeScript directly.
//
// Files the code reads at run time next to its source (migrations, the emulator's JSON and browser script)
// stay in src/: each bundled module's `import.meta.url` is rewritten to its source file's address relative
// to the bundle, so `new URL('../migrations/…', import.meta.url)` finds the same file from dist/ as from src/.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(serverDir, 'dist');

/** `import.meta.url` in a workspace source file → that file's URL, computed from the bundle's own. */
const sourceFileUrls = {
  name: 'source-file-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const fromBundle = relative(outDir, args.path).split('\\').join('/');
      return {
        contents: source.replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`,
        ),
        loader: 'ts',
      };
    });
  },
};

const started = performance.now();
await build({
  entryPoints: {
    main: join(serverDir, 'src/main.ts'),
    emulator: join(serverDir, 'src/stripe/emulator/main.ts'),
  },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [
    {
      // npm packages load from node_modules as usual (native better-sqlite3, pino's worker files); the
      // workspace's @countertop/shared is TypeScript, so it is bundled in.
      name: 'external-npm-packages',
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@countertop/') ? undefined : { path: args.path, external: true },
        );
      },
    },
    sourceFileUrls,
  ],
  logLevel: 'warning',
});
process.stdout.write(`Built the server in ${Math.round(performance.now() - started)} ms (server/dist/)\n`);
