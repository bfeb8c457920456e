import { z } from '@/lib/contract/zod';
import { ballotOf, decimalOf, hostPortListOf, hostPortOf, nonNegativeIntOf, primaryOf, replicaCountOf, secondariesOf, textOf } from './values';

/**
 * The meta server's pages (src/meta/meta_http_service.cpp), read into typed
 * values. The outer shape is checked with zod (objects where objects belong);
 * every leaf is a string parsed strictly by ./values, so a value that does not
 * parse is unknown (null), never 0.
 */

const record = z.record(z.string(), z.unknown());
const recordOfRecords = z.record(z.string(), record);

export const META_FUNCTION_LEVELS = ['stopped', 'blind', 'freezed', 'steady', 'lively'] as const;
export type MetaFunctionLevel = (typeof META_FUNCTION_LEVELS)[number] | 'unknown';

/** GET /meta/cluster (get_cluster_info_handler). */
export type ClusterInfo = {
  metaServers: string[] | null;
  primaryMetaServer: string | null;
  functionLevel: MetaFunctionLevel;
  zookeeperRoot: string | null;
  balanceOperationCount: number | null;
  primaryReplicaCountStddev: number | null;
  totalReplicaCountStddev: number | null;
};

export function readClusterInfo(json: unknown): ClusterInfo | string {
  const parsed = record.safeParse(json);
  if (!parsed.success) return '/meta/cluster is not a JSON object';
  const info = parsed.data;
  const level = textOf(info.meta_function_level);
  return {
    metaServers: hostPortListOf(info.meta_servers),
    primaryMetaServer: hostPortOf(info.primary_meta_server),
    functionLevel: (META_FUNCTION_LEVELS as readonly string[]).includes(level ?? '') ? (level as MetaFunctionLevel) : 'unknown',
    zookeeperRoot: textOf(info.zookeeper_root),
    balanceOperationCount: nonNegativeIntOf(info.balance_operation_count),
    primaryReplicaCountStddev: decimalOf(info.primary_replica_count_stddev),
    totalReplicaCountStddev: decimalOf(info.total_replica_count_stddev),
  };
}

export type MetaVerdict = 'ALIVE' | 'UNALIVE' | 'unknown';

/** One replica server as GET /meta/nodes?detail lists it (list_node_handler). */
export type ReplicaNode = {
  address: string;
  status: MetaVerdict;
  replicaCount: number | null;
  primaryCount: number | null;
  secondaryCount: number | null;
};

export function readNodes(json: unknown): { nodes: ReplicaNode[]; skipped: string[] } | string {
  const parsed = z.object({ details: recordOfRecords }).safeParse(json);
  if (!parsed.success) return '/meta/nodes has no "details" object of nodes';
  const nodes: ReplicaNode[] = [];
  const skipped: string[] = [];
  for (const [key, detail] of Object.entries(parsed.data.details)) {
    const address = hostPortOf(detail.address) ?? hostPortOf(key);
    if (address === null) {
      skipped.push(`/meta/nodes lists a node whose address does not parse: ${JSON.stringify(key).slice(0, 80)}`);
      continue;
    }
    const status = detail.status === 'ALIVE' || detail.status === 'UNALIVE' ? detail.status : 'unknown';
    nodes.push({
      address,
      status,
      replicaCount: nonNegativeIntOf(detail.replica_count),
      primaryCount: nonNegativeIntOf(detail.primary_count),
      secondaryCount: nonNegativeIntOf(detail.secondary_count),
    });
  }
  return { nodes, skipped };
}

/** One table as GET /meta/apps lists it (list_app_handler lists only AVAILABLE ones). */
export type AppSummary = { appId: number | null; name: string; status: string | null; partitionCount: number | null };

export function readApps(json: unknown): AppSummary[] | string {
  const parsed = z.object({ general_info: recordOfRecords }).safeParse(json);
  if (!parsed.success) return '/meta/apps has no "general_info" object of tables';
  const apps: AppSummary[] = [];
  for (const info of Object.values(parsed.data.general_info)) {
    const name = textOf(info.app_name);
    if (!name) continue;
    apps.push({ appId: nonNegativeIntOf(info.app_id), name, status: textOf(info.status), partitionCount: nonNegativeIntOf(info.partition_count) });
  }
  return apps;
}

/** One partition of GET /meta/app?name=T&detail (get_app_handler, "replicas" section). */
export type PartitionConfig = {
  pidx: number;
  ballot: number | null;
  replicaCount: { count: number; max: number } | null;
  /** undefined = the text did not parse (unknown); null = "-" (no primary). */
  primary: string | null | undefined;
  secondaries: string[] | null;
};

export type AppDetail = {
  name: string;
  appId: number | null;
  partitionCount: number | null;
  maxReplicaCount: number | null;
  partitions: PartitionConfig[];
  healthy: {
    fullyHealthy: number | null;
    unhealthy: number | null;
    writeUnhealthy: number | null;
    readUnhealthy: number | null;
  } | null;
  /** Values that did not parse, for the operator. */
  problems: string[];
};

export function readApp(json: unknown, table: string): AppDetail | string {
  const parsed = z.object({ general: record, replicas: recordOfRecords.optional(), healthy: record.optional() }).safeParse(json);
  if (!parsed.success) return `/meta/app?name=${table} has no "general" object`;
  const { general, replicas = {}, healthy } = parsed.data;
  const problems: string[] = [];
  const partitions: PartitionConfig[] = [];
  for (const [key, replica] of Object.entries(replicas)) {
    const pidx = nonNegativeIntOf(replica.pidx ?? key);
    if (pidx === null) {
      problems.push(`table ${table}: a partition index does not parse (${JSON.stringify(key).slice(0, 40)})`);
      continue;
    }
    const primary = primaryOf(replica.primary);
    const partition: PartitionConfig = {
      pidx,
      ballot: ballotOf(replica.ballot),
      replicaCount: replicaCountOf(replica.replica_count),
      primary: primary === null ? undefined : primary.primary,
      secondaries: secondariesOf(replica.secondaries),
    };
    if (partition.ballot === null) problems.push(`table ${table} partition ${pidx}: ballot ${JSON.stringify(replica.ballot)} is not a valid ballot`);
    if (partition.primary === undefined) problems.push(`table ${table} partition ${pidx}: primary ${JSON.stringify(replica.primary)} does not parse`);
    if (partition.secondaries === null) problems.push(`table ${table} partition ${pidx}: secondaries ${JSON.stringify(replica.secondaries)} do not parse`);
    partitions.push(partition);
  }
  partitions.sort((a, b) => a.pidx - b.pidx);
  return {
    name: textOf(general.app_name) ?? table,
    appId: nonNegativeIntOf(general.app_id),
    partitionCount: nonNegativeIntOf(general.partition_count),
    maxReplicaCount: nonNegativeIntOf(general.max_replica_count),
    partitions,
    healthy: healthy
      ? {
          fullyHealthy: nonNegativeIntOf(healthy.fully_healthy_partition_count),
          unhealthy: nonNegativeIntOf(healthy.unhealthy_partition_count),
          writeUnhealthy: nonNegativeIntOf(healthy.write_unhealthy_partition_count),
          readUnhealthy: nonNegativeIntOf(healthy.read_unhealthy_partition_count),
        }
      : null,
    problems,
  };
}

/** GET /version on any server: {"Version": "...", "GitCommit": "..."}. */
export function readVersion(json: unknown): { version: string | null; gitCommit: string | null } | string {
  const parsed = record.safeParse(json);
  if (!parsed.success) return '/version is not a JSON object';
  return { version: textOf(parsed.data.Version), gitCommit: textOf(parsed.data.GitCommit) };
}
