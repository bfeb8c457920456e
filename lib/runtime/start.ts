import 'server-only';
import { loadClusterConfig, validateClusterConfig } from '@/lib/config/load';
import type { ClusterConfig } from '@/lib/config/schema';
import { expandTargets } from '@/lib/adapters';
import { configuredSecrets } from '@/lib/adapters/redact';
import { processShortfallWarning } from '@/lib/adapters/descriptor-budget';
import { alertingConfigSchema, type AlertingConfig } from '@/lib/alerting/config';
import { dashboardMetrics } from '@/lib/alerting/metrics';
import { resolveAuthPolicy, type AuthPolicy } from '@/lib/auth/policy';
import { installAuthPolicy } from '@/lib/auth/runtime';
import { AlertingNotifier } from '@/lib/alerting/notifier';
import { storageConfigSchema, storageFromEnv, type StorageConfig } from '@/lib/store/persistence/config';
import { Dashboard } from './dashboard';
import { haConfigSchema, haFromEnv, haSettings, haStorageProblem, type HaConfig } from '@/lib/ha/config';
import { attachHighAvailability, haSlot } from './high-availability';
import { attachHistory, historyStore, stopHistory } from './history';
import { alertingSlot, dashboardSlot } from './index';
import { ClusterRuntime } from './runtime';

/** Starts the collectors once per process: from CLUSTER_CONFIG, or the built-in demo clusters. */
export async function startDashboard(): Promise<Dashboard> {
  const slot = dashboardSlot();
  if (slot.dashboard) return slot.dashboard;
  slot.starting ??= createDashboard().then(
    async ({ dashboard, alerting, storage, ha }) => {
      // History first: findings open at the last stop must be back before the first cycle judges.
      await attachHistory(dashboard, storage);
      if (ha.enabled) {
        await startReplica(dashboard, ha, storage).catch((error: unknown) => {
          slot.startError = error instanceof Error ? error.message : String(error);
          throw error;
        });
      }
      slot.dashboard = dashboard;
      attachAlerting(dashboard, alerting);
      dashboard.start(Number(process.env.CLUSTERSCOPE_FIRST_POLL_DELAY_MS ?? 0) || 0);
      stopOnSignals(dashboard);
      return dashboard;
    },
    (error: unknown) => {
      slot.startError = error instanceof Error ? error.message : String(error);
      throw error;
    },
  );
  return slot.starting;
}

type Created = { dashboard: Dashboard; alerting: AlertingConfig; storage: StorageConfig; ha: HaConfig };

/**
 * High availability: this process becomes one replica on the shared
 * PostgreSQL; its clusters stand by until the election hands it some.
 * Without the shared store there is nothing to stand by on, so it does not start.
 */
async function startReplica(dashboard: Dashboard, ha: HaConfig, storage: StorageConfig): Promise<void> {
  const engine = storageFromEnv(storage).engine;
  const problem = haStorageProblem(ha, engine);
  if (problem) throw new ConfigError(`${problem} (CLUSTERSCOPE_HA / CLUSTERSCOPE_STORAGE may have set them)`);
  const store = historyStore();
  const url = process.env[storageFromEnv(storage).postgres?.urlEnv ?? '']?.trim();
  if (!store || !url) throw new ConfigError('ha.enabled: the shared PostgreSQL store could not be opened (see the error above); a replica cannot stand by without it');
  haSlot().state = await attachHighAvailability(dashboard, haSettings(ha), url, store);
}

async function createDashboard(): Promise<Created> {
  const file = process.env.CLUSTER_CONFIG?.trim();
  if (file) {
    const loaded = loadClusterConfig(file);
    if (!loaded.ok) throw new ConfigError(loaded.message);
    installSignIn(resolveAuthPolicy({ auth: loaded.config.auth, file: loaded.file, env: process.env }));
    const secrets = configuredSecrets(loaded.config.clusters.flatMap((cluster) => cluster.targets));
    const clusters = await Promise.all(loaded.config.clusters.map((cluster) => clusterRuntime(cluster, secrets)));
    for (const cluster of clusters) {
      console.log(`[clusterscope] polling ${cluster.targets.length} targets of "${cluster.name}" from ${loaded.file} every ${cluster.config.pollInterval} ms`);
    }
    // Every adapter has claimed its connections by now: say once if some must reconnect at every poll.
    const shortfall = processShortfallWarning();
    if (shortfall) console.warn(`[clusterscope] ${shortfall}`);
    return { dashboard: new Dashboard('config', clusters, null), alerting: loaded.config.alerting, storage: loaded.config.storage, ha: haFromEnv(loaded.config.ha) };
  }
  return createDemoDashboard();
}

/** One cluster's runtime, with its discovery seeds expanded into the members they report. */
async function clusterRuntime(config: ClusterConfig, secrets: readonly string[]): Promise<ClusterRuntime> {
  const expanded = await expandTargets(config.targets, { timeoutMs: config.requestTimeout });
  for (const error of expanded.errors) console.error(`[clusterscope] ${config.name}: target discovery: ${error}`);
  return new ClusterRuntime({ ...config, targets: expanded.targets }, expanded.targets, secrets);
}

/** Decides sign-in before anything is polled: an exposed server without sign-in does not start. */
function installSignIn(result: ReturnType<typeof resolveAuthPolicy>): void {
  installAuthPolicy(result);
  if (!result.ok) throw new ConfigError(result.message);
  console.log(`[clusterscope] sign-in: ${describeSignIn(result.policy)}`);
}

function describeSignIn(policy: AuthPolicy): string {
  switch (policy.mode) {
    case 'none':
      return policy.mark === 'demo' ? 'none (built-in demo)' : 'none: anyone who reaches the port sees every cluster';
    case 'oidc':
      return `OpenID Connect via ${policy.oidc.config.issuer}, ${policy.tokens.length} machine token(s)`;
    case 'proxy':
      return `identity headers from ${policy.proxy.proxyAddresses.join(', ')}, ${policy.tokens.length} machine token(s)`;
  }
}

async function createDemoDashboard(): Promise<Created> {
  installSignIn(resolveAuthPolicy({ auth: undefined, file: null, env: process.env }));
  const { startDemoClusters } = await import('@/lib/demo-cluster');
  const demo = await startDemoClusters({
    controlPort: Number(process.env.DEMO_CONTROL_PORT ?? 0) || 0,
    autopilot: process.env.DEMO_AUTOPILOT !== 'off',
  });
  const raw = {
    clusters: [...demo.clusters, demo.olric, demo.pika, demo.goquai].map((cluster) => ({
      name: cluster.name,
      pollInterval: durationFromEnv(process.env.DEMO_POLL_INTERVAL, 5000),
      requestTimeout: durationFromEnv(process.env.DEMO_REQUEST_TIMEOUT, 1500),
      // Demo nodes are crashed and restored on purpose: notice their return quickly.
      maxBackoff: 10_000,
      targets: cluster.targets,
    })),
  };
  const validated = validateClusterConfig(raw, '(built-in demo clusters)');
  if (!validated.ok) {
    await demo.close();
    throw new ConfigError(validated.message);
  }
  const clusters = validated.config.clusters.map((cluster) => new ClusterRuntime(cluster));
  const names = clusters.map((cluster) => `${cluster.name} (${cluster.targets.length} nodes)`).join(', ');
  console.log(`[clusterscope] no CLUSTER_CONFIG set: running the built-in demo clusters ${names}, control API ${demo.controlUrl}`);
  // The demo pushes nowhere; /metrics still serves its clusters.
  return {
    dashboard: new Dashboard('demo', clusters, demo.controlUrl, () => demo.close()),
    alerting: alertingConfigSchema.parse(undefined),
    // The demo keeps history under ./data (or CLUSTERSCOPE_DATA_DIR; CLUSTERSCOPE_STORAGE=memory keeps none).
    storage: storageConfigSchema.parse(undefined),
    // Never replicated: each demo process starts its own nodes.
    ha: haConfigSchema.parse(undefined),
  };
}

/** Env durations: plain digits are milliseconds, otherwise text like "5s" (validated by the schema). */
function durationFromEnv(value: string | undefined, fallback: number): number | string {
  if (value === undefined || value.trim() === '') return fallback;
  return /^\d+$/.test(value.trim()) ? Number(value) : value;
}

export class ConfigError extends Error {}

/**
 * One notifier for every cluster, fed after each cycle of each: /metrics and
 * the configured Alertmanagers and webhooks. Configuration problems (e.g. a
 * headers variable that is not set) are logged once.
 */
export function attachAlerting(dashboard: Dashboard, alerting: AlertingConfig): void {
  const notifier = new AlertingNotifier({ config: alerting, metrics: dashboardMetrics() });
  for (const problem of notifier.status().problems) console.error(`[clusterscope] ${problem}`);
  for (const cluster of dashboard.clusters) cluster.onCycle((snapshot) => notifier.update(snapshot));
  alertingSlot().notifier = notifier;
}

function stopOnSignals(dashboard: Dashboard): void {
  const stop = () => {
    void alertingSlot().notifier?.stop();
    // The clusters are handed over first, so another replica takes them at once.
    (haSlot().state?.stop() ?? Promise.resolve())
      .then(() => dashboard.stop())
      .then(() => stopHistory())
      .catch((error) => console.error('[clusterscope] error while stopping:', error));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
