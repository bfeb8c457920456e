/** Chunk path ("server/chunks/…") → the path of the first chunk with the same text, for every duplicate under `serverDir`. */
export function duplicateChunkMap(serverDir: string): Map<string, string>;
/** Points the entry files under `serverDir` (…/.next/server) at one copy of each duplicated chunk. */
export function dedupeServerChunks(serverDir: string): { duplicates: number; files: number; references: number };
