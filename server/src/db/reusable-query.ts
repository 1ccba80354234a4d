/**
 * Hot queries built and compiled once, then run with new values. Kysely builds an operation tree and
 * compiles it to SQL on every call; for the small statements a checkout makes that costs more CPU than the
 * database takes to run them. A query whose SQL does not depend on its values (no IN list of varying
 * length, no optional clause) needs neither step more than once: `reusableQuery` builds it once per
 * dialect with a placeholder for each argument, keeps the compiled SQL, and on each call runs that SQL
 * through the same Kysely executor (same connection, same transaction, same driver checks) with the
 * call's values in the placeholders' places. Each such SQL text also gets a statement name
 * (`statementNameOf`): the PostgreSQL driver prepares it once per connection instead of having the server
 * parse and plan it on every call (SQLite's driver keeps every statement prepared anyway).
 */
import { type Compilable, CompiledQuery, type QueryResult, type Selectable, type Updateable } from 'kysely';
import type { DatabaseSchema, Queryable } from './schema.ts';

/** Stands for argument `index` while the query is built; compiled into the parameter list as is. */
class Placeholder {
  constructor(readonly index: number) {}
}

/** The name of each reusable query's SQL text, for drivers that prepare named statements. */
const statementNames = new Map<string, string>();

/** The statement name of a reusable query's SQL, or undefined for any other SQL. */
export function statementNameOf(sql: string): string | undefined {
  return statementNames.get(sql);
}

interface CompiledTemplate {
  sql: string;
  /** Each parameter: an argument's index, or a value fixed by the query itself. */
  parameters: ReadonlyArray<{ argument: number } | { fixed: unknown }>;
}

/**
 * `build` receives placeholders for its arguments and must use each only as a value (a `where` operand, an
 * inserted or set value), never to choose the query's shape. The compiled SQL is kept per dialect (the
 * adapter of the Kysely instance, shared by its transactions).
 */
export function reusableQuery<Args extends unknown[], Row>(
  build: (db: Queryable, ...args: Args) => Compilable<Row>,
): (db: Queryable, ...args: Args) => Promise<QueryResult<Row>> {
  const templates = new WeakMap<object, CompiledTemplate>();
  const templateFor = (db: Queryable, arity: number): CompiledTemplate => {
    const adapter = db.getExecutor().adapter;
    let template = templates.get(adapter);
    if (!template) {
      const placeholders = Array.from({ length: arity }, (_, index) => new Placeholder(index));
      const compiled = build(db, ...(placeholders as unknown as Args)).compile();
      const used = new Set<number>();
      const parameters = compiled.parameters.map((value) => {
        if (!(value instanceof Placeholder)) return { fixed: value };
        used.add(value.index);
        return { argument: value.index };
      });
      if (used.size !== arity) {
        throw new Error(`reusableQuery: an argument was not used as a value in: ${compiled.sql}`);
      }
      template = { sql: compiled.sql, parameters };
      templates.set(adapter, template);
      if (!statementNames.has(compiled.sql)) {
        statementNames.set(compiled.sql, `countertop_${statementNames.size + 1}`);
      }
    }
    return template;
  };
  return async (db, ...args) => {
    const template = templateFor(db, args.length);
    const values = template.parameters.map((parameter) =>
      'argument' in parameter ? args[parameter.argument] : parameter.fixed,
    );
    return db.executeQuery<Row>(CompiledQuery.raw(template.sql, values));
  };
}

/**
 * `reusableQuery` for a query whose shape varies a little (e.g. the set of columns an UPDATE writes): one
 * compiled query per distinct shape, named by `keyOf`, built by `build(shape)` the first time it is asked.
 */
export function reusableQueryPerShape<Shape, Args extends unknown[], Row>(
  keyOf: (shape: Shape) => string,
  build: (shape: Shape) => (db: Queryable, ...args: Args) => Compilable<Row>,
): (shape: Shape) => (db: Queryable, ...args: Args) => Promise<QueryResult<Row>> {
  const byKey = new Map<string, (db: Queryable, ...args: Args) => Promise<QueryResult<Row>>>();
  return (shape) => {
    const key = keyOf(shape);
    let query = byKey.get(key);
    if (query === undefined) {
      query = reusableQuery(build(shape));
      byKey.set(key, query);
    }
    return query;
  };
}

/** Tables whose rows are keyed by a text `id`. */
type TableWithId = {
  [Table in keyof DatabaseSchema]: DatabaseSchema[Table] extends { id: string } ? Table : never;
}[keyof DatabaseSchema];

/**
 * `UPDATE table SET … WHERE id = ?` of the columns `values` sets (one compiled statement per set of
 * columns), returning the row as stored after it when `returning` is 'row' (none when no row has the id).
 */
export function reusableUpdateById<Table extends TableWithId>(
  table: Table,
  returning: 'row' | 'nothing',
): (
  db: Queryable,
  id: string,
  values: Updateable<DatabaseSchema[Table]>,
) => Promise<QueryResult<Selectable<DatabaseSchema[Table]>>> {
  const perColumns = reusableQueryPerShape(
    (columns: readonly string[]) => columns.join(','),
    (columns) =>
      (db: Queryable, id: string, ...values: unknown[]) => {
        // Kysely cannot check a table chosen at run time; the signature above types the caller's side.
        const update = db
          .updateTable(table as 'sales')
          .set(Object.fromEntries(columns.map((column, index) => [column, values[index]])))
          .where('id', '=', id);
        return (returning === 'row' ? update.returningAll() : update) as Compilable<
          Selectable<DatabaseSchema[Table]>
        >;
      },
  );
  return (db, id, values) => {
    const columns = Object.keys(values);
    return perColumns(columns)(db, id, ...columns.map((column) => values[column as keyof typeof values]));
  };
}
