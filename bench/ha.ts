/**
 * High availability, measured with real processes on a private PostgreSQL
 * (docs/high-availability.md records the figures):
 *
 * 1. Nodes per replica at a 5 s interval with the store on PostgreSQL: two
 *    replicas watch one cluster of N farm nodes (bench/node-farm.ts), one
 *    collecting, one following. CPU of each (ms per node poll / per node
 *    followed), PostgreSQL's own CPU, and the write rate: rows per second
 *    (pg_stat_user_tables) and WAL bytes per second (pg_current_wal_lsn).
 * 2. Clusters per replica: the same nodes as several clusters over two
 *    replicas (fair share: half each), CPU of each replica and of PostgreSQL.
 * 3. Takeover time over 10 SIGKILLs of the collector (min / median / max):
 *    from the kill to the new holder's lease (`collector_leases.since`) and to
 *    its first cycle in the store (`live_cycles.at`), with the default
 *    lockRetry 2 s and sessionTimeout 6 s.
 *
 * Replicas are bench/ha-replica.ts processes (the production start-up without
 * the web server). Env: BENCH_HA_NODES (sizes, default 500,2000),
 * BENCH_HA_CYCLES (measured cycles, default 6), BENCH_HA_SPREAD (nodes x
 * clusters, default 2000x10), BENCH_HA_KILLS (default 10).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { stringify } from 'yaml';
import { startPrivatePostgres } from '../lib/store/persistence/testing/private-postgres';
import { startFarm } from './collector';

const INTERVAL_MS = 5000;
const SIZES = (process.env.BENCH_HA_NODES ?? '500,2000').split(',').filter(Boolean).map(Number);
const CYCLES = Number(process.env.BENCH_HA_CYCLES ?? 6);
const KILLS = Number(process.env.BENCH_HA_KILLS ?? 10);
/** "<nodes>x<clusters>" pairs spread over two replicas. */
const SPREADS = (process.env.BENCH_HA_SPREAD ?? '2000x10').split(',').filter(Boolean).map((pair) => pair.split('x').map(Number) as [number, number]);
const WARM_UP_CYCLES = 2;
const TAKEOVER_NODES = 20;
/** Defaults of the ha block (docs/configuration.md), so the takeover figure is what an operator gets. */
const LOCK_RETRY = '2s';
const SESSION_TIMEOUT = '6s';
const CLUSTER = 'bench';

const CLOCK_TICK_MS = 1000 / (Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100);

/** utime + stime of a process in ms (fields 14 and 15 of /proc/<pid>/stat, counted after the command name); 0 once it is gone. */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
  } catch {
    return 0;
  }
}

const parentOf = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};

/** The PostgreSQL server and every process it runs (backends, writer, WAL writer…): their CPU together, in ms. */
function postgresCpuMs(postmaster: number): number {
  let total = cpuMsOf(postmaster);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parentOf(Number(entry)) === postmaster) total += cpuMsOf(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return total;
}

type ReplicaProcess = { id: string; child: ChildProcess; exited: Promise<void> };

function startReplica(id: string, config: string, databaseUrl: string): Promise<ReplicaProcess> {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', path.join(__dirname, 'ha-replica.ts')], {
    // Loopback only, as the bench never serves pages: sign-in is then not required (docs/security.md).
    env: { ...process.env, HOSTNAME: '127.0.0.1', CLUSTER_CONFIG: config, CLUSTERSCOPE_STORAGE: 'postgres', CLUSTERSCOPE_POSTGRES_URL: databaseUrl, CLUSTERSCOPE_REPLICA_ID: id },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += String(chunk)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${id} not started within 60 s: ${output}`)), 60_000);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line !== 'BENCH_REPLICA_READY') return;
      clearTimeout(timer);
      resolve({ id, child, exited });
    });
    child.once('exit', (code) => reject(new Error(`replica ${id} exited ${code}: ${output}`)));
  });
}

async function stopReplica(replica: ReplicaProcess): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.signalCode !== null) return;
  replica.child.kill('SIGTERM');
  const timer = setTimeout(() => replica.child.kill('SIGKILL'), 8000);
  await replica.exited;
  clearTimeout(timer);
}

/** One cluster named "bench", or `clusters` clusters "bench-1"… sharing the nodes evenly. */
function writeConfig(dir: string, urls: string[], clusters = 1): string {
  const file = path.join(dir, `bench-${urls.length}-${clusters}.yaml`);
  const size = Math.ceil(urls.length / clusters);
  const config = {
    clusters: Array.from({ length: clusters }, (_, index) => ({
      name: clusters === 1 ? CLUSTER : `${CLUSTER}-${index + 1}`,
      pollInterval: INTERVAL_MS,
      requestTimeout: 2000,
      targets: urls.slice(index * size, (index + 1) * size).map((url, offset) => ({ id: `bench-${index * size + offset}`, kind: 'native', url })),
    })),
    storage: { engine: 'postgres', postgres: { urlEnv: 'CLUSTERSCOPE_POSTGRES_URL' } },
    ha: { enabled: true, lockRetry: LOCK_RETRY, sessionTimeout: SESSION_TIMEOUT },
  };
  writeFileSync(file, stringify(config));
  return file;
}

/** Polls `probe` every 50 ms until it returns a value, at most `timeoutMs`. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Lease = { holder: string; term: number; since: number };

async function lease(db: pg.Client): Promise<Lease | null> {
  const row = (await db.query<{ holder: string; term: string; since: string }>('SELECT holder, term, since FROM collector_leases WHERE cluster = $1', [CLUSTER])).rows[0];
  return row ? { holder: row.holder, term: Number(row.term), since: Number(row.since) } : null;
}

async function liveCycle(db: pg.Client): Promise<{ term: number; seq: number; at: number } | null> {
  const row = (await db.query<{ term: string; seq: string; at: string }>('SELECT term, seq, at FROM live_cycles WHERE cluster = $1', [CLUSTER])).rows[0];
  return row ? { term: Number(row.term), seq: Number(row.seq), at: Number(row.at) } : null;
}

/** Waits until the collector has written `count` more cycles. */
async function cyclesWritten(db: pg.Client, count: number): Promise<void> {
  const start = (await liveCycle(db))?.seq ?? 0;
  await waitFor(`${count} cycles`, (count + 2) * INTERVAL_MS * 3, async () => (((await liveCycle(db))?.seq ?? 0) >= start + count ? true : null));
}

type WriteCounters = { rows: Map<string, number>; walBytes: number; dbBytes: number };

async function writeCounters(db: pg.Client): Promise<WriteCounters> {
  // Statistics reach pg_stat_* when backends flush them (about every second when busy): taken over tens of seconds, the error is small.
  await db.query('SELECT pg_stat_clear_snapshot()');
  const tables = await db.query<{ relname: string; rows: string }>('SELECT relname, n_tup_ins + n_tup_upd + n_tup_del AS rows FROM pg_stat_user_tables');
  const wal = await db.query<{ wal: string; size: string }>("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0') AS wal, pg_database_size(current_database()) AS size");
  return { rows: new Map(tables.rows.map((row) => [row.relname, Number(row.rows)])), walBytes: Number(wal.rows[0].wal), dbBytes: Number(wal.rows[0].size) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function benchNodesPerReplica(count: number, dir: string, databaseUrl: string, db: pg.Client, postmaster: number): Promise<Record<string, unknown>> {
  const farm = await startFarm(count);
  const replicas: ReplicaProcess[] = [];
  try {
    const config = writeConfig(dir, farm.urls);
    // The first replica takes the cluster; the second stands by and follows it.
    replicas.push(await startReplica('bench-a', config, databaseUrl));
    await waitFor('bench-a collects', 30_000, async () => ((await lease(db))?.holder === 'bench-a' ? true : null));
    replicas.push(await startReplica('bench-b', config, databaseUrl));
    await cyclesWritten(db, WARM_UP_CYCLES);

    const [collector, follower] = replicas;
    const before = { collector: cpuMsOf(collector.child.pid!), follower: cpuMsOf(follower.child.pid!), postgres: postgresCpuMs(postmaster), counts: await farm.counts(), writes: await writeCounters(db), at: performance.now() };
    await cyclesWritten(db, CYCLES);
    const after = { collector: cpuMsOf(collector.child.pid!), follower: cpuMsOf(follower.child.pid!), postgres: postgresCpuMs(postmaster), counts: await farm.counts(), writes: await writeCounters(db), at: performance.now() };
    if ((await lease(db))?.holder !== 'bench-a') throw new Error('the collector changed during the measurement');

    const seconds = (after.at - before.at) / 1000;
    const polls = after.counts.reports - before.counts.reports;
    const collectorMs = after.collector - before.collector;
    const followerMs = after.follower - before.follower;
    const postgresMs = after.postgres - before.postgres;
    const rowsByTable = [...after.writes.rows].map(([table, rows]) => [table, (rows - (before.writes.rows.get(table) ?? 0)) / seconds] as const).filter(([, perSecond]) => perSecond > 0);
    rowsByTable.sort((a, b) => b[1] - a[1]);
    const collectorMsPerPoll = collectorMs / polls;
    const followerMsPerNodeCycle = followerMs / polls;
    return {
      nodes: count,
      'interval ms': INTERVAL_MS,
      'measured s': round(seconds),
      'polls while measured': polls,
      'report bytes': farm.reportBytes,
      'collector CPU ms per poll': round(collectorMsPerPoll, 3),
      'collector CPU share of one core': `${round((collectorMs / (seconds * 1000)) * 100)} %`,
      'follower CPU ms per node per cycle': round(followerMsPerNodeCycle, 3),
      'follower CPU share of one core': `${round((followerMs / (seconds * 1000)) * 100)} %`,
      'PostgreSQL CPU share of one core': `${round((postgresMs / (seconds * 1000)) * 100)} %`,
      'rows written per second': round(rowsByTable.reduce((sum, [, perSecond]) => sum + perSecond, 0)),
      'rows per second by table': Object.fromEntries(rowsByTable.map(([table, perSecond]) => [table, round(perSecond)])),
      'WAL bytes per second': Math.round((after.writes.walBytes - before.writes.walBytes) / seconds),
      'database growth bytes per second': Math.round((after.writes.dbBytes - before.writes.dbBytes) / seconds),
      // What one core at half load could take, collecting or following (the rest of the core serves pages).
      'nodes collected per replica (half a core)': Math.floor((0.5 * INTERVAL_MS) / collectorMsPerPoll),
      'nodes followed per replica (half a core)': Math.floor((0.5 * INTERVAL_MS) / followerMsPerNodeCycle),
    };
  } finally {
    await Promise.all(replicas.map(stopReplica));
    farm.stop();
    // The next size starts from an empty election and live state (the tables exist once a replica has started).
    await db.query('DELETE FROM collector_leases; DELETE FROM live_cycles; DELETE FROM live_reports; DELETE FROM replicas').catch(() => undefined);
  }
}

/** Clusters held per replica, from the leases. */
async function leasesByHolder(db: pg.Client): Promise<Map<string, number>> {
  const rows = (await db.query<{ holder: string; held: string }>('SELECT holder, COUNT(*) AS held FROM collector_leases GROUP BY holder')).rows;
  return new Map(rows.map((row) => [row.holder, Number(row.held)]));
}

/**
 * The same nodes as several clusters over two replicas: fair share gives each
 * half the clusters, so each replica collects half the nodes and follows the
 * other half. Measured over CYCLES intervals of wall time.
 */
async function benchSpread(count: number, clusters: number, dir: string, databaseUrl: string, db: pg.Client, postmaster: number): Promise<Record<string, unknown>> {
  const farm = await startFarm(count);
  const replicas: ReplicaProcess[] = [];
  try {
    const config = writeConfig(dir, farm.urls, clusters);
    replicas.push(...(await Promise.all(['spread-a', 'spread-b'].map((id) => startReplica(id, config, databaseUrl)))));
    const share = Math.ceil(clusters / replicas.length);
    await waitFor('clusters spread over both replicas', 60_000, async () => {
      const held = await leasesByHolder(db);
      return replicas.every((replica) => held.get(replica.id) === share) ? true : null;
    });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await pause(WARM_UP_CYCLES * INTERVAL_MS);
    const sample = async () => ({ cpu: replicas.map((replica) => cpuMsOf(replica.child.pid!)), postgres: postgresCpuMs(postmaster), counts: await farm.counts(), writes: await writeCounters(db), at: performance.now() });
    const before = await sample();
    await pause(CYCLES * INTERVAL_MS);
    const after = await sample();
    const seconds = (after.at - before.at) / 1000;
    const polls = after.counts.reports - before.counts.reports;
    const replicaCpuMs = replicas.map((_, index) => after.cpu[index] - before.cpu[index]);
    const held = await leasesByHolder(db);
    return {
      nodes: count,
      clusters,
      replicas: replicas.length,
      'clusters held per replica': Object.fromEntries(replicas.map((replica) => [replica.id, held.get(replica.id) ?? 0])),
      'polls per second': round(polls / seconds),
      'CPU share of one core per replica': Object.fromEntries(replicas.map((replica, index) => [replica.id, `${round((replicaCpuMs[index] / (seconds * 1000)) * 100)} %`])),
      'replica CPU ms per node per cycle (collect half, follow half)': round(replicaCpuMs.reduce((sum, ms) => sum + ms, 0) / replicas.length / polls, 3),
      'PostgreSQL CPU share of one core': `${round(((after.postgres - before.postgres) / (seconds * 1000)) * 100)} %`,
      'WAL bytes per second': Math.round((after.writes.walBytes - before.writes.walBytes) / seconds),
    };
  } finally {
    await Promise.all(replicas.map(stopReplica));
    farm.stop();
    await db.query('DELETE FROM collector_leases; DELETE FROM live_cycles; DELETE FROM live_reports; DELETE FROM replicas').catch(() => undefined);
  }
}

async function benchTakeover(dir: string, databaseUrl: string, db: pg.Client): Promise<Record<string, unknown>> {
  const farm = await startFarm(TAKEOVER_NODES);
  const replicas = new Map<string, ReplicaProcess>();
  const toLease: number[] = [];
  const toFirstCycle: number[] = [];
  try {
    const config = writeConfig(dir, farm.urls);
    for (const id of ['takeover-a', 'takeover-b']) replicas.set(id, await startReplica(id, config, databaseUrl));
    await cyclesWritten(db, 1);
    for (let kill = 0; kill < KILLS; kill++) {
      const before = (await lease(db))!;
      const victim = replicas.get(before.holder)!;
      const killedAt = Date.now();
      victim.child.kill('SIGKILL');
      const taken = await waitFor('takeover', 30_000, async () => {
        const now = await lease(db);
        return now && now.term > before.term && now.holder !== victim.id ? now : null;
      });
      const firstCycle = await waitFor('first cycle of the new collector', 30_000, async () => {
        const cycle = await liveCycle(db);
        return cycle && cycle.term === taken.term ? cycle : null;
      });
      toLease.push(taken.since - killedAt);
      toFirstCycle.push(firstCycle.at - killedAt);
      await victim.exited;
      // Back to two replicas: the killed one restarts and stands by.
      replicas.set(victim.id, await startReplica(victim.id, config, databaseUrl));
    }
    const summary = (values: number[]) => ({ min: Math.min(...values), median: median(values), max: Math.max(...values) });
    return {
      kills: KILLS,
      'interval ms': INTERVAL_MS,
      lockRetry: LOCK_RETRY,
      sessionTimeout: SESSION_TIMEOUT,
      'kill → lease taken ms': summary(toLease),
      'kill → first cycle of the new collector ms': summary(toFirstCycle),
      'each kill → first cycle ms': toFirstCycle,
    };
  } finally {
    await Promise.all([...replicas.values()].map(stopReplica));
    farm.stop();
  }
}

export async function main(): Promise<void> {
  const postgres = await startPrivatePostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clusterscope-bench-ha-'));
  const database = await postgres.createDatabase();
  const db = new pg.Client({ connectionString: database.url });
  await db.connect();
  try {
    const backend = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const postmaster = parentOf(backend);
    // The schema (with the HA tables) is made by the first replica; nothing to prepare here.
    for (const count of SIZES) console.log(JSON.stringify(await benchNodesPerReplica(count, dir, database.url, db, postmaster)));
    for (const [count, clusters] of SPREADS) console.log(JSON.stringify(await benchSpread(count, clusters, dir, database.url, db, postmaster)));
    if (KILLS > 0) console.log(JSON.stringify(await benchTakeover(dir, database.url, db)));
  } finally {
    await db.end();
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
