/**
 * How lists of names are ordered: people's order (Unicode collation, "Register 2" before "Register 10",
 * "apple" beside "Apple"), the same on every backend. A database's text order depends on its collation
 * (SQLite compares bytes; PostgreSQL follows the database's locale), so the small lists a screen shows by
 * name (products, readers, registers, staff) are put in order here, after the query.
 */
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'variant' });

export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Sorts by each comparison in turn (a copy; the input is left as it was). */
export function sortedBy<T>(rows: readonly T[], ...comparisons: ((a: T, b: T) => number)[]): T[] {
  return [...rows].sort((a, b) => {
    for (const compare of comparisons) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/** Ids are ASCII: a plain code-point comparison, as every backend's index orders them. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
