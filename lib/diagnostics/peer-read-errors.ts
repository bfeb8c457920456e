import type { Condition, FindingClass } from '@/lib/contract/findings';
import type { PeersDoc } from '@/lib/contract/admin-v1';
import { MAX_KEYS_PER_TRACK, PEERS_LIMITS, READ_ERROR_PERSISTENT_POLLS, pushCapped, type NodePeersState, type PeerTrack, type ReadErrorKeyTrack } from './peers-state';

/** Peer-DB read errors, tracked per key: which are new in an answer, which peer a key is about, and when a key's errors are persistent. */

export function readErrorSignature(e: { at: string; key: string; message: string }) {
  return `${e.at}\u0000${e.key}\u0000${e.message}`;
}

/** The read errors in this answer that the previous answers did not already show. */
export function newReadErrors(doc: PeersDoc, cursor: NodePeersState['readErrorCursor']) {
  // An answer without read errors (most answers of most nodes) changes nothing: the cursor is kept as it is.
  if (doc.readErrors.length === 0) return { fresh: [], cursor };
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
export function peerForKey(key: string, peers: ReadonlyMap<string, PeerTrack>): string | null {
  if (peers.has(key)) return key;
  const last = key.split(/[/:]/).pop() ?? '';
  return last && peers.has(last) ? last : null;
}

export function stepReadErrors(
  prev: NodePeersState,
  doc: PeersDoc,
  peers: ReadonlyMap<string, PeerTrack>,
  at: number,
  transientPolls: number,
) {
  const { fresh, cursor } = newReadErrors(doc, prev.readErrorCursor);
  // Nothing new and nothing tracked: the node keeps its (shared, empty) map rather than a new one every poll.
  if (fresh.length === 0 && prev.readErrorKeys.size === 0) return { keys: prev.readErrorKeys, cursor, recent: prev.recentReadErrors };
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
export function readErrorClass(errorPolls: number, activePolls: number, peerStillOut: boolean, transientPolls: number): FindingClass {
  if (errorPolls > READ_ERROR_PERSISTENT_POLLS) return 'persistent';
  if (peerStillOut && activePolls > transientPolls) return 'persistent';
  return 'transient';
}

export function readErrorCondition(node: string, track: ReadErrorKeyTrack, transientPolls: number): Condition {
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

