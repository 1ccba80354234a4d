// SQL only with bound parameters: no request value can ever become SQL text. Queries are built with the
// Kysely query builder, whose values (and every `${…}` in a `sql` tagged template) are bound parameters. So
// the places where text does become SQL are checked: SQL handed to a database handle as a template literal
// (`prepare`, `exec`, `pragma`, `query`) may interpolate only UPPER_CASE constants (shared column lists) or
// the few reviewed expressions below; Kysely's escape hatches that put text into the statement (`sql.raw`,
// `sql.lit`, `sql.ref`, `sql.id`, `sql.table`, `CompiledQuery.raw`, dynamic references) take only string
// literals, UPPER_CASE constants or reviewed expressions; and nothing glues SQL together with `+`.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Reviewed non-constant interpolations and escape-hatch arguments: `file: expression` → why it is safe. */
const REVIEWED: Record<string, string> = {
  'db/sqlite/migrate.ts: migration.version': 'a number parsed from a migration file name',
  'db/repositories/sales.repo.ts: status':
    'each of IN_FLIGHT_STATUSES, a constant list (the partial index needs literals)',
  'db/repositories/sessions.repo.ts: `${alias}.${column}`':
    'table aliases and column names of the JOINED constant',
  'db/reusable-query.ts: template.sql, values':
    'SQL Kysely compiled from a query built with placeholders for its values (never text); the values bound as parameters',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** A string literal or an UPPER_CASE constant. */
const CONSTANT = /^(?:'[^'\\]*'|"[^"\\]*"|`[^`$\\]*`|[A-Z][A-Z0-9_]*)$/;

it('builds every SQL statement from constants, with values bound as parameters', () => {
  const offending: string[] = [];
  let statements = 0;
  const rawCall = /\b(?:prepare|exec|pragma|query)(?:<[^>()]*>)?\(\s*`([^`]*)`/g;
  const builderCall = /\.(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|selectNoFrom)\(/g;
  const taggedSql = /\bsql(?:<[^>()]*>)?`/g;
  const escapeHatch =
    /\b(?:sql\.(?:raw|lit|ref|id|table)|CompiledQuery\.raw|dynamic\.(?:ref|table|id))\(([^)]*)\)/g;
  // The emulator is Stripe's stand-in, with its own store: not the server's database.
  for (const file of sourceFiles(SRC).filter((path) => !path.includes(join('stripe', 'emulator')))) {
    const text = readFileSync(file, 'utf8');
    const name = relative(SRC, file).replaceAll('\\', '/');
    for (const match of text.matchAll(rawCall)) {
      statements += 1;
      for (const [, expression] of (match[1] ?? '').matchAll(/\$\{([^}]*)\}/g)) {
        const trimmed = (expression ?? '').trim();
        if (/^[A-Z][A-Z0-9_]*$/.test(trimmed)) continue;
        if (`${name}: ${trimmed}` in REVIEWED) continue;
        offending.push(`${name}: \${${trimmed}}`);
      }
    }
    statements += [...text.matchAll(builderCall)].length + [...text.matchAll(taggedSql)].length;
    for (const match of text.matchAll(escapeHatch)) {
      const argument = (match[1] ?? '').trim();
      if (CONSTANT.test(argument)) continue;
      if (`${name}: ${argument}` in REVIEWED) continue;
      offending.push(`${name}: ${match[0]}`);
    }
    // No SQL glued together with `+`.
    for (const glued of text.matchAll(
      /\b(?:prepare|exec|query|sql\.raw|CompiledQuery\.raw)(?:<[^>()]*>)?\(\s*(['`"])[^'`"]*\1\s*\+/g,
    )) {
      offending.push(`${name}: concatenated SQL ${glued[0]}`);
    }
    // A dynamic WHERE list, if any, takes only string literals.
    for (const push of text.matchAll(/\bwhere\.push\((?!\s*'[^']*'\s*\))([^\n]*)/g)) {
      offending.push(`${name}: where.push(${push[1]}`);
    }
  }
  console.log(`[sql-statements] statements=${statements} offending=${offending.length}`);
  expect(statements).toBeGreaterThan(10);
  expect(offending).toEqual([]);
});
