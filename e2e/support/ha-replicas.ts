import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import type { ClusterFinding } from '@/lib/contract/api';
import type { ReplicasView } from '@/lib/contract/replicas';
import { spawnDashboard, type SpawnedDashboard } from './spawn-dashboard';

/**
 * High availability from the outside: the demo nodes run alone
 * (scripts/demo-nodes.ts), several production dashboards watch them through
 * one PostgreSQL, and these helpers read what each replica answers.
 */

export type DemoNodes = {
  config: string;
  controlUrl: string;
  clusters: Record<string, string[]>;
  stop: () => Promise<void>;
};

/** Starts scripts/demo-nodes.ts and reads where its nodes and config are; it also stops by itself if this process goes (stdin closes). */
export async function startDemoNodes(args: string[]): Promise<DemoNodes> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join('scripts', 'demo-nodes.ts'), '--stop-on-stdin-close', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`scripts/demo-nodes.ts wrote nothing within 30 s: ${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).once('line', (first) => {
      clearTimeout(timer);
      resolve(first);
    });
    child.once('exit', (code) => reject(new Error(`scripts/demo-nodes.ts exited ${code}: ${stderr}`)));
  });
  const info = JSON.parse(line) as Omit<DemoNodes, 'stop'>;
  return { ...info, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export type Replica = SpawnedDashboard & {
  id: string;
  /** The replica's output lines, each stamped with when it arrived (what a failure report prints). */
  stampedLines: () => readonly string[];
};

/** Lines kept per replica for a failure report: the last minutes of a run, bounded. */
const KEPT_LINES = 2000;

/** One dashboard replica on the shared store: the config (with its `ha:` block) from the demo nodes runner, its name, the database URL. */
export function startReplica(id: string, port: number, config: string, databaseUrl: string): Replica {
  const dashboard = spawnDashboard(port, {
    CLUSTER_CONFIG: config,
    CLUSTERSCOPE_STORAGE: 'postgres',
    CLUSTERSCOPE_POSTGRES_URL: databaseUrl,
    CLUSTERSCOPE_REPLICA_ID: id,
  });
  const lines: string[] = [];
  for (const stream of [dashboard.process.stdout, dashboard.process.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(`${new Date().toISOString()} ${id} ${line}`);
      if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
    });
  }
  return { ...dashboard, id, stampedLines: () => lines };
}

/**
 * The election as PostgreSQL sees it, for a failure report: leases, replicas'
 * heartbeats, who holds which advisory lock, and what every session is doing.
 */
export async function electionSnapshot(url: string): Promise<string> {
  const queries: Record<string, string> = {
    collector_leases: 'SELECT cluster, term, holder, since, heartbeat FROM collector_leases ORDER BY cluster',
    replicas: 'SELECT id, started_at, heartbeat, session_pid FROM replicas ORDER BY id',
    advisory_locks: "SELECT pid, objid, classid, granted FROM pg_locks WHERE locktype = 'advisory' ORDER BY pid",
    sessions:
      "SELECT pid, application_name, state, wait_event_type, wait_event, (EXTRACT(EPOCH FROM now() - state_change) * 1000)::bigint AS state_ms, left(query, 120) AS query FROM pg_stat_activity WHERE datname = current_database() ORDER BY pid",
  };
  const parts = [`election state at ${new Date().toISOString()} (now ${Date.now()})`];
  for (const [name, text] of Object.entries(queries)) {
    const rows = await queryStore(url, text).catch((error: unknown) => [{ error: String(error) }]);
    parts.push(`${name}:`, ...rows.map((row) => `  ${JSON.stringify(row)}`));
  }
  return parts.join('\n');
}

export const isRunning = (replica: Replica) => replica.process.exitCode === null && replica.process.signalCode === null;

async function getJson<T>(url: string): Promise<T | null> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5000) }).catch(() => null);
  if (!response?.ok) return null;
  return (await response.json()) as T;
}

export const replicasView = (replica: Replica) => getJson<ReplicasView>(`${replica.url}/api/replicas`);

/** Who collects each cluster, as one replica sees it: cluster → "replica@term" (or null). */
export async function collectors(replica: Replica): Promise<Record<string, string | null> | null> {
  const view = await replicasView(replica);
  if (!view) return null;
  return Object.fromEntries(view.clusters.map((one) => [one.cluster, one.collector ? `${one.collector.replica}@${one.collector.term}` : null]));
}

/** The clusters this replica says it collects itself. */
export async function mine(replica: Replica): Promise<string[] | null> {
  const view = await replicasView(replica);
  return view ? view.clusters.filter((one) => one.mine).map((one) => one.cluster) : null;
}

export async function findingsOf(replica: Replica, cluster: string, status: 'active' | 'all' | 'resolved'): Promise<ClusterFinding[] | null> {
  const view = await getJson<{ findings: ClusterFinding[] }>(`${replica.url}/api/clusters/${cluster}/findings?status=${status}`);
  return view?.findings ?? null;
}

/** Active findings as "id@firstSeen", sorted: what must be equal on every replica. */
export async function activeKeys(replica: Replica, cluster: string): Promise<string[] | null> {
  const findings = await findingsOf(replica, cluster, 'active');
  return findings ? findings.map((finding) => `${finding.id}@${finding.firstSeen}`).sort() : null;
}

/** The value of one series on a replica's /metrics, or null when it is not exported. */
export async function metricValue(replica: Replica, name: string, labels: Record<string, string>): Promise<number | null> {
  const response = await fetch(`${replica.url}/metrics`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
  if (!response?.ok) return null;
  const text = await response.text();
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.lastIndexOf('}'));
    const pairs = Object.fromEntries([...labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((match) => [match[1], match[2]]));
    if (Object.entries(labels).every(([key, value]) => pairs[key] === value)) return Number(line.slice(line.lastIndexOf('}') + 1).trim());
  }
  return null;
}

/** One query on the shared store, on a connection of its own (closed after). */
export async function queryStore<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** The longest silence between consecutive stored cycles of a cluster in [from, to]: the gap the cluster really had. */
export async function longestCycleSilence(url: string, cluster: string, from: number, to: number): Promise<number> {
  const rows = await queryStore<{ started_at: string; duration_ms: number }>(
    url,
    'SELECT started_at, duration_ms FROM cycles WHERE cluster = $1 AND started_at BETWEEN $2 AND $3 ORDER BY started_at',
    [cluster, from, to],
  );
  let longest = 0;
  for (let index = 1; index < rows.length; index++) {
    const previousEnd = Number(rows[index - 1].started_at) + Number(rows[index - 1].duration_ms);
    longest = Math.max(longest, Number(rows[index].started_at) - previousEnd);
  }
  return longest;
}
