import type { PeerStatsEvidence } from '@/lib/logs/extractors';

/**
 * go-quai's `Peer stats` rounds (p2p/node/peerManager/peerManager.go): once a
 * minute, per location, one Info line per peer DB in the order bestPeersDB,
 * responsivePeersDB, lastResortPeersDB. The `peers` list of each line is
 * cumulative within a location (the loop appends to one `locPeer` slice and
 * logs it after every bucket), so a bucket's own peers are what its line adds
 * to the previous line's list. A writer that logs each bucket's own list is
 * read as such (its line does not start with the previous list). Pure.
 */

export const GOQUAI_CATEGORIES = ['best', 'responsive', 'lastResort'] as const;
/** The peer DB each category is kept in (peerManager.go dbNames). */
export const BUCKET_OF_CATEGORY: Record<(typeof GOQUAI_CATEGORIES)[number], string> = {
  best: 'bestPeersDB',
  responsive: 'responsivePeersDB',
  lastResort: 'lastResortPeersDB',
};
/** go-quai's peer manager ticker (time.NewTicker(1 * time.Minute)): the period assumed until rounds show their own. */
export const DEFAULT_ROUND_PERIOD_MS = 60_000;
/** Lines of one round are written within a moment; a line later than this after the round's first starts a new round. */
const ROUND_SPAN_MS = 10_000;

export type StatsRound = {
  location: string;
  /** Time of the round's first line (the node's clock, as the log line says). */
  at: number;
  /** Peers per category, as the round listed them (a peer in two buckets is in both lists). */
  buckets: Record<string, string[]>;
  /** The `peerCount` each line gave, per category (cumulative in go-quai), null when absent. */
  lineCounts: Record<string, number | null>;
  /** Log-store seq of each line, to link the view to the lines. */
  seqs: number[];
  /** Every bucket had its line; a round missing one is not judged for gaps (its missing bucket is unknown). */
  complete: boolean;
  /** The writer's lists were cumulative (go-quai as it is) or per bucket. */
  cumulative: boolean;
  /** The previous line's raw list, to take this line's additions from. */
  lastRaw: string[];
};

function startsWith(list: readonly string[], prefix: readonly string[]): boolean {
  if (prefix.length === 0 || prefix.length > list.length) return false;
  return prefix.every((id, index) => list[index] === id);
}

function categoryIndex(category: string): number {
  return (GOQUAI_CATEGORIES as readonly string[]).indexOf(category);
}

export type RoundStep = { building: StatsRound; finished: StatsRound | null };

/**
 * Adds one `Peer stats` line to the round being read for its location. Returns
 * the round it belongs to and, when this line started a new round, the one it closed.
 */
export function addStatsLine(building: StatsRound | null, line: PeerStatsEvidence & { seq: number }): RoundStep {
  const at = Date.parse(line.at);
  const index = categoryIndex(line.category);
  const lastIndex = building ? Math.max(-1, ...Object.keys(building.buckets).map(categoryIndex)) : -1;
  const startsNew =
    !building || Object.hasOwn(building.buckets, line.category) || index <= lastIndex || !(at - building.at <= ROUND_SPAN_MS);
  const finished = startsNew && building ? building : null;
  const round: StatsRound = startsNew
    ? { location: line.location, at, buckets: {}, lineCounts: {}, seqs: [], complete: false, cumulative: false, lastRaw: [] }
    : { ...building!, buckets: { ...building!.buckets }, lineCounts: { ...building!.lineCounts }, seqs: [...building!.seqs] };
  const cumulative = startsWith(line.peerIds, round.lastRaw);
  round.buckets[line.category] = cumulative ? line.peerIds.slice(round.lastRaw.length) : [...line.peerIds];
  round.cumulative = round.cumulative || cumulative;
  round.lineCounts[line.category] = line.peerCount;
  round.seqs.push(line.seq);
  round.lastRaw = line.peerIds;
  round.complete = GOQUAI_CATEGORIES.every((category) => Object.hasOwn(round.buckets, category));
  return { building: round, finished: finished && { ...finished, complete: GOQUAI_CATEGORIES.every((c) => Object.hasOwn(finished.buckets, c)) } };
}

/** Every category a peer is in, in go-quai's order. */
export function categoriesOf(round: StatsRound, peer: string): string[] {
  return GOQUAI_CATEGORIES.filter((category) => round.buckets[category]?.includes(peer));
}

/** Distinct peers the round lists in any category. */
export function peersOf(round: StatsRound): Set<string> {
  const peers = new Set<string>();
  for (const list of Object.values(round.buckets)) for (const peer of list) peers.add(peer);
  return peers;
}

/** Peers listed in two or more categories of one round: the race's mirror image. */
export function multiCategoryPeers(round: StatsRound): Array<{ peer: string; categories: string[] }> {
  return [...peersOf(round)]
    .map((peer) => ({ peer, categories: categoriesOf(round, peer) }))
    .filter((entry) => entry.categories.length >= 2);
}

/** Peers in a category before and after `middle` but in none of `middle`'s: the gap. Only complete rounds are judged. */
export function gapPeers(before: StatsRound, middle: StatsRound, after: StatsRound): string[] {
  if (!before.complete || !middle.complete || !after.complete) return [];
  const inMiddle = peersOf(middle);
  const inAfter = peersOf(after);
  return [...peersOf(before)].filter((peer) => !inMiddle.has(peer) && inAfter.has(peer));
}

export type Freshness = 'fresh' | 'stale' | 'unknown';

/**
 * Whether a category list is what the node holds now: fresh until its next
 * round is overdue (the round period plus half a period or a poll interval,
 * whichever is longer), stale after. One rule for the analyzer and the view.
 */
export function categoriesFreshness(roundAt: number | null, periodMs: number, pollIntervalMs: number, now: number): Freshness {
  if (roundAt === null) return 'unknown';
  return now - roundAt <= periodMs + Math.max(periodMs / 2, pollIntervalMs) ? 'fresh' : 'stale';
}
