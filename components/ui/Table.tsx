import type { ReactNode } from 'react';

/** The product's table style around a real <table>; give <th scope="col"> headers. `caption` is read to screen readers. */
export function Table({ caption, children, dense = false }: { caption: string; children: ReactNode; dense?: boolean }) {
  return (
    <div className="table-wrap">
      <table className={dense ? 'table table--dense' : 'table'}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
