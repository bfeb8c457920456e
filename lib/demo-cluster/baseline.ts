import { CLIENT_ID } from './topology';
import { PEER_CATEGORIES, scoreFor, type PeerCategory, type SimNode, type World } from './world';

/**
 * The healthy background life of the cluster, one engine tick at a time:
 * offsets advance and the replica follows closely, peers move between
 * categories atomically, and every node writes a routine line now and then.
 */
export function tickBaseline(world: World, at: number, elapsedMs: number): void {
  advanceLinks(world, at, elapsedMs);
  for (const node of world.nodes.values()) {
    if (!node.up) continue;
    if (at >= node.nextPeerMoveAt) {
      movePeerAtomically(world, node, at);
      node.nextPeerMoveAt = at + world.rng.int(4000, 9000);
    }
    if (at >= node.nextRoutineLogAt) {
      writeRoutineLine(world, node, at);
      node.nextRoutineLogAt = at + world.rng.int(6000, 15_000);
    }
    if (node.peers && node.peers.readErrors.length > 0) world.pruneReadErrors(node.peers, at);
  }
}

function advanceLinks(world: World, at: number, elapsedMs: number): void {
  for (const link of world.links) {
    const primaryUp = world.node(link.primary).up;
    const replicaUp = world.node(link.replica).up;
    if (!primaryUp) continue;
    const written = Math.round(((link.bytesPerSecond * elapsedMs) / 1000) * (0.6 + world.rng.next() * 0.8));
    link.primaryOffset += written;
    if (replicaUp && link.applying) {
      // The replica trails by at most one small batch: lag stays far below a MiB.
      const behind = world.rng.int(0, Math.min(48_000, written));
      link.replicaOffset = Math.max(link.replicaOffset, link.primaryOffset - behind);
      link.primaryOffsetSeenByReplica = link.primaryOffset;
      link.lastIoAt = at;
    }
  }
}

/** A move that never leaves the peer outside a category, as a correct peer DB does it. */
export function movePeerAtomically(world: World, node: SimNode, at: number): void {
  const book = node.peers;
  if (!book) return;
  const movable = book.peers.filter((peer) => peer.category !== null && peer.alsoIn === null);
  if (movable.length === 0) return;
  const peer = world.rng.pick(movable);
  const target = otherCategory(world, peer.category as PeerCategory);
  peer.category = target;
  peer.score = scoreFor(target, world.rng);
  peer.since = at;
}

export function otherCategory(world: World, current: PeerCategory): PeerCategory {
  return world.rng.pick(PEER_CATEGORIES.filter((category) => category !== current));
}

function writeRoutineLine(world: World, node: SimNode, at: number): void {
  if (node.id === CLIENT_ID) {
    world.log(node.id, at, {
      level: 'info',
      component: 'client',
      message: `served ${world.rng.int(800, 2400)} requests in the last 10 s (p99 ${world.rng.int(3, 18)} ms)`,
    });
    return;
  }
  const choice = world.rng.int(0, 3);
  switch (choice) {
    case 0:
      world.log(node.id, at, { level: 'info', component: 'storage', message: `compaction of db0 finished in ${world.rng.int(40, 900)} ms` });
      return;
    case 1: {
      const link = world.links.find((candidate) => candidate.primary === node.id || candidate.replica === node.id);
      const offset = link ? (link.primary === node.id ? link.primaryOffset : link.replicaOffset) : 0;
      world.log(node.id, at, { level: 'info', component: 'replication', message: `binlog checkpoint written at offset ${offset}` });
      return;
    }
    case 2: {
      const peer = node.peers?.peers.find((candidate) => candidate.category === 'best');
      world.log(node.id, at, {
        level: 'info',
        component: 'p2p',
        message: `peer scores refreshed (${node.peers?.peers.length ?? 0} peers)`,
        ...(peer ? { subject: peer.id } : {}),
      });
      return;
    }
    default:
      world.log(node.id, at, { level: 'debug', component: 'runtime', message: `gc freed ${world.rng.int(512, 65_536)} KiB` });
  }
}
