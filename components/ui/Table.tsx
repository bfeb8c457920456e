import type { ReactNode } from 'react';

/**
 * The product's table style around a real <table>. `caption` is read to screen
 * readers; `columns` are the column headers (or give your own <thead> with <th scope="col">).
 */
export function Table({ caption, columns, children, dense = false }: { caption: string; columns?: readonly string[]; children: ReactNode; dense?: boolean }) {
  return (
    <div className="table-wrap">
      <table className={dense ? 'table table--dense' : 'table'}>
        <caption className="sr-only">{caption}</caption>
        {columns ? (
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
        ) : null}
        {children}
      </table>
    </div>
  );
}
