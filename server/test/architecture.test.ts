// Enforces the server's layering (docs/ARCHITECTURE.md) by reading every server source file's imports:
// `import`, `import type`, `export … from`, `export type … from`, side-effect and dynamic imports alike.
//
//   routes   → services (never db/, stripe/, nor a driver or the Stripe SDK)
//   services → domain, the db/ ports (Database, repositories) and the stripe/ ports (never the Stripe SDK, a
//              database driver, or a backend's own files in db/sqlite/, db/postgres/)
//   domain   → @countertop/shared and other domain files; anything else type-only
//   db/      → the only home of better-sqlite3, kysely and pg
//   stripe/adapters/, stripe/connection.ts, stripe/emulator/, compose.ts, main.ts → the only users of the
//              Stripe SDK (`stripe`, type-only imports included)
//   stripe/emulator/ → imported only by stripe/connection.ts (and tests)
//   stripe/adapters/ → wired only by compose.ts; db/sqlite/, db/postgres/ → opened only by the process entry
//              points (main.ts, cli/)
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcRoot = join(import.meta.dirname, '..', 'src');

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

interface ImportEdge {
  /** Relative to server/src, with forward slashes. */
  file: string;
  specifier: string;
  /** `import type …` / `export type … from`: erased at compile time. (`import { type X }` is not: with
   * verbatimModuleSyntax it still loads the module.) */
  typeOnly: boolean;
}

/** Comments removed (so a commented-out import is not one), strings and template literals kept. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|(^|[^:'"`\\])\/\/[^\n]*/g, (match, before: string | undefined) =>
    match.startsWith('/*') ? match.replace(/[^\n]/g, ' ') : (before ?? ''),
  );
}

/** The import clause of a static import/re-export: names, braces, commas, `*`, `as`, `type`, whitespace. */
const STATIC_IMPORT = /^[ \t]*(import|export)\s+(type\s+)?([\w$*{},\s]*?)\s*from\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT_IMPORT = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsIn(file: string, source: string): ImportEdge[] {
  const text = withoutComments(source);
  return [
    ...[...text.matchAll(STATIC_IMPORT)].map((match) => ({
      file,
      specifier: match[4] ?? '',
      typeOnly: Boolean(match[2]),
    })),
    ...[...text.matchAll(SIDE_EFFECT_IMPORT)].map((match) => ({
      file,
      specifier: match[1] ?? '',
      typeOnly: false,
    })),
    ...[...text.matchAll(DYNAMIC_IMPORT)].map((match) => ({
      file,
      specifier: match[1] ?? '',
      typeOnly: false,
    })),
  ];
}

const edges = listSourceFiles(srcRoot).flatMap((path) =>
  importsIn(relative(srcRoot, path).split(sep).join('/'), readFileSync(path, 'utf8')),
);

/** The src-relative path a relative specifier points at (null for packages). */
function target(edge: ImportEdge): string | null {
  if (!edge.specifier.startsWith('.')) return null;
  return join(edge.file, '..', edge.specifier).split(sep).join('/');
}
const resolvesInto = (edge: ImportEdge, folder: string) => target(edge)?.startsWith(`${folder}/`) ?? false;
const inFolder = (edge: ImportEdge, folder: string) => edge.file.startsWith(`${folder}/`);
const describeEdge = (edge: ImportEdge) =>
  `${edge.file} → ${edge.specifier}${edge.typeOnly ? ' (type-only)' : ''}`;

const DATABASE_DRIVERS = new Set(['better-sqlite3', 'kysely', 'pg']);
const isStripeSdk = (edge: ImportEdge) => edge.specifier === 'stripe' || edge.specifier.startsWith('stripe/');

describe('the import reader', () => {
  it('finds the source files it checks', () => {
    expect(edges.length).toBeGreaterThan(100);
  });

  it('sees type-only imports, re-exports, side-effect and dynamic imports, and skips comments', () => {
    const source = [
      "import Stripe from 'stripe';",
      "import type { Kysely } from 'kysely';",
      'import {',
      '  type Selectable,',
      '  sql,',
      "} from 'kysely-two';",
      "export { createThing } from './thing.ts';",
      "export type { Thing } from './thing-types.ts';",
      "export * from './everything.ts';",
      "import './side-effect.ts';",
      "const lazy = await import('./lazy.ts');",
      "// import nothing from 'commented-out';",
      "/* import nothing from 'block-commented'; */",
      'export type Foo = { a: string };',
      'const s = \'from "not-an-import"\';',
    ].join('\n');
    expect(importsIn('x.ts', source).map((edge) => [edge.specifier, edge.typeOnly])).toEqual([
      ['stripe', false],
      ['kysely', true],
      ['kysely-two', false],
      ['./thing.ts', false],
      ['./thing-types.ts', true],
      ['./everything.ts', false],
      ['./side-effect.ts', false],
      ['./lazy.ts', false],
    ]);
  });
});

describe('server import rules', () => {
  it('keeps routes away from the database and Stripe: they call services', () => {
    const offenders = edges.filter(
      (edge) =>
        inFolder(edge, 'routes') &&
        (resolvesInto(edge, 'db') || resolvesInto(edge, 'stripe') || isStripeSdk(edge)),
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('keeps the domain pure: only @countertop/shared and other domain files, anything else type-only', () => {
    const offenders = edges.filter(
      (edge) =>
        inFolder(edge, 'domain') &&
        !edge.typeOnly &&
        edge.specifier !== '@countertop/shared' &&
        !resolvesInto(edge, 'domain'),
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('keeps the database drivers and the query builder inside db/ (type-only imports included)', () => {
    const offenders = edges.filter(
      (edge) =>
        DATABASE_DRIVERS.has(edge.specifier) &&
        !inFolder(edge, 'db') &&
        // The emulator is Stripe's stand-in, not the server's database: it keeps its own SQLite store.
        !(edge.specifier === 'better-sqlite3' && inFolder(edge, 'stripe/emulator')),
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('lets only the Stripe adapters, the connection, the emulator and the composition root use the Stripe SDK (types included)', () => {
    const allowedFiles = new Set(['stripe/connection.ts', 'compose.ts', 'main.ts']);
    const offenders = edges.filter(
      (edge) =>
        isStripeSdk(edge) &&
        !allowedFiles.has(edge.file) &&
        !inFolder(edge, 'stripe/adapters') &&
        !inFolder(edge, 'stripe/emulator'),
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('keeps services on the ports: no Stripe SDK, no database driver, no backend-specific db/ files', () => {
    const offenders = edges.filter(
      (edge) =>
        inFolder(edge, 'services') &&
        (isStripeSdk(edge) ||
          DATABASE_DRIVERS.has(edge.specifier) ||
          resolvesInto(edge, 'db/sqlite') ||
          resolvesInto(edge, 'db/postgres') ||
          resolvesInto(edge, 'stripe/adapters') ||
          resolvesInto(edge, 'stripe/emulator') ||
          target(edge) === 'stripe/connection.ts'),
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('keeps the emulator behind the Stripe connection', () => {
    const offenders = edges.filter(
      (edge) =>
        resolvesInto(edge, 'stripe/emulator') &&
        !inFolder(edge, 'stripe/emulator') &&
        edge.file !== 'stripe/connection.ts',
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('wires the Stripe adapters only in the composition root', () => {
    const offenders = edges.filter(
      (edge) =>
        resolvesInto(edge, 'stripe/adapters') && !inFolder(edge, 'stripe') && edge.file !== 'compose.ts',
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('keeps the mail library in mail/ (the SMTP adapter), wired only by the composition root', () => {
    const offenders = edges.filter(
      (edge) =>
        (edge.specifier === 'nodemailer' && !inFolder(edge, 'mail')) ||
        (resolvesInto(edge, 'mail') && !inFolder(edge, 'mail') && edge.file !== 'compose.ts'),
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('opens a database backend only where a process starts (main.ts, cli/)', () => {
    const offenders = edges.filter(
      (edge) =>
        (resolvesInto(edge, 'db/sqlite') || resolvesInto(edge, 'db/postgres')) &&
        !inFolder(edge, 'db') &&
        edge.file !== 'main.ts' &&
        !inFolder(edge, 'cli'),
    );
    expect(offenders.map(describeEdge)).toEqual([]);
  });

  it('logs through the one structured logger: console output only for CLI tools and start-up messages', () => {
    // The CLI tools print to their user; env.ts reports a bad environment before any logger exists; the
    // emulator's browser script runs in the browser. Everything else logs through logging/logger.ts.
    const allowed = (file: string) =>
      file.startsWith('cli/') || file === 'env.ts' || file.startsWith('stripe/emulator/browser/');
    const offenders = listSourceFiles(srcRoot)
      .map((path) => relative(srcRoot, path).split(sep).join('/'))
      .filter(
        (file) =>
          !allowed(file) &&
          /\bconsole\.(log|info|warn|error|debug|trace)\(/.test(
            withoutComments(readFileSync(join(srcRoot, file), 'utf8')),
          ),
      );
    expect(offenders).toEqual([]);
  });
});
