import type { Partition } from '@/lib/contract/admin-v1';
import { CLIENT_ID, STORAGE_NODES, currentOwner, type RoutingTable } from '../topology';
import type { World } from '../world';
import { Timeline, type ScenarioDefinition, type ScenarioRun } from './types';

/** The partition the half-written table leaves without an owner. */
export const UNOWNED_PARTITION = 42;
/** The node whose half-written table claims a partition another node owns. */
export const CLAIMING_NODE = 'node-2';
/** The node whose self-reported owned count is wrong during the race. */
export const MISCOUNTING_NODE = 'node-3';
/** The node that never catches up in `routing-stuck`. */
export const STUCK_NODE = 'node-3';

/** Milliseconds after the start at which each step happens. */
export const ROUTING_STEPS = {
  firstAdopters: 0,
  secondAdopters: 4000,
  coordinatorFixes: 9000,
  mostFixed: 11_000,
  lastFixed: 13_000,
  clientFixed: 13_500,
  converged: 14_000,
} as const;

function withPartition(table: RoutingTable, version: number, id: number, change: (partition: Partition) => Partition): RoutingTable {
  return { version, partitions: table.partitions.map((partition) => (partition.id === id ? change(partition) : partition)) };
}

/** The first partition from `from` on whose current owner is not `notOwner`. */
function partitionOwnedByOther(table: RoutingTable, from: number, notOwner: string): Partition {
  const ordered = [...table.partitions.slice(from), ...table.partitions.slice(0, from)];
  const found = ordered.find((partition) => {
    const owner = currentOwner(partition);
    return owner !== undefined && owner !== notOwner && partition.id !== UNOWNED_PARTITION;
  });
  if (!found) throw new Error('no partition owned by another node');
  return found;
}

/**
 * Olric's start-up race: the routing table is written while another path
 * reads it. For a while nodes hold different versions, the half-written
 * version has an unowned partition and a doubly claimed one, and one node's
 * owned count disagrees with its own table. Then it converges.
 */
class RoutingRace implements ScenarioRun {
  private readonly timeline: Timeline;
  private readonly halfWritten: RoutingTable;
  private readonly claimantsTable: RoutingTable;
  private readonly fixed: RoutingTable;
  private readonly firstAdopters: string[];
  private readonly secondAdopters: string[];

  constructor(
    private readonly world: World,
    private readonly stuck: boolean,
    at: number,
  ) {
    this.timeline = new Timeline(at);
    const base = world.latestTable;
    this.halfWritten = withPartition(base, base.version + 1, UNOWNED_PARTITION, (partition) => ({ ...partition, owners: [] }));
    const claimed = partitionOwnedByOther(this.halfWritten, 97, CLAIMING_NODE);
    const rightfulOwner = currentOwner(claimed) as string;
    this.claimantsTable = withPartition(this.halfWritten, base.version + 1, claimed.id, (partition) => ({
      ...partition,
      owners: [...partition.owners, CLAIMING_NODE],
    }));
    this.fixed = { version: base.version + 2, partitions: base.partitions };
    this.firstAdopters = unique(['node-1', CLAIMING_NODE, rightfulOwner]);
    const laggard = [...STORAGE_NODES].reverse().find((id) => !this.firstAdopters.includes(id) && id !== MISCOUNTING_NODE);
    this.secondAdopters = STORAGE_NODES.filter((id) => !this.firstAdopters.includes(id) && id !== laggard);
    world.latestTable = this.fixed;
    world.log('node-1', at, {
      level: 'warn',
      component: 'routing',
      message: `routing table restart: publishing version ${this.halfWritten.version} while members are still joining`,
    });
  }

  private adopt(nodeId: string, table: RoutingTable, at: number): void {
    if (this.stuck && nodeId === STUCK_NODE) return;
    const actual = nodeId === CLAIMING_NODE && table === this.halfWritten ? this.claimantsTable : table;
    this.world.adoptTable(nodeId, actual, at);
  }

  private setMiscount(on: boolean): void {
    if (this.stuck) return;
    const node = this.world.node(MISCOUNTING_NODE);
    // Counted while the table was half written: it misses a handful of its partitions.
    node.routing = { ...node.routing, ownedCountSkew: on ? -7 : 0 };
  }

  tick(at: number): 'running' | 'done' {
    const t = this.timeline;
    t.once('first', at, ROUTING_STEPS.firstAdopters, () => {
      for (const id of this.firstAdopters) this.adopt(id, this.halfWritten, at);
      this.setMiscount(true);
    });
    t.once('second', at, ROUTING_STEPS.secondAdopters, () => {
      for (const id of this.secondAdopters) this.adopt(id, this.halfWritten, at);
      this.world.log('node-1', at, {
        level: 'warn',
        component: 'routing',
        subject: `partition ${UNOWNED_PARTITION}`,
        message: `partition ${UNOWNED_PARTITION} has no owner in routing table version ${this.halfWritten.version}`,
      });
    });
    t.once('coordinator', at, ROUTING_STEPS.coordinatorFixes, () => this.adopt('node-1', this.fixed, at));
    t.once('most', at, ROUTING_STEPS.mostFixed, () => {
      for (const id of STORAGE_NODES) if (id !== MISCOUNTING_NODE && id !== 'node-1') this.adopt(id, this.fixed, at);
    });
    t.once('last', at, ROUTING_STEPS.lastFixed, () => {
      this.adopt(MISCOUNTING_NODE, this.fixed, at);
      this.setMiscount(false);
    });
    t.once('client', at, ROUTING_STEPS.clientFixed, () => this.adopt(CLIENT_ID, this.fixed, at));
    if (this.stuck || t.elapsed(at) < ROUTING_STEPS.converged) return 'running';
    this.world.log('node-1', at, {
      level: 'info',
      component: 'routing',
      message: `routing table converged at version ${this.fixed.version} on every member`,
    });
    return 'done';
  }

  stop(at: number): void {
    for (const id of [...STORAGE_NODES, CLIENT_ID]) this.world.adoptTable(id, this.fixed, at);
    const node = this.world.node(MISCOUNTING_NODE);
    node.routing = { ...node.routing, ownedCountSkew: 0 };
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

export const routingInitRace: ScenarioDefinition = {
  name: 'routing-init-race',
  modes: ['race'],
  summary: 'Olric start-up race: tables at different versions, an unowned and a doubly owned partition, a wrong owned count; converges in ~14 s',
  start: (world, _mode, at) => new RoutingRace(world, false, at),
};

export const routingStuck: ScenarioDefinition = {
  name: 'routing-stuck',
  modes: ['stuck'],
  summary: 'Like routing-init-race, but node-3 stays on the old table version until stopped',
  start: (world, _mode, at) => new RoutingRace(world, true, at),
};
