// SQL only through prepared statements with bound parameters: every SQL text the server hands SQLite
// (`prepare`, `exec`, `pragma`) is a constant — a template literal may interpolate only UPPER_CASE
// constants (shared column lists) or the few reviewed expressions below, each built from constants —
// so no request value can ever become SQL.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Reviewed non-constant interpolations: `file: expression` → why it is safe. */
const REVIEWED: Record<string, string> = {
  "db/reports.repo.ts: where.join(' AND ')": 'conditions pushed are string literals; values are @bound',
  'db/migrate.ts: migration.version': 'a number parsed from a migration file name',
  "db/sales.repo.ts: assignments.join(', ')": '`column = @column` for column names from PATCH_COLUMNS',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

it('builds every SQL statement from constants, with values bound as parameters', () => {
  const offending: string[] = [];
  let statements = 0;
  const call = /\b(?:prepare|exec|pragma)(?:<[^>()]*>)?\(\s*`([^`]*)`/g;
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const name = relative(SRC, file).replaceAll('\\', '/');
    for (const match of text.matchAll(call)) {
      statements += 1;
      for (const [, expression] of (match[1] ?? '').matchAll(/\$\{([^}]*)\}/g)) {
        const trimmed = (expression ?? '').trim();
        if (/^[A-Z][A-Z0-9_]*$/.test(trimmed)) continue;
        if (`${name}: ${trimmed}` in REVIEWED) continue;
        offending.push(`${name}: \${${trimmed}}`);
      }
    }
    // No SQL glued together with `+`.
    for (const glued of text.matchAll(/\b(?:prepare|exec)(?:<[^>()]*>)?\(\s*(['`"])[^'`"]*\1\s*\+/g)) {
      offending.push(`${name}: concatenated SQL ${glued[0]}`);
    }
    // The one dynamic WHERE list takes only string literals.
    for (const push of text.matchAll(/\bwhere\.push\((?!\s*'[^']*'\s*\))([^\n]*)/g)) {
      offending.push(`${name}: where.push(${push[1]}`);
    }
  }
  console.log(`[sql-statements] template statements=${statements} offending=${offending.length}`);
  expect(statements).toBeGreaterThan(10);
  expect(offending).toEqual([]);
});
