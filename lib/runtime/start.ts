import 'server-only';
import { loadClusterConfig, validateClusterConfig } from '@/lib/config/load';
import type { ClusterConfig } from '@/lib/config/schema';
import { expandTargets } from '@/lib/adapters';
import { AlertingNotifier } from '@/lib/alerting/notifier';
import { dashboardMetrics } from '@/lib/alerting/metrics';
import { alertingSlot, runtimeSlot } from './index';
import { Runtime } from './runtime';

/** Starts the collector once per process: from CLUSTER_CONFIG, or the built-in demo cluster. */
export async function startRuntime(): Promise<Runtime> {
  const slot = runtimeSlot();
  if (slot.runtime) return slot.runtime;
  slot.starting ??= createRuntime().then(
    (runtime) => {
      slot.runtime = runtime;
      attachAlerting(runtime);
      runtime.start(Number(process.env.CLUSTERSCOPE_FIRST_POLL_DELAY_MS ?? 0) || 0);
      stopOnSignals(runtime);
      return runtime;
    },
    (error: unknown) => {
      slot.startError = error instanceof Error ? error.message : String(error);
      throw error;
    },
  );
  return slot.starting;
}

async function createRuntime(): Promise<Runtime> {
  const file = process.env.CLUSTER_CONFIG?.trim();
  if (file) {
    const loaded = loadClusterConfig(file);
    if (!loaded.ok) throw new ConfigError(loaded.message);
    const expanded = await expandTargets(loaded.config.targets, { timeoutMs: loaded.config.requestTimeout });
    for (const error of expanded.errors) console.error(`[clusterscope] target discovery: ${error}`);
    console.log(`[clusterscope] polling ${expanded.targets.length} targets of "${loaded.config.cluster}" from ${loaded.file} every ${loaded.config.pollInterval} ms`);
    return new Runtime('config', { ...loaded.config, targets: expanded.targets }, expanded.targets, null);
  }
  return createDemoRuntime();
}

async function createDemoRuntime(): Promise<Runtime> {
  const { startDemoCluster } = await import('@/lib/demo-cluster');
  const demo = await startDemoCluster({
    controlPort: Number(process.env.DEMO_CONTROL_PORT ?? 0) || 0,
    autopilot: process.env.DEMO_AUTOPILOT !== 'off',
  });
  const raw = {
    cluster: 'demo',
    pollInterval: durationFromEnv(process.env.DEMO_POLL_INTERVAL, 5000),
    requestTimeout: durationFromEnv(process.env.DEMO_REQUEST_TIMEOUT, 1500),
    // Demo nodes are crashed and restored on purpose: notice their return quickly.
    maxBackoff: 10_000,
    targets: demo.targets,
  };
  const validated = validateClusterConfig(raw, '(built-in demo cluster)');
  if (!validated.ok) {
    await demo.close();
    throw new ConfigError(validated.message);
  }
  const config: ClusterConfig = validated.config;
  console.log(`[clusterscope] no CLUSTER_CONFIG set: running the built-in demo cluster (${demo.targets.length} nodes, control API ${demo.controlUrl})`);
  return new Runtime('demo', config, config.targets, demo.controlUrl, () => demo.close());
}

/** Env durations: plain digits are milliseconds, otherwise text like "5s" (validated by the schema). */
function durationFromEnv(value: string | undefined, fallback: number): number | string {
  if (value === undefined || value.trim() === '') return fallback;
  return /^\d+$/.test(value.trim()) ? Number(value) : value;
}

export class ConfigError extends Error {}

/** /metrics and alerting follow every cycle; configuration problems (e.g. a missing headers variable) are logged once. */
function attachAlerting(runtime: Runtime): void {
  const notifier = new AlertingNotifier({ config: runtime.config.alerting, metrics: dashboardMetrics() });
  for (const problem of notifier.status().problems) console.error(`[clusterscope] ${problem}`);
  runtime.onCycle((snapshot) => notifier.update(snapshot));
  alertingSlot().notifier = notifier;
}

function stopOnSignals(runtime: Runtime): void {
  const stop = () => {
    void alertingSlot().notifier?.stop();
    runtime.stop().catch((error) => console.error('[clusterscope] error while stopping:', error));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
