import type { Condition } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import type { PeersDoc } from '@/lib/contract/admin-v1';
import { readErrorCondition, stepReadErrors } from './peer-read-errors';
import { PEERS_LIMITS, emptyNode, gapClass, iso, peerMoves, pushCapped, sameSet, type GapReason, type NodePeersState, type PeerGap, type PeerTrack, type PeersState } from './peers-state';
import { stepToEnd, type Analyzer, type AnalyzerResult, type CycleInput } from './types';
import { internList } from '@/lib/store/intern';
import { compactMoves } from './peer-moves';
import { sameCounts } from './count-samples';

/** The peers analyzer: folds each answer into the bounded state of lib/diagnostics/peers-state.ts (rules there). */

type Listing = {
  id: string;
  address: string | null;
  score: number | null;
  since: string | null;
  listedAs: string[];
  categories: string[];
};

/**
 * The shared frozen copy of a list of names (lib/store/intern.ts): tracks and
 * moves hold these, never arrays of their own. Typed mutable only so the
 * state types stay as the views read them; nothing writes to them (a write
 * would throw).
 */
const sharedNames = (names: readonly string[]) => internList(names) as string[];
const NO_NAMES = sharedNames([]);

/** Groups the answer's entries by peer id; a peer listed twice becomes one listing with both names. */
function groupListings(doc: PeersDoc, declared: readonly string[]): Map<string, Listing> {
  const declaredSet = new Set(declared);
  const byId = new Map<string, Listing>();
  for (const entry of doc.peers) {
    let listing = byId.get(entry.id);
    if (!listing) {
      listing = {
        id: entry.id,
        address: entry.address ?? null,
        score: entry.score ?? null,
        since: entry.since ?? null,
        listedAs: [],
        categories: [],
      };
      byId.set(entry.id, listing);
    }
    if (!listing.listedAs.includes(entry.category)) listing.listedAs.push(entry.category);
  }
  for (const listing of byId.values()) {
    listing.categories = sharedNames(declared.filter((name) => declaredSet.has(name) && listing.listedAs.includes(name)));
    listing.listedAs = sharedNames(listing.listedAs);
  }
  return byId;
}

function countEntries(doc: PeersDoc, declared: readonly string[]) {
  const counts: Record<string, number> = Object.fromEntries(declared.map((name) => [name, 0]));
  const undeclaredCounts: Record<string, number> = {};
  for (const entry of doc.peers) {
    if (Object.hasOwn(counts, entry.category)) counts[entry.category] += 1;
    else undeclaredCounts[entry.category] = (undeclaredCounts[entry.category] ?? 0) + 1;
  }
  return { counts, undeclaredCounts };
}


/** A peer seen for the first time: nothing known of it yet but when. */
function newTrack(id: string, at: number): PeerTrack {
  return copyTrack({
    id,
    address: null,
    score: null,
    since: null,
    listed: false,
    categories: NO_NAMES,
    listedAs: NO_NAMES,
    lastCategory: null,
    firstSeenAt: at,
    lastSeenInCategoryAt: null,
    lastListedAt: at,
    multiPolls: 0,
    multiSince: null,
    gap: null,
    lastGap: null,
    gapCount: 0,
    moves: null,
  });
}

/**
 * A copy of a track written field by field, never as a spread: a spread of a
 * 19-field object keeps most fields in a separate property array (~110 bytes
 * more a track, 50,000 tracks at 5,000 nodes), a literal keeps all in the object.
 */
function copyTrack(track: PeerTrack): PeerTrack {
  return {
    id: track.id,
    address: track.address,
    score: track.score,
    since: track.since,
    listed: track.listed,
    categories: track.categories,
    listedAs: track.listedAs,
    lastCategory: track.lastCategory,
    firstSeenAt: track.firstSeenAt,
    lastSeenInCategoryAt: track.lastSeenInCategoryAt,
    lastListedAt: track.lastListedAt,
    multiPolls: track.multiPolls,
    multiSince: track.multiSince,
    gap: track.gap,
    lastGap: track.lastGap,
    gapCount: track.gapCount,
    moves: track.moves,
  };
}

const sameOrder = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((name, index) => name === b[index]);

/** Folds one listing (or its absence) into a peer's track. */
function stepPeer(
  prev: PeerTrack | undefined,
  listing: Listing | undefined,
  at: number,
  transientPolls: number,
): PeerTrack | undefined {
  if (!prev && !listing) return undefined;
  // A peer that left before it was ever in a category has nothing to fall out of.
  if (prev && !listing && prev.lastCategory === null) return undefined;
  const categories = listing?.categories ?? NO_NAMES;
  const base = prev ?? newTrack(listing!.id, at);
  const next = copyTrack(base);
  next.listed = !!listing;
  next.categories = categories;
  next.listedAs = listing?.listedAs ?? NO_NAMES;
  if (listing) {
    next.address = listing.address;
    next.score = listing.score;
    next.since = listing.since;
    next.lastListedAt = at;
  }

  // A new track's first move is implied by firstSeenAt and its categories (peerMoves()) until it moves.
  if (prev && !sameSet(prev.categories, categories)) {
    // A new list, times stored from firstSeenAt (lib/diagnostics/peer-moves.ts): older states share prev's.
    const moves = pushCapped(peerMoves(prev), { at, from: prev.categories, to: categories }, PEERS_LIMITS.movesPerPeer);
    next.moves = compactMoves(moves, prev.firstSeenAt);
  } else if (prev && prev.moves === null && !sameOrder(prev.categories, categories)) {
    // The same set in another order is no move, but the implied first move must keep the order it was seen in.
    next.moves = compactMoves(peerMoves(prev), prev.firstSeenAt);
  }

  if (categories.length > 0) {
    next.lastCategory = categories[0];
    next.lastSeenInCategoryAt = at;
    if (prev?.gap) {
      next.lastGap = {
        ...prev.gap,
        endedAt: at,
        categoryAfter: categories,
        class: gapClass(prev.gap.polls, transientPolls),
      };
      next.gapCount = prev.gapCount + 1;
    }
    next.gap = null;
  } else if (base.lastCategory !== null) {
    // Seen in a category before, in none now.
    const reason: GapReason = listing ? 'undeclared_category' : 'missing';
    next.gap = prev?.gap
      ? { ...prev.gap, polls: prev.gap.polls + 1, reason, listedAs: next.listedAs }
      : {
          startedAt: at,
          polls: 1,
          categoryBefore: base.lastCategory,
          lastSeenInCategoryAt: base.lastSeenInCategoryAt,
          reason,
          listedAs: next.listedAs,
        };
  }

  if (categories.length >= 2) {
    next.multiPolls = (prev?.multiPolls ?? 0) + 1;
    next.multiSince = prev?.multiSince ?? at;
  } else {
    next.multiPolls = 0;
    next.multiSince = null;
  }
  return next;
}

/** Keeps every listed peer up to the cap, then the most recently listed missing ones. */
function capPeers(peers: Map<string, PeerTrack>): { peers: Map<string, PeerTrack>; untracked: number } {
  if (peers.size <= PEERS_LIMITS.peersPerNode) return { peers, untracked: 0 };
  const all = [...peers.values()];
  const listed = all.filter((p) => p.listed);
  const missing = all.filter((p) => !p.listed).sort((a, b) => b.lastListedAt - a.lastListedAt);
  const kept = [...listed, ...missing].slice(0, PEERS_LIMITS.peersPerNode);
  const untracked = Math.max(0, listed.length - PEERS_LIMITS.peersPerNode);
  return { peers: new Map(kept.map((p) => [p.id, p])), untracked };
}

function gapCondition(node: string, peer: PeerTrack, gap: PeerGap, at: number, transientPolls: number): Condition {
  const cls = gapClass(gap.polls, transientPolls);
  const where =
    gap.reason === 'missing' ? 'is no longer listed' : `is listed only under undeclared ${gap.listedAs.join(', ')}`;
  return {
    kind: 'peer.category_gap',
    severity: 'warning',
    subject: { type: 'peer', id: peer.id, node },
    summary: `Peer ${peer.id} on ${node} is in no category (was ${gap.categoryBefore ?? 'unknown'}): it ${where}, ${gap.polls} poll(s)`,
    evidence: {
      node,
      peer: peer.id,
      categoryBefore: gap.categoryBefore,
      lastSeenInCategoryAt: iso(gap.lastSeenInCategoryAt),
      missingSince: iso(gap.startedAt),
      missingPolls: gap.polls,
      missingMs: at - gap.startedAt,
      reason: gap.reason,
      listedAs: gap.listedAs,
      transientWithinPolls: transientPolls,
    },
    class: cls,
    since: gap.startedAt,
  };
}

function multiCondition(node: string, peer: PeerTrack): Condition {
  return {
    kind: 'peer.multi_category',
    severity: 'warning',
    subject: { type: 'peer', id: peer.id, node },
    summary: `Peer ${peer.id} on ${node} is in ${peer.categories.length} categories at once: ${peer.categories.join(', ')}`,
    evidence: { node, peer: peer.id, categories: peer.categories, since: iso(peer.multiSince), polls: peer.multiPolls },
    since: peer.multiSince ?? undefined,
  };
}

function nodeConditions(node: NodePeersState, at: number, transientPolls: number): Condition[] {
  const conditions: Condition[] = [];
  for (const peer of node.peers.values()) {
    if (peer.gap) conditions.push(gapCondition(node.nodeId, peer, peer.gap, at, transientPolls));
    if (peer.categories.length >= 2) conditions.push(multiCondition(node.nodeId, peer));
  }
  for (const track of node.readErrorKeys.values()) {
    if (track.active) conditions.push(readErrorCondition(node.nodeId, track, transientPolls));
  }
  return conditions;
}

/** The node's count samples with this answer's appended (in place: lib/diagnostics/count-samples.ts). */
function appendCountSample(samples: NodePeersState['countSamples'], at: number, counts: Record<string, number>): NodePeersState['countSamples'] {
  samples.push(at, counts);
  return samples;
}

/**
 * The answer lists exactly the peers the node listed last time, each once and
 * in the same single declared category, and no peer is in a gap or in several
 * categories: most answers. Then the per-peer rules have nothing to decide.
 */
function sameQuietListing(prev: NodePeersState, doc: PeersDoc): boolean {
  if (prev.polls === 0 || prev.unavailable || prev.untrackedPeers > 0 || doc.peers.length !== prev.peers.size) return false;
  if (doc.categories.length !== prev.categories.length || doc.categories.some((name, index) => name !== prev.categories[index])) return false;
  // As many entries as tracks, each a different tracked peer: then every tracked peer is listed again.
  const seen = new Set<string>();
  for (const entry of doc.peers) {
    const track = prev.peers.get(entry.id);
    if (!track || !track.listed || track.gap || track.categories.length !== 1 || track.categories[0] !== entry.category || track.listedAs.length !== 1) return false;
    if (seen.has(entry.id)) return false;
    seen.add(entry.id);
  }
  return true;
}

/**
 * sameQuietListing(): what stepPeer would give, written into the tracks: each
 * peer was listed again, in the same category. Copying 10 tracks per node per
 * poll was most of this analyzer's time and garbage at 5,000 nodes. No reader
 * runs while a step runs; views built between two slices of a cycle may see
 * the new scores early, never a half-updated track.
 */
function refreshQuietListing(prev: NodePeersState, doc: PeersDoc, at: number): void {
  for (const entry of doc.peers) {
    const track = prev.peers.get(entry.id) as PeerTrack;
    // The answer's own strings, even when equal: the stored report keeps them for the whole cycle
    // anyway, so the track shares them instead of holding a second copy of each (the old copies
    // die with the report they came in).
    track.address = entry.address ?? null;
    track.since = entry.since ?? null;
    track.score = entry.score ?? null;
    track.lastListedAt = at;
    track.lastSeenInCategoryAt = at;
  }
}

/** Folds one ok answer with a peers part into the node's state. */
function stepAnsweredNode(prev: NodePeersState, report: NodeReport, doc: PeersDoc, transientPolls: number): NodePeersState {
  const at = report.fetchedAt;
  if (sameQuietListing(prev, doc)) return stepQuietNode(prev, report, doc, transientPolls);
  const declared = sharedNames([...new Set(doc.categories)]);
  const listings = groupListings(doc, declared);
  const stepped = new Map<string, PeerTrack>();
  for (const [id, listing] of listings) {
    const track = stepPeer(prev.peers.get(id), listing, at, transientPolls);
    if (track) stepped.set(id, track);
  }
  for (const [id, track] of prev.peers) {
    if (listings.has(id)) continue;
    const next = stepPeer(track, undefined, at, transientPolls);
    if (next) stepped.set(id, next);
  }
  const { peers, untracked } = capPeers(stepped);
  const { counts, undeclaredCounts } = countEntries(doc, declared);
  const readErrors = stepReadErrors(prev, doc, peers, at, transientPolls);
  const node: NodePeersState = {
    ...prev,
    lastReportAt: at,
    lastPollStatus: 'ok',
    lastOkAt: at,
    unavailable: false,
    polls: prev.polls + 1,
    categories: declared,
    counts,
    undeclaredCounts,
    peers,
    untrackedPeers: untracked,
    countSamples: appendCountSample(prev.countSamples, at, { ...counts, ...undeclaredCounts }),
    recentReadErrors: readErrors.recent,
    readErrorKeys: readErrors.keys,
    readErrorCursor: readErrors.cursor,
    conditions: [],
  };
  node.conditions = nodeConditions(node, at, transientPolls);
  return node;
}

/** stepAnsweredNode() for an answer that sameQuietListing() found unchanged: the tracks refreshed in place. */
function stepQuietNode(prev: NodePeersState, report: NodeReport, doc: PeersDoc, transientPolls: number): NodePeersState {
  const at = report.fetchedAt;
  refreshQuietListing(prev, doc, at);
  const { counts, undeclaredCounts } = countEntries(doc, prev.categories);
  const readErrors = stepReadErrors(prev, doc, prev.peers, at, transientPolls);
  const node: NodePeersState = {
    ...prev,
    lastReportAt: at,
    lastPollStatus: 'ok',
    lastOkAt: at,
    polls: prev.polls + 1,
    counts: sameCounts(prev.counts, counts) ? prev.counts : counts,
    undeclaredCounts,
    countSamples: appendCountSample(prev.countSamples, at, { ...counts, ...undeclaredCounts }),
    recentReadErrors: readErrors.recent,
    readErrorKeys: readErrors.keys,
    readErrorCursor: readErrors.cursor,
    conditions: [],
  };
  node.conditions = nodeConditions(node, at, transientPolls);
  return node;
}

/** Marks conditions from a node we cannot see now as last known. */
function staleConditions(conditions: readonly Condition[], lastOkAt: number | null): Condition[] {
  return conditions.map((c) => ({ ...c, evidence: { ...c.evidence, nodeStale: true, lastKnownAt: iso(lastOkAt) } }));
}

function stepNode(prev: NodePeersState, report: NodeReport | undefined, transientPolls: number): NodePeersState {
  if (!report || report.fetchedAt === prev.lastReportAt) return prev;
  if (report.status !== 'ok') {
    return { ...prev, lastReportAt: report.fetchedAt, lastPollStatus: report.status };
  }
  if (!report.peers) {
    return {
      ...emptyNode(prev.nodeId),
      lastReportAt: report.fetchedAt,
      lastPollStatus: 'ok',
      lastOkAt: report.fetchedAt,
      unavailable: true,
    };
  }
  return stepAnsweredNode(prev, report, report.peers, transientPolls);
}

/** Nodes folded in one slice of a cycle: ~5–15 ms at 10 peers a node on a loaded 2-core machine. */
const NODES_PER_SLICE = 500;

function* stepPeersInSlices(state: PeersState, input: CycleInput): Generator<void, AnalyzerResult<PeersState>, void> {
  const transientPolls = input.config.peerGapTransientPolls;
  const nodes = new Map<string, NodePeersState>();
  const conditions: Condition[] = [];
  for (const [index, id] of input.targetIds.entries()) {
    if (index > 0 && index % NODES_PER_SLICE === 0) yield;
    const prev = state.nodes.get(id) ?? emptyNode(id);
    const node = stepNode(prev, input.reports.get(id), transientPolls);
    nodes.set(id, node);
    if (node.lastPollStatus === 'ok') conditions.push(...node.conditions);
    else conditions.push(...staleConditions(node.conditions, node.lastOkAt));
  }
  return { state: { nodes }, conditions };
}

export const peersAnalyzer: Analyzer<PeersState> = {
  name: 'peers',
  initial: () => ({ nodes: new Map() }),
  stepInSlices: stepPeersInSlices,
  step: (state, input) => stepToEnd(stepPeersInSlices(state, input)),
};

// ---------------------------------------------------------------------------
// View: what GET /api/peers answers.

