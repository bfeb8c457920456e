/**
 * The built server at scale, as an operator runs it: `.next/standalone/server.js`
 * started the way `npm start` starts it (scripts/server-command.mjs: same heap
 * flags and environment), one config file of N loopback nodes (the collector
 * bench's farm and clusters: reports change every poll), history in SQLite (its default),
 * alerting and /metrics as shipped, no page open. What the collector bench
 * leaves out (Next.js, its route modules, the process as built) is in these figures.
 *
 * The server's own /metrics is read every 30 s: RSS, heap, and CPU per poll over
 * each window (process CPU from /proc, polls from clusterscope_polls_total). The
 * steady figures leave out the first minute (start, first cycle's full history batch).
 *
 * Env: BENCH_SERVER_NODES (default 5000), BENCH_SERVER_MINUTES (default 5),
 * BENCH_INTERVAL_MS (default 5000), BENCH_SERVER_NODE_FLAGS (more flags for the server's node, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof`: a profile of the whole run, written when it stops).
 * Builds first if there is no build (as `npm start` does).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { NODE_FLAGS, SERVER_FILE, serverEnv } from '../scripts/server-command.mjs';
import { stringify } from 'yaml';
import { benchClusters, processCpuMs, startFarm } from './collector';

const SAMPLE_EVERY_MS = 30_000;
const WARM_UP_MS = 60_000;

type Sample = { at: number; cpuMs: number; polls: number; rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number };

/** Below the ephemeral range, where the farms' own connections cannot take it between this check and the server's listen. */
const SERVER_PORTS = { from: 30_500, to: 32_700 } as const;

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A port for the server. One the OS hands out (port 0) sits in the ephemeral range: the farm's
 * 5,000 outgoing connections took it before the server listened more than once (EADDRINUSE).
 */
async function freePort(): Promise<number> {
  const span = SERVER_PORTS.to - SERVER_PORTS.from;
  const first = Math.floor(Math.random() * span);
  for (let tried = 0; tried < 200; tried += 1) {
    const port = SERVER_PORTS.from + ((first + tried) % span);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port in ${SERVER_PORTS.from}–${SERVER_PORTS.to}`);
}

/** One value of the exposition page (summed over its series), or NaN when absent. */
function metricValue(page: string, name: string): number {
  let sum = Number.NaN;
  for (const line of page.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    sum = Number.isNaN(sum) ? value : sum + value;
  }
  return sum;
}

async function sample(url: string, pid: number): Promise<Sample | null> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
  if (!response?.ok) return null;
  const page = await response.text();
  const mb = (name: string) => Math.round(metricValue(page, name) / 1e6);
  return {
    at: Date.now(),
    cpuMs: processCpuMs(pid),
    polls: metricValue(page, 'clusterscope_polls_total') || 0,
    rssMb: mb('process_resident_memory_bytes'),
    heapUsedMb: mb('nodejs_heap_size_used_bytes'),
    heapTotalMb: mb('nodejs_heap_size_total_bytes'),
    externalMb: mb('nodejs_external_memory_bytes'),
  };
}

const extraFlags = () => (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);

const perPoll = (from: Sample, to: Sample) => (to.polls > from.polls ? Number(((to.cpuMs - from.cpuMs) / (to.polls - from.polls)).toFixed(3)) : Number.NaN);

export async function benchServer(count: number, minutes: number, intervalMs: number): Promise<Record<string, string | number>> {
  if (!existsSync(SERVER_FILE)) {
    console.log('No production build yet: running `npm run build` first');
    if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('npm run build failed');
  }
  const farm = await startFarm(count);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clusterscope-bench-server-'));
  writeFileSync(path.join(dir, 'clusters.yaml'), stringify({ clusters: benchClusters(farm.urls, intervalMs) }));
  const port = String(await freePort());
  const env = serverEnv({ ...process.env, CLUSTER_CONFIG: path.join(dir, 'clusters.yaml'), CLUSTERSCOPE_DATA_DIR: path.join(dir, 'data'), CLUSTERSCOPE_STORAGE: 'sqlite' }, { port, host: '127.0.0.1' });
  const server = spawn(process.execPath, [...NODE_FLAGS, ...extraFlags(), path.resolve(SERVER_FILE)], { cwd: path.dirname(path.resolve(SERVER_FILE)), env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const samples: Sample[] = [];
  try {
    const url = `http://127.0.0.1:${port}/metrics`;
    const started = Date.now();
    const endAt = started + minutes * 60_000;
    while (Date.now() < endAt && server.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, samples.length === 0 ? 2_000 : SAMPLE_EVERY_MS));
      const next = await sample(url, server.pid!);
      if (!next) continue;
      samples.push(next);
      const previous = samples.at(-2);
      console.log(
        `  ${Math.round((next.at - started) / 1000)} s: RSS ${next.rssMb} MB, heap ${next.heapUsedMb}/${next.heapTotalMb} MB, external ${next.externalMb} MB` +
          (previous ? `, CPU ${perPoll(previous, next)} ms a poll` : ''),
      );
    }
    if (server.exitCode !== null) throw new Error(`the server exited (code ${server.exitCode}) before the end of the run`);
    const steady = samples.filter((one) => one.at - started >= WARM_UP_MS);
    if (steady.length < 2) throw new Error(`too few samples after the first minute (${steady.length}): run longer (BENCH_SERVER_MINUTES)`);
    const last = steady.at(-1)!;
    return {
      nodes: count,
      minutes,
      'interval ms': intervalMs,
      'polls while steady (after the first minute)': last.polls - steady[0].polls,
      'CPU ms per poll (steady)': perPoll(steady[0], last),
      'RSS MB at the end': last.rssMb,
      'RSS MB, highest sampled while steady': Math.max(...steady.map((one) => one.rssMb)),
      'heap used / total MB at the end': `${last.heapUsedMb} / ${last.heapTotalMb}`,
      'external MB at the end': last.externalMb,
    };
  } finally {
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    if (server.exitCode === null) server.kill('SIGKILL');
    farm.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function main() {
  const count = Number(process.env.BENCH_SERVER_NODES ?? 5000);
  const minutes = Number(process.env.BENCH_SERVER_MINUTES ?? 5);
  const intervalMs = Number(process.env.BENCH_INTERVAL_MS ?? 5000);
  console.log(`server (the build, as npm start runs it): ${count} changing nodes, ${minutes} min, polled every ${intervalMs} ms`);
  const row = await benchServer(count, minutes, intervalMs);
  console.table(row);
  const goals: Array<[string, number, (value: number) => boolean]> = [
    ['CPU per poll ≤ 0.25 ms', Number(row['CPU ms per poll (steady)']), (value) => value <= 0.25],
    ['RSS ≤ 400 MB (highest sampled)', Number(row['RSS MB, highest sampled while steady']), (value) => value <= 400],
  ];
  if (count >= 5000) for (const [goal, value, met] of goals) console.log(`goal ${goal}: ${value} — ${met(value) ? 'met' : 'not met'}`);
}
