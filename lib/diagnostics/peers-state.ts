import type { Condition, FindingClass } from '@/lib/contract/findings';
import type { PollStatus } from '@/lib/contract/report';
import { CountSampleRing } from './count-samples';
import { expandMoves, type CompactMoves } from './peer-moves';

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
export const MAX_KEYS_PER_TRACK = 5;

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
  /**
   * Category changes, oldest first, as a compact list (lib/diagnostics/peer-moves.ts,
   * times stored from firstSeenAt); null while the peer has not moved since it
   * was first seen (most peers), so 50,000 tracks do not each hold an array and
   * a move of their own. Read through peerMoves().
   */
  moves: CompactMoves | null;
};

/** A track's moves, its first sighting included: `moves`, or the one move a track that never moved made. */
export function peerMoves(track: PeerTrack): PeerMove[] {
  if (track.moves === null) return [{ at: track.firstSeenAt, from: null, to: track.categories }];
  return expandMoves(track.moves, track.firstSeenAt);
}

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
  /** Appended in place each answered poll (the previous state shares it: only the newest state is read). */
  countSamples: CountSampleRing;
  recentReadErrors: ReadErrorRecord[];
  readErrorKeys: ReadonlyMap<string, ReadErrorKeyTrack>;
  readErrorCursor: { readonly maxAtMs: number; readonly signaturesAtMax: readonly string[] };
  /** Conditions as of the last answer (re-emitted, marked stale, while the node does not answer). */
  conditions: Condition[];
};

export type PeersState = { nodes: ReadonlyMap<string, NodePeersState> };

/** Shared by every node that has not reported a read error: nothing writes to a state's map (steps copy it first). */
const NO_READ_ERROR_KEYS: ReadonlyMap<string, ReadErrorKeyTrack> = new Map();
const NO_READ_ERRORS_SEEN: NodePeersState['readErrorCursor'] = Object.freeze({ maxAtMs: Number.NEGATIVE_INFINITY, signaturesAtMax: Object.freeze([]) });

export function emptyNode(nodeId: string): NodePeersState {
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
    countSamples: new CountSampleRing(PEERS_LIMITS.countSamples),
    recentReadErrors: [],
    readErrorKeys: NO_READ_ERROR_KEYS,
    readErrorCursor: NO_READ_ERRORS_SEEN,
    conditions: [],
  };
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

export function pushCapped<T>(list: readonly T[], item: T, cap: number): T[] {
  const next = [...list, item];
  return next.length > cap ? next.slice(next.length - cap) : next;
}

/** A gap closed within the transient window of polls is transient; one open longer is persistent. */
export function gapClass(polls: number, transientPolls: number): FindingClass {
  return polls > transientPolls ? 'persistent' : 'transient';
}
