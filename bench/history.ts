/**
 * History cost on each engine: batches of a 5,000-node cluster built and
 * written per cycle (CPU ms and wall ms of building and of writing, bytes added
 * per cycle), the database size per 1,000 nodes per hour at a 5 s interval,
 * the first cycle after a start (every node's peer list and routing table as a
 * base), and the time to open each past view (overview, peers, sync, routing,
 * logs) at a moment. SQLite in a temp file; PostgreSQL on a private server (initdb + pg_ctl).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Finding } from '../lib/contract/findings';
import { blankLink, failedReport, type NodeReport } from '../lib/contract/report';
import { logsViewAt, peersViewAt, routingViewAt, syncViewAt } from '../lib/api/past-views';
import type { ClusterRuntime } from '../lib/runtime';
import { nodesAsOf } from '../lib/diagnostics/history-views';
import { buildCycleBatch, emptyBatchMemory } from '../lib/store/persistence/cycle-batch';
import { openPostgresDriver } from '../lib/store/persistence/postgres-driver';
import { SqlHistoryStore } from '../lib/store/persistence/sql-history-store';
import { openSqliteDriver } from '../lib/store/persistence/sqlite-driver';
import { startPrivatePostgres } from '../lib/store/persistence/testing/private-postgres';
import type { HistoryStore } from '../lib/store/persistence/types';

const NODES = Number(process.env.BENCH_HISTORY_NODES ?? 5000);
const CYCLES = Number(process.env.BENCH_HISTORY_CYCLES ?? 24);
const INTERVAL_MS = 5000;
const PARTITIONS = 271;
const CATEGORIES = ['best', 'responsive', 'lastResort'];
const PEERS_PER_NODE = 12;
const T0 = Date.UTC(2026, 0, 10, 0, 0, 0);

function report(index: number, at: number, cycle: number): NodeReport {
  const id = `node-${index}`;
  // 1 % of nodes down, changing which every 6 cycles: status changes and findings move.
  if ((index + Math.floor(cycle / 6)) % 100 === 0) {
    return failedReport({ targetId: id, kind: 'native', address: `10.0.${index >> 8}.${index & 255}:7000`, status: 'unreachable', reason: { code: 'refused', message: 'connect ECONNREFUSED' }, fetchedAt: at });
  }
  const link = { ...blankLink(`node-${index - (index % 3)}`, id), state: 'in_sync' as const, primaryOffset: cycle * 1000, replicaOffset: cycle * 1000, lag: 0 };
  // 1 % of nodes move one peer to another category each cycle.
  const peers = Array.from({ length: PEERS_PER_NODE }, (_, peer) => ({
    id: `peer-${(index * 7 + peer) % 20_000}`,
    address: `10.1.0.${peer}:30303`,
    category: CATEGORIES[(peer + ((index + cycle) % 100 === 0 ? cycle : 0)) % CATEGORIES.length],
    score: 1,
  }));
  // Every 6 cycles one partition changes owner in every node's table (a new version).
  const epoch = Math.floor(cycle / 6);
  const partitions = Array.from({ length: PARTITIONS }, (_, partition) => ({
    id: partition,
    owners: [`node-${((partition + (partition === epoch % PARTITIONS ? epoch : 0)) * 18) % NODES}`],
    backups: [],
  }));
  return {
    ...failedReport({ targetId: id, kind: 'native', address: `10.0.${index >> 8}.${index & 255}:7000`, status: 'unreachable', reason: null, fetchedAt: at }),
    status: 'ok',
    latencyMs: 2 + (index % 7),
    sync: index % 3 === 0 ? null : { links: [link] },
    peers: { categories: CATEGORIES, peers, readErrors: [] },
    routing: { version: 100 + epoch, initialized: true, partitionCount: PARTITIONS, partitions },
  };
}

/** The few parts of a cluster runtime the past views read. */
const benchCluster = {
  name: 'bench',
  config: { pollInterval: INTERVAL_MS, historyWindow: 900_000, maxBackoff: 30_000, diagnostics: { peerGapTransientPolls: 3, routingGrace: 15_000, staleConfigGrace: 30_000 } },
  targets: Array.from({ length: NODES }, (_, index) => ({ id: `node-${index}`, kind: 'native', url: `http://10.0.${index >> 8}.${index & 255}:7000` })),
  nodeSummaries: () => [],
} as unknown as ClusterRuntime;

async function timeOf(runs: number, open: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    if (!(await open())) throw new Error('a past view answered nothing');
    times.push(performance.now() - start);
  }
  return Number(median(times).toFixed(1));
}

function findingsAt(cycle: number, at: number): Finding[] {
  const findings: Finding[] = [];
  for (let index = 0; index < NODES; index++) {
    if ((index + Math.floor(cycle / 6)) % 100 !== 0) continue;
    findings.push({
      id: `node.unreachable:node::node-${index}`,
      kind: 'node.unreachable',
      severity: 'critical',
      subject: { type: 'node', id: `node-${index}` },
      summary: `node-${index} refused the connection`,
      evidence: { reason: 'refused' },
      firstSeen: T0 + Math.floor(cycle / 6) * 6 * INTERVAL_MS,
      lastSeen: at,
      status: 'active',
      resolvedAt: null,
      class: 'persistent',
      logGroups: [],
    });
  }
  return findings;
}

const cpuMs = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function benchEngine(name: string, store: HistoryStore): Promise<void> {
  const memory = emptyBatchMemory();
  const build: number[] = [];
  const writeCpu: number[] = [];
  const writeWall: number[] = [];
  const sizeBefore = (await store.size()).bytes;
  let sizeAfterFirst = sizeBefore;
  let firstWriteWallMs = 0;
  let previous = new Map<string, string>();
  for (let cycle = 0; cycle < CYCLES; cycle++) {
    const startedAt = T0 + cycle * INTERVAL_MS;
    const reports = Array.from({ length: NODES }, (_, index) => report(index, startedAt + 1 + (index % 1000), cycle));
    const statusChanges = reports
      .filter((next) => (previous.get(next.targetId) ?? 'unknown') !== next.status)
      .map((next) => ({ at: next.fetchedAt, node: next.targetId, from: (previous.get(next.targetId) ?? 'unknown') as 'unknown', to: next.status, reason: next.reason?.message ?? null }));
    previous = new Map(reports.map((next) => [next.targetId, next.status]));
    const logLines = Array.from({ length: 100 }, (_, index) => ({ seq: cycle * 100 + index, node: `node-${index}`, ts: startedAt, level: 'warn', component: 'repl', code: null, subject: null, transient: null, message: `slow write ${index}` }));
    const logGroups = Array.from({ length: 20 }, (_, group) => {
      const id = `lg-${group.toString(16).padStart(16, '0')}`;
      const count = (cycle + 1) * 5;
      return { fingerprint: id, count, view: { id, component: 'repl', level: 'warn', count, firstSeen: T0, lastSeen: startedAt, example: `slow write ${group}`, nodes: [{ node: `node-${group}`, count, lastSeen: startedAt }] } };
    });
    const buildStart = process.cpuUsage();
    const batch = buildCycleBatch(memory, {
      cycle: { startedAt, durationMs: 900, polled: NODES },
      findings: { active: findingsAt(cycle, startedAt + 900), resolved: [] },
      reports,
      statusChanges,
      incidents: [],
      logLines,
      logGroups,
    });
    build.push(cpuMs(buildStart));
    const writeStart = process.cpuUsage();
    const wallStart = performance.now();
    await store.writeCycle('bench', batch);
    // The first cycle after a start carries every node's bases: measured apart from the steady cycles.
    if (cycle === 0) {
      firstWriteWallMs = performance.now() - wallStart;
      sizeAfterFirst = (await store.size()).bytes;
      continue;
    }
    writeWall.push(performance.now() - wallStart);
    writeCpu.push(cpuMs(writeStart));
  }
  const steadyBytes = ((await store.size()).bytes - sizeAfterFirst) / (CYCLES - 1);
  const perThousandPerHour = (steadyBytes / NODES) * 1000 * (3_600_000 / INTERVAL_MS);
  const targets = Array.from({ length: NODES }, (_, index) => ({ id: `node-${index}`, kind: 'native' as const, address: '' }));
  const openPast: number[] = [];
  for (let run = 0; run < 7; run++) {
    const at = T0 + Math.floor(CYCLES / 2) * INTERVAL_MS + run * 100;
    const start = performance.now();
    const [latest, findings] = await Promise.all([store.latestSamples('bench', { from: at - 900_000, to: at }), store.findingsAt('bench', at, 3_600_000)]);
    nodesAsOf(targets, latest, { at, pollIntervalMs: INTERVAL_MS, maxBackoffMs: 30_000 });
    openPast.push(performance.now() - start);
    if (latest.length !== NODES || findings.length === 0) throw new Error(`past view read ${latest.length} nodes and ${findings.length} findings`);
  }
  const at = T0 + Math.floor(CYCLES / 2) * INTERVAL_MS + 500;
  const openPeers = await timeOf(5, () => peersViewAt(benchCluster, store, at, { limit: 1000 }));
  const openSync = await timeOf(5, () => syncViewAt(benchCluster, store, at, {}));
  const openRouting = await timeOf(5, () => routingViewAt(benchCluster, store, at, null));
  const openLogs = await timeOf(5, () => logsViewAt(benchCluster, store, at, { limit: 500 }));
  console.log(
    JSON.stringify({
      engine: name,
      nodes: NODES,
      cycles: CYCLES,
      buildCpuMsPerCycle: Number(median(build).toFixed(1)),
      writeCpuMsPerCycle: Number(median(writeCpu).toFixed(1)),
      writeWallMsPerCycle: Number(median(writeWall).toFixed(1)),
      bytesPerCycle: Math.round(steadyBytes),
      mbPer1000NodesPerHour: Number((perThousandPerHour / 1024 ** 2).toFixed(1)),
      firstCycleAfterStartWallMs: Number(firstWriteWallMs.toFixed(1)),
      firstCycleAfterStartMb: Number(((sizeAfterFirst - sizeBefore) / 1024 ** 2).toFixed(1)),
      openPastViewMs: Number(median(openPast).toFixed(1)),
      openPastPeersMs: openPeers,
      openPastSyncMs: openSync,
      openPastRoutingMs: openRouting,
      openPastLogsMs: openLogs,
    }),
  );
}

export async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clusterscope-bench-history-'));
  try {
    const file = path.join(dir, 'history.sqlite');
    const sqlite = await SqlHistoryStore.open('sqlite', file, openSqliteDriver(file));
    await benchEngine('sqlite', sqlite);
    await sqlite.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const server = await startPrivatePostgres();
  try {
    const database = await server.createDatabase();
    const postgres = await SqlHistoryStore.open('postgres', 'bench', openPostgresDriver(database.url));
    await benchEngine('postgres', postgres);
    await postgres.close();
    await database.drop();
  } finally {
    await server.stop();
  }
}
