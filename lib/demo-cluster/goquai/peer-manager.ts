import { Random } from '../random';
import { logrusLine } from './logrus-format';

/**
 * A go-quai node's peer manager, simulated: per location ("topic") three peer
 * DBs (bestPeersDB, responsivePeersDB, lastResortPeersDB), quality scores,
 * and the once-a-round `Peer stats` report, after go-quai's
 * p2p/node/peerManager/peerManager.go.
 *
 * - `seed` mode is go-quai as released: recategorizePeer removes the peer from
 *   its DBs, then puts it into one by quality (> 0.8 × max → best, ≥ 0.2 × max
 *   → responsive, else lastResort), and the put lands a moment later. A
 *   reader in between logs "Error reading the key from the peer db"; a
 *   `Peer stats` round that queries the DBs one after another sees the peer in
 *   none (the gap) or, when it moves the other way between two queries, in two.
 * - `fixed` mode moves a peer atomically and reports a consistent snapshot.
 *
 * Pure state and time: the caller says what time it is and writes the lines.
 */

export type RaceMode = 'seed' | 'fixed';
export const BUCKETS = ['bestPeersDB', 'responsivePeersDB', 'lastResortPeersDB'] as const;
type Bucket = 0 | 1 | 2;

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** The hash go-quai prefixes every topic with (common.Hash.Hex of its genesis block). */
export const DEMO_GENESIS = '0x3bb1d64d4b3e3b6c8f8e7e4de2c5d6b4c0f0a9a8b7c6d5e4f3a2b1c0d9e8f7a6';
/** Topic strings as pubsubManager.Topic.String() builds them: genesis / location bytes / data type. */
export const DEMO_LOCATIONS = [`${DEMO_GENESIS}/0,0/headers`, `${DEMO_GENESIS}/0,0/blocks`] as const;

/** libp2p Ed25519 peer ids print as "12D3KooW" and 44 more base58 characters. */
export function demoPeerId(random: Random): string {
  let id = '12D3KooW';
  for (let i = 0; i < 44; i++) id += BASE58[random.int(0, BASE58.length - 1)];
  return id;
}

type PendingPut = { peer: string; location: string; bucket: Bucket; at: number };

export type PeerManagerOptions = {
  seed: number;
  mode: RaceMode;
  peers: number;
  /** Time between `Peer stats` rounds (go-quai: one minute). */
  roundMs: number;
  /** Mean time between recategorisations on this node. */
  recategorizeEveryMs: number;
  /** How long a delete-then-add leaves the peer in no DB (seed mode). */
  gapMs: number;
  /** A peer whose put never lands and whose key readers keep asking for: a persistent read error. */
  lostPeer?: boolean;
  start: number;
};

export class PeerManagerSim {
  readonly peers: string[];
  private readonly random: Random;
  private readonly quality = new Map<string, number>();
  /** location → peer → bucket it is in; absent = in no DB. */
  private readonly dbs = new Map<string, Map<string, Bucket>>();
  private pending: PendingPut[] = [];
  private nextRecategorizeAt: number;
  private nextRoundAt: number;
  private nextLostReadAt: number;
  readonly lostPeer: string | null;
  mode: RaceMode;
  /** peers.log stops being written (the log went silent; RPC still answers). */
  silent = false;

  constructor(private readonly options: PeerManagerOptions) {
    this.random = new Random(options.seed);
    this.mode = options.mode;
    this.peers = Array.from({ length: options.peers }, () => demoPeerId(this.random));
    for (const peer of this.peers) this.quality.set(peer, this.random.int(1, 100));
    for (const location of DEMO_LOCATIONS) {
      const db = new Map<string, Bucket>();
      for (const peer of this.peers) db.set(peer, this.bucketFor(peer));
      this.dbs.set(location, db);
    }
    this.lostPeer = options.lostPeer ? this.peers[this.peers.length - 1] : null;
    if (this.lostPeer) for (const db of this.dbs.values()) db.delete(this.lostPeer);
    this.nextRecategorizeAt = options.start + this.random.int(100, options.recategorizeEveryMs);
    this.nextRoundAt = options.start + options.roundMs;
    this.nextLostReadAt = options.start + 2000;
  }

  /** Connected peers, as net_peerCount and PeerGauges count them (a peer between DBs is still connected). */
  connectedPeers(): number {
    return this.peers.length - (this.lostPeer ? 1 : 0);
  }

  private maxQuality(): number {
    return Math.max(...this.quality.values());
  }

  private bucketFor(peer: string): Bucket {
    const quality = this.quality.get(peer) ?? 0;
    const max = this.maxQuality();
    if (quality > 0.8 * max) return 0;
    if (quality >= 0.2 * max) return 1;
    return 2;
  }

  /** Advances to `now`; returns the peers.log lines and the node log lines written meanwhile, in order. */
  advance(now: number): { peersLog: string[]; nodeLog: string[] } {
    const peersLog: string[] = [];
    const nodeLog: string[] = [];
    // Bounded: at most a few thousand events per call however far the clock jumped.
    for (let events = 0; events < 5000; events++) {
      const due = Math.min(this.nextRecategorizeAt, this.nextRoundAt, this.pending[0]?.at ?? Infinity, this.lostPeer ? this.nextLostReadAt : Infinity);
      if (due > now) break;
      if (this.pending[0] && this.pending[0].at === due) this.land(this.pending.shift()!);
      else if (due === this.nextRoundAt) {
        if (!this.silent) peersLog.push(...this.round(due));
        this.nextRoundAt += this.options.roundMs;
      } else if (due === this.nextRecategorizeAt) {
        nodeLog.push(...this.recategorize(due));
        this.nextRecategorizeAt = due + this.random.int(this.options.recategorizeEveryMs / 2, (this.options.recategorizeEveryMs * 3) / 2);
      } else {
        nodeLog.push(readErrorLine(due, this.lostPeer!));
        this.nextLostReadAt = due + this.random.int(2000, 4000);
      }
    }
    return { peersLog, nodeLog };
  }

  private land(put: PendingPut): void {
    this.dbs.get(put.location)?.set(put.peer, put.bucket);
  }

  /** One quality change and the recategorisation it triggers, in every location the peer serves. */
  private recategorize(at: number): string[] {
    const candidates = this.peers.filter((peer) => peer !== this.lostPeer && !this.pending.some((put) => put.peer === peer));
    if (candidates.length === 0) return [];
    const peer = this.random.pick(candidates);
    this.quality.set(peer, this.random.int(1, 100));
    const bucket = this.bucketFor(peer);
    const lines: string[] = [];
    for (const location of DEMO_LOCATIONS) {
      const db = this.dbs.get(location)!;
      if (this.mode === 'fixed') {
        db.set(peer, bucket);
        continue;
      }
      // removePeerFromTopic, then Put: the peer is in no DB until the put lands.
      db.delete(peer);
      this.pending.push({ peer, location, bucket, at: at + this.options.gapMs });
    }
    this.pending.sort((a, b) => a.at - b.at);
    // A reader (GetPeers for a request) looks the peer up while it is gone.
    if (this.mode === 'seed' && this.random.chance(0.6)) lines.push(readErrorLine(at + Math.floor(this.options.gapMs / 2), peer));
    return lines;
  }

  /**
   * The `Peer stats` report: per location, one line per DB with the location's
   * list so far (go-quai appends to one slice per location and logs it after each DB).
   * In seed mode the DBs are queried one after another while moves go on, so a
   * move between two queries shows; fixed mode reads one consistent snapshot.
   */
  private round(at: number): string[] {
    const lines = [logrusLine('info', at, 'Reporting peer stats')];
    for (const location of DEMO_LOCATIONS) {
      const listed: Record<string, string>[] = [];
      const db = this.dbs.get(location)!;
      BUCKETS.forEach((bucket, index) => {
        if (this.mode === 'seed' && index > 0) this.racingMove(location, index as Bucket);
        for (const [peer, inBucket] of db) {
          if (inBucket === index) listed.push({ info: `{"peer_id":"${peer}","quality":${this.quality.get(peer)}}`, peerID: peer });
        }
        lines.push(logrusLine('info', at + index, 'Peer stats', { location, peerCount: listed.length, bucket, peers: [...listed] }));
      });
    }
    return lines;
  }

  /** Seed mode only: now and then a peer already listed moves down between two DB queries (the mirror image of the gap). */
  private racingMove(location: string, bucket: Bucket): void {
    if (!this.random.chance(0.15)) return;
    const db = this.dbs.get(location)!;
    const above = [...db].filter(([peer, inBucket]) => inBucket === bucket - 1 && peer !== this.lostPeer).map(([peer]) => peer);
    if (above.length === 0) return;
    const peer = this.random.pick(above);
    db.set(peer, bucket);
    this.quality.set(peer, Math.max(1, (this.quality.get(peer) ?? 1) - 1));
  }
}

/** go-quai's peer DB read error (issue #1800): the key printed as Go bytes of "/<peer id>". */
export function readErrorLine(at: number, peer: string): string {
  return logrusLine('error', at, 'Error reading the key from the peer db', { key: Buffer.from(`/${peer}`) });
}
