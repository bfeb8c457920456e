import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { compactMoves, expandMoves } from '@/lib/diagnostics/peer-moves';
import { PEERS_LIMITS, pushCapped, type PeerMove } from '@/lib/diagnostics/peers-state';
import { internList } from '@/lib/store/intern';

/**
 * Heap bytes of a peer track's move history once full (20 moves), for 50,000
 * tracks (10 peers a node at 5,000 nodes): as an array of `{ at, from, to }`
 * objects (before) and as the compact list of lib/diagnostics/peer-moves.ts
 * (now). Each history is built move by move the way the peers analyzer builds
 * it, so the arrays are sized as the analyzer's are.
 */

const TRACKS = 50_000;
const MOVES_PER_TRACK = 30;
const POLL_MS = 5000;
const START = Date.parse('2026-12-01T00:00:00Z');
const CATEGORIES = [['best'], ['responsive'], ['lastResort'], ['best', 'responsive']].map((names) => internList(names) as string[]);

/** A full garbage collection, with or without --expose-gc. */
function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed();
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A track's moves as the analyzer meets them: first sighting, then a move every few polls. */
function movesOf(track: number, count: number): { firstSeenAt: number; moves: PeerMove[] } {
  const firstSeenAt = START + (track % 1000) * 37;
  const moves: PeerMove[] = [];
  let at = firstSeenAt;
  let to = CATEGORIES[track % CATEGORIES.length];
  moves.push({ at, from: null, to });
  for (let move = 1; move < count; move++) {
    at += POLL_MS * (1 + ((track * 31 + move * 7) % 40));
    const next = CATEGORIES[(track + move) % CATEGORIES.length];
    moves.push({ at, from: to, to: next });
    to = next;
  }
  return { firstSeenAt, moves };
}

/** Heap bytes per track that `build` keeps, measured over TRACKS tracks. */
function heapPerTrack(build: (track: number) => unknown): number {
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  const kept = new Array<unknown>(TRACKS);
  for (let track = 0; track < TRACKS; track++) kept[track] = build(track);
  collectGarbage();
  const after = process.memoryUsage().heapUsed;
  // The holder array itself (8 bytes a slot) is not the tracks'.
  const bytes = (after - before - 8 * TRACKS) / TRACKS;
  if (kept.length !== TRACKS) throw new Error('tracks lost');
  return bytes;
}

/** Before: each move an object, the array copied (and cut to the newest 20) at each move. */
function asObjects(track: number): PeerMove[] {
  let list: PeerMove[] = [];
  for (const move of movesOf(track, MOVES_PER_TRACK).moves) list = pushCapped(list, move, PEERS_LIMITS.movesPerPeer);
  return list;
}

/** Now: the same moves, each added as the analyzer adds it: the list read back, the move pushed, a new list made. */
function asCompactList(track: number) {
  const { firstSeenAt, moves } = movesOf(track, MOVES_PER_TRACK);
  let compact = compactMoves(moves.slice(0, 1), firstSeenAt);
  for (const move of moves.slice(1)) {
    compact = compactMoves(pushCapped(expandMoves(compact, firstSeenAt), move, PEERS_LIMITS.movesPerPeer), firstSeenAt);
  }
  return compact;
}

/** Microseconds per move appended to a full history, `append` given the track's current history. */
function microsPerAppend(append: (track: number) => unknown): number {
  const runs = 5000;
  const started = performance.now();
  for (let track = 0; track < runs; track++) append(track);
  return ((performance.now() - started) * 1000) / (runs * MOVES_PER_TRACK);
}

export async function main(): Promise<void> {
  const before = heapPerTrack(asObjects);
  const now = heapPerTrack(asCompactList);
  // Warmed by the heap runs above; each builds a history of MOVES_PER_TRACK moves, one append a move.
  const appendBefore = microsPerAppend(asObjects);
  const appendNow = microsPerAppend(asCompactList);
  const line = (name: string, bytes: number) =>
    `  ${name.padEnd(34)} ${bytes.toFixed(0).padStart(5)} B a track  ${((bytes * TRACKS) / 1e6).toFixed(1).padStart(5)} MB for ${TRACKS.toLocaleString('en')} tracks`;
  console.log(`peer moves, ${PEERS_LIMITS.movesPerPeer} a track (full), heap after a full GC:`);
  console.log(line('objects { at, from, to } (before)', before));
  console.log(line('compact list (now)', now));
  console.log(`  one move added (cut to ${PEERS_LIMITS.movesPerPeer}): ${appendBefore.toFixed(2)} µs before, ${appendNow.toFixed(2)} µs now`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
