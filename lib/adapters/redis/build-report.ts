import type { NodeInfo, PeersDoc, RoutingDoc } from '@/lib/contract/admin-v1';
import { isoOrUnknown } from '@/lib/contract/node-time';
import type { PollReason, ReplicationLink, ReportPart } from '@/lib/contract/report';
import type { RedisTargetConfig } from '@/lib/adapters/redis/target';
import { parseClusterNodes, peersFromClusterNodes, routingFromClusterNodes, type ClusterNode } from './cluster-nodes';
import { intField, parseInfo } from './info';
import { parsePikaReplication, pikaReplicationLinks, pikaRole } from './pika-replication';
import { primarySideLinks, replicaSideLink, type AddressToId } from './redis-replication';

/** One command's answer: its text, or the error the server gave for it. */
export type CommandReply = { ok: true; value: unknown } | { ok: false; message: string };

export type NodeReplies = {
  infoServer: CommandReply;
  infoReplication: CommandReply;
  clusterInfo: CommandReply;
  clusterNodes: CommandReply;
};

export type Flavor = 'redis' | 'valkey' | 'pika';

/** What a successful read of one node says, before logs are attached. */
export type NodeReading = {
  flavor: Flavor;
  runId: string | null;
  node: NodeInfo;
  links: ReplicationLink[];
  routing: RoutingDoc | null;
  peers: PeersDoc | null;
  clusterNodes: ClusterNode[] | null;
  clusterState: string | null;
  eligibleForMasterElection: string | null;
  unavailable: ReportPart[];
};

export type ReadingResult = { ok: true; reading: NodeReading } | { ok: false; status: 'bad_response'; reason: PollReason };

export type ReadingInput = {
  target: Pick<RedisTargetConfig, 'id' | 'address' | 'flavor' | 'username'>;
  replies: NodeReplies;
  idFor: AddressToId;
  /** Collector clock (ms) when the answer arrived. */
  now: number;
};

const ACL_HINT =
  'Grant the read-only commands the dashboard uses: ACL SETUSER <user> +info +cluster|info +cluster|nodes +latency|latest (see docs/redis.md).';

/** A NOPERM / NOAUTH / WRONGPASS reply → an auth reason that says what to do; anything else → null. */
export function authReason(message: string, username: string | undefined): PollReason | null {
  const who = username ? `ACL user "${username}"` : 'the default user';
  if (/^NOPERM\b/i.test(message)) {
    const command = /run the '([^']+)' command/i.exec(message)?.[1];
    const what = command ? `may not run ${command.toUpperCase()}` : 'lacks a permission the dashboard needs';
    return { code: 'auth', message: `The ${who} ${what} (server said: ${message}). ${ACL_HINT.replace('<user>', username ?? 'default')}` };
  }
  if (/^WRONGPASS\b/i.test(message) || /invalid (username-)?password/i.test(message)) {
    return {
      code: 'auth',
      message: `Authentication failed for the ${who}: the password is wrong or the user is disabled (server said: ${message}). Check the variable named by passwordEnv and that the user is "on".`,
    };
  }
  if (/^NOAUTH\b/i.test(message) || /authentication required/i.test(message)) {
    return {
      code: 'auth',
      message: `The server requires authentication (server said: ${message}). Set passwordEnv (and username for an ACL user) on this target.`,
    };
  }
  return null;
}

function textOf(reply: CommandReply): string | null {
  return reply.ok && typeof reply.value === 'string' ? reply.value : null;
}

function detectFlavor(fields: Map<string, string>, configured: RedisTargetConfig['flavor']): Flavor {
  if (configured !== 'auto') return configured;
  if (fields.has('pika_version')) return 'pika';
  if (fields.has('valkey_version') || fields.get('server_name') === 'valkey') return 'valkey';
  return 'redis';
}

function versionOf(fields: Map<string, string>, flavor: Flavor): string | null {
  switch (flavor) {
    case 'pika':
      return fields.has('pika_version') ? `pika ${fields.get('pika_version')}` : null;
    case 'valkey': {
      const version = fields.get('valkey_version') ?? fields.get('redis_version');
      return version === undefined ? null : `valkey ${version}`;
    }
    case 'redis':
      return fields.get('redis_version') ?? null;
    default: {
      const never: never = flavor;
      return never;
    }
  }
}

function badResponse(message: string): ReadingResult {
  return { ok: false, status: 'bad_response', reason: { code: 'protocol', message } };
}

/**
 * Turns one round trip's answers into the node, sync, routing and peers parts.
 * Pure: the same answers and clock give the same reading.
 */
export function readNode({ target, replies, idFor, now }: ReadingInput): ReadingResult {
  for (const reply of [replies.infoServer, replies.infoReplication]) {
    if (!reply.ok) return authFailure(reply.message, target.username) ?? badResponse(`INFO failed: ${reply.message}`);
  }
  const serverText = textOf(replies.infoServer);
  const replicationText = textOf(replies.infoReplication);
  if (serverText === null || replicationText === null) return badResponse('INFO did not answer with text');
  const server = parseInfo(serverText);
  const replication = parseInfo(replicationText);
  const flavor = detectFlavor(server.fields, target.flavor);
  const version = versionOf(server.fields, flavor);
  if (version === null) return badResponse('INFO server has no redis_version, valkey_version or pika_version line');

  // The node's own clock when it has one (to show skew), else the collector's. Times in the
  // report are node times; the diagnostics correct them with node.now against fetchedAt.
  const serverMicros = intField(server.fields, 'server_time_usec');
  const nodeNow = serverMicros !== null ? Math.floor(serverMicros / 1000) : now;
  const uptime = intField(server.fields, 'uptime_in_seconds');

  const pika = flavor === 'pika' ? parsePikaReplication(replication.lines) : null;
  let role: string;
  let links: ReplicationLink[];
  let primaryOfSelf: string | null = null;
  if (pika !== null) {
    role = pikaRole(pika);
    links = pikaReplicationLinks(pika, target.id, idFor);
  } else {
    const said = replication.fields.get('role');
    role = said === 'master' ? 'primary' : said === 'slave' ? 'replica' : 'unknown';
    // "N seconds ago" is counted on the node's clock, like every time a native node reports.
    const upstream = role === 'replica' ? replicaSideLink(replication.fields, target.id, idFor, nodeNow) : null;
    links = [...(upstream ? [upstream] : []), ...primarySideLinks(replication.fields, target.id, idFor, nodeNow)];
  }
  if (role === 'replica') primaryOfSelf = links.find((link) => link.replica === target.id)?.primary ?? null;

  const cluster = readCluster(replies, server.fields.get('redis_mode') === 'cluster', target, idFor);
  if (!cluster.ok) return cluster.result;

  const unavailable: ReportPart[] = cluster.nodes === null ? ['peers', 'routing'] : [];
  return {
    ok: true,
    reading: {
      flavor,
      runId: server.fields.get('run_id') ?? null,
      node: {
        id: target.id,
        cluster: clusterName(cluster.nodes, primaryOfSelf ?? target.id),
        role,
        version,
        // Numbers a node sends can reach past what a Date holds: such a time is unknown, not a crash.
        startedAt: isoOrUnknown(uptime !== null ? nodeNow - uptime * 1000 : nodeNow),
        now: isoOrUnknown(nodeNow),
      },
      links,
      routing: cluster.routing,
      peers: cluster.peers,
      clusterNodes: cluster.nodes,
      clusterState: cluster.info?.get('cluster_state') ?? null,
      eligibleForMasterElection: pika?.eligibleForMasterElection ?? null,
      unavailable,
    },
  };
}

function authFailure(message: string, username: string | undefined): ReadingResult | null {
  const reason = authReason(message, username);
  return reason === null ? null : { ok: false, status: 'bad_response', reason };
}

type ClusterRead =
  | { ok: true; nodes: ClusterNode[] | null; info: Map<string, string> | null; routing: RoutingDoc | null; peers: PeersDoc | null }
  | { ok: false; result: ReadingResult };

function readCluster(replies: NodeReplies, clusterMode: boolean, target: ReadingInput['target'], idFor: AddressToId): ClusterRead {
  const none: ClusterRead = { ok: true, nodes: null, info: null, routing: null, peers: null };
  for (const reply of [replies.clusterInfo, replies.clusterNodes]) {
    if (reply.ok) continue;
    const auth = authFailure(reply.message, target.username);
    if (auth !== null) return { ok: false, result: auth };
    // Standalone Redis and Pika refuse CLUSTER commands: routing and peers are not available from them.
    if (!clusterMode) return none;
    return { ok: false, result: badResponse(`CLUSTER command failed on a cluster-mode node: ${reply.message}`) };
  }
  const infoText = textOf(replies.clusterInfo);
  const nodesText = textOf(replies.clusterNodes);
  if (infoText === null || nodesText === null) return { ok: false, result: badResponse('CLUSTER INFO / CLUSTER NODES did not answer with text') };
  const info = parseInfo(infoText).fields;
  // A standalone Valkey/Redis may answer CLUSTER INFO with cluster_enabled:0 — no cluster to read.
  if (info.get('cluster_enabled') === '0') return none;
  const nodes = parseClusterNodes(nodesText);
  if (nodes === null || !nodes.some((node) => node.flags.has('myself'))) {
    return { ok: false, result: badResponse('CLUSTER NODES answer could not be parsed') };
  }
  return {
    ok: true,
    nodes,
    info,
    routing: routingFromClusterNodes(nodes, info, target.id, idFor),
    peers: peersFromClusterNodes(nodes, target.id, idFor),
  };
}

/**
 * Redis has no cluster name. Cluster members share their member list, so the
 * lowest node id names the cluster; outside cluster mode a replication group
 * is named after its primary.
 */
function clusterName(nodes: ClusterNode[] | null, groupPrimary: string): string {
  if (nodes === null || nodes.length === 0) return groupPrimary;
  const lowest = nodes.map((node) => node.nodeId).sort()[0];
  return `redis-cluster-${lowest.slice(0, 8)}`;
}
