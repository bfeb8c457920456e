/**
 * Collector cost: N loopback nodes polled for a fixed number of cycles, end to
 * end (HTTP, size cap, JSON parse, zod validation, normalization, store and
 * diagnostics). Prints cycle duration p50/p99, CPU ms per poll and RSS.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createAdapter } from '../lib/adapters';
import { validateClusterConfig } from '../lib/config/load';
import { Collector } from '../lib/collector/collector';
import { DiagnosticsEngine } from '../lib/collector/diagnostics-engine';
import { analyzers } from '../lib/diagnostics/registry';
import { LogStore } from '../lib/store/log-store';
import { ReportStore } from '../lib/store/report-store';

type Farm = { urls: string[]; reportBytes: number; stop: () => void };

async function startFarm(count: number): Promise<Farm> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'node-farm.ts'), String(count)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('node farm did not start within 60 s')), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
  const parsed = JSON.parse(first) as { urls: string[]; reportBytes: number };
  return { ...parsed, stop: () => child.kill('SIGTERM') };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function benchCollector(count: number, cycles: number): Promise<Record<string, string | number>> {
  const farm = await startFarm(count);
  try {
    const targets = farm.urls.map((url, i) => ({ id: `bench-${i}`, kind: 'native' as const, url }));
    const loaded = validateClusterConfig({ cluster: 'bench', pollInterval: 5000, requestTimeout: 2000, targets }, 'bench');
    if (!loaded.ok) throw new Error(loaded.message);
    const config = loaded.config.clusters[0];
    const store = new ReportStore(targets.map((t) => ({ id: t.id, kind: 'native' as const, address: new URL(t.url).host })), {
      samplesPerNode: 180,
      maxEvents: 5000,
    });
    const logStore = new LogStore(config.logs.retention);
    const engine = new DiagnosticsEngine(analyzers, config.diagnostics);
    const context = { targetIdForAddress: () => null };
    const adapters = new Map(config.targets.map((t) => [t.id, createAdapter(t, context)]));
    // Cycles run back to back; a virtual clock one interval ahead each cycle makes every node due.
    let virtualNow = Date.now();
    const collector = new Collector({
      now: () => virtualNow,
      config,
      targets: config.targets,
      adapters,
      store,
      logStore,
      onCycle: () =>
        engine.evaluate(
          { now: virtualNow, pollIntervalMs: config.pollInterval, targetIds: targets.map((t) => t.id), reports: store.latestMap(), lastOk: store.lastOkMap() },
          (name, error) => console.error(name, error),
        ),
    });
    // Warm-up: open connections, JIT.
    for (let i = 0; i < 2; i += 1) {
      virtualNow += config.pollInterval;
      await collector.runCycle();
    }
    const durations: number[] = [];
    const cpuBefore = process.cpuUsage();
    let polls = 0;
    for (let i = 0; i < cycles; i += 1) {
      virtualNow += config.pollInterval;
      const summary = await collector.runCycle();
      durations.push(summary.durationMs);
      polls += summary.polled;
    }
    const cpu = process.cpuUsage(cpuBefore);
    const okCount = [...store.latestMap().values()].filter((r) => r.status === 'ok').length;
    await collector.stop();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    return {
      nodes: count,
      cycles,
      'report bytes': farm.reportBytes,
      'ok after last cycle': okCount,
      'cycle p50 ms': Math.round(percentile(durations, 50)),
      'cycle p99 ms': Math.round(percentile(durations, 99)),
      'CPU ms per poll': Number((cpuMs / polls).toFixed(3)),
      'CPU ms per 5 s cycle of 5,000 nodes (extrapolated)': Math.round((cpuMs / polls) * 5000),
      'RSS MB': Math.round(process.memoryUsage().rss / 1024 / 1024),
    };
  } finally {
    farm.stop();
  }
}

export async function main() {
  const sizes = (process.env.BENCH_NODES ?? '200,2000').split(',').map(Number);
  const cycles = Number(process.env.BENCH_CYCLES ?? 20);
  for (const size of sizes) {
    console.log(`collector: ${size} nodes, ${cycles} cycles`);
    console.table(await benchCollector(size, cycles));
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
