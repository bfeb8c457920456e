import type { PeerMove } from './peers-state';

/**
 * A peer's category moves, kept compact: one flat array instead of an object
 * per move. A full track (20 moves) held as `{ at, from, to }` objects cost
 * ~1.5 KB, most of it the objects and each one's boxed epoch time; this list
 * costs ~380 bytes (docs/performance.md, "Steady state"; `bench/peer-moves.ts`).
 *
 * Layout: the first move's `from`, then per move its time and its `to`:
 *
 *     [from₀, time₀, to₀, time₁, to₁, …]
 *
 * - A move's `from` is the previous move's `to`, as it almost always is, so
 *   it is not stored again.
 * - A time is stored as its difference from the previous move's time (the
 *   `base`, the track's firstSeenAt, for the first): small integers, which
 *   V8 keeps unboxed in the array, where an epoch in milliseconds would be a
 *   16-byte heap number each.
 * - A move for which either does not hold exactly (a time that the difference
 *   does not give back bit for bit, as a fractional one may not; a `from` that
 *   differs from the previous `to`, as after the node reordered its
 *   categories) stores an `ExplicitMove` in its time slot instead.
 *
 * The `to` lists are the analyzer's interned ones (lib/store/intern.ts), held
 * by reference. A list is never written after it is made: adding a move makes
 * a new one (moves are rare, a few a cycle per hundred nodes), so an older
 * state that holds the old list still reads what it read before.
 */
export type CompactMoves = readonly (number | ExplicitMove | string[] | null)[];

/** A move's time and `from` as they are, for a move the differences cannot describe exactly. */
type ExplicitMove = { readonly at: number; readonly from: string[] | null };

const sameNames = (a: readonly string[] | null, b: readonly string[] | null) =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((name, index) => name === b[index]));

/** The moves (oldest first) as a compact list; `base` is what the first move's time is stored from. */
export function compactMoves(moves: readonly PeerMove[], base: number): CompactMoves {
  if (moves.length === 0) return [];
  // Sized once: an array grown by push keeps spare slots.
  const list = new Array<CompactMoves[number]>(1 + 2 * moves.length);
  list[0] = moves[0].from;
  let previousAt = base;
  let previousTo = moves[0].from;
  for (let index = 0; index < moves.length; index++) {
    const move = moves[index];
    const delta = move.at - previousAt;
    // Object.is: the difference must give the very time back, -0 and NaN included.
    const regular = Object.is(previousAt + delta, move.at) && sameNames(move.from, previousTo);
    list[1 + 2 * index] = regular ? delta : { at: move.at, from: move.from };
    list[2 + 2 * index] = move.to;
    previousAt = move.at;
    previousTo = move.to;
  }
  // Frozen: older states share the list, so a write would change what they read (and now throws).
  return Object.freeze(list);
}

/** The moves a compact list holds, oldest first, as new objects (made only for who reads them). */
export function expandMoves(list: CompactMoves, base: number): PeerMove[] {
  const moves: PeerMove[] = [];
  let at = base;
  let from = list[0] as string[] | null;
  for (let index = 1; index + 1 < list.length; index += 2) {
    const time = list[index] as number | ExplicitMove;
    const to = list[index + 1] as string[];
    if (typeof time === 'number') {
      at += time;
    } else {
      at = time.at;
      from = time.from;
    }
    moves.push({ at, from, to });
    from = to;
  }
  return moves;
}
