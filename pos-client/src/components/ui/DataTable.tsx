/**
 * A table of records: an optional caption, one header row of column names (`th scope="col"`), and the
 * rows, given as children. `label` names the table for assistive tech; `numeric` lists the columns whose
 * cells are figures (right-aligned, tabular digits); `footer` holds a totals row. Wide tables scroll
 * sideways inside their own box on a phone.
 */
import type { ReactNode } from 'react';

export function DataTable({
  className,
  label,
  caption,
  columns,
  numeric = [],
  footer,
  children,
}: {
  className?: string;
  label?: string;
  caption?: ReactNode;
  columns: readonly string[];
  numeric?: readonly string[];
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="table-scroll">
      <table className={['table', className].filter(Boolean).join(' ')} aria-label={label}>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={numeric.includes(column) ? 'num' : undefined}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  );
}
