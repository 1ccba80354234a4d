// Enforces the client's import rules (docs/ARCHITECTURE.md, "Client layers") by reading every source
// file's imports: static and dynamic, values and types alike (`import type`, `export type … from`,
// `typeof import('…')`), tests included.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcRoot = import.meta.dirname;

function listSourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

interface ImportEdge {
  /** The importing file, relative to pos-client/src, with forward slashes. */
  file: string;
  specifier: string;
  /** For a relative specifier, the imported file relative to pos-client/src; null for a package. */
  target: string | null;
}

// `import … from '…'`, `import '…'`, `export … from '…'` (each with or without `type`), at a line start;
// and `import('…')` anywhere (lazy routes, `typeof import('…')` in types).
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string, source: string): ImportEdge[] {
  const specifiers = [...source.matchAll(STATIC_IMPORT), ...source.matchAll(DYNAMIC_IMPORT)].map(
    (match) => match[1] ?? '',
  );
  return specifiers.map((specifier) => ({
    file,
    specifier,
    target: specifier.startsWith('.') ? posix.join(posix.dirname(file), specifier) : null,
  }));
}

// This file is left out: the violations it feeds to the rules below are written in it as text.
const files = listSourceFiles(srcRoot)
  .map((path) => relative(srcRoot, path).split(sep).join('/'))
  .filter((file) => file !== 'architecture.test.ts');
const edges = files.flatMap((file) => importsOf(file, readFileSync(join(srcRoot, file), 'utf8')));

const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.endsWith('.contract.ts');
const featureOf = (path: string) => /^features\/([^/]+)\//.exec(path)?.[1] ?? null;
const isPublicEntry = (path: string) => /^features\/[^/]+\/index\.ts$/.test(path);

/** Why `edge` breaks a rule, or null when it is allowed. */
function violation(edge: ImportEdge): string | null {
  const { file, target, specifier } = edge;
  if (specifier.startsWith('@stripe/terminal-js') && !file.startsWith('lib/terminal/')) {
    return 'only lib/terminal/ talks to the Stripe Terminal SDK';
  }
  if (target === null) return null;
  if (target.startsWith('..')) return 'reaches outside pos-client/src (use the package name)';
  const from = featureOf(file);
  const to = featureOf(target);
  if (target.startsWith('testing/') && !isTest(file) && !file.startsWith('testing/')) {
    return 'imports test helpers from source';
  }
  if (file.startsWith('lib/') && !target.startsWith('lib/') && !target.startsWith('testing/')) {
    return 'lib/ imports only lib/';
  }
  if (file.startsWith('hooks/') && !/^(hooks|lib)\//.test(target))
    return 'hooks/ imports only hooks/ and lib/';
  if (file.startsWith('components/') && !/^(components|hooks|lib)\//.test(target)) {
    return 'components/ imports only components/, hooks/ and lib/';
  }
  if (target.startsWith('app/') && !file.startsWith('app/') && file !== 'main.tsx') {
    return 'only main.tsx imports the app shell';
  }
  if (to !== null && to !== from && !isPublicEntry(target)) {
    return `imports inside features/${to}/ instead of its public entry features/${to}/index.ts`;
  }
  return null;
}

describe('client import rules', () => {
  it('reads every source file and its imports, types and lazy routes included', () => {
    expect(files).toContain('main.tsx');
    expect(
      edges.some((edge) => edge.file === 'main.tsx' && edge.target === 'features/merchant/index.ts'),
    ).toBe(true);
    expect(edges.length).toBeGreaterThan(100);
  });

  it('keeps every import within the layers', () => {
    const offenders = edges
      .map((edge) => ({ ...edge, rule: violation(edge) }))
      .filter((edge) => edge.rule !== null);
    expect(offenders).toEqual([]);
  });

  it('catches a feature reaching into another, a type-only import and a lazy one included', () => {
    const crossing = [
      "import { ShiftSales } from '../sales/ShiftSales.tsx';",
      "import type { ReaderLink } from '../counter/use-reader.ts';",
      "export type { Checkout } from '../counter/use-checkout.ts';",
      "const Screen = lazy(() => import('../merchant/SalesScreen.tsx'));",
    ].join('\n');
    const found = importsOf('features/platform/Example.tsx', crossing);
    expect(found.map((edge) => edge.specifier)).toHaveLength(4);
    expect(found.every((edge) => violation(edge) !== null)).toBe(true);
    expect(
      violation(importsOf('features/counter/X.tsx', "import { ShiftSales } from '../sales/index.ts';")[0]!),
    ).toBeNull();
  });

  it('catches lower layers reaching up, source using test helpers, and the SDK outside lib/terminal', () => {
    const cases: [string, string][] = [
      ['lib/terminal/driver.ts', "import type { Checkout } from '../../features/counter/use-checkout.ts';"],
      ['components/ui/DataTable.tsx', "import { STATUS_LABELS } from '../../features/merchant/index.ts';"],
      ['hooks/use-async.ts', "import { ErrorMessage } from '../components/ui/Messages.tsx';"],
      ['features/counter/cart.ts', "import { makeSale } from '../../testing/fake-counter-server.ts';"],
      ['features/counter/use-reader.ts', "import type { Terminal } from '@stripe/terminal-js/pure';"],
    ];
    for (const [file, source] of cases) {
      const [edge] = importsOf(file, source);
      expect(edge && violation(edge), `${file}: ${source}`).toEqual(expect.any(String));
    }
  });
});
