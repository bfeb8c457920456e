import type { NodeInfo, PeersDoc, RoutingDoc } from '@/lib/contract/admin-v1';
import type { AppDetail, ClusterInfo, ReplicaNode } from './replies';

/**
 * Pure translation of the meta server's answers into NodeReport parts. Owners
 * are named by target id where the address is a configured target, so the
 * meta's tables and the replica servers' own reports name the same nodes.
 */

export type IdFor = (address: string) => string;

/** Partition counts are powers of two up to 2^14 in practice; the contract caps a table at 16,384. */
const MAX_PARTITIONS = 16_384;

/** One table's configuration as a routing doc: primary → owner, secondaries → backups, ballot, max replicas. */
export function routingDocOfApp(app: AppDetail, idFor: IdFor): { doc: RoutingDoc | null; problems: string[] } {
  const problems = [...app.problems];
  const listed = app.partitions.length ? app.partitions[app.partitions.length - 1].pidx + 1 : 0;
  const partitionCount = app.partitionCount ?? listed;
  if (partitionCount < 1 || partitionCount > MAX_PARTITIONS) {
    problems.push(`table ${app.name}: partition_count ${app.partitionCount ?? 'unknown'} is not a usable partition count; table left out`);
    return { doc: null, problems };
  }
  if (app.partitionCount !== null && app.partitions.length !== app.partitionCount) {
    problems.push(`table ${app.name}: partition_count says ${app.partitionCount} but ${app.partitions.length} partitions are listed`);
  }
  const partitions = app.partitions
    .filter((partition) => partition.pidx < partitionCount)
    .map((partition) => ({
      id: partition.pidx,
      owners: partition.primary ? [idFor(partition.primary)] : [],
      backups: (partition.secondaries ?? []).map(idFor),
      ...(partition.ballot !== null ? { ballot: partition.ballot } : {}),
      ...(partition.replicaCount && partition.replicaCount.max >= 1 ? { maxReplicas: partition.replicaCount.max } : app.maxReplicaCount ? { maxReplicas: app.maxReplicaCount } : {}),
    }));
  return { doc: { table: app.name, initialized: true, partitionCount, partitions }, problems };
}

/** The meta server's verdict on each replica server, as peers in the categories ALIVE / UNALIVE (/ unknown). */
export function peersOfNodes(nodes: readonly ReplicaNode[], idFor: IdFor): PeersDoc {
  const categories = ['ALIVE', 'UNALIVE'];
  if (nodes.some((node) => node.status === 'unknown')) categories.push('unknown');
  return {
    categories,
    peers: nodes.map((node) => ({ id: idFor(node.address), address: node.address, category: node.status })),
    readErrors: [],
  };
}

export type MetaRole = 'meta-leader' | 'meta-follower';

export function metaNodeInfo(
  targetId: string,
  role: MetaRole,
  cluster: ClusterInfo | null,
  version: string | null,
  now: number,
): NodeInfo {
  return {
    id: targetId,
    cluster: cluster?.zookeeperRoot ?? 'unknown',
    role,
    version: version ?? 'unknown',
    startedAt: 'unknown',
    now: new Date(now).toISOString(),
  };
}

export function replicaNodeInfo(targetId: string, version: string | null, now: number): NodeInfo {
  return { id: targetId, cluster: 'unknown', role: 'replica', version: version ?? 'unknown', startedAt: 'unknown', now: new Date(now).toISOString() };
}
