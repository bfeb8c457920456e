/** Minifies whitespace of every chunk under `chunksDir` in place; returns the bytes before and after. */
export function minifyServerChunks(chunksDir: string): { before: number; after: number };
