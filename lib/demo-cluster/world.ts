import type { SystemLogFormat } from './system-logs';
import type { PeerReadError, ReplicationLinkWire } from '@/lib/contract/admin-v1';
import type { DemoClock } from './clock';
import { LogRing, type LogLine } from './log-ring';
import { Random } from './random';
import {
  ALL_NODES,
  CLIENT_ID,
  CLIENT_VERSION,
  NODE_VERSION,
  REPLICA_OF,
  STORAGE_NODES,
  initialRoutingTable,
  linkId,
  roleOf,
  type RoutingTable,
} from './topology';

/** go-quai's peer categories, best first. */
export const PEER_CATEGORIES = ['best', 'responsive', 'lastResort'] as const;
export type PeerCategory = (typeof PEER_CATEGORIES)[number];

export type SimPeer = {
  id: string;
  address: string;
  /** null: in no category right now (the race's gap, or gone for good). */
  category: PeerCategory | null;
  /** Listed in a second category as well (the race's mirror image). */
  alsoIn: PeerCategory | null;
  score: number;
  since: number;
};

export type PeerBook = {
  peers: SimPeer[];
  readErrors: PeerReadError[];
};

/** What one side of a link says beyond the plain facts; an `undefined` value removes the field. */
export type LinkClaims = Partial<Omit<ReplicationLinkWire, 'id' | 'primary' | 'replica'>>;

export type SimLink = {
  id: string;
  primary: string;
  replica: string;
  /** Bytes written on the primary. */
  primaryOffset: number;
  /** Bytes applied on the replica. */
  replicaOffset: number;
  /** The primary offset the replica last heard of. */
  primaryOffsetSeenByReplica: number;
  lastIoAt: number;
  bytesPerSecond: number;
  /** False while the replica cannot apply (failed full sync, rejected registration). */
  applying: boolean;
  registration: { at: number; result: string; message?: string };
  claims: { primary: LinkClaims | null; replica: LinkClaims | null };
};

/**
 * The incident on a link is over: both sides drop their claims and the replica
 * applies again, level with its primary at once (as after a completed sync).
 */
export function resumeLink(link: SimLink, at: number): void {
  link.claims.replica = null;
  link.claims.primary = null;
  link.applying = true;
  link.replicaOffset = Math.max(link.replicaOffset, link.primaryOffset);
  link.primaryOffsetSeenByReplica = link.primaryOffset;
  link.lastIoAt = at;
}

export type RoutingView = {
  table: RoutingTable;
  initialized: boolean;
  /** Added to the true count when the node reports it (Olric's miscount); 0 = honest. */
  ownedCountSkew: number;
};

export type SimNode = {
  id: string;
  role: 'primary' | 'replica' | 'client';
  version: string;
  startedAt: number;
  up: boolean;
  downSince: number | null;
  logs: LogRing;
  /** null for the client: it is not a p2p peer. */
  peers: PeerBook | null;
  routing: RoutingView;
  /** Bookkeeping for the healthy background activity. */
  nextRoutineLogAt: number;
  nextPeerMoveAt: number;
};

/** The demo's crash/restore, given by whoever owns the HTTP servers. */
export type NodeLifecycle = {
  crash(nodeId: string): void;
  restore(nodeId: string): void;
};

export const READ_ERROR_RETENTION_MS = 120_000;
const READ_ERROR_LIMIT = 100;

/**
 * The simulated state of every node. Scenarios mutate it; the HTTP servers
 * read it. It knows nothing about sockets.
 */
export class World {
  readonly rng: Random;
  readonly nodes = new Map<string, SimNode>();
  readonly links: SimLink[] = [];
  /** The newest table the cluster has published (what a fully converged node holds). */
  latestTable: RoutingTable;
  lifecycle: NodeLifecycle = { crash: () => undefined, restore: () => undefined };
  /** Address of each node as other nodes would dial it (filled in once servers listen). */
  readonly addresses = new Map<string, string>();

  constructor(
    readonly clock: DemoClock,
    seed = 20_260_115,
  ) {
    this.rng = new Random(seed);
    const now = clock.now();
    this.latestTable = initialRoutingTable();
    for (const id of ALL_NODES) {
      const role = roleOf(id);
      this.nodes.set(id, {
        id,
        role,
        version: id === CLIENT_ID ? CLIENT_VERSION : NODE_VERSION,
        // Staggered start times, as a real cluster that came up node by node.
        startedAt: now - 3_600_000 + ALL_NODES.indexOf(id) * 1500,
        up: true,
        downSince: null,
        logs: new LogRing(this.newEpoch()),
        peers: id === CLIENT_ID ? null : this.initialPeers(now),
        routing: { table: this.latestTable, initialized: true, ownedCountSkew: 0 },
        nextRoutineLogAt: now + this.rng.int(500, 8000),
        nextPeerMoveAt: now + this.rng.int(2000, 9000),
      });
    }
    for (const replica of Object.keys(REPLICA_OF)) {
      const primary = REPLICA_OF[replica];
      const offset = this.rng.int(40_000_000, 90_000_000);
      this.links.push({
        id: linkId(primary, replica),
        primary,
        replica,
        primaryOffset: offset,
        replicaOffset: offset,
        primaryOffsetSeenByReplica: offset,
        lastIoAt: now,
        bytesPerSecond: this.rng.int(60_000, 140_000),
        applying: true,
        registration: { at: now - 3_500_000, result: 'accepted' },
        claims: { primary: null, replica: null },
      });
    }
    for (const id of ALL_NODES) this.log(id, now, { level: 'info', component: 'server', message: `node ${id} up (role ${roleOf(id)})` });
  }

  now(): number {
    return this.clock.now();
  }

  node(id: string): SimNode {
    const node = this.nodes.get(id);
    if (!node) throw new Error(`no demo node ${id}`);
    return node;
  }

  link(id: string): SimLink {
    const link = this.links.find((candidate) => candidate.id === id);
    if (!link) throw new Error(`no demo link ${id}`);
    return link;
  }

  storageNodes(): SimNode[] {
    return STORAGE_NODES.map((id) => this.node(id));
  }

  newEpoch(): string {
    return this.rng.hex(12);
  }

  /** Where nodes write their own log files, in their system's format; null = nowhere (tests without files). */
  systemLog: ((nodeId: string, format: SystemLogFormat, text: string) => void) | null = null;

  /** Appends lines to a node's own log file in its system's format; a crashed process writes nothing. */
  writeSystemLog(nodeId: string, format: SystemLogFormat, lines: readonly string[]): void {
    if (!this.systemLog || !this.node(nodeId).up) return;
    for (const text of lines) this.systemLog(nodeId, format, text);
  }

  /** Appends a line to a node's log; a crashed process writes nothing. */
  log(nodeId: string, at: number, line: LogLine): void {
    const node = this.node(nodeId);
    if (node.up) node.logs.append(at, line);
  }

  addReadError(nodeId: string, at: number, key: string, message: string): void {
    const book = this.node(nodeId).peers;
    if (!book) return;
    book.readErrors.push({ at: new Date(at).toISOString(), key, message });
    this.pruneReadErrors(book, at);
  }

  pruneReadErrors(book: PeerBook, at: number): void {
    const oldest = at - READ_ERROR_RETENTION_MS;
    const keep = book.readErrors.filter((error) => Date.parse(error.at) >= oldest).slice(-READ_ERROR_LIMIT);
    book.readErrors.splice(0, book.readErrors.length, ...keep);
  }

  /** Called when a node's port closes: the process is gone. */
  markDown(nodeId: string, at: number): void {
    const node = this.node(nodeId);
    if (!node.up) return;
    node.up = false;
    node.downSince = at;
  }

  /** Called when a crashed node listens again: a fresh process with a fresh log. */
  markUp(nodeId: string, at: number): void {
    const node = this.node(nodeId);
    if (node.up) return;
    node.up = true;
    node.downSince = null;
    node.startedAt = at;
    node.logs = new LogRing(this.newEpoch());
    // A restarted process loads the cluster's current table, honestly counted.
    node.routing = { table: this.latestTable, initialized: true, ownedCountSkew: 0 };
    node.nextRoutineLogAt = at + this.rng.int(2000, 8000);
    this.log(nodeId, at, { level: 'info', component: 'server', message: `node ${nodeId} restarted (role ${node.role})` });
    this.log(nodeId, at, {
      level: 'info',
      component: 'routing',
      message: `loaded routing table version ${this.latestTable.version}`,
    });
  }

  adoptTable(nodeId: string, table: RoutingTable, at: number, note?: string): void {
    const node = this.node(nodeId);
    if (!node.up) return;
    const before = node.routing.table.version;
    node.routing = { ...node.routing, table };
    if (before !== table.version) {
      this.log(nodeId, at, {
        level: 'info',
        component: nodeId === CLIENT_ID ? 'client' : 'routing',
        message: note ?? `routing table updated: version ${before} -> ${table.version}`,
      });
    }
  }

  private initialPeers(now: number): PeerBook {
    const count = this.rng.int(28, 40);
    const peers: SimPeer[] = [];
    for (let i = 0; i < count; i++) {
      const category: PeerCategory = i < 8 ? 'best' : i < 22 ? 'responsive' : 'lastResort';
      const id = this.rng.chance(0.8) ? `12D3KooW${this.rng.base58(44)}` : `peer-${this.rng.hex(16)}`;
      const address = `/ip4/${this.rng.int(11, 223)}.${this.rng.int(0, 255)}.${this.rng.int(0, 255)}.${this.rng.int(1, 254)}/tcp/${this.rng.pick([4001, 4002, 30303])}`;
      peers.push({ id, address, category, alsoIn: null, score: scoreFor(category, this.rng), since: now - this.rng.int(60_000, 3_000_000) });
    }
    return { peers, readErrors: [] };
  }
}

export function scoreFor(category: PeerCategory, rng: Random): number {
  switch (category) {
    case 'best':
      return rng.int(80, 100);
    case 'responsive':
      return rng.int(40, 79);
    case 'lastResort':
      return rng.int(0, 39);
    default: {
      const unreachable: never = category;
      throw new Error(`unknown category ${String(unreachable)}`);
    }
  }
}
