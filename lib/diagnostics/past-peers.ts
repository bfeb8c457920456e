import type { NodeSummary } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { PeerBase, PeerMove as StoredPeerMove } from '@/lib/store/persistence/types';
import { PEERS_LIMITS, gapClass, type PeerMove } from './peers-state';
import type { CountSeries, PeerRow, PeersNodeView, PeersView } from './peers-view';

/**
 * The peers view as of a past moment, replayed from stored history: each
 * node's newest peer base at or before `at` (its whole list after a start),
 * then its category moves up to `at`. Pure: stored rows in, the view out.
 * A node without a base then is `unknown` (not known then), never empty.
 */

export type PastPeersInput = {
  at: number;
  pollIntervalMs: number;
  gapTransientPolls: number;
  /** Every target, with its status as of `at` (nodesAsOf). */
  nodes: readonly NodeSummary[];
  bases: readonly PeerBase[];
  /** Oldest first, each node's from its base on. */
  moves: readonly StoredPeerMove[];
  /** Peer findings as of `at`: active read errors are counted from them. */
  findings: readonly Finding[];
  filter: { node?: string; category?: string; q?: string; limit?: number };
};

const DEFAULT_PEER_LIMIT = 1000;
const SERIES_ALL_NODES_UP_TO = 24;

/** "a+b" (listed under several names) → ["a", "b"]; null (not listed) → []. */
const namesOf = (stored: string | null): string[] => (stored === null ? [] : stored.split('+'));

type ReplayedPeer = {
  id: string;
  /** As last listed: null when the node stopped listing it. */
  listedAs: string | null;
  lastCategory: string | null;
  lastSeenInCategoryAt: number | null;
  /** When it was last seen in no declared category (listed or not); null while in one. */
  outSince: number | null;
  categoryBefore: string | null;
  moves: PeerMove[];
};

type ReplayedNode = { base: PeerBase; peers: Map<string, ReplayedPeer>; series: { at: number; counts: Record<string, number> }[]; lastMoveAt: number };

function countsOf(peers: Iterable<ReplayedPeer>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const peer of peers) for (const name of namesOf(peer.listedAs)) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

function replayNode(base: PeerBase, moves: readonly StoredPeerMove[]): ReplayedNode {
  const declared = new Set(base.categories);
  const peers = new Map<string, ReplayedPeer>();
  // Peers already out of every category when the base was written: their gap began when they left, not at the base.
  for (const gone of base.left ?? []) {
    const before = namesOf(gone.from).find((name) => declared.has(name)) ?? null;
    peers.set(gone.peer, {
      id: gone.peer,
      listedAs: null,
      lastCategory: before,
      lastSeenInCategoryAt: before === null ? null : gone.at,
      outSince: gone.at,
      categoryBefore: before,
      moves: [{ at: gone.at, from: gone.from === null ? null : namesOf(gone.from), to: [] }],
    });
  }
  const series: ReplayedNode['series'] = [];
  let lastMoveAt = base.at;
  for (const move of moves) {
    const to = namesOf(move.to);
    const inDeclared = to.filter((name) => declared.has(name));
    const peer = peers.get(move.peer) ?? { id: move.peer, listedAs: null, lastCategory: null, lastSeenInCategoryAt: null, outSince: null, categoryBefore: null, moves: [] };
    const wasIn = peer.listedAs !== null && namesOf(peer.listedAs).some((name) => declared.has(name));
    if (inDeclared.length > 0) {
      peer.lastCategory = inDeclared[0];
      peer.lastSeenInCategoryAt = move.at;
      peer.outSince = null;
    } else if (wasIn || peer.outSince === null) {
      peer.categoryBefore = peer.lastCategory;
      peer.outSince = move.at;
    }
    peer.listedAs = move.to;
    peer.moves = [...peer.moves, { at: move.at, from: move.from === null ? null : namesOf(move.from), to }].slice(-PEERS_LIMITS.movesPerPeer);
    peers.set(move.peer, peer);
    if (move.at !== lastMoveAt || series.length === 0) series.push({ at: move.at, counts: {} });
    lastMoveAt = move.at;
    series[series.length - 1].counts = countsOf(peers.values());
  }
  return { base, peers, series: series.slice(-PEERS_LIMITS.countSamples), lastMoveAt };
}

/** The replayed state of one node as a view row, with its data age from its status then. */
function nodeRow(summary: NodeSummary, replayed: ReplayedNode | undefined, findings: readonly Finding[]): PeersNodeView {
  const readErrors = findings.filter((finding) => finding.kind === 'peer.read_error' && finding.status === 'active' && finding.subject.node === summary.id).length;
  if (!replayed) {
    return {
      id: summary.id,
      dataStatus: 'unknown',
      nodeStatus: summary.status,
      dataFrom: null,
      categories: [],
      counts: {},
      undeclaredCounts: {},
      listedPeers: 0,
      peersInGap: 0,
      peersInSeveralCategories: 0,
      activeReadErrorKeys: readErrors,
      untrackedPeers: 0,
    };
  }
  const declared = new Set(replayed.base.categories);
  const all = countsOf(replayed.peers.values());
  const counts = Object.fromEntries(replayed.base.categories.map((name) => [name, all[name] ?? 0]));
  const undeclaredCounts = Object.fromEntries(Object.entries(all).filter(([name]) => !declared.has(name)));
  const peers = [...replayed.peers.values()];
  // The node's last ok answer then; the moves only say when something changed.
  const dataFrom = Math.max(replayed.lastMoveAt, summary.lastSeen ?? replayed.base.at);
  return {
    id: summary.id,
    dataStatus: summary.status === 'ok' ? 'ok' : 'stale',
    nodeStatus: summary.status,
    dataFrom,
    categories: [...replayed.base.categories],
    counts,
    undeclaredCounts,
    listedPeers: peers.filter((peer) => peer.listedAs !== null).length,
    peersInGap: peers.filter((peer) => peer.outSince !== null).length,
    peersInSeveralCategories: peers.filter((peer) => namesOf(peer.listedAs).filter((name) => declared.has(name)).length >= 2).length,
    activeReadErrorKeys: readErrors,
    untrackedPeers: 0,
  };
}

function peerRow(node: PeersNodeView, replayed: ReplayedNode, peer: ReplayedPeer, input: PastPeersInput): PeerRow {
  const declared = new Set(replayed.base.categories);
  const listedAs = namesOf(peer.listedAs);
  const categories = listedAs.filter((name) => declared.has(name));
  // Polls it has been out of every category: the answered polls between then and `at`.
  const polls = peer.outSince === null ? 0 : Math.max(1, Math.floor((input.at - peer.outSince) / input.pollIntervalMs) + 1);
  return {
    node: node.id,
    id: peer.id,
    // Addresses, scores and "since" come from full answers, which history does not keep.
    address: null,
    categories,
    listedAs,
    lastCategory: peer.lastCategory,
    score: null,
    since: null,
    listed: peer.listedAs !== null,
    stale: node.dataStatus === 'stale',
    dataFrom: node.dataFrom,
    gap:
      peer.outSince === null
        ? null
        : {
            startedAt: peer.outSince,
            polls,
            categoryBefore: peer.categoryBefore,
            lastSeenInCategoryAt: peer.lastSeenInCategoryAt,
            reason: peer.listedAs === null ? 'missing' : 'undeclared_category',
            listedAs: peer.listedAs === null ? [] : listedAs,
            class: gapClass(polls, input.gapTransientPolls),
          },
    multiCategory: categories.length >= 2,
    lastGap: null,
    gapCount: peer.moves.filter((move) => move.to.every((name) => !declared.has(name))).length,
    moves: peer.moves,
  };
}

const rank = (row: PeerRow) => (row.gap ? 0 : row.multiCategory ? 1 : 2);
/** Ids compared as plain strings: tens of thousands of rows, where localeCompare costs seconds. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function peersAsOf(input: PastPeersInput): PeersView {
  const { filter } = input;
  const q = filter.q?.trim().toLowerCase() || null;
  const movesByNode = new Map<string, StoredPeerMove[]>();
  for (const move of input.moves) {
    const list = movesByNode.get(move.node);
    if (list) list.push(move);
    else movesByNode.set(move.node, [move]);
  }
  const replayedByNode = new Map(input.bases.map((base) => [base.node, replayNode(base, movesByNode.get(base.node) ?? [])]));
  const seriesForAll = input.nodes.length <= SERIES_ALL_NODES_UP_TO;
  const nodes: PeersNodeView[] = [];
  const rows: PeerRow[] = [];
  const countsOverTime: CountSeries[] = [];
  for (const summary of input.nodes) {
    const replayed = replayedByNode.get(summary.id);
    const node = nodeRow(summary, replayed, input.findings);
    nodes.push(node);
    if (!replayed || (filter.node && filter.node !== summary.id)) continue;
    if (replayed.series.length > 0 && (seriesForAll || filter.node === summary.id)) {
      countsOverTime.push({ node: summary.id, categories: node.categories, samples: replayed.series });
    }
    for (const peer of replayed.peers.values()) {
      const row = peerRow(node, replayed, peer, input);
      if (filter.category && !row.categories.includes(filter.category) && !row.listedAs.includes(filter.category) && row.gap?.categoryBefore !== filter.category) continue;
      if (q !== null && !row.id.toLowerCase().includes(q)) continue;
      rows.push(row);
    }
  }
  rows.sort((a, b) => rank(a) - rank(b) || byText(a.node, b.node) || byText(a.id, b.id));
  return {
    generatedAt: input.at,
    pollIntervalMs: input.pollIntervalMs,
    gapTransientPolls: input.gapTransientPolls,
    filter: { node: filter.node ?? null, category: filter.category ?? null, q },
    nodes,
    peers: rows.slice(0, filter.limit ?? DEFAULT_PEER_LIMIT),
    matchingPeers: rows.length,
    // Read errors are kept only as findings (counted per node above), not as records.
    readErrors: [],
    recentReadErrors: [],
    countsOverTime,
  };
}
