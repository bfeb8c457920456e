/**
 * Runs the demo clusters' nodes on their own, without a dashboard, and writes a
 * config file listing them, so several dashboard processes (high availability,
 * docs/high-availability.md) can watch the very same nodes:
 *
 *   npx tsx scripts/demo-nodes.ts --config /tmp/demo.yaml --clusters incidents,steady --ha
 *   CLUSTER_CONFIG=/tmp/demo.yaml CLUSTERSCOPE_REPLICA_ID=web-1 CLUSTERSCOPE_POSTGRES_URL=postgres://… npm start
 *
 * Every demo node is started (they cost little when nobody polls them); the
 * config lists only the clusters asked for. Scenarios and faults are driven
 * through the demo control API, as with the built-in demo. Human messages go to
 * stderr; one JSON line on stdout says where everything is, for programs:
 * `{"config":…,"controlUrl":…,"clusters":{"<name>":["<target id>",…]}}`.
 * Stops on SIGINT/SIGTERM, and with --stop-on-stdin-close when its parent goes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { DEFAULT_POSTGRES_URL_ENV } from '@/lib/store/persistence/config';
import { startDemoClusters, type DemoClusters } from '@/lib/demo-cluster';

const USAGE = `usage: npx tsx scripts/demo-nodes.ts [options]
  --config <file>           where to write the config (default ./demo-nodes.yaml)
  --clusters <a,b>          clusters to list (default: all of incidents, steady, pegasus, olric, pika, goquai)
  --control-port <n>        the demo control API's port on 127.0.0.1 (default: any free port)
  --autopilot on|off        replay the incidents on their schedule (default on)
  --poll-interval <d>       each listed cluster's pollInterval (default 5s)
  --request-timeout <d>     each listed cluster's requestTimeout (default 1500ms)
  --ha                      also write storage (engine postgres, URL from $${DEFAULT_POSTGRES_URL_ENV}) and ha: { enabled: true }
  --lock-retry <d>          ha.lockRetry (with --ha; default: the dashboard's default)
  --session-timeout <d>     ha.sessionTimeout (with --ha; default: the dashboard's default)
  --stop-on-stdin-close     stop when stdin closes (for a parent process that pipes stdin)`;

export type DemoNodesOptions = {
  config: string;
  clusters: string[] | null;
  controlPort: number;
  autopilot: boolean;
  pollInterval: string;
  requestTimeout: string;
  ha: boolean;
  lockRetry: string | null;
  sessionTimeout: string | null;
  stopOnStdinClose: boolean;
};

class UsageError extends Error {}

export function parseDemoNodesArgs(argv: readonly string[]): DemoNodesOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      config: { type: 'string', default: 'demo-nodes.yaml' },
      clusters: { type: 'string' },
      'control-port': { type: 'string', default: '0' },
      autopilot: { type: 'string', default: 'on' },
      'poll-interval': { type: 'string', default: '5s' },
      'request-timeout': { type: 'string', default: '1500ms' },
      ha: { type: 'boolean', default: false },
      'lock-retry': { type: 'string' },
      'session-timeout': { type: 'string' },
      'stop-on-stdin-close': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) throw new UsageError(USAGE);
  const controlPort = Number(values['control-port']);
  if (!/^\d{1,5}$/.test(values['control-port']) || controlPort > 65_535) throw new UsageError(`--control-port must be a port number, not "${values['control-port']}"`);
  if (values.autopilot !== 'on' && values.autopilot !== 'off') throw new UsageError(`--autopilot must be on or off, not "${values.autopilot}"`);
  if (!values.ha && (values['lock-retry'] || values['session-timeout'])) throw new UsageError('--lock-retry and --session-timeout need --ha');
  const clusters = values.clusters === undefined ? null : values.clusters.split(',').map((name) => name.trim()).filter(Boolean);
  if (clusters?.length === 0) throw new UsageError('--clusters needs at least one cluster name');
  return {
    config: path.resolve(values.config),
    clusters,
    controlPort,
    autopilot: values.autopilot === 'on',
    pollInterval: values['poll-interval'],
    requestTimeout: values['request-timeout'],
    ha: values.ha,
    lockRetry: values['lock-retry'] ?? null,
    sessionTimeout: values['session-timeout'] ?? null,
    stopOnStdinClose: values['stop-on-stdin-close'],
  };
}

/** Durations as the config reads them: plain digits are milliseconds, text like "2s" is kept for the schema to judge. */
const duration = (text: string): number | string => (/^\d+$/.test(text) ? Number(text) : text);

/**
 * The config file's content: the chosen demo clusters, plus storage and ha with
 * --ha. The dashboard validates it when it loads it (this script does not load
 * the config schema: it pulls in the server-only adapters).
 */
export function demoNodesConfig(demo: DemoClusters, options: DemoNodesOptions): Record<string, unknown> {
  const all = [...demo.clusters, demo.olric, demo.pika, { name: demo.goquai.name, targets: demo.goquai.targets }];
  const unknown = (options.clusters ?? []).filter((name) => !all.some((cluster) => cluster.name === name));
  if (unknown.length > 0) throw new UsageError(`no demo cluster named ${unknown.join(', ')}; the demo clusters are ${all.map((cluster) => cluster.name).join(', ')}`);
  const chosen = options.clusters ? all.filter((cluster) => options.clusters!.includes(cluster.name)) : all;
  const clusters = chosen.map((cluster) => ({
    name: cluster.name,
    pollInterval: duration(options.pollInterval),
    requestTimeout: duration(options.requestTimeout),
    // Demo nodes are crashed and restored on purpose: notice their return quickly (as the built-in demo does).
    maxBackoff: 10_000,
    targets: cluster.targets,
  }));
  if (!options.ha) return { clusters };
  const ha: Record<string, unknown> = { enabled: true };
  if (options.lockRetry) ha.lockRetry = duration(options.lockRetry);
  if (options.sessionTimeout) ha.sessionTimeout = duration(options.sessionTimeout);
  return { clusters, storage: { engine: 'postgres', postgres: { urlEnv: DEFAULT_POSTGRES_URL_ENV } }, ha };
}

async function main(): Promise<void> {
  const options = parseDemoNodesArgs(process.argv.slice(2));
  const demo = await startDemoClusters({ controlPort: options.controlPort, autopilot: options.autopilot });
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[demo-nodes] stopping (${why})`);
    // Bounded: a server that will not close must not keep the process alive.
    setTimeout(() => process.exit(0), 5000).unref();
    demo.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('[demo-nodes] error while stopping:', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  if (options.stopOnStdinClose) {
    process.stdin.resume();
    process.stdin.once('end', () => stop('stdin closed'));
    process.stdin.once('close', () => stop('stdin closed'));
  }
  let config: Record<string, unknown>;
  try {
    config = demoNodesConfig(demo, options);
    writeFileSync(options.config, `# Written by scripts/demo-nodes.ts: the demo nodes it runs, on ephemeral ports valid while it runs.\n${stringify(config)}`);
  } catch (error) {
    await demo.close();
    throw error;
  }
  const clusters = Object.fromEntries((config.clusters as { name: string; targets: { id: string }[] }[]).map((cluster) => [cluster.name, cluster.targets.map((target) => target.id)]));
  console.error(`[demo-nodes] ${Object.keys(clusters).join(', ')}: config written to ${options.config}; control API ${demo.controlUrl}`);
  console.error(`[demo-nodes] start dashboards with CLUSTER_CONFIG=${options.config}${options.ha ? ` ${DEFAULT_POSTGRES_URL_ENV}=postgres://… CLUSTERSCOPE_REPLICA_ID=<name>` : ''}; Ctrl-C stops the nodes`);
  process.stdout.write(`${JSON.stringify({ config: options.config, controlUrl: demo.controlUrl, clusters })}\n`);
}

// Run as a script; importing it (tests) only gets the functions.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  main().catch((error: unknown) => {
    console.error(error instanceof UsageError ? error.message : error);
    process.exit(error instanceof UsageError ? 2 : 1);
  });
}
