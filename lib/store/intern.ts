/**
 * String interning for texts that repeat across nodes and polls (component
 * names, codes, peer and node ids): JSON.parse makes a fresh copy of each on
 * every poll, and the stores would keep thousands of equal copies alive.
 * Bounded: once full, new texts are returned as they are (nothing is evicted,
 * so a stream of unique texts cannot churn the table).
 */
const MAX_INTERNED = 50_000;
/** Long texts rarely repeat exactly; interning them would only grow the table. */
const MAX_INTERNED_LENGTH = 256;

const table = new Map<string, string>();

export function intern(text: string): string {
  if (text.length > MAX_INTERNED_LENGTH) return text;
  const known = table.get(text);
  if (known !== undefined) return known;
  if (table.size < MAX_INTERNED) table.set(text, text);
  return text;
}

