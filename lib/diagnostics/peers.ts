import type { ClusterFinding } from '@/lib/contract/api';
import type { Condition, FindingClass } from '@/lib/contract/findings';
import type { NodeReport, NodeStatus, PollStatus } from '@/lib/contract/report';
import type { PeersDoc } from '@/lib/contract/admin-v1';
import { nodeStatus } from './node-status';
import type { Analyzer, CycleInput } from './types';

/**
 * Peers: what each node says about its peer categories, folded into a short,
 * bounded memory so that a peer that falls between categories (go-quai's
 * delete-then-add recategorisation) can be told from one that is gone for good.
 *
 * Rules (docs/peers.md says the same in operator's words):
 * - A peer seen in a declared category before and in none now is in a gap. It
 *   is "in none" when the node no longer lists it, or lists it only under a
 *   category name the node did not declare.
 * - A gap closed within `peerGapTransientPolls` polls is transient; one still
 *   open after that many polls is persistent.
 * - A node that did not answer keeps its last known categories, marked stale:
 *   its peers did not vanish, we just cannot see them. Gaps only count polls
 *   the node answered.
 * - A peer listed in two or more declared categories in one answer is
 *   multi-category.
 * - Peer-DB read errors are tracked per key. A key's finding stays active
 *   while new errors for it arrive, or while its peer is still out of every
 *   category (up to the transient window); it clears as soon as the peer is
 *   back in a category. More than 3 polls with new errors makes it persistent.
 */

/** Bounds that keep the state small however long the dashboard runs. */
export const PEERS_LIMITS = {
  movesPerPeer: 20,
  peersPerNode: 2000,
  countSamples: 360,
  recentReadErrors: 50,
  readErrorKeysPerNode: 200,
  /** Signatures remembered at the newest read-error timestamp, to tell new from already seen. */
  readErrorSignatures: 500,
} as const;

/** Polls with new errors for one key, in one activation, after which a read error is persistent. */
export const READ_ERROR_PERSISTENT_POLLS = 3;
const MAX_KEYS_PER_TRACK = 5;

/** A change of a peer's category set between two answers; `from: null` = first time seen. */
export type PeerMove = { at: number; from: string[] | null; to: string[] };

export type GapReason = 'missing' | 'undeclared_category';

export type PeerGap = {
  /** First poll that saw the peer in no category. */
  startedAt: number;
  /** Consecutive answered polls in no category. */
  polls: number;
  categoryBefore: string | null;
  lastSeenInCategoryAt: number | null;
  reason: GapReason;
  /** What the node listed it as, when it listed it under an undeclared category. */
  listedAs: string[];
};

export type ClosedGap = PeerGap & { endedAt: number; categoryAfter: string[]; class: FindingClass };

export type PeerTrack = {
  id: string;
  address: string | null;
  score: number | null;
  since: string | null;
  /** Listed at all (under any name) in the node's latest answer. */
  listed: boolean;
  /** Declared categories it is in, in the node's order (deduplicated). */
  categories: string[];
  /** Category names as listed in the latest answer, declared or not. */
  listedAs: string[];
  lastCategory: string | null;
  firstSeenAt: number;
  lastSeenInCategoryAt: number | null;
  lastListedAt: number;
  /** Answered polls in a row that listed it in two or more declared categories. */
  multiPolls: number;
  multiSince: number | null;
  gap: PeerGap | null;
  lastGap: ClosedGap | null;
  gapCount: number;
  moves: PeerMove[];
};

export type ReadErrorRecord = { at: string; key: string; message: string; seenAt: number };

export type ReadErrorKeyTrack = {
  /** The peer id when the keys name a tracked peer, else the key itself: the finding's subject. */
  subject: string;
  /** The last key that failed, and the recent distinct ones. */
  key: string;
  keys: string[];
  /** The tracked peer this key belongs to, when it names one. */
  peerId: string | null;
  firstSeenAt: number;
  lastNewAt: number;
  lastErrorAt: string;
  lastMessage: string;
  total: number;
  /** Polls with new errors in the current (or last) activation. */
  errorPolls: number;
  /** Answered polls since the last new error. */
  quietPolls: number;
  /** Answered polls in the current (or last) activation. */
  activePolls: number;
  /** Its peer was out of every category at the last answer. */
  peerStillOut: boolean;
  active: boolean;
  activeSince: number;
  class: FindingClass;
};

export type NodePeersState = {
  nodeId: string;
  /** fetchedAt of the last report folded in (ok or not), so a report is never counted twice. */
  lastReportAt: number | null;
  lastPollStatus: PollStatus | null;
  /** fetchedAt of the last ok answer with a peers part: what "last known" refers to. */
  lastOkAt: number | null;
  /** The last ok answer had no peers part: not available from this source. */
  unavailable: boolean;
  polls: number;
  categories: string[];
  /** Entries per declared category, counted as the node answered (a peer listed twice counts twice). */
  counts: Record<string, number>;
  /** Entries under category names the node did not declare. */
  undeclaredCounts: Record<string, number>;
  peers: ReadonlyMap<string, PeerTrack>;
  /** Peers the node listed beyond what we track. */
  untrackedPeers: number;
  countSamples: { at: number; counts: Record<string, number> }[];
  recentReadErrors: ReadErrorRecord[];
  readErrorKeys: ReadonlyMap<string, ReadErrorKeyTrack>;
  readErrorCursor: { maxAtMs: number; signaturesAtMax: string[] };
  /** Conditions as of the last answer (re-emitted, marked stale, while the node does not answer). */
  conditions: Condition[];
};

export type PeersState = { nodes: ReadonlyMap<string, NodePeersState> };

function emptyNode(nodeId: string): NodePeersState {
  return {
    nodeId,
    lastReportAt: null,
    lastPollStatus: null,
    lastOkAt: null,
    unavailable: false,
    polls: 0,
    categories: [],
    counts: {},
    undeclaredCounts: {},
    peers: new Map(),
    untrackedPeers: 0,
    countSamples: [],
    recentReadErrors: [],
    readErrorKeys: new Map(),
    readErrorCursor: { maxAtMs: Number.NEGATIVE_INFINITY, signaturesAtMax: [] },
    conditions: [],
  };
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function pushCapped<T>(list: readonly T[], item: T, cap: number): T[] {
  const next = [...list, item];
  return next.length > cap ? next.slice(next.length - cap) : next;
}

type Listing = {
  id: string;
  address: string | null;
  score: number | null;
  since: string | null;
  listedAs: string[];
  categories: string[];
};

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
    listing.categories = declared.filter((name) => declaredSet.has(name) && listing.listedAs.includes(name));
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

function gapClass(polls: number, transientPolls: number): FindingClass {
  return polls > transientPolls ? 'persistent' : 'transient';
}

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
  const categories = listing?.categories ?? [];
  const base: PeerTrack = prev ?? {
    id: listing!.id,
    address: null,
    score: null,
    since: null,
    listed: false,
    categories: [],
    listedAs: [],
    lastCategory: null,
    firstSeenAt: at,
    lastSeenInCategoryAt: null,
    lastListedAt: at,
    multiPolls: 0,
    multiSince: null,
    gap: null,
    lastGap: null,
    gapCount: 0,
    moves: [],
  };
  const next: PeerTrack = { ...base, listed: !!listing, categories, listedAs: listing?.listedAs ?? [] };
  if (listing) {
    next.address = listing.address;
    next.score = listing.score;
    next.since = listing.since;
    next.lastListedAt = at;
  }

  if (!prev) next.moves = [{ at, from: null, to: categories }];
  else if (!sameSet(prev.categories, categories)) {
    next.moves = pushCapped(prev.moves, { at, from: prev.categories, to: categories }, PEERS_LIMITS.movesPerPeer);
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

function readErrorSignature(e: { at: string; key: string; message: string }) {
  return `${e.at}\u0000${e.key}\u0000${e.message}`;
}

/** The read errors in this answer that the previous answers did not already show. */
function newReadErrors(doc: PeersDoc, cursor: NodePeersState['readErrorCursor']) {
  const seenAtMax = new Set(cursor.signaturesAtMax);
  const fresh = doc.readErrors.filter((e) => {
    const atMs = Date.parse(e.at);
    if (Number.isNaN(atMs) || atMs === cursor.maxAtMs) return !seenAtMax.has(readErrorSignature(e));
    return atMs > cursor.maxAtMs;
  });
  let maxAtMs = cursor.maxAtMs;
  for (const e of doc.readErrors) {
    const atMs = Date.parse(e.at);
    if (!Number.isNaN(atMs) && atMs > maxAtMs) maxAtMs = atMs;
  }
  const signaturesAtMax = doc.readErrors
    .filter((e) => {
      const atMs = Date.parse(e.at);
      return Number.isNaN(atMs) || atMs === maxAtMs;
    })
    .map(readErrorSignature);
  if (maxAtMs === cursor.maxAtMs) signaturesAtMax.push(...cursor.signaturesAtMax);
  return {
    fresh,
    cursor: { maxAtMs, signaturesAtMax: [...new Set(signaturesAtMax)].slice(-PEERS_LIMITS.readErrorSignatures) },
  };
}

/** The peer a read-error key is about: the id itself, or the last segment of a path-like key. */
function peerForKey(key: string, peers: ReadonlyMap<string, PeerTrack>): string | null {
  if (peers.has(key)) return key;
  const last = key.split(/[/:]/).pop() ?? '';
  return last && peers.has(last) ? last : null;
}

function stepReadErrors(
  prev: NodePeersState,
  doc: PeersDoc,
  peers: ReadonlyMap<string, PeerTrack>,
  at: number,
  transientPolls: number,
) {
  const { fresh, cursor } = newReadErrors(doc, prev.readErrorCursor);
  // One track per peer when the key names one (its keys may differ by category), else per key.
  const freshBySubject = new Map<string, typeof fresh>();
  for (const e of fresh) {
    const subject = peerForKey(e.key, peers) ?? e.key;
    freshBySubject.set(subject, [...(freshBySubject.get(subject) ?? []), e]);
  }

  const tracks = new Map<string, ReadErrorKeyTrack>(prev.readErrorKeys);
  for (const [subject, errors] of freshBySubject) {
    const last = errors[errors.length - 1];
    const before = tracks.get(subject);
    const reactivated = !before || !before.active;
    const keys = [...new Set([...(before?.keys ?? []), ...errors.map((e) => e.key)])].slice(-MAX_KEYS_PER_TRACK);
    tracks.set(subject, {
      subject,
      key: last.key,
      keys,
      peerId: peers.has(subject) ? subject : null,
      firstSeenAt: before?.firstSeenAt ?? at,
      lastNewAt: at,
      lastErrorAt: last.at,
      lastMessage: last.message,
      total: (before?.total ?? 0) + errors.length,
      errorPolls: reactivated ? 1 : before.errorPolls + 1,
      activePolls: reactivated ? 1 : before.activePolls + 1,
      quietPolls: 0,
      active: true,
      activeSince: reactivated ? at : before.activeSince,
      peerStillOut: false,
      class: 'transient',
    });
  }
  for (const [subject, track] of tracks) {
    const peer = track.peerId ? peers.get(track.peerId) : undefined;
    const peerStillOut = !!peer && peer.categories.length === 0;
    if (freshBySubject.has(subject)) {
      tracks.set(subject, { ...track, peerStillOut, class: readErrorClass(track.errorPolls, track.activePolls, peerStillOut, transientPolls) });
      continue;
    }
    if (!track.active) continue;
    const quietPolls = track.quietPolls + 1;
    // A peer back in a category has recovered; one still out keeps its errors relevant.
    const active = peer ? peerStillOut : quietPolls < transientPolls;
    const activePolls = track.activePolls + 1;
    tracks.set(subject, {
      ...track,
      quietPolls,
      active,
      activePolls,
      peerStillOut,
      class: readErrorClass(track.errorPolls, activePolls, peerStillOut, transientPolls),
    });
  }
  if (tracks.size > PEERS_LIMITS.readErrorKeysPerNode) {
    const ordered = [...tracks.values()].sort((a, b) => Number(b.active) - Number(a.active) || b.lastNewAt - a.lastNewAt);
    tracks.clear();
    for (const track of ordered.slice(0, PEERS_LIMITS.readErrorKeysPerNode)) tracks.set(track.subject, track);
  }

  let recent = prev.recentReadErrors;
  for (const e of fresh.slice(-PEERS_LIMITS.recentReadErrors)) {
    recent = pushCapped(recent, { ...e, seenAt: at }, PEERS_LIMITS.recentReadErrors);
  }
  return { keys: tracks, cursor, recent };
}

/** Persistent: new errors in more than 3 polls, or its peer still out of every category past the transient window. */
function readErrorClass(errorPolls: number, activePolls: number, peerStillOut: boolean, transientPolls: number): FindingClass {
  if (errorPolls > READ_ERROR_PERSISTENT_POLLS) return 'persistent';
  if (peerStillOut && activePolls > transientPolls) return 'persistent';
  return 'transient';
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

function readErrorCondition(node: string, track: ReadErrorKeyTrack, transientPolls: number): Condition {
  const persistent = track.class === 'persistent';
  return {
    kind: 'peer.read_error',
    severity: persistent ? 'warning' : 'info',
    subject: { type: 'peer', id: track.subject, node },
    summary: `${node} cannot read key ${track.key} from its peer DB (${track.total} error(s), ${track.errorPolls} poll(s) with new errors${track.peerStillOut ? ', peer still in no category' : ''})`,
    evidence: {
      node,
      key: track.key,
      keys: track.keys,
      peer: track.peerId,
      peerStillOut: track.peerStillOut,
      activePolls: track.activePolls,
      count: track.total,
      pollsWithNewErrors: track.errorPolls,
      quietPolls: track.quietPolls,
      lastMessage: track.lastMessage,
      lastErrorAt: track.lastErrorAt,
      persistentAfterPolls: READ_ERROR_PERSISTENT_POLLS,
      transientWithinPolls: transientPolls,
    },
    class: track.class,
    since: track.activeSince,
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

/** Folds one ok answer with a peers part into the node's state. */
function stepAnsweredNode(prev: NodePeersState, report: NodeReport, doc: PeersDoc, transientPolls: number): NodePeersState {
  const at = report.fetchedAt;
  const declared = [...new Set(doc.categories)];
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
    countSamples: pushCapped(prev.countSamples, { at, counts: { ...counts, ...undeclaredCounts } }, PEERS_LIMITS.countSamples),
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

export const peersAnalyzer: Analyzer<PeersState> = {
  name: 'peers',
  initial: () => ({ nodes: new Map() }),
  step(state, input: CycleInput) {
    const transientPolls = input.config.peerGapTransientPolls;
    const nodes = new Map<string, NodePeersState>();
    const conditions: Condition[] = [];
    for (const id of input.targetIds) {
      const prev = state.nodes.get(id) ?? emptyNode(id);
      const node = stepNode(prev, input.reports.get(id), transientPolls);
      nodes.set(id, node);
      if (node.lastPollStatus === 'ok') conditions.push(...node.conditions);
      else conditions.push(...staleConditions(node.conditions, node.lastOkAt));
    }
    return { state: { nodes }, conditions };
  },
};

// ---------------------------------------------------------------------------
// View: what GET /api/peers answers.

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

/** What GET /api/peers answers: the view plus the active and recently resolved peer findings. */
export type PeersResponse = PeersView & { findings: ClusterFinding[] };

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
const DEFAULT_PEER_LIMIT = 1000;
/** Active read-error tracks always fit; the rest are the most recent resolved ones. */
const READ_ERRORS_SHOWN = 100;

/** Whether this node's peer lists are current: only when its status (the one rule) is ok. */
function dataStatusOf(node: NodePeersState | undefined, report: NodeReport | undefined, status: NodeStatus): PeersDataStatus {
  if (!node || node.lastOkAt === null) return 'unknown';
  if (node.unavailable) return report && report.status === 'ok' ? 'unavailable' : 'unknown';
  if (!report || status !== 'ok' || node.lastPollStatus !== 'ok') return 'stale';
  return 'ok';
}

function peerRank(row: PeerRow): number {
  if (row.gap) return 0;
  if (row.multiCategory) return 1;
  return 2;
}

export function buildPeersView(
  state: PeersState,
  latestReports: ReadonlyMap<string, NodeReport>,
  params: PeersViewParams,
  now: number,
): PeersView {
  const { pollIntervalMs, gapTransientPolls } = params;
  const nodeFilter = params.node ?? null;
  const categoryFilter = params.category ?? null;
  const q = params.q?.trim().toLowerCase() || null;
  const limit = params.limit ?? DEFAULT_PEER_LIMIT;

  const nodes: PeersNodeView[] = [];
  const rows: PeerRow[] = [];
  const readErrors: ReadErrorKeyView[] = [];
  const recentReadErrors: PeersView['recentReadErrors'] = [];
  const countsOverTime: CountSeries[] = [];
  const seriesForAll = params.targetIds.length <= SERIES_ALL_NODES_UP_TO;

  for (const id of params.targetIds) {
    const node = state.nodes.get(id);
    const report = latestReports.get(id);
    const status = params.statusOf?.(id) ?? nodeStatus({ latest: report, nextDueAt: null, now, pollIntervalMs });
    const dataStatus = dataStatusOf(node, report, status);
    const stale = dataStatus === 'stale';
    const peers = node ? [...node.peers.values()] : [];
    nodes.push({
      id,
      dataStatus,
      nodeStatus: status,
      dataFrom: node?.lastOkAt ?? null,
      categories: node?.categories ?? [],
      counts: node?.counts ?? {},
      undeclaredCounts: node?.undeclaredCounts ?? {},
      listedPeers: peers.filter((p) => p.listed).length,
      peersInGap: peers.filter((p) => p.gap).length,
      peersInSeveralCategories: peers.filter((p) => p.categories.length >= 2).length,
      activeReadErrorKeys: node ? [...node.readErrorKeys.values()].filter((k) => k.active).length : 0,
      untrackedPeers: node?.untrackedPeers ?? 0,
    });
    if (!node || (nodeFilter !== null && nodeFilter !== id)) continue;

    if (node.countSamples.length > 0 && (seriesForAll || nodeFilter === id)) {
      countsOverTime.push({ node: id, categories: node.categories, samples: node.countSamples });
    }
    for (const track of node.readErrorKeys.values()) {
      const { quietPolls: _quiet, ...rest } = track;
      void _quiet;
      readErrors.push({ ...rest, node: id, stale });
    }
    for (const e of node.recentReadErrors) recentReadErrors.push({ ...e, node: id });

    for (const peer of peers) {
      if (categoryFilter !== null) {
        const inCategory = peer.categories.includes(categoryFilter) || peer.listedAs.includes(categoryFilter);
        const wasInCategory = peer.gap?.categoryBefore === categoryFilter;
        if (!inCategory && !wasInCategory) continue;
      }
      if (q !== null && !peer.id.toLowerCase().includes(q) && !(peer.address ?? '').toLowerCase().includes(q)) continue;
      rows.push({
        node: id,
        id: peer.id,
        address: peer.address,
        categories: peer.categories,
        listedAs: peer.listedAs,
        lastCategory: peer.lastCategory,
        score: peer.score,
        since: peer.since,
        listed: peer.listed,
        stale,
        dataFrom: node.lastOkAt,
        gap: peer.gap ? { ...peer.gap, class: gapClass(peer.gap.polls, gapTransientPolls) } : null,
        multiCategory: peer.categories.length >= 2,
        lastGap: peer.lastGap,
        gapCount: peer.gapCount,
        moves: peer.moves,
      });
    }
  }

  rows.sort((a, b) => peerRank(a) - peerRank(b) || a.node.localeCompare(b.node) || a.id.localeCompare(b.id));
  readErrors.sort((a, b) => Number(b.active) - Number(a.active) || b.lastNewAt - a.lastNewAt);
  recentReadErrors.sort((a, b) => b.seenAt - a.seenAt || b.at.localeCompare(a.at));

  return {
    generatedAt: now,
    pollIntervalMs,
    gapTransientPolls,
    filter: { node: nodeFilter, category: categoryFilter, q },
    nodes,
    peers: rows.slice(0, limit),
    matchingPeers: rows.length,
    readErrors: readErrors.slice(0, READ_ERRORS_SHOWN),
    recentReadErrors: recentReadErrors.slice(0, PEERS_LIMITS.recentReadErrors),
    countsOverTime,
  };
}
