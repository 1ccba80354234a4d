/**
 * A table of records: an optional caption, one header row of column names (`th scope="col"`), and the
 * rows, given as children. `className` is the view's table style (`sales-table` on the counter and in the
 * platform console, `merchant-table` in the merchant view); `label` names the table for assistive tech.
 */
import type { ReactNode } from 'react';

export function DataTable({
  className,
  label,
  caption,
  columns,
  children,
}: {
  className: string;
  label?: string;
  caption?: ReactNode;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <table className={className} aria-label={label}>
      {caption ? <caption>{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
