import type { Partition } from '@/lib/contract/admin-v1';
import { ALL_NODES, CLIENT_ID, STORAGE_NODES, currentOwner, ownedCount, type RoutingTable } from '../topology';
import type { World } from '../world';
import { Timeline, type ScenarioDefinition, type ScenarioRun } from './types';

export const CRASH_VICTIM = 'node-2';
/** How long the meta side waits before it declares the node dead. */
export const DETECTION_MS = 4000;
/** When each surviving node adopts the new table, after detection. */
export const ADOPTION_DELAYS_MS: Readonly<Record<string, number>> = {
  'node-1': 0,
  'node-5': 300,
  'node-3': 900,
  'node-4': 1500,
  'node-6': 2200,
};
export const CLIENT_TIMEOUT_MS = 2000;
/** In `fixed` mode the client refreshes this long after the promotion. */
export const CLIENT_REFRESH_MS = 1500;
const PEER_COMPLAINT_EVERY_MS = 5000;
/**
 * After handing node-2 its primaries back, wait this long before the crash,
 * so a poller (interval up to 5 s) sees node-2 as their primary first.
 */
export const HAND_BACK_SETTLE_MS = 6000;

/**
 * Apache Pegasus: a primary crashes; after detection its partitions get a new
 * primary (one of their backups) with ballot + 1. The buggy Go client waits a
 * full timeout per request and never refreshes its partition configuration.
 */
class ReplicaCrash implements ScenarioRun {
  /** Counts from the crash, not from the start. */
  private readonly timeline: Timeline;
  private readonly victim = CRASH_VICTIM;
  private readonly crashAt: number;
  private crashed = false;
  private promoted: RoutingTable | null = null;
  private promotedAt = 0;
  private readonly oldPartitions: number[];
  private nextClientErrorAt: number;
  private nextComplaintAt: number;

  constructor(
    private readonly world: World,
    private readonly mode: 'buggy' | 'fixed',
    at: number,
  ) {
    // After an earlier run node-2 is only a secondary; the balancer hands its primaries back first.
    const handedBack = ownedCount(world.latestTable, this.victim) === 0 && this.handBackPrimaries(at);
    this.crashAt = handedBack ? at + HAND_BACK_SETTLE_MS : at;
    this.timeline = new Timeline(this.crashAt);
    const table = world.latestTable;
    this.oldPartitions = table.partitions.filter((partition) => currentOwner(partition) === this.victim).map((partition) => partition.id);
    this.nextClientErrorAt = this.crashAt + CLIENT_TIMEOUT_MS;
    this.nextComplaintAt = this.crashAt + 1000;
    if (!handedBack) this.crash();
  }

  private crash(): void {
    this.crashed = true;
    this.world.lifecycle.crash(this.victim);
  }

  /** True when it moved anything. */
  private handBackPrimaries(at: number): boolean {
    const base = this.world.latestTable;
    let moved = 0;
    const partitions = base.partitions.map((partition): Partition => {
      const owner = currentOwner(partition);
      if (originalOwner(partition.id) !== this.victim || owner === undefined || owner === this.victim) return partition;
      moved++;
      return { id: partition.id, owners: [owner, this.victim], backups: [owner], ballot: (partition.ballot ?? 0) + 1 };
    });
    if (moved === 0) return false;
    const table: RoutingTable = { version: base.version + 1, partitions };
    this.world.latestTable = table;
    for (const nodeId of ALL_NODES) this.world.adoptTable(nodeId, table, at);
    this.world.log('node-1', at, {
      level: 'info',
      component: 'meta',
      subject: this.victim,
      message: `balancer: primaries of ${moved} partitions moved back to ${this.victim}`,
    });
    return true;
  }

  private promote(at: number): void {
    const base = this.world.latestTable;
    const partitions = base.partitions.map((partition): Partition => {
      if (currentOwner(partition) !== this.victim) return partition;
      const heir = partition.backups.find((id) => id !== this.victim && this.world.node(id).up) ?? this.anySurvivor(partition.id);
      return {
        id: partition.id,
        owners: [...partition.owners.filter((id) => id !== heir), heir],
        backups: [],
        ballot: (partition.ballot ?? 0) + 1,
      };
    });
    this.promoted = { version: base.version + 1, partitions };
    this.promotedAt = at;
    this.world.latestTable = this.promoted;
    this.world.log('node-1', at, {
      level: 'warn',
      component: 'meta',
      subject: this.victim,
      message: `${this.victim} unreachable for ${DETECTION_MS} ms: marked dead, promoting backups for ${this.oldPartitions.length} partitions`,
    });
  }

  private anySurvivor(seed: number): string {
    const survivors = STORAGE_NODES.filter((id) => id !== this.victim && this.world.node(id).up);
    return survivors[seed % survivors.length] ?? 'node-1';
  }

  tick(at: number): 'running' {
    if (!this.crashed) {
      if (at < this.crashAt) return 'running';
      this.crash();
    }
    const t = this.timeline;
    t.once('detect', at, DETECTION_MS, () => this.promote(at));
    const promoted = this.promoted;
    if (promoted) {
      for (const [nodeId, delay] of Object.entries(ADOPTION_DELAYS_MS)) {
        if (nodeId === this.victim) continue;
        t.once(`adopt:${nodeId}`, at, DETECTION_MS + delay, () => this.world.adoptTable(nodeId, promoted, at));
      }
    }
    this.tickClient(at);
    if (!this.world.node(this.victim).up && at >= this.nextComplaintAt) {
      this.nextComplaintAt = at + PEER_COMPLAINT_EVERY_MS;
      const address = this.world.addresses.get(this.victim) ?? this.victim;
      for (const nodeId of STORAGE_NODES) {
        if (nodeId === this.victim || !this.world.node(nodeId).up || this.world.rng.chance(0.5)) continue;
        this.world.log(nodeId, at, {
          level: 'error',
          component: 'rpc',
          code: 'ECONNREFUSED',
          subject: this.victim,
          message: `dial ${this.victim} (${address}): connect: connection refused`,
        });
      }
    }
    return 'running';
  }

  private tickClient(at: number): void {
    const client = this.world.node(CLIENT_ID);
    if (!client.up || this.oldPartitions.length === 0) return;
    if (this.mode === 'buggy') {
      // Every request to the dead primary waits out the full timeout; the config is never refreshed.
      if (at < this.nextClientErrorAt) return;
      this.nextClientErrorAt = at + CLIENT_TIMEOUT_MS + this.world.rng.int(0, 600);
      const partition = this.world.rng.pick(this.oldPartitions);
      this.world.log(CLIENT_ID, at, {
        level: 'error',
        component: 'client',
        code: 'ERR_TIMEOUT',
        subject: this.victim,
        message: `request to ${this.victim} for partition ${partition} timed out after ${CLIENT_TIMEOUT_MS} ms`,
      });
      return;
    }
    const partition = this.oldPartitions[0];
    this.timeline.once('client:fail-fast', at, 500, () => {
      this.world.log(CLIENT_ID, at, {
        level: 'error',
        component: 'client',
        code: 'ECONNREFUSED',
        subject: this.victim,
        message: `request to ${this.victim} for partition ${partition} failed: connection refused; refreshing partition config`,
        transient: 'retried',
      });
    });
    const promoted = this.promoted;
    if (promoted && at - this.promotedAt >= CLIENT_REFRESH_MS) {
      this.timeline.once('client:refresh', at, 0, () => {
        this.world.adoptTable(CLIENT_ID, promoted, at, `partition config refreshed: version ${promoted.version}, new primaries for ${this.oldPartitions.length} partitions`);
      });
    }
  }

  stop(at: number): void {
    // Stopped before the crash: node-2 simply keeps the primaries it was handed back.
    if (!this.crashed) return;
    if (!this.promoted) this.promote(at);
    const promoted = this.promoted as RoutingTable;
    // The old primary returns as a secondary of the partitions it lost; ballots stay.
    const rejoined: RoutingTable = {
      version: promoted.version + 1,
      partitions: promoted.partitions.map((partition) =>
        this.oldPartitions.includes(partition.id) ? { ...partition, backups: [this.victim] } : partition,
      ),
    };
    this.world.latestTable = rejoined;
    this.world.lifecycle.restore(this.victim);
    for (const nodeId of [...STORAGE_NODES, CLIENT_ID]) this.world.adoptTable(nodeId, rejoined, at);
    this.world.log(this.victim, at, {
      level: 'info',
      component: 'meta',
      message: `rejoined as secondary for ${this.oldPartitions.length} partitions`,
    });
  }
}

/** Who owned a partition when the cluster was first laid out (round-robin). */
function originalOwner(partitionId: number): string {
  return STORAGE_NODES[partitionId % STORAGE_NODES.length];
}

export const replicaCrash: ScenarioDefinition = {
  name: 'replica-crash',
  modes: ['buggy', 'fixed'],
  summary: 'Pegasus: primary node-2 crashes, backups are promoted with ballot + 1; the buggy client keeps its stale config',
  start: (world, mode, at) => new ReplicaCrash(world, mode === 'fixed' ? 'fixed' : 'buggy', at),
};
