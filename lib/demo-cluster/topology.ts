import type { Partition } from '@/lib/contract/admin-v1';

/** The demo cluster's fixed shape: six storage nodes in primary/replica pairs and one client. */
export const CLUSTER_NAME = 'demo';
export const NODE_VERSION = '2.4.1';
export const CLIENT_VERSION = '2.4.0';
/** Olric's default partition count. */
export const PARTITION_COUNT = 271;
export const INITIAL_BALLOT = 3;
export const INITIAL_ROUTING_VERSION = 12;
export const COORDINATOR = 'node-1';
export const CLIENT_ID = 'client-1';

export const STORAGE_NODES = ['node-1', 'node-2', 'node-3', 'node-4', 'node-5', 'node-6'] as const;
export const ALL_NODES = [...STORAGE_NODES, CLIENT_ID] as const;

/** Replica → its primary (node-4 replicates node-1, …). */
export const REPLICA_OF: Readonly<Record<string, string>> = {
  'node-4': 'node-1',
  'node-5': 'node-2',
  'node-6': 'node-3',
};

export function roleOf(nodeId: string): 'primary' | 'replica' | 'client' {
  if (nodeId === CLIENT_ID) return 'client';
  return nodeId in REPLICA_OF ? 'replica' : 'primary';
}

/** The other half of a node's pair: it backs up this node's partitions. */
export function pairOf(nodeId: string): string {
  const primary = REPLICA_OF[nodeId];
  if (primary) return primary;
  const replica = Object.keys(REPLICA_OF).find((id) => REPLICA_OF[id] === nodeId);
  if (!replica) throw new Error(`${nodeId} has no pair`);
  return replica;
}

export function linkId(primary: string, replica: string): string {
  return `${primary}->${replica}`;
}

export type RoutingTable = {
  version: number;
  partitions: readonly Partition[];
};

/** Partitions spread round-robin over all six nodes, each backed up by its pair. */
export function initialRoutingTable(): RoutingTable {
  const partitions: Partition[] = [];
  for (let id = 0; id < PARTITION_COUNT; id++) {
    const owner = STORAGE_NODES[id % STORAGE_NODES.length];
    partitions.push({ id, owners: [owner], backups: [pairOf(owner)], ballot: INITIAL_BALLOT });
  }
  return { version: INITIAL_ROUTING_VERSION, partitions };
}

export function currentOwner(partition: Partition): string | undefined {
  return partition.owners[partition.owners.length - 1];
}

/** How many partitions a node owns according to a table (last owner = current owner). */
export function ownedCount(table: RoutingTable, nodeId: string): number {
  let count = 0;
  for (const partition of table.partitions) if (currentOwner(partition) === nodeId) count++;
  return count;
}
