/**
 * A farm of N admin API v1 nodes on 127.0.0.1, run in its own process so the
 * collector's CPU figures are not mixed with the servers'.
 *
 * Like real nodes, every answer differs from the last: the node's clock,
 * replication offsets and last I/O move, one new log line is written per poll,
 * now and then a peer changes category and the routing table's version moves.
 * Each node also serves `/metrics`, a ~5 KB Prometheus text page that changes
 * the same way, so Prometheus can scrape the very same nodes in the same run.
 *
 * Several farm processes may share one farm (argv: total, from, to, and
 * optionally a first port). Without a first port the OS picks each port from
 * the ephemeral range (32768–60999 here), which also serves every outgoing
 * connection on the machine: 20,000 listeners plus the poller's 20,000
 * connections do not fit in its 28,232 ports, so large farms listen on fixed
 * ports below it, from the first port upwards, skipping ports already taken.
 *
 * Protocol on stdio: prints `{"urls":[…],"reportBytes":n,"metricsBytes":n}` as
 * the first line; then each line `counts` on stdin is answered with
 * `{"reports":n,"metrics":n}` (requests served so far). Ends when stdin closes
 * or on SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** argv: total nodes in the farm, and the slice [from, to) this process serves (a process holds ≤ ~5,000 sockets per role). */
const count = Number(process.argv[2] ?? 200);
const from = Number(process.argv[3] ?? 0);
const to = Number(process.argv[4] ?? count);
/** 0: the OS picks. Otherwise the first fixed port tried; ports stay below the ephemeral range. */
const firstPort = Number(process.argv[5] ?? 0);
const LAST_FIXED_PORT = 32767;
const CATEGORIES = ['best', 'responsive', 'lastResort'] as const;
const PEERS_PER_NODE = 10;
const PARTITIONS = 16;
const LOG_RING = 64;
/** Chance per poll that one of a node's peers moves to another category. */
const PEER_MOVE_CHANCE = 0.05;
/** The cluster's routing table moves to a new version about once a minute. */
const ROUTING_VERSION_MS = 60_000;
const BYTES_PER_SECOND = 40_000;

type LogLine = { cursor: number; ts: string; level: 'info' | 'warn'; component: string; subject?: string; message: string };

type FarmNode = {
  index: number;
  id: string;
  startedAt: string;
  epoch: string;
  peerCategory: number[];
  peerScore: number[];
  peerSince: string[];
  logs: LogLine[];
  nextCursor: number;
  polls: number;
};

const startedAtMs = Date.now();
const nodeId = (index: number) => `bench-${((index % count) + count) % count}`;
/** Groups of three: the first is the primary of the other two. */
const primaryOf = (index: number) => index - (index % 3);
const isPrimary = (index: number) => index % 3 === 0;
const peerIndex = (index: number, k: number) => (index + 1 + k * 37) % count;

function makeNode(index: number): FarmNode {
  const since = new Date(startedAtMs).toISOString();
  return {
    index,
    id: nodeId(index),
    startedAt: since,
    epoch: `e-${index}-${startedAtMs}`,
    peerCategory: Array.from({ length: PEERS_PER_NODE }, (_, k) => k % CATEGORIES.length),
    peerScore: Array.from({ length: PEERS_PER_NODE }, (_, k) => 50 + k),
    peerSince: Array.from({ length: PEERS_PER_NODE }, () => since),
    logs: [],
    nextCursor: 1,
    polls: 0,
  };
}

/** Offsets grow with time; the replica trails by a lag that wanders. */
function offsets(index: number, now: number) {
  const primaryOffset = Math.floor(((now - startedAtMs) / 1000) * BYTES_PER_SECOND) + 1_000_000 + index;
  const lag = Math.floor(Math.random() * 4000);
  return { primaryOffset, replicaOffset: primaryOffset - lag, lag };
}

function link(primary: number, replica: number, now: number, iso: string) {
  return {
    id: `${nodeId(primary)}->${nodeId(replica)}`,
    primary: nodeId(primary),
    replica: nodeId(replica),
    state: 'in_sync',
    attempts: 0,
    maxAttempts: 5,
    ...offsets(replica, now),
    lastIoAt: iso,
    registration: { at: new Date(startedAtMs).toISOString(), result: 'accepted' },
  };
}

/** Every node serves the same cluster table, at the same version (a node may lag one poll behind a change). */
function routingAt(version: number, self: string) {
  const partitions = Array.from({ length: PARTITIONS }, (_, p) => {
    const owner = (p * 7 + version) % count;
    return { id: p, owners: [nodeId(owner)], backups: [nodeId(owner + 1)], ballot: version + 1 };
  });
  const ownedCount = partitions.filter((partition) => partition.owners[0] === self).length;
  return { version, initialized: true, coordinator: nodeId(0), ownedCount, partitionCount: PARTITIONS, partitions };
}

function writeLogLine(node: FarmNode, iso: string, moved: number | null) {
  const cursor = node.nextCursor;
  node.nextCursor += 1;
  const line: LogLine =
    moved === null
      ? { cursor, ts: iso, level: 'info', component: 'replication', message: `incremental sync caught up with primary ${nodeId(primaryOf(node.index))} at poll ${node.polls}` }
      : { cursor, ts: iso, level: 'warn', component: 'peers', subject: nodeId(peerIndex(node.index, moved)), message: `recategorized peer ${nodeId(peerIndex(node.index, moved))} to ${CATEGORIES[node.peerCategory[moved]]}` };
  node.logs.push(line);
  if (node.logs.length > LOG_RING) node.logs.shift();
}

/** One poll: the node's state moves on, then it answers. */
function report(node: FarmNode, logsEpoch: string | null, logsAfter: number, logsLimit: number): string {
  const now = Date.now();
  const iso = new Date(now).toISOString();
  node.polls += 1;
  let moved: number | null = null;
  if (Math.random() < PEER_MOVE_CHANCE) {
    moved = Math.floor(Math.random() * PEERS_PER_NODE);
    node.peerCategory[moved] = (node.peerCategory[moved] + 1) % CATEGORIES.length;
    node.peerSince[moved] = iso;
  }
  for (let k = 0; k < PEERS_PER_NODE; k += 1) node.peerScore[k] = Math.round((node.peerScore[k] + (Math.random() - 0.5) * 4) * 10) / 10;
  writeLogLine(node, iso, moved);

  const after = logsEpoch === node.epoch ? logsAfter : 0;
  const entries = node.logs.filter((line) => line.cursor > after).slice(0, logsLimit);
  const oldest = node.logs[0]?.cursor ?? node.nextCursor;
  const version = Math.floor((now - startedAtMs) / ROUTING_VERSION_MS);
  const links = isPrimary(node.index)
    ? [1, 2].filter((k) => node.index + k < count).map((k) => link(node.index, node.index + k, now, iso))
    : [link(primaryOf(node.index), node.index, now, iso)];
  return JSON.stringify({
    node: { id: node.id, cluster: 'bench', role: isPrimary(node.index) ? 'primary' : 'replica', version: '2.4.1', startedAt: node.startedAt, now: iso },
    peers: {
      categories: CATEGORIES,
      peers: node.peerCategory.map((category, k) => ({
        id: nodeId(peerIndex(node.index, k)),
        address: `10.0.${(peerIndex(node.index, k) >> 8) & 255}.${peerIndex(node.index, k) & 255}:7000`,
        category: CATEGORIES[category],
        score: node.peerScore[k],
        since: node.peerSince[k],
      })),
      readErrors: [],
    },
    sync: { links },
    routing: routingAt(version, node.id),
    logs: {
      epoch: node.epoch,
      entries,
      nextCursor: entries.length > 0 ? entries[entries.length - 1].cursor : after,
      hasMore: entries.length > 0 && entries[entries.length - 1].cursor < node.nextCursor - 1,
      dropped: Math.max(0, oldest - after - 1),
    },
  });
}

/** A ~5 KB Prometheus text page with the same facts, changing as the report does. */
function metrics(node: FarmNode): string {
  const now = Date.now();
  const { primaryOffset, replicaOffset, lag } = offsets(node.index, now);
  const lines: string[] = [];
  const gauge = (name: string, help: string, samples: Array<[string, number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  gauge('node_time_seconds', 'The node clock.', [['', now / 1000]]);
  gauge('node_start_time_seconds', 'When the node started.', [['', startedAtMs / 1000]]);
  gauge('replication_offset_bytes', 'Replication offsets.', [
    [`{side="primary",link="${nodeId(primaryOf(node.index))}->${node.id}"}`, primaryOffset],
    [`{side="replica",link="${nodeId(primaryOf(node.index))}->${node.id}"}`, replicaOffset],
  ]);
  gauge('replication_lag_bytes', 'Replication lag.', [[`{link="${nodeId(primaryOf(node.index))}->${node.id}"}`, lag]]);
  gauge(
    'peer_score',
    'Score of each peer by category.',
    node.peerCategory.map((category, k) => [`{peer="${nodeId(peerIndex(node.index, k))}",category="${CATEGORIES[category]}"}`, node.peerScore[k]]),
  );
  gauge(
    'peer_since_seconds',
    'When each peer entered its category.',
    node.peerSince.map((since, k) => [`{peer="${nodeId(peerIndex(node.index, k))}"}`, Date.parse(since) / 1000]),
  );
  gauge(
    'routing_partition_owner',
    'Partitions this node sees owned, by owner.',
    Array.from({ length: PARTITIONS }, (_, p) => [`{partition="${p}",owner="${nodeId((p * 7) % count)}"}`, 1]),
  );
  gauge('log_lines_total', 'Log lines written.', [[`{level="info"}`, node.nextCursor - 1]]);
  // A request-latency histogram per admin endpoint, as HTTP servers usually export.
  lines.push('# HELP http_request_duration_seconds Admin API request latency.', '# TYPE http_request_duration_seconds histogram');
  for (const handler of ['report', 'metrics', 'node']) {
    let cumulative = 0;
    for (const bucket of ['0.001', '0.005', '0.01', '0.05', '0.1', '0.5', '1', '+Inf']) {
      cumulative += Math.floor(node.polls / 8) + (bucket === '0.001' ? node.polls % 8 : 0);
      lines.push(`http_request_duration_seconds_bucket{handler="${handler}",le="${bucket}"} ${cumulative}`);
    }
    lines.push(`http_request_duration_seconds_sum{handler="${handler}"} ${(node.polls * 0.0021).toFixed(4)}`, `http_request_duration_seconds_count{handler="${handler}"} ${cumulative}`);
  }
  const page = lines.join('\n') + '\n';
  return page;
}

function listenOn(server: http.Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' && port !== 0 ? resolve(false) : reject(error));
    server.once('error', failed);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', failed);
      resolve(true);
    });
  });
}

/** Listens on the OS's pick (port 0), or on the first free fixed port from `port` on; returns the next port to try. */
async function listen(server: http.Server, port: number): Promise<number> {
  if (port === 0) {
    await listenOn(server, 0);
    return 0;
  }
  for (let candidate = port; candidate <= LAST_FIXED_PORT; candidate += 1) {
    if (await listenOn(server, candidate)) return candidate + 1;
  }
  throw new Error(`no free port between ${port} and ${LAST_FIXED_PORT} for the node farm`);
}

async function main() {
  let nextPort = firstPort;
  const servers: http.Server[] = [];
  const urls: string[] = [];
  let reports = 0;
  let scrapes = 0;
  for (let i = from; i < to; i += 1) {
    const node = makeNode(i);
    const server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://farm');
      if (url.pathname === '/metrics') {
        scrapes += 1;
        const body = metrics(node);
        response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(body) });
        response.end(body);
        return;
      }
      if (url.pathname !== '/admin/v1/report') {
        response.writeHead(404).end();
        return;
      }
      reports += 1;
      const body = report(node, url.searchParams.get('logsEpoch'), Number(url.searchParams.get('logsAfter') ?? 0), Number(url.searchParams.get('logsLimit') ?? 500));
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    });
    server.keepAliveTimeout = 60_000;
    nextPort = await listen(server, nextPort);
    servers.push(server);
    urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }
  const sample = makeNode(1);
  process.stdout.write(`${JSON.stringify({ urls, reportBytes: Buffer.byteLength(report(sample, null, 0, 500)), metricsBytes: Buffer.byteLength(metrics(sample)) })}\n`);
  const shutdown = () => {
    for (const server of servers) server.close();
    process.exit(0);
  };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk: string) => {
    if (chunk.includes('counts')) process.stdout.write(`${JSON.stringify({ reports, metrics: scrapes })}\n`);
  });
  process.stdin.on('end', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
