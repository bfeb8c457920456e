import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DemoClock } from './clock';
import { startControlServer } from './control-api';
import { DemoRuntime, systemLogPath } from './runtime';
import { GoquaiNetwork } from './goquai/network';

export type { DemoClock } from './clock';
export { ManualClock, realClock } from './clock';

/**
 * The demo's clusters. `incidents` replays the five incidents on a schedule
 * (its autopilot); `steady` is the same shape left healthy, so an operator (and
 * the tests) can see one cluster's trouble stay in that cluster.
 */
export const DEMO_CLUSTERS = [
  { name: 'incidents', autopilot: true },
  { name: 'steady', autopilot: false },
] as const;

export type DemoClusterName = (typeof DEMO_CLUSTERS)[number]['name'];

/** The go-quai network: five nodes read as a real one is, through JSON-RPC, metrics and their log files (lib/demo-cluster/goquai). */
export const GOQUAI_DEMO_CLUSTER = 'goquai';

export type DemoClusterOptions = {
  /** 0/undefined = ephemeral; always bound to 127.0.0.1. */
  controlPort?: number;
  /** Run the scenario schedule of the clusters that have one (default true); tests pass false. */
  autopilot?: boolean;
  /** Injectable controllable clock (default: real time). */
  clock?: DemoClock;
  /** Engine tick, default 250 ms. */
  tickMs?: number;
  /** Nodes write their own log files (go-quai logrus, Pika glog) and targets list them as log sources (default true). */
  logFiles?: boolean;
};

/** A demo node's own log files, read through the same sources a real cluster's config lists. */
export type DemoLogSource = { type: 'file'; paths: string[]; format: 'logrus' | 'glog'; component: string; startAt: 'beginning' };

export type DemoTarget =
  | { id: string; kind: 'native'; url: string; logs?: DemoLogSource[] }
  | { id: string; kind: 'goquai'; rpcUrl: string; metricsUrl: string; logs: DemoLogSource[] };

export type DemoClusters = {
  /** Each cluster's six storage nodes and client, in config order. */
  clusters: { name: DemoClusterName | typeof GOQUAI_DEMO_CLUSTER; targets: DemoTarget[] }[];
  controlUrl: string;
  /** The go-quai network, for tests that silence a node's peers.log or switch its race mode. */
  goquai: GoquaiNetwork;
  /** Closes every server, socket and timer. */
  close(): Promise<void>;
};

/**
 * Starts the built-in demo clusters: every node a real HTTP server on
 * 127.0.0.1 speaking admin API v1, plus one loopback control API that
 * addresses nodes by cluster and node (/clusters/<cluster>/nodes/<id>/…).
 */
export async function startDemoClusters(options: DemoClusterOptions = {}): Promise<DemoClusters> {
  checkOptions(options);
  const runtimes = new Map<DemoClusterName, DemoRuntime>();
  const logRoot = options.logFiles === false ? null : mkdtempSync(path.join(tmpdir(), 'clusterscope-demo-logs-'));
  // go-quai shows its categories only in its log files: its network always writes them.
  const goquaiDir = mkdtempSync(path.join(tmpdir(), 'clusterscope-demo-goquai-'));
  const logDirs = new Map<DemoClusterName, string>();
  let goquai: GoquaiNetwork | null = null;
  const closeAll = async () => {
    await Promise.all([...runtimes.values()].map((runtime) => runtime.close()));
    await goquai?.close();
    if (logRoot) rmSync(logRoot, { recursive: true, force: true });
    rmSync(goquaiDir, { recursive: true, force: true });
  };
  try {
    for (const [index, cluster] of DEMO_CLUSTERS.entries()) {
      const logDir = logRoot ? path.join(logRoot, cluster.name) : undefined;
      if (logDir) {
        mkdirSync(logDir);
        logDirs.set(cluster.name, logDir);
      }
      const runtime = new DemoRuntime({
        logDir,
        clock: options.clock,
        tickMs: options.tickMs,
        autopilot: cluster.autopilot && (options.autopilot ?? true),
        // The first keeps the simulation's own seed; the others differ, as real clusters' peers would.
        seed: index === 0 ? undefined : 20_260_115 + index,
      });
      runtimes.set(cluster.name, runtime);
      await runtime.start();
    }
    goquai = await GoquaiNetwork.start({ dir: goquaiDir, clock: options.clock });
    const control = await startControlServer(runtimes, options.controlPort ?? 0);
    const goquaiTargets = goquai.list().map(
      (node): DemoTarget => ({
        id: node.id,
        kind: 'goquai',
        rpcUrl: node.rpcUrl,
        metricsUrl: node.metricsUrl,
        logs: [
          { type: 'file', paths: [node.peersLog], format: 'logrus', component: 'peers.log', startAt: 'beginning' },
          { type: 'file', paths: [node.nodeLog], format: 'logrus', component: 'go-quai', startAt: 'beginning' },
        ],
      }),
    );
    const network = goquai;
    return {
      goquai: network,
      clusters: [...runtimes].map(([name, runtime]): DemoClusters['clusters'][number] => ({
        name,
        targets: runtime.nodeStates().map((node): DemoTarget => {
          const logDir = logDirs.get(name);
          const logs: DemoLogSource[] | undefined = logDir
            ? [
                { type: 'file', paths: [systemLogPath(logDir, node.id, 'logrus')], format: 'logrus', component: 'go-quai', startAt: 'beginning' },
                { type: 'file', paths: [systemLogPath(logDir, node.id, 'glog')], format: 'glog', component: 'pika', startAt: 'beginning' },
              ]
            : undefined;
          return { id: node.id, kind: 'native', url: node.url, ...(logs ? { logs } : {}) };
        }),
      })).concat([{ name: GOQUAI_DEMO_CLUSTER, targets: goquaiTargets }]),
      controlUrl: control.url,
      close: async () => {
        await control.close();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

function checkOptions(options: DemoClusterOptions): void {
  const { controlPort, tickMs } = options;
  if (controlPort !== undefined && (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65_535)) {
    throw new RangeError(`demo cluster: controlPort must be an integer from 0 to 65535, not ${controlPort}`);
  }
  // A zero or negative tick would spin the engine for ever.
  if (tickMs !== undefined && (!Number.isInteger(tickMs) || tickMs < 10 || tickMs > 60_000)) {
    throw new RangeError(`demo cluster: tickMs must be an integer from 10 to 60000, not ${tickMs}`);
  }
}
