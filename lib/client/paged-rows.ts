/**
 * A virtualized table whose rows the server pages: which pages the drawn rows
 * fall in, and the row at an index once its page has arrived.
 */

/** Page offsets, in order and each once, that the drawn rows' indexes fall in. */
export function pageOffsetsOf(indexes: readonly number[], pageSize: number): number[] {
  return [...new Set(indexes.map((index) => Math.floor(index / pageSize) * pageSize))].sort((a, b) => a - b);
}

/** The row at `index`, or undefined while its page has not arrived. */
export function rowAt<Row>(pages: ReadonlyMap<number, readonly Row[]>, pageSize: number, index: number): Row | undefined {
  return pages.get(Math.floor(index / pageSize) * pageSize)?.[index % pageSize];
}
