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


const MAX_INTERNED_LISTS = 4_096;
const lists = new Map<string, readonly string[]>();
const EMPTY_LIST: readonly string[] = Object.freeze([]);

/**
 * One shared, frozen copy of each short list of names (a peer's categories,
 * the names it was listed as): 50,000 peer tracks hold a few distinct lists,
 * and each array of their own cost ~180 bytes (one-element arrays grown by
 * `push` keep 17 slots). Bounded like intern(): once full, a new list is
 * returned as a right-sized frozen copy of its own.
 */
export function internList(names: readonly string[]): readonly string[] {
  if (names.length === 0) return EMPTY_LIST;
  // A name holding the separator could make two different lists one key: such lists are never shared.
  if (names.some((name) => name.includes('\u0000'))) return Object.freeze([...names]);
  const key = names.join('\u0000');
  const known = lists.get(key);
  if (known !== undefined) return known;
  const list = Object.freeze(names.map(intern));
  if (lists.size < MAX_INTERNED_LISTS && key.length <= MAX_INTERNED_LENGTH) lists.set(key, list);
  return list;
}

const MAX_INTERNED_COUNTS = 4_096;
const countRecords = new Map<string, Readonly<Record<string, number>>>();

/**
 * One shared, frozen copy of each set of counts by name (a node's peers per
 * category): most nodes hold the same few, and a copy in every node's ring
 * cost ~1.2 KB a node. Equal names and numbers in the same order share a
 * copy. Bounded like intern(): once full, a new record is returned frozen
 * as a copy of its own.
 */
export function internCounts(counts: Readonly<Record<string, number>>): Readonly<Record<string, number>> {
  let key = '';
  let shareable = true;
  for (const name in counts) {
    // A separator inside a name could make two records one key: such records are never shared.
    if (name.includes('\u0000')) shareable = false;
    key += `${name}\u0000${counts[name]}\u0000`;
  }
  if (!shareable || key.length > MAX_INTERNED_LENGTH) return Object.freeze({ ...counts });
  const known = countRecords.get(key);
  if (known !== undefined) return known;
  const record = Object.freeze(Object.fromEntries(Object.entries(counts).map(([name, count]) => [intern(name), count])));
  if (countRecords.size < MAX_INTERNED_COUNTS) countRecords.set(key, record);
  return record;
}
