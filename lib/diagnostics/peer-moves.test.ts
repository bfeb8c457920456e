import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compactMoves, expandMoves } from './peer-moves';
import { PEERS_LIMITS, peerMoves, pushCapped, type PeerMove, type PeerTrack } from './peers-state';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const BEST = Object.freeze(['best']) as string[];
const RESPONSIVE = Object.freeze(['responsive']) as string[];
const LAST_RESORT = Object.freeze(['lastResort']) as string[];
const BOTH = Object.freeze(['best', 'responsive']) as string[];
const CATEGORY_LISTS = [BEST, RESPONSIVE, LAST_RESORT, BOTH, Object.freeze<string[]>([]) as string[]];

/** A track that only holds what peerMoves() reads. */
function track(firstSeenAt: number, categories: string[], moves: PeerTrack['moves']): PeerTrack {
  return {
    id: 'p1',
    address: null,
    score: null,
    since: null,
    listed: true,
    categories,
    listedAs: categories,
    lastCategory: categories[0] ?? null,
    firstSeenAt,
    lastSeenInCategoryAt: null,
    lastListedAt: firstSeenAt,
    multiPolls: 0,
    multiSince: null,
    gap: null,
    lastGap: null,
    gapCount: 0,
    moves,
  };
}

/** The plain-array model the compact list must match: each move appended, the newest 20 kept. */
function appendAll(firstSeenAt: number, first: string[], tos: { at: number; to: string[] }[]) {
  let model: PeerMove[] = [{ at: firstSeenAt, from: null, to: first }];
  let compact = compactMoves(model, firstSeenAt);
  const lists = [compact];
  for (const { at, to } of tos) {
    const move = { at, from: model[model.length - 1].to, to };
    model = pushCapped(model, move, PEERS_LIMITS.movesPerPeer);
    // As the analyzer appends: the list read back, the move added, a new list made.
    compact = compactMoves(pushCapped(expandMoves(compact, firstSeenAt), move, PEERS_LIMITS.movesPerPeer), firstSeenAt);
    lists.push(compact);
  }
  return { model, compact, lists };
}

describe('compact peer moves', () => {
  it('appended past the cap keeps the newest 20 moves, each from the one before', () => {
    const tos = Array.from({ length: 45 }, (_, index) => ({ at: T0 + (index + 1) * 5000, to: CATEGORY_LISTS[index % 3] }));
    const { model, compact } = appendAll(T0, LAST_RESORT, tos);
    const moves = expandMoves(compact, T0);
    expect(moves).toEqual(model);
    expect(moves).toHaveLength(PEERS_LIMITS.movesPerPeer);
    expect(moves[0].at).toBe(T0 + 26 * 5000);
    // The oldest kept move came from the one dropped before it.
    expect(moves[0].from).toEqual(CATEGORY_LISTS[24 % 3]);
    for (let index = 1; index < moves.length; index++) expect(moves[index].from).toBe(moves[index - 1].to);
    // One slot for the first `from`, two a move: no object per move, no spare slots.
    expect(compact).toHaveLength(1 + 2 * PEERS_LIMITS.movesPerPeer);
    expect(compact.filter((slot) => typeof slot === 'number')).toHaveLength(PEERS_LIMITS.movesPerPeer);
  });

  it('stores times as small integer differences, not epochs', () => {
    const compact = compactMoves([{ at: T0, from: null, to: BEST }, { at: T0 + 5000, from: BEST, to: RESPONSIVE }, { at: T0 + 65_000, from: RESPONSIVE, to: BEST }], T0);
    expect(compact).toEqual([null, 0, BEST, 5000, RESPONSIVE, 60_000, BEST]);
  });

  it('gives back fractional, early, huge and odd times exactly', () => {
    const times = [T0 + 0.1, T0 + 0.30000000000000004, T0 - 86_400_000, 1e300, -0, Number.NaN, Number.POSITIVE_INFINITY, T0, 2 ** 53 + 2, Number.MIN_VALUE];
    const moves: PeerMove[] = times.map((at, index) => ({ at, from: index === 0 ? null : CATEGORY_LISTS[(index - 1) % 4], to: CATEGORY_LISTS[index % 4] }));
    for (const base of [T0, T0 + 0.7, -1e20, Number.NaN]) {
      const back = expandMoves(compactMoves(moves, base), base);
      expect(back.map((move) => move.at)).toEqual(times);
      expect(Object.is(back[4].at, -0)).toBe(true);
      expect(back).toEqual(moves);
    }
  });

  it('keeps a `from` that is not the previous `to` (categories reordered without a move)', () => {
    const reordered = Object.freeze(['responsive', 'best']) as string[];
    const moves: PeerMove[] = [
      { at: T0, from: null, to: BOTH },
      { at: T0 + 5000, from: reordered, to: LAST_RESORT },
      { at: T0 + 10_000, from: LAST_RESORT, to: BEST },
    ];
    const back = expandMoves(compactMoves(moves, T0), T0);
    expect(back).toEqual(moves);
    expect(back[1].from).toEqual(['responsive', 'best']);
  });

  it('a new list for each move: an older state holding the old list still reads what it read', () => {
    let model: PeerMove[] = Array.from({ length: PEERS_LIMITS.movesPerPeer }, (_, index) => ({ at: T0 + index * 5000, from: index === 0 ? null : CATEGORY_LISTS[(index - 1) % 2], to: CATEGORY_LISTS[index % 2] }));
    const older = track(T0, CATEGORY_LISTS[(PEERS_LIMITS.movesPerPeer - 1) % 2], compactMoves(model, T0));
    const olderSees = peerMoves(older);
    // Copied on a quiet poll: the same list, no copy.
    const copied = { ...older };
    expect(copied.moves).toBe(older.moves);
    // A move: a new list; the old one is frozen and unchanged.
    model = pushCapped(model, { at: T0 + 999_000, from: older.categories, to: LAST_RESORT }, PEERS_LIMITS.movesPerPeer);
    const newer = track(T0, LAST_RESORT, compactMoves(model, T0));
    expect(newer.moves).not.toBe(older.moves);
    expect(Object.isFrozen(older.moves)).toBe(true);
    expect(() => (older.moves as unknown[]).push(1)).toThrow();
    expect(peerMoves(older)).toEqual(olderSees);
    expect(peerMoves(newer)).toEqual(model);
    expect(peerMoves(newer)[0]).toEqual(olderSees[1]);
  });

  it('a track that never moved holds no list and shows its first sighting', () => {
    const never = track(T0, BEST, null);
    expect(peerMoves(never)).toEqual([{ at: T0, from: null, to: ['best'] }]);
    expect(peerMoves(never)[0].to).toBe(BEST);
    expect(expandMoves(compactMoves([], T0), T0)).toEqual([]);
  });

  it('reads back what a plain array of moves holds, for any moves (property)', () => {
    const time = fc.oneof(
      fc.integer({ min: T0 - 1e9, max: T0 + 1e12 }),
      fc.double({ noNaN: false }),
      fc.constantFrom(T0, -0, 0, 2 ** 31, -(2 ** 31) - 1, Number.MAX_SAFE_INTEGER),
    );
    const names = fc.oneof(fc.constantFrom(...CATEGORY_LISTS), fc.array(fc.constantFrom('best', 'responsive', 'lastResort', 'x\u0000y'), { maxLength: 3 }));
    const move = fc.record({ at: time, from: fc.option(names, { nil: null }), to: names });
    fc.assert(
      fc.property(fc.array(move, { maxLength: 25 }), time, (moves: PeerMove[], base: number) => {
        expect(expandMoves(compactMoves(moves, base), base)).toEqual(moves);
      }),
      { numRuns: 500 },
    );
  });

  it('appending move by move matches the plain-array model, past the cap (property)', () => {
    const step = fc.record({ gap: fc.integer({ min: 1, max: 10_000_000 }), fractional: fc.boolean(), to: fc.constantFrom(...CATEGORY_LISTS) });
    fc.assert(
      fc.property(fc.integer({ min: T0 - 1e10, max: T0 + 1e10 }), fc.array(step, { maxLength: 60 }), (firstSeenAt, steps) => {
        let at = firstSeenAt;
        const tos = steps.map((s) => ({ at: (at += s.gap) + (s.fractional ? 0.1 : 0), to: s.to }));
        const { model, lists } = appendAll(firstSeenAt, BEST, tos);
        expect(expandMoves(lists[lists.length - 1], firstSeenAt)).toEqual(model);
        expect(lists.every((list) => list.length <= 1 + 2 * PEERS_LIMITS.movesPerPeer)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
