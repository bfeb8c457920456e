'use client';

import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useRef, type ReactNode, type RefObject } from 'react';

/** A one-line row; taller rows are measured as they render. */
const ESTIMATED_ROW_HEIGHT = 37;
/** The scroll box: about a screenful of rows. */
const VIEWPORT_HEIGHT = 600;

export type VirtualRows = {
  scrollRef: RefObject<HTMLDivElement | null>;
  /** The rows to draw now: their index into the full list and their key; give each <tr> `ref={measure}` and `data-index`. */
  rows: VirtualItem[];
  /** Height of the rows above and below the drawn ones (spacer rows keep the scrollbar true). */
  before: number;
  after: number;
  measure: (element: Element | null) => void;
};

/**
 * Virtualized table rows (@tanstack/react-virtual): thousands of rows cost the
 * DOM of the ones in view. The first render (also on the server) draws the
 * first screenful, before the browser has measured the box.
 */
export function useVirtualRows(count: number, keyOf: (index: number) => string): VirtualRows {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The virtualizer's functions are not memoizable by the compiler; that is expected here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: 10,
    getItemKey: keyOf,
    initialRect: { width: 0, height: VIEWPORT_HEIGHT },
  });
  const items = virtualizer.getVirtualItems();
  const before = items.length > 0 ? items[0].start : 0;
  const after = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  return { scrollRef, rows: items, before, after, measure: virtualizer.measureElement };
}

/** Keeps the scrollbar's length true for the rows not drawn. */
export function SpacerRow({ height }: { height: number }) {
  return height > 0 ? <tr aria-hidden="true" style={{ height }} /> : null;
}

/** A row in view whose server page has not arrived yet; measured like the row it stands for. */
export function LoadingRow({ index, columns, measure }: { index: number; columns: number; measure: VirtualRows['measure'] }) {
  return (
    <tr ref={measure} data-index={index} aria-busy="true">
      <td colSpan={columns} className="muted">
        Loading…
      </td>
    </tr>
  );
}

/** The product's table in a scroll box whose header stays in view; give it the rows from useVirtualRows. */
export function VirtualTable({
  caption,
  scrollRef,
  dense = false,
  children,
}: {
  caption: string;
  scrollRef: VirtualRows['scrollRef'];
  dense?: boolean;
  children: ReactNode;
}) {
  return (
    <div ref={scrollRef} className="table-wrap table-wrap--scroll" style={{ maxHeight: VIEWPORT_HEIGHT }} tabIndex={0} role="region" aria-label={`${caption} (scrollable)`}>
      <table className={dense ? 'table table--dense' : 'table'}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}
