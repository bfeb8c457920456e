/**
 * Collector cost at scale, on nodes whose reports change every poll: the
 * production Dashboard (one ClusterRuntime per cluster of at most 5,000
 * nodes: collector, adapters, stores, every analyzer, findings tracker, log
 * classifier) polls a farm of N loopback nodes at the real interval. When `prometheus` is installed it scrapes the same nodes' /metrics
 * pages in the same run, and its CPU per scrape is printed beside ours.
 *
 * The farm runs in child processes, so only the measured process's own CPU is
 * counted. Figures, not pass/fail: record them in docs/performance.md.
 *
 * Env: BENCH_NODES (sizes, default 200,2000,5000), BENCH_CYCLES (measured
 * cycles, default 8), BENCH_INTERVAL_MS (default 5000), BENCH_PROMETHEUS=off,
 * BENCH_FARM_FIRST_PORT (first fixed port of farms over 5,000 nodes, default 10000),
 * BENCH_HEAP_SNAPSHOT_DIR (write a heap snapshot after the measured cycles),
 * BENCH_CPU_PROFILE_DIR (write a CPU profile of the measured cycles, and of the outage's),
 * BENCH_PROMOTED_PROFILE_DIR (write a sampling heap profile of the measured
 * cycles' allocations that outlived the young generation: what grows the old one),
 * BENCH_STORAGE (the history engine the dashboard writes every cycle to, as the
 * server does: sqlite, its default, in a temp directory; memory; or off),
 * BENCH_API_MS (how long the views are asked while polling after the measured
 * cycles, default 3 intervals; 0 skips it: bench/api-latency.ts), BENCH_OUTAGE_CYCLES (after
 * all that, stop every node at once and measure this many cycles of the outage; default 0).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { validateClusterConfig } from '../lib/config/load';
import { Dashboard } from '../lib/runtime/dashboard';
import { ClusterRuntime } from '../lib/runtime/runtime';
import type { CycleSummary } from '../lib/collector/collector';
import { processDescriptorBudget, processShortfallWarning } from '../lib/adapters/descriptor-budget';
import { measureApiLatency, startApiServer } from './api-latency';
import { clusterGroups, type FindingsFilter } from '../lib/api/finding-views';
import { alertingConfigSchema } from '../lib/alerting/config';
import { storageConfigSchema } from '../lib/store/persistence/config';
import { attachHistory, stopHistory } from '../lib/runtime/history';
import { alertingSlot } from '../lib/runtime/index';
import { attachAlerting } from '../lib/runtime/start';

/** Nodes per farm process: each holds a listener plus one or two accepted sockets per node. */
const NODES_PER_FARM_PROCESS = 5000;
const WARM_UP_CYCLES = 2;
/** Nodes per cluster: larger fleets are split into several clusters, each with its own collector. */
const CLUSTER_SIZE = 5000;
/**
 * Farms larger than this listen on fixed ports from FARM_FIRST_PORT up (node-farm.ts skips
 * ports taken): 20,000 listeners and the poller's 20,000 connections do not fit together in
 * the ephemeral range (32768–60999), which other benches on the machine share. The fixed
 * ports some integration tests use (23000–24999) fall inside 10000–32767: while a 20,000-node
 * farm runs, such a test may find its port taken (BENCH_FARM_FIRST_PORT moves the farm).
 */
const FARM_FIXED_PORTS_ABOVE = 5000;
const FARM_FIRST_PORT = Number(process.env.BENCH_FARM_FIRST_PORT ?? 10_000);

type FarmProcess = { child: ChildProcess; lines: Interface };
type Farm = {
  urls: string[];
  reportBytes: number;
  metricsBytes: number;
  counts: () => Promise<{ reports: number; metrics: number }>;
  /** CPU ms the farm's processes have used so far: what the nodes cost the shared machine. */
  cpuMs: () => number;
  stop: () => void;
};

function nextLine(lines: Interface, what: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
}

export async function startFarm(count: number): Promise<Farm> {
  const processes: FarmProcess[] = [];
  const stop = () => processes.forEach(({ child }) => child.kill('SIGTERM'));
  try {
    const started = [];
    for (let from = 0; from < count; from += NODES_PER_FARM_PROCESS) {
      const to = Math.min(count, from + NODES_PER_FARM_PROCESS);
      const firstPort = count > FARM_FIXED_PORTS_ABOVE ? FARM_FIRST_PORT + from : 0;
      const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'node-farm.ts'), String(count), String(from), String(to), String(firstPort)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const farmProcess = { child, lines: createInterface({ input: child.stdout! }) };
      processes.push(farmProcess);
      started.push(nextLine(farmProcess.lines, 'node farm start', 120_000));
    }
    const firsts = (await Promise.all(started)).map((line) => JSON.parse(line) as { urls: string[]; reportBytes: number; metricsBytes: number });
    const counts = async () => {
      const answers = await Promise.all(
        processes.map(({ child, lines }) => {
          // Generous: on a saturated machine the farm may answer late; the counts are read outside the measured window.
          const answer = nextLine(lines, 'node farm counts', 30_000);
          child.stdin!.write('counts\n');
          return answer.then((line) => JSON.parse(line) as { reports: number; metrics: number });
        }),
      );
      return answers.reduce((sum, one) => ({ reports: sum.reports + one.reports, metrics: sum.metrics + one.metrics }), { reports: 0, metrics: 0 });
    };
    const cpuMs = () => processes.reduce((sum, { child }) => sum + processCpuMs(child.pid!), 0);
    return { urls: firsts.flatMap((first) => first.urls), reportBytes: firsts[0].reportBytes, metricsBytes: firsts[0].metricsBytes, counts, cpuMs, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** utime + stime of a process, in ms (fields 14 and 15 of /proc/<pid>/stat, after the command name); 0 once it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

type Prometheus = { cpuTicks: () => number; stop: () => Promise<void> };

function hasPrometheus(): boolean {
  return process.env.BENCH_PROMETHEUS !== 'off' && spawnSync('prometheus', ['--version']).status === 0;
}

async function startPrometheus(urls: string[], intervalMs: number): Promise<Prometheus> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clusterscope-bench-prom-'));
  const targets = urls.map((url) => new URL(url).host);
  const config = {
    global: { scrape_interval: `${intervalMs}ms`, scrape_timeout: `${Math.min(2000, intervalMs)}ms` },
    scrape_configs: [{ job_name: 'farm', static_configs: [{ targets }] }],
  };
  writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(config));
  // Port 0: the OS picks a free port for Prometheus's own web UI, which the bench never uses.
  const child = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, '--web.listen-address=127.0.0.1:0', '--log.level=warn'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    cpuTicks: () => processCpuMs(child.pid!),
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Per named slice of a cycle's judging: the longest it held the event loop in each cycle seen. */
type SliceMaxima = Map<string, number[]>;

/** Resolves with the next `cycles` cycles every cluster finishes, or rejects after a deadline. */
type SeenCycle = CycleSummary & { cluster: string };

async function collectCycles(dashboard: Dashboard, cycles: number, deadlineMs: number, slices?: SliceMaxima): Promise<SeenCycle[]> {
  const seen: SeenCycle[] = [];
  const deadline = Date.now() + deadlineMs;
  const last = dashboard.clusters.map((cluster) => cluster.lastCycle);
  const counted = dashboard.clusters.map(() => 0);
  while (counted.some((count) => count < cycles)) {
    if (Date.now() > deadline) throw new Error(`only ${Math.min(...counted)} of ${cycles} cycles finished within ${deadlineMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    dashboard.clusters.forEach((cluster, index) => {
      if (cluster.lastCycle === last[index] || !cluster.lastCycle || counted[index] >= cycles) return;
      last[index] = cluster.lastCycle;
      counted[index] += 1;
      const longest = new Map<string, number>();
      for (const { slice, ms } of cluster.lastCycleSlices) longest.set(slice, Math.max(longest.get(slice) ?? 0, ms));
      for (const [slice, ms] of longest) slices?.set(slice, [...(slices.get(slice) ?? []), ms]);
      seen.push({ ...cluster.lastCycle, cluster: cluster.name });
    });
  }
  return seen;
}

/** For profiling: a CPU profile of the measured cycles only (not start-up or warm-up), like `--cpu-prof`. */
async function startCpuProfile(): Promise<{ stop: (file: string) => Promise<string> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  await post('Profiler.enable');
  await post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

/**
 * For profiling memory: a sampling heap profile (`.heapprofile`, opens in
 * Chrome DevTools) of the allocations that survived a young-generation
 * collection during the measured cycles, live or collected since by a major
 * one. These are what fills the old generation between mark-compacts and so
 * sets how far the heap, and RSS, grow above the live heap.
 */
async function startPromotedProfile(): Promise<{ stop: (file: string) => Promise<string> }> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 16 * 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false });
  return {
    stop: async (file) => {
      const { profile } = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
      session.disconnect();
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** How long timers waited behind synchronous work: what every request waits at worst. Resolution 10 ms is too coarse, so 5. */
function startLoopDelay(): IntervalHistogram {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return histogram;
}

function loopDelayFigure(histogram: IntervalHistogram): string {
  histogram.disable();
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  return `p50 ${ms(histogram.percentile(50))} / p99 ${ms(histogram.percentile(99))} / max ${ms(histogram.max)} ms`;
}

/**
 * The slices over 10 ms in a typical cycle, longest first, as "median (max)" of
 * each cycle's longest: where requests wait behind the cycle. The max often
 * holds a garbage collection that fell in that slice.
 */
function longSlices(slices: SliceMaxima): string {
  const long = [...slices]
    .map(([slice, perCycle]) => [slice, percentile(perCycle, 50), Math.max(...perCycle)] as const)
    .filter(([, median]) => median >= 10)
    .sort((a, b) => b[1] - a[1]);
  return long.length === 0 ? 'none over 10 ms' : long.map(([slice, median, max]) => `${slice} ${Math.round(median)} (${Math.round(max)})`).join(', ');
}

/** Garbage-collection pauses (they hold the event loop as any synchronous task does). */
function startGcPauses(): { figure: () => string } {
  const pauses: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pauses.push(entry.duration);
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    figure: () => {
      observer.disconnect();
      const long = pauses.filter((ms) => ms >= 20);
      return `${pauses.length} pauses, ${long.length} over 20 ms, max ${Math.round(Math.max(0, ...pauses))} ms`;
    },
  };
}

/** Cycle p50 / p99 of each cluster, e.g. "bench-1 6,100 / 9,800": with several clusters each has its own interval to keep. */
function cyclesPerCluster(cycles: readonly SeenCycle[]): string {
  const byCluster = new Map<string, number[]>();
  for (const cycle of cycles) byCluster.set(cycle.cluster, [...(byCluster.get(cycle.cluster) ?? []), cycle.durationMs]);
  return [...byCluster].map(([cluster, durations]) => `${cluster} ${Math.round(percentile(durations, 50))} / ${Math.round(percentile(durations, 99))}`).join(', ');
}

const loadAverage = () => os.loadavg()[0].toFixed(1);
const ACTIVE_FINDINGS: FindingsFilter = { status: 'active' };

/**
 * The outage case: every node of the farm stops at once (all connections refused), and
 * the next cycles are measured as the polling ones were. Backoff thins the polls after
 * three failures, so CPU is given per cycle as well as per poll.
 */
async function benchOutage(dashboard: Dashboard, farm: Farm, cycles: number, deadlineMs: number): Promise<Record<string, string | number>> {
  farm.stop();
  // The cycle cut across by the stop is not measured.
  await collectCycles(dashboard, 1, deadlineMs);
  const profiler = process.env.BENCH_CPU_PROFILE_DIR ? await startCpuProfile() : null;
  const cpuBefore = process.cpuUsage();
  const loopDelay = startLoopDelay();
  const gc = startGcPauses();
  const slices: SliceMaxima = new Map();
  const measured = await collectCycles(dashboard, cycles, deadlineMs, slices);
  const cpu = process.cpuUsage(cpuBefore);
  // Read before grouping below: grouping every cluster's findings here is the bench's own work, not the collector's.
  const loopDelayFigureNow = loopDelayFigure(loopDelay);
  const gcFigure = gc.figure();
  if (profiler) console.log(`CPU profile of the outage cycles: ${await profiler.stop(path.join(process.env.BENCH_CPU_PROFILE_DIR!, `collector-outage.cpuprofile`))}`);
  const polls = measured.reduce((sum, summary) => sum + summary.polled, 0);
  const memory = memoryUsage();
  const active = dashboard.clusters.flatMap((cluster) => cluster.findings().active);
  const groups = dashboard.clusters.flatMap((cluster) => clusterGroups(cluster, ACTIVE_FINDINGS));
  return {
    'outage: measured cycles per cluster': cycles,
    'outage: cycle p50 / p99 ms per cluster': cyclesPerCluster(measured),
    'outage: polls per cycle (backoff thins them)': Math.round(polls / measured.length),
    'outage: CPU ms per poll': Number(((cpu.user + cpu.system) / 1000 / Math.max(1, polls)).toFixed(3)),
    'outage: CPU share of one core': `${(((cpu.user + cpu.system) / 1000 / (cycles * Number(dashboard.clusters[0].config.pollInterval))) * 100).toFixed(1)} %`,
    'outage: event-loop delay': loopDelayFigureNow,
    'outage: GC': gcFigure,
    'outage: cycle slices over 10 ms (longest, ms)': longSlices(slices),
    'outage: RSS MB': memory.rss === null ? 'unreadable (out of file descriptors)' : mb(memory.rss),
    'outage: heap used MB': mb(memory.heapUsed),
    'outage: active findings': active.length,
    'outage: finding groups (titles)': groups.map((group) => `${group.title.slice(0, 90)}…`).slice(0, 4).join(' | '),
    'outage: failed by reason': failureReasons(dashboard),
    'load average after the outage': loadAverage(),
  };
}

/** process.memoryUsage(), with RSS null when it cannot be read (it opens /proc/self/stat). */
function memoryUsage(): Omit<NodeJS.MemoryUsage, 'rss'> & { rss: number | null } {
  try {
    return process.memoryUsage();
  } catch {
    const { heapUsed, heapTotal, external } = v8Heap();
    return { rss: null, heapUsed, heapTotal, external, arrayBuffers: 0 };
  }
}

/** Heap figures straight from V8 (no file read). */
function v8Heap(): { heapUsed: number; heapTotal: number; external: number } {
  const stats = getHeapStatistics();
  return { heapUsed: stats.used_heap_size, heapTotal: stats.total_heap_size, external: stats.external_memory };
}

/** The latest failed polls of every cluster counted by reason code, with one message of each. */
function failureReasons(dashboard: Dashboard): string {
  const counts = new Map<string, { count: number; example: string }>();
  for (const cluster of dashboard.clusters) {
    for (const report of cluster.store.latestMap().values()) {
      if (report.status === 'ok') continue;
      const code = report.reason?.code ?? report.status;
      const seen = counts.get(code) ?? { count: 0, example: report.reason?.message ?? '' };
      seen.count += 1;
      counts.set(code, seen);
    }
  }
  return counts.size === 0 ? 'none' : [...counts].map(([code, { count, example }]) => `${code} ${count} ("${example.slice(0, 100)}")`).join(', ');
}

/** Several clusters of at most CLUSTER_SIZE nodes, as an operator of 20,000 nodes would configure them (the server bench's config too). */
export function benchClusters(urls: readonly string[], intervalMs: number) {
  const clusters = [];
  for (let from = 0; from < urls.length; from += CLUSTER_SIZE) {
    const targets = urls.slice(from, from + CLUSTER_SIZE).map((url, i) => ({ id: `bench-${from + i}`, kind: 'native' as const, url }));
    clusters.push({ name: `bench-${clusters.length + 1}`, pollInterval: intervalMs, requestTimeout: Math.min(2000, intervalMs - 100), targets });
  }
  return clusters;
}

/** The history engine the bench writes to: the server's default unless BENCH_STORAGE says otherwise. */
const BENCH_STORAGE = process.env.BENCH_STORAGE ?? 'sqlite';

/** History as the server keeps it by default (SQLite, here in a temp directory), or as BENCH_STORAGE says; returns the directory to remove. */
async function attachBenchHistory(dashboard: Dashboard): Promise<string | null> {
  const engine = BENCH_STORAGE;
  if (engine === 'off') return null;
  if (engine !== 'sqlite' && engine !== 'memory') throw new Error(`BENCH_STORAGE: expected sqlite, memory or off, got "${engine}"`);
  const dataDir = engine === 'sqlite' ? mkdtempSync(path.join(os.tmpdir(), 'clusterscope-bench-history-')) : null;
  await attachHistory(dashboard, storageConfigSchema.parse({ engine, ...(dataDir ? { dataDir } : {}) }), {});
  return dataDir;
}

export async function benchCollector(count: number, cycles: number, intervalMs: number): Promise<Record<string, string | number>> {
  const loadAtStart = loadAverage();
  const farm = await startFarm(count);
  let prometheus: Prometheus | null = null;
  let dashboard: Dashboard | null = null;
  let historyDir: string | null = null;
  try {
    global.gc?.();
    const baseline = process.memoryUsage();
    const clusters = benchClusters(farm.urls, intervalMs);
    const loaded = validateClusterConfig({ clusters }, 'bench');
    if (!loaded.ok) throw new Error(loaded.message);
    if (hasPrometheus()) prometheus = await startPrometheus(farm.urls, intervalMs);
    dashboard = new Dashboard(
      'config',
      loaded.config.clusters.map((cluster) => new ClusterRuntime(cluster)),
      null,
    );
    const shortfall = processShortfallWarning();
    if (shortfall) console.warn(`[clusterscope] ${shortfall}`);
    // What the server runs beside the collectors (lib/runtime/start.ts): history written every cycle, and the alerting
    // notifier that keeps /metrics and the Alertmanager state up to date. Without them the figures would be a part's.
    historyDir = await attachBenchHistory(dashboard);
    attachAlerting(dashboard, alertingConfigSchema.parse(undefined));
    dashboard.start();
    const cycleDeadline = (n: number) => (n + 2) * intervalMs * 4 + 60_000;
    await collectCycles(dashboard, WARM_UP_CYCLES, cycleDeadline(WARM_UP_CYCLES));

    const countsBefore = await farm.counts();
    const promBefore = prometheus?.cpuTicks() ?? 0;
    const profiler = process.env.BENCH_CPU_PROFILE_DIR ? await startCpuProfile() : null;
    const promotedProfiler = process.env.BENCH_PROMOTED_PROFILE_DIR ? await startPromotedProfile() : null;
    const cpuBefore = process.cpuUsage();
    const farmCpuBefore = farm.cpuMs();
    const wallBefore = performance.now();
    const slices: SliceMaxima = new Map();
    const loopDelay = startLoopDelay();
    const gcWhilePolling = startGcPauses();
    const measured = await collectCycles(dashboard, cycles, cycleDeadline(cycles), slices);
    const loopDelayWhilePolling = loopDelayFigure(loopDelay);
    const gcPausesWhilePolling = gcWhilePolling.figure();
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    const farmCpuMs = farm.cpuMs() - farmCpuBefore;
    if (profiler) console.log(`CPU profile of the measured cycles: ${await profiler.stop(path.join(process.env.BENCH_CPU_PROFILE_DIR!, `collector-${count}.cpuprofile`))}`);
    if (promotedProfiler) {
      const file = path.join(process.env.BENCH_PROMOTED_PROFILE_DIR!, `collector-${count}-promoted.heapprofile`);
      console.log(`allocations that outlived the young generation: ${await promotedProfiler.stop(file)}`);
    }
    const countsAfter = await farm.counts();
    const promMs = prometheus ? prometheus.cpuTicks() - promBefore : 0;

    // After the CPU window (request handling is not the collector's cost): the views asked while polling goes on.
    const apiMs = Number(process.env.BENCH_API_MS ?? 3 * intervalMs);
    let api: Record<string, string> = {};
    if (apiMs > 0) {
      const server = await startApiServer(dashboard);
      try {
        const apiLoopDelay = startLoopDelay();
        const apiGc = startGcPauses();
        api = await measureApiLatency(server, dashboard.clusters[0].name, apiMs);
        api['event-loop delay while asked'] = loopDelayFigure(apiLoopDelay);
        api['GC while asked'] = apiGc.figure();
      } finally {
        await server.close();
      }
    }

    const polls = measured.reduce((sum, summary) => sum + summary.polled, 0);
    const loadAfterPolling = loadAverage();
    const cpuMsPerPoll = (cpu.user + cpu.system) / 1000 / polls;
    const okCount = dashboard.clusters.reduce((sum, cluster) => sum + [...cluster.store.latestMap().values()].filter((report) => report.status === 'ok').length, 0);
    const failedByReason = failureReasons(dashboard);
    // RSS is read from /proc/self/stat: a process out of file descriptors cannot read it (EMFILE), say so.
    const memory = memoryUsage();
    // For profiling: a heap snapshot of the running collector, written where BENCH_HEAP_SNAPSHOT_DIR says.
    if (process.env.BENCH_HEAP_SNAPSHOT_DIR) console.log(`heap snapshot: ${writeHeapSnapshot(path.join(process.env.BENCH_HEAP_SNAPSHOT_DIR, `collector-${count}.heapsnapshot`))}`);
    const scrapes = countsAfter.metrics - countsBefore.metrics;
    const row: Record<string, string | number> = {
      nodes: count,
      'measured cycles': cycles,
      'interval ms': intervalMs,
      'report bytes': farm.reportBytes,
      'reports served while measured': countsAfter.reports - countsBefore.reports,
      'ok after last cycle': okCount,
      'targets reconnecting every poll (descriptor budget)': processDescriptorBudget().status().refusedTargets,
      'failed after last cycle, by reason': failedByReason,
      clusters: dashboard.clusters.length,
      history: BENCH_STORAGE,
      'active findings': dashboard.clusters.reduce((sum, cluster) => sum + cluster.findings().active.length, 0),
      'cycle p50 ms': Math.round(percentile(measured.map((summary) => summary.durationMs), 50)),
      'cycle p99 ms': Math.round(percentile(measured.map((summary) => summary.durationMs), 99)),
      'cycle p50 / p99 ms per cluster': cyclesPerCluster(measured),
      'load average at start / after polling': `${loadAtStart} / ${loadAfterPolling}`,
      'CPU ms per poll': Number(cpuMsPerPoll.toFixed(3)),
      'CPU share of one core': `${(((cpu.user + cpu.system) / 1000 / wallMs) * 100).toFixed(1)} %`,
      'farm CPU share of one core (the nodes, same machine)': `${((farmCpuMs / wallMs) * 100).toFixed(1)} %`,
      'event-loop delay while polling': loopDelayWhilePolling,
      'GC while polling': gcPausesWhilePolling,
      'cycle slices over 10 ms (longest, ms)': longSlices(slices),
      'RSS MB': memory.rss === null ? 'unreadable (out of file descriptors)' : mb(memory.rss),
      'heap used MB': mb(memory.heapUsed),
      'heap total MB': mb(memory.heapTotal),
      'external MB': mb(memory.external),
      'array buffers MB': mb(memory.arrayBuffers),
      'RSS MB before the first node (baseline)': mb(baseline.rss),
      'KB per node (RSS over baseline)': memory.rss === null ? '—' : Math.round((memory.rss - baseline.rss) / 1024 / count),
      ...api,
    };
    if (prometheus && scrapes > 0) {
      const promPerScrape = promMs / scrapes;
      row['metrics page bytes'] = farm.metricsBytes;
      row['Prometheus scrapes while measured'] = scrapes;
      row['Prometheus CPU ms per scrape'] = Number(promPerScrape.toFixed(3));
      row['ours / Prometheus'] = Number((cpuMsPerPoll / promPerScrape).toFixed(2));
    } else {
      row.Prometheus = hasPrometheus() ? 'no scrapes counted' : 'not installed (apt-get install prometheus) or BENCH_PROMETHEUS=off';
    }
    const outageCycles = Number(process.env.BENCH_OUTAGE_CYCLES ?? 0);
    if (outageCycles > 0) Object.assign(row, await benchOutage(dashboard, farm, outageCycles, cycleDeadline(outageCycles)));
    return row;
  } finally {
    await dashboard?.stop().catch((error) => console.error('stopping the dashboard:', error));
    await alertingSlot().notifier?.stop();
    alertingSlot().notifier = null;
    await stopHistory().catch((error) => console.error('closing history:', error));
    if (historyDir) rmSync(historyDir, { recursive: true, force: true });
    await prometheus?.stop();
    farm.stop();
  }
}

/** The goals of docs/performance.md for 5,000 nodes and more, each with the figure measured against it. */
function printGoals(row: Record<string, string | number>): void {
  const goals: Array<[string, number, (value: number) => boolean]> = [
    ['CPU per poll ≤ 0.25 ms', Number(row['CPU ms per poll']), (value) => value <= 0.25],
    ['cycle p99 < 1,000 ms', Number(row['cycle p99 ms']), (value) => value < 1000],
  ];
  if (typeof row['RSS MB'] === 'number') goals.push(['RSS ≤ 400 MB', row['RSS MB'], (value) => value <= 400]);
  if (typeof row['ours / Prometheus'] === 'number') goals.push(['≤ half of Prometheus per scrape (ratio ≤ 0.5)', row['ours / Prometheus'], (value) => value <= 0.5]);
  for (const [goal, value, met] of goals) console.log(`goal ${goal}: ${value} — ${met(value) ? 'met' : 'not met'}`);
}

export async function main() {
  const sizes = (process.env.BENCH_NODES ?? '200,2000,5000').split(',').map(Number);
  const cycles = Number(process.env.BENCH_CYCLES ?? 8);
  const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 5000);
  for (const size of sizes) {
    console.log(`collector: ${size} changing nodes, ${cycles} cycles every ${intervalMs} ms`);
    const row = await benchCollector(size, cycles, intervalMs);
    console.table(row);
    if (size >= 5000) printGoals(row);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
