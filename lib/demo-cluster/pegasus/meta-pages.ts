import type { AdminAnswer } from '../wire';
import type { PegasusWorld, SimTable } from './world';

/**
 * What a simulated Pegasus server answers over HTTP, shape for shape as the
 * real handlers print it. Every value is a string (dsn::utils::table_printer
 * prints everything with to_string), bodies end with a newline, and a meta
 * server that is not the leader redirects with 307.
 */

export const PEGASUS_VERSION = '2.5.0';
const GIT_COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

function json(body: unknown): AdminAnswer {
  return { status: 200, body: null, text: `${JSON.stringify(body)}\n` };
}

function plain(status: number, text: string, headers?: Record<string, string>): AdminAnswer {
  return { status, body: null, text, headers };
}

/** "2026-12-04 18:00:00", as dsn::utils::time_ms_to_string prints create_time. */
function timeText(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** src/http/builtin_http_calls.cpp (get_version_handler): every server, leader or not. */
function versionPage(): AdminAnswer {
  return json({ Version: PEGASUS_VERSION, GitCommit: GIT_COMMIT });
}

/**
 * src/meta/meta_http_service.cpp, redirect_if_not_primary:
 * Location = "http://" + leader + '/' + path, then "?k=v&k=v" of the query args.
 */
function redirect(world: PegasusWorld, path: string, params: URLSearchParams): AdminAnswer {
  const query = [...params].map(([key, value]) => `${key}=${value}`).join('&');
  const location = `http://${world.leaderMeta.address}/${path.replace(/^\//, '')}${query ? `?${query}` : ''}`;
  return plain(307, '', { location });
}

/** Query args other than `allowed` answer 400 with an empty body, before any redirect (as the handlers check them first). */
function unknownParam(params: URLSearchParams, allowed: readonly string[]): boolean {
  return [...params.keys()].some((key) => !allowed.includes(key));
}

/** meta_http_service.cpp, get_cluster_info_handler. */
function clusterPage(world: PegasusWorld): AdminAnswer {
  return json({
    meta_servers: world.metas.map((meta) => meta.address).join(','),
    primary_meta_server: world.leaderMeta.address,
    zookeeper_hosts: '127.0.0.1:2181',
    zookeeper_root: '/pegasus/demo',
    meta_function_level: 'steady',
    balance_operation_count: 'move_pri=0,copy_pri=0,copy_sec=0,total=0',
    primary_replica_count_stddev: '0.00',
    total_replica_count_stddev: '0.00',
  });
}

function replicaCountOf(partition: { primary: string | null; secondaries: string[] }): number {
  return (partition.primary ? 1 : 0) + partition.secondaries.length;
}

type Health = { fullyHealthy: number; writeUnhealthy: number; readUnhealthy: number };

/** The counting rule of get_app_handler / list_app_handler. */
function healthOf(table: SimTable): Health {
  const health = { fullyHealthy: 0, writeUnhealthy: 0, readUnhealthy: 0 };
  for (const partition of table.partitions) {
    const count = replicaCountOf(partition);
    if (partition.primary) {
      if (count >= table.maxReplicaCount) health.fullyHealthy++;
      else if (count < 2) health.writeUnhealthy++;
    } else {
      health.writeUnhealthy++;
      health.readUnhealthy++;
    }
  }
  return health;
}

/** meta_http_service.cpp, list_node_handler: "details" keyed by address, then "summary". */
function nodesPage(world: PegasusWorld, detail: boolean): AdminAnswer {
  const details: Record<string, Record<string, string>> = {};
  const sorted = [...world.replicas].sort((a, b) => a.address.localeCompare(b.address));
  for (const replica of sorted) {
    const row: Record<string, string> = { address: replica.address, status: replica.verdict };
    if (detail) {
      let primary = 0;
      let secondary = 0;
      for (const table of world.tables) {
        for (const partition of table.partitions) {
          if (partition.primary === replica.address) primary++;
          if (partition.secondaries.includes(replica.address)) secondary++;
        }
      }
      Object.assign(row, { replica_count: String(primary + secondary), primary_count: String(primary), secondary_count: String(secondary) });
    }
    details[replica.address] = row;
  }
  const alive = world.replicas.filter((replica) => replica.verdict === 'ALIVE').length;
  return json({
    details,
    summary: {
      total_node_count: String(world.replicas.length),
      alive_node_count: String(alive),
      unalive_node_count: String(world.replicas.length - alive),
    },
  });
}

/** meta_http_service.cpp, list_app_handler: "general_info" keyed by app_id; with detail "healthy_info"; "summary". */
function appsPage(world: PegasusWorld, detail: boolean): AdminAnswer {
  const general: Record<string, Record<string, string>> = {};
  const healthy: Record<string, Record<string, string>> = {};
  const totals = { fully: 0, unhealthy: 0, write: 0, read: 0 };
  for (const table of world.tables) {
    general[String(table.appId)] = {
      app_id: String(table.appId),
      status: 'AVAILABLE',
      app_name: table.name,
      app_type: 'pegasus',
      partition_count: String(table.partitions.length),
      replica_count: String(table.maxReplicaCount),
      is_stateful: 'true',
      create_time: timeText(table.createdAt),
      drop_time: '-',
      drop_expire: '-',
      envs_count: '0',
    };
    const health = healthOf(table);
    healthy[String(table.appId)] = {
      app_id: String(table.appId),
      app_name: table.name,
      partition_count: String(table.partitions.length),
      fully_healthy: String(health.fullyHealthy),
      unhealthy: String(table.partitions.length - health.fullyHealthy),
      write_unhealthy: String(health.writeUnhealthy),
      read_unhealthy: String(health.readUnhealthy),
    };
    if (health.fullyHealthy === table.partitions.length) totals.fully++;
    else totals.unhealthy++;
    if (health.writeUnhealthy > 0) totals.write++;
    if (health.readUnhealthy > 0) totals.read++;
  }
  const summary: Record<string, string> = { total_app_count: String(world.tables.length) };
  if (detail && world.tables.length > 0) {
    Object.assign(summary, {
      fully_healthy_app_count: String(totals.fully),
      unhealthy_app_count: String(totals.unhealthy),
      write_unhealthy_app_count: String(totals.write),
      read_unhealthy_app_count: String(totals.read),
    });
    return json({ general_info: general, healthy_info: healthy, summary });
  }
  return json({ general_info: general, summary });
}

/** meta_http_service.cpp, get_app_handler: "general"; with detail "replicas" keyed by pidx, "nodes", "healthy". */
function appPage(world: PegasusWorld, name: string, detail: boolean): AdminAnswer {
  const table = world.table(name);
  if (!table) return plain(404, `table not found: "${name}"`);
  const general = {
    app_name: table.name,
    app_id: String(table.appId),
    partition_count: String(table.partitions.length),
    max_replica_count: String(table.maxReplicaCount),
  };
  if (!detail) return json({ general });
  const replicas: Record<string, Record<string, string>> = {};
  const perNode = new Map<string, { primary: number; secondary: number }>();
  const bump = (address: string, key: 'primary' | 'secondary') => {
    const counts = perNode.get(address) ?? { primary: 0, secondary: 0 };
    counts[key]++;
    perNode.set(address, counts);
  };
  table.partitions.forEach((partition, pidx) => {
    if (partition.primary) bump(partition.primary, 'primary');
    for (const secondary of partition.secondaries) bump(secondary, 'secondary');
    replicas[String(pidx)] = {
      pidx: String(pidx),
      ballot: String(partition.ballot),
      replica_count: `${replicaCountOf(partition)}/${table.maxReplicaCount}`,
      primary: partition.primary ?? '-',
      secondaries: `[${partition.secondaries.join(',')}]`,
    };
  });
  const nodes: Record<string, Record<string, string>> = {};
  let primaries = 0;
  let secondaries = 0;
  for (const [address, counts] of [...perNode].sort((a, b) => a[0].localeCompare(b[0]))) {
    nodes[address] = { node: address, primary: String(counts.primary), secondary: String(counts.secondary), total: String(counts.primary + counts.secondary) };
    primaries += counts.primary;
    secondaries += counts.secondary;
  }
  nodes.total = { node: 'total', primary: String(primaries), secondary: String(secondaries), total: String(primaries + secondaries) };
  const health = healthOf(table);
  return json({
    general,
    replicas,
    nodes,
    healthy: {
      fully_healthy_partition_count: String(health.fullyHealthy),
      unhealthy_partition_count: String(table.partitions.length - health.fullyHealthy),
      write_unhealthy_partition_count: String(health.writeUnhealthy),
      read_unhealthy_partition_count: String(health.readUnhealthy),
    },
  });
}

/** One request to meta server number `self`. */
export function answerMeta(world: PegasusWorld, self: number, method: string, rawUrl: string): AdminAnswer {
  const url = new URL(rawUrl, 'http://meta.invalid');
  const params = url.searchParams;
  if (method !== 'GET') return plain(400, '');
  const isLeader = world.leader === self;
  switch (url.pathname) {
    case '/version':
      return versionPage();
    case '/meta/cluster':
      return isLeader ? clusterPage(world) : redirect(world, url.pathname, params);
    case '/meta/nodes':
      if (unknownParam(params, ['detail'])) return plain(400, '');
      return isLeader ? nodesPage(world, params.has('detail')) : redirect(world, url.pathname, params);
    case '/meta/apps':
      if (unknownParam(params, ['detail'])) return plain(400, '');
      return isLeader ? appsPage(world, params.has('detail')) : redirect(world, url.pathname, params);
    case '/meta/app':
      if (unknownParam(params, ['name', 'detail'])) return plain(400, '');
      return isLeader ? appPage(world, params.get('name') ?? '', params.has('detail')) : redirect(world, url.pathname, params);
    default:
      return plain(404, '');
  }
}

/** A replica server answers its built-in pages only (src/http/builtin_http_calls.cpp). */
export function answerReplica(method: string, rawUrl: string): AdminAnswer {
  const url = new URL(rawUrl, 'http://replica.invalid');
  if (method === 'GET' && url.pathname === '/version') return versionPage();
  return plain(404, '');
}
