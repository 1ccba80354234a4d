// Enforces the import rules in docs/ARCHITECTURE.md by reading every server source file's imports.
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
  file: string; // relative to server/src, with forward slashes
  specifier: string;
  typeOnly: boolean;
}

function importsOf(path: string): ImportEdge[] {
  const source = readFileSync(path, 'utf8');
  const file = relative(srcRoot, path).split(sep).join('/');
  const pattern = /^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  return [...source.matchAll(pattern)].map((match) => ({
    file,
    specifier: match[2] ?? '',
    typeOnly: Boolean(match[1]),
  }));
}

const edges = listSourceFiles(srcRoot).flatMap(importsOf);
const resolvesInto = (edge: ImportEdge, folder: string) =>
  edge.specifier.startsWith('.') &&
  join(edge.file, '..', edge.specifier).split(sep).join('/').startsWith(`${folder}/`);

const COMPOSITION_ROOT = new Set(['main.ts', 'stripe/emulator-wiring.ts']);

describe('server import rules', () => {
  it('finds the source files it checks', () => {
    expect(edges.length).toBeGreaterThan(0);
  });

  it('keeps the emulator behind the composition root', () => {
    const offenders = edges.filter(
      (edge) =>
        !edge.file.startsWith('stripe/emulator/') &&
        !COMPOSITION_ROOT.has(edge.file) &&
        resolvesInto(edge, 'stripe/emulator'),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps routes away from repositories and the Stripe SDK', () => {
    const offenders = edges.filter(
      (edge) =>
        edge.file.startsWith('routes/') &&
        (resolvesInto(edge, 'db') || resolvesInto(edge, 'stripe') || edge.specifier === 'stripe'),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps the domain pure', () => {
    const offenders = edges.filter(
      (edge) =>
        edge.file.startsWith('domain/') &&
        !edge.specifier.startsWith('./') &&
        edge.specifier !== '@countertop/shared' &&
        !edge.typeOnly,
    );
    expect(offenders).toEqual([]);
  });

  it('lets only repositories (and the emulator, its own store) open SQLite', () => {
    const offenders = edges.filter(
      (edge) =>
        edge.specifier === 'better-sqlite3' &&
        !edge.typeOnly &&
        !edge.file.startsWith('db/') &&
        !edge.file.startsWith('stripe/emulator/'),
    );
    expect(offenders).toEqual([]);
  });

  it('lets only the gateway adapter and the composition root load the Stripe SDK', () => {
    const allowed = new Set(['stripe/stripe-gateway.ts', ...COMPOSITION_ROOT]);
    const offenders = edges.filter(
      (edge) => edge.specifier === 'stripe' && !edge.typeOnly && !allowed.has(edge.file),
    );
    expect(offenders).toEqual([]);
  });
});
