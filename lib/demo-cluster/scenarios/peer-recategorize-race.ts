import { goQuaiReadErrorLine } from '../system-logs';
import { otherCategory } from '../baseline';
import { scoreFor, type PeerCategory, type SimPeer, type World } from '../world';
import type { ScenarioDefinition, ScenarioRun } from './types';

/** Nodes whose peer DB has go-quai's bug while the scenario runs. */
export const RACING_NODES = ['node-1', 'node-2', 'node-3'] as const;
/** The node that loses one peer for good. */
export const LOSING_NODE = 'node-2';
/** The node that now and then lists a peer in two categories. */
export const DOUBLE_LISTING_NODE = 'node-3';

/** How long a peer stays in no category: about 1.5 polls at a 2 s interval. */
export const GAP_MS = 3200;
const DOUBLE_LISTING_MS = 3000;
const MISSING_PEER_ERROR_EVERY_MS = 8000;
/** The lost peer goes missing a little after the start, so a poller has seen it in its category first. */
export const MISSING_PEER_AFTER_MS = 10_000;
const READ_ERROR_TEXT = 'Error reading the key from the peer db';

type Move = { nodeId: string; peer: SimPeer; to: PeerCategory; until: number; doubled: boolean };

function peerKey(peer: SimPeer, category: PeerCategory | null): string {
  return `/peers/${category ?? 'unknown'}/${peer.id}`;
}

/**
 * go-quai's peer DB re-categorises a peer by deleting it from every category
 * DB and then adding it to the new one. Any read in between misses it.
 */
class PeerRace implements ScenarioRun {
  private readonly moves: Move[] = [];
  private readonly nextMoveAt = new Map<string, number>();
  private missing: { peer: SimPeer; category: PeerCategory; nextErrorAt: number } | null = null;
  private loseAt: number | null;
  private nextDoubleAt: number;

  constructor(
    private readonly world: World,
    private readonly mode: 'race' | 'fixed',
    at: number,
  ) {
    // Staggered so that almost always some node has a peer in the gap.
    RACING_NODES.forEach((nodeId, index) => this.nextMoveAt.set(nodeId, at + 500 + index * 1800));
    this.nextDoubleAt = at + 12_000;
    this.loseAt = mode === 'race' ? at + MISSING_PEER_AFTER_MS : null;
  }

  private loseOnePeer(at: number): void {
    const book = this.world.node(LOSING_NODE).peers;
    const peer = book?.peers.find((candidate) => candidate.category === 'responsive' && candidate.alsoIn === null && !this.busy(candidate));
    if (!peer || !peer.category) return;
    this.missing = { peer, category: peer.category, nextErrorAt: at };
    peer.category = null;
  }

  private readError(nodeId: string, peer: SimPeer, category: PeerCategory | null, at: number): void {
    const key = peerKey(peer, category);
    this.world.log(nodeId, at, {
      level: 'error',
      component: 'p2p/peerdb',
      subject: peer.id,
      message: `${READ_ERROR_TEXT} key=${key}`,
    });
    this.world.addReadError(nodeId, at, key, `${READ_ERROR_TEXT}: datastore: key not found`);
    this.world.writeSystemLog(nodeId, 'logrus', [goQuaiReadErrorLine(at, peer.id)]);
  }

  tick(at: number): 'running' {
    this.finishMoves(at);
    if (this.loseAt !== null && at >= this.loseAt && this.world.node(LOSING_NODE).up) {
      this.loseAt = null;
      this.loseOnePeer(at);
    }
    for (const nodeId of RACING_NODES) {
      const node = this.world.node(nodeId);
      const due = this.nextMoveAt.get(nodeId) ?? at;
      if (at < due || !node.up) continue;
      this.nextMoveAt.set(nodeId, at + this.world.rng.int(5000, 8000));
      this.startMove(nodeId, at, false);
    }
    if (this.mode === 'race' && at >= this.nextDoubleAt) {
      this.nextDoubleAt = at + this.world.rng.int(35_000, 50_000);
      if (this.world.node(DOUBLE_LISTING_NODE).up) this.startMove(DOUBLE_LISTING_NODE, at, true);
    }
    if (this.missing && at >= this.missing.nextErrorAt) {
      this.missing.nextErrorAt = at + MISSING_PEER_ERROR_EVERY_MS;
      this.readError(LOSING_NODE, this.missing.peer, this.missing.category, at);
    }
    return 'running';
  }

  private busy(peer: SimPeer): boolean {
    return this.moves.some((move) => move.peer === peer) || this.missing?.peer === peer;
  }

  private startMove(nodeId: string, at: number, doubled: boolean): void {
    const book = this.world.node(nodeId).peers;
    if (!book) return;
    const candidates = book.peers.filter((peer) => peer.category !== null && peer.alsoIn === null && !this.busy(peer));
    if (candidates.length === 0) return;
    const peer = this.world.rng.pick(candidates);
    const from = peer.category as PeerCategory;
    const to = otherCategory(this.world, from);
    if (this.mode === 'fixed') {
      peer.category = to;
      peer.score = scoreFor(to, this.world.rng);
      peer.since = at;
      this.world.log(nodeId, at, { level: 'debug', component: 'p2p/peerdb', subject: peer.id, message: `peer moved ${from} -> ${to}` });
      return;
    }
    if (doubled) {
      // The mirror image: added to the new category before the old entry is deleted.
      peer.alsoIn = to;
      this.moves.push({ nodeId, peer, to, until: at + DOUBLE_LISTING_MS, doubled: true });
      return;
    }
    peer.category = null;
    this.moves.push({ nodeId, peer, to, until: at + GAP_MS, doubled: false });
    this.readError(nodeId, peer, from, at);
  }

  private finishMoves(at: number, force = false): void {
    for (let i = this.moves.length - 1; i >= 0; i--) {
      const move = this.moves[i];
      if (!force && at < move.until) continue;
      move.peer.category = move.to;
      move.peer.alsoIn = null;
      move.peer.score = scoreFor(move.to, this.world.rng);
      move.peer.since = at;
      this.moves.splice(i, 1);
    }
  }

  stop(at: number): void {
    this.finishMoves(at, true);
    if (this.missing) {
      this.missing.peer.category = this.missing.category;
      this.missing.peer.since = at;
      this.missing = null;
    }
    for (const nodeId of RACING_NODES) {
      const book = this.world.node(nodeId).peers;
      if (book) book.readErrors.length = 0;
    }
  }
}

export const peerRecategorizeRace: ScenarioDefinition = {
  name: 'peer-recategorize-race',
  modes: ['race', 'fixed'],
  summary: 'go-quai peer DB: re-categorising deletes a peer from every category before re-adding it; polls see it in none',
  start: (world, mode, at) => new PeerRace(world, mode === 'fixed' ? 'fixed' : 'race', at),
};
