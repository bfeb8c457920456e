import type { FindingClass } from '@/lib/contract/findings';
import type { NodeStatus, PeerCounts } from '@/lib/contract/report';
import { categorizedPeers, latestRound, nodePeriod, periodOf, readErrorClass, type GapEvent, type GoquaiPeersState, type ReadErrorTrack } from './goquai-peers';
import { BUCKET_OF_CATEGORY, GOQUAI_CATEGORIES, categoriesFreshness, multiCategoryPeers, type Freshness } from './goquai-rounds';

/** What the peers page shows of go-quai nodes: categories per location with their age, gaps and read errors (no verdict of its own). */

export type GoquaiLocationView = {
  location: string;
  /** When the round shown was written (the node's log time); null before the first round. */
  roundAt: number | null;
  ageMs: number | null;
  /** The node's round period as its rounds show it (go-quai's minute until two rounds are in). */
  periodMs: number;
  freshness: Freshness;
  /** Every bucket had its line in that round. */
  complete: boolean;
  buckets: Array<{ category: string; bucket: string; peers: string[] }>;
  multiCategoryPeers: string[];
  logLines: number[];
};

export type GoquaiNodeView = {
  id: string;
  nodeStatus: NodeStatus;
  counts: PeerCounts | null;
  countsAt: number | null;
  /** Distinct peers in the fresh categories; null when none is fresh. */
  categorizedPeers: number | null;
  locations: GoquaiLocationView[];
  gaps: GapEvent[];
  readErrors: Array<ReadErrorTrack & { class: FindingClass }>;
};

export type GoquaiPeersView = { nodes: GoquaiNodeView[] };

const GAPS_SHOWN = 10;
const READ_ERRORS_SHOWN = 20;

export function buildGoquaiPeersView(
  state: GoquaiPeersState,
  params: { targetIds: readonly string[]; statusOf: (id: string) => NodeStatus | undefined; pollIntervalMs: number; node?: string | null },
  now: number,
): GoquaiPeersView {
  const nodes: GoquaiNodeView[] = [];
  for (const id of params.targetIds) {
    const node = state.nodes.get(id);
    if (!node || (params.node && params.node !== id)) continue;
    const period = nodePeriod(node);
    const locations = [...node.locations.values()]
      .map((track): GoquaiLocationView => {
        const round = latestRound(track);
        const periodMs = periodOf(track);
        return {
          location: track.location,
          roundAt: round?.at ?? null,
          ageMs: round ? now - round.at : null,
          periodMs,
          freshness: categoriesFreshness(round?.at ?? null, periodMs, params.pollIntervalMs, now),
          complete: round?.complete ?? false,
          buckets: GOQUAI_CATEGORIES.map((category) => ({ category, bucket: BUCKET_OF_CATEGORY[category], peers: round?.buckets[category] ?? [] })),
          multiCategoryPeers: round ? multiCategoryPeers(round).map((entry) => entry.peer) : [],
          logLines: round?.seqs ?? [],
        };
      })
      .sort((a, b) => a.location.localeCompare(b.location));
    nodes.push({
      id,
      nodeStatus: params.statusOf(id) ?? 'unknown',
      counts: node.counts,
      countsAt: node.countsAt,
      categorizedPeers: categorizedPeers(node, params.pollIntervalMs, now),
      locations,
      gaps: node.gaps.slice(-GAPS_SHOWN).reverse(),
      readErrors: [...node.readErrors.values()]
        .slice(-READ_ERRORS_SHOWN)
        .reverse()
        .map((track) => ({ ...track, class: readErrorClass(track, period) })),
    });
  }
  return { nodes };
}
