import type { ClusterFinding } from '@/lib/contract/api';
import type { FindingClass } from '@/lib/contract/findings';
import type { NodeReport, NodeStatus } from '@/lib/contract/report';
import type { GoquaiPeersView } from './goquai-peers-view';
import { nodeStatus } from './node-status';
import { pausesAt, runAllSteps, type Steps } from './steps';
import { PEERS_LIMITS, gapClass, peerMoves, type ClosedGap, type NodePeersState, type PeerGap, type PeerMove, type PeerTrack, type PeersState, type ReadErrorKeyTrack, type ReadErrorRecord } from './peers-state';

/** What the peers page shows, built from the analyzer's state (no verdict of its own). */

/** Whether the categories shown for a node are what it says now. */
export type PeersDataStatus = 'ok' | 'stale' | 'unknown' | 'unavailable';

export type PeersNodeView = {
  id: string;
  dataStatus: PeersDataStatus;
  /** The node's poll status now (unreachable, timeout …), as the overview shows it. */
  nodeStatus: NodeStatus;
  /** When the categories shown were answered; null when never. */
  dataFrom: number | null;
  categories: string[];
  counts: Record<string, number>;
  undeclaredCounts: Record<string, number>;
  /** Distinct peers listed in the last answer. */
  listedPeers: number;
  peersInGap: number;
  peersInSeveralCategories: number;
  activeReadErrorKeys: number;
  untrackedPeers: number;
};

export type PeerRow = {
  node: string;
  id: string;
  address: string | null;
  categories: string[];
  listedAs: string[];
  lastCategory: string | null;
  score: number | null;
  since: string | null;
  /** Listed in the node's last answer at all. */
  listed: boolean;
  /** From a node that is not answering now: last known, not current. */
  stale: boolean;
  dataFrom: number | null;
  gap: (PeerGap & { class: FindingClass }) | null;
  multiCategory: boolean;
  lastGap: ClosedGap | null;
  gapCount: number;
  moves: PeerMove[];
};

export type ReadErrorKeyView = Omit<ReadErrorKeyTrack, 'quietPolls'> & { node: string; stale: boolean };

export type CountSeries = { node: string; categories: string[]; samples: { at: number; counts: Record<string, number> }[] };

export type PeersView = {
  generatedAt: number;
  pollIntervalMs: number;
  gapTransientPolls: number;
  filter: { node: string | null; category: string | null; q: string | null };
  nodes: PeersNodeView[];
  peers: PeerRow[];
  /** Peers matching the filter before `limit`. */
  matchingPeers: number;
  readErrors: ReadErrorKeyView[];
  recentReadErrors: (ReadErrorRecord & { node: string })[];
  countsOverTime: CountSeries[];
};

/** What GET /api/peers answers: the view, go-quai's categories per location (lib/diagnostics/goquai-peers-view.ts), and the active and recently resolved peer findings. */
export type PeersResponse = PeersView & { goquai: GoquaiPeersView; findings: ClusterFinding[] };

export type PeersViewParams = {
  targetIds: readonly string[];
  pollIntervalMs: number;
  /** Each node's status as every page shows it (the runtime's one rule); without it, the rule on the latest report alone. */
  statusOf?: (id: string) => NodeStatus | undefined;
  gapTransientPolls: number;
  node?: string | null;
  category?: string | null;
  q?: string | null;
  limit?: number;
};

/** Series for every node when there are few, else only for the node asked for. */
const SERIES_ALL_NODES_UP_TO = 24;
export const DEFAULT_PEER_LIMIT = 1000;
/** The most peer rows one answer carries. */
export const MAX_PEER_ROWS = 5000;
/** Active read-error tracks always fit; the rest are the most recent resolved ones. */
const READ_ERRORS_SHOWN = 100;

/** Whether this node's peer lists are current: only when its status (the one rule) is ok. */
function dataStatusOf(node: NodePeersState | undefined, report: NodeReport | undefined, status: NodeStatus): PeersDataStatus {
  if (!node || node.lastOkAt === null) return 'unknown';
  if (node.unavailable) return report && report.status === 'ok' ? 'unavailable' : 'unknown';
  if (!report || status !== 'ok' || node.lastPollStatus !== 'ok') return 'stale';
  return 'ok';
}

/** Peers in a gap first, then those in several categories. */
function peerRank(peer: PeerTrack): number {
  if (peer.gap) return 0;
  if (peer.categories.length >= 2) return 1;
  return 2;
}

/** A node's peers matching the filter, before their rows are built (one record a node, not one a peer: 50,000 peers a cycle). */
type NodeMatches = { node: string; nodeState: NodePeersState; stale: boolean; peers: PeerTrack[] };

/** A peer chosen for a row. */
type MatchingPeer = { matches: NodeMatches; peer: PeerTrack };

/** How many of a node's peers are listed, in a gap, in several categories: counted, not filtered into arrays. */
function peerCounts(node: NodePeersState | undefined): { listed: number; inGap: number; inSeveral: number; activeReadErrorKeys: number } {
  const counts = { listed: 0, inGap: 0, inSeveral: 0, activeReadErrorKeys: 0 };
  if (!node) return counts;
  for (const peer of node.peers.values()) {
    if (peer.listed) counts.listed += 1;
    if (peer.gap) counts.inGap += 1;
    if (peer.categories.length >= 2) counts.inSeveral += 1;
  }
  for (const key of node.readErrorKeys.values()) if (key.active) counts.activeReadErrorKeys += 1;
  return counts;
}

const collator = new Intl.Collator();
/** The order `localeCompare` gives, at a fraction of its cost per call. */
const compareText = collator.compare;

/** Nodes read between two pauses of a sliced build (~2–4 ms at 10 peers a node). */
const NODES_PER_STEP = 250;

export function buildPeersView(state: PeersState, latestReports: ReadonlyMap<string, NodeReport>, params: PeersViewParams, now: number): PeersView {
  return runAllSteps(buildPeersViewSteps(state, latestReports, params, now));
}

/**
 * The peers with the first `limit` rows' places, in row order: peers in a gap
 * first, then in several categories, then the rest; within each, by node id,
 * then peer id. Only the nodes that reach the shown rows have their peers
 * sorted (50,000 peers are not sorted to show 1,000).
 */
function* firstInRowOrder(byNodeOrder: readonly (NodeMatches | undefined)[], limit: number): Steps<MatchingPeer[]> {
  const chosen: MatchingPeer[] = [];
  for (let rank = 0; rank <= 2 && chosen.length < limit; rank += 1) {
    for (let order = 0; order < byNodeOrder.length && chosen.length < limit; order += 1) {
      if (pausesAt(order, NODES_PER_STEP * 4)) yield;
      const matches = byNodeOrder[order];
      const ofRank = matches?.peers.filter((peer) => peerRank(peer) === rank);
      if (!matches || !ofRank || ofRank.length === 0) continue;
      // Stable: peers the collator calls equal keep the node's order, as one sort of every peer kept them.
      ofRank.sort((a, b) => compareText(a.id, b.id));
      for (const peer of ofRank.slice(0, limit - chosen.length)) chosen.push({ matches, peer });
    }
  }
  return chosen;
}

/** buildPeersView as steps (lib/diagnostics/steps.ts): pauses between slices of nodes. */
export function* buildPeersViewSteps(
  state: PeersState,
  latestReports: ReadonlyMap<string, NodeReport>,
  params: PeersViewParams,
  now: number,
): Steps<PeersView> {
  const { pollIntervalMs, gapTransientPolls } = params;
  const nodeFilter = params.node ?? null;
  const categoryFilter = params.category ?? null;
  const q = params.q?.trim().toLowerCase() || null;
  const limit = params.limit ?? DEFAULT_PEER_LIMIT;

  const nodes: PeersNodeView[] = [];
  // Matching peers by their node's place in id order: rows are cut from them in order (firstInRowOrder).
  const matchingByNodeOrder: (NodeMatches | undefined)[] = [];
  let matchingPeers = 0;
  const readErrors: ReadErrorKeyView[] = [];
  const recentReadErrors: PeersView['recentReadErrors'] = [];
  const countsOverTime: CountSeries[] = [];
  const seriesForAll = params.targetIds.length <= SERIES_ALL_NODES_UP_TO;
  // Each node's place in id order, so sorting the peers compares numbers, not ids, across nodes.
  const nodeOrder = new Map([...params.targetIds].sort(compareText).map((id, index) => [id, index]));

  yield;
  for (const [index, id] of params.targetIds.entries()) {
    if (pausesAt(index, NODES_PER_STEP)) yield;
    const node = state.nodes.get(id);
    const report = latestReports.get(id);
    const status = params.statusOf?.(id) ?? nodeStatus({ latest: report, nextDueAt: null, now, pollIntervalMs });
    const dataStatus = dataStatusOf(node, report, status);
    const stale = dataStatus === 'stale';
    const counted = peerCounts(node);
    nodes.push({
      id,
      dataStatus,
      nodeStatus: status,
      dataFrom: node?.lastOkAt ?? null,
      categories: node?.categories ?? [],
      counts: node?.counts ?? {},
      undeclaredCounts: node?.undeclaredCounts ?? {},
      listedPeers: counted.listed,
      peersInGap: counted.inGap,
      peersInSeveralCategories: counted.inSeveral,
      activeReadErrorKeys: counted.activeReadErrorKeys,
      untrackedPeers: node?.untrackedPeers ?? 0,
    });
    if (!node || (nodeFilter !== null && nodeFilter !== id)) continue;

    if (node.countSamples.size > 0 && (seriesForAll || nodeFilter === id)) {
      countsOverTime.push({ node: id, categories: node.categories, samples: node.countSamples.toArray() });
    }
    for (const track of node.readErrorKeys.values()) {
      const { quietPolls: _quiet, ...rest } = track;
      void _quiet;
      readErrors.push({ ...rest, node: id, stale });
    }
    for (const e of node.recentReadErrors) recentReadErrors.push({ ...e, node: id });

    const matches: NodeMatches = { node: id, nodeState: node, stale, peers: [] };
    for (const peer of node.peers.values()) {
      if (categoryFilter !== null) {
        const inCategory = peer.categories.includes(categoryFilter) || peer.listedAs.includes(categoryFilter);
        const wasInCategory = peer.gap?.categoryBefore === categoryFilter;
        if (!inCategory && !wasInCategory) continue;
      }
      if (q !== null && !peer.id.toLowerCase().includes(q) && !(peer.address ?? '').toLowerCase().includes(q)) continue;
      matches.peers.push(peer);
    }
    if (matches.peers.length > 0) matchingByNodeOrder[nodeOrder.get(id)!] = matches;
    matchingPeers += matches.peers.length;
  }

  yield;
  // Only the rows shown are built: 50,000 peers cost plain records, not 50,000 row objects.
  const shown = yield* firstInRowOrder(matchingByNodeOrder, limit);
  const rows = shown.map(({ matches: { node, nodeState, stale }, peer }): PeerRow => ({
    node,
    id: peer.id,
    address: peer.address,
    categories: peer.categories,
    listedAs: peer.listedAs,
    lastCategory: peer.lastCategory,
    score: peer.score,
    since: peer.since,
    listed: peer.listed,
    stale,
    dataFrom: nodeState.lastOkAt,
    gap: peer.gap ? { ...peer.gap, class: gapClass(peer.gap.polls, gapTransientPolls) } : null,
    multiCategory: peer.categories.length >= 2,
    lastGap: peer.lastGap,
    gapCount: peer.gapCount,
    moves: peerMoves(peer),
  }));

  readErrors.sort((a, b) => Number(b.active) - Number(a.active) || b.lastNewAt - a.lastNewAt);
  recentReadErrors.sort((a, b) => b.seenAt - a.seenAt || b.at.localeCompare(a.at));

  return {
    generatedAt: now,
    pollIntervalMs,
    gapTransientPolls,
    filter: { node: nodeFilter, category: categoryFilter, q },
    nodes,
    peers: rows,
    matchingPeers,
    readErrors: readErrors.slice(0, READ_ERRORS_SHOWN),
    recentReadErrors: recentReadErrors.slice(0, PEERS_LIMITS.recentReadErrors),
    countsOverTime,
  };
}

