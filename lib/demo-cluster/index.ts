import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DemoClock } from './clock';
import { startControlServer, type ControlledCluster } from './control-api';
import type { OlricTargetConfig } from '@/lib/adapters/olric/target';
import { startOlricDemo, type OlricDemo } from './olric/simulator';
import { PegasusDemoCluster, type PegasusDemoTarget } from './pegasus/cluster';
import { startPikaDemo, type PikaDemo, type PikaTarget } from './pika/cluster';
import { DemoRuntime, systemLogPath } from './runtime';
import { GoquaiNetwork } from './goquai/network';

export type { DemoClock } from './clock';
export { ManualClock, realClock } from './clock';

/**
 * The demo's clusters. `incidents` replays the five incidents on a schedule
 * (its autopilot); `steady` is the same shape left healthy, so an operator (and
 * the tests) can see one cluster's trouble stay in that cluster; `pegasus` is a
 * simulated Apache Pegasus cluster (meta and replica servers on Pegasus's own
 * HTTP pages) replaying the stale-client incident.
 */
export const DEMO_CLUSTERS = [
  { name: 'incidents', autopilot: true },
  { name: 'steady', autopilot: false },
  { name: 'pegasus', autopilot: true },
] as const;

/**
 * The Olric cluster: RESP members simulated in olricd's own reply shapes. With
 * the autopilot it starts in the seed race (one member's STATS disagreeing with
 * the table) and settles after OLRIC_RACE_MS; the control API replays it.
 */
export const OLRIC_DEMO_CLUSTER = 'olric';
export const OLRIC_RACE_MS = 30_000;

/**
 * The Pika cluster: RESP nodes answering INFO in Pika's own formats (3.3.5,
 * 3.5.2, 4.x) and writing glog files read through file log sources. With the
 * autopilot both Pika incidents run from the start; the control API starts
 * each in its seed or fixed behaviour.
 */
export const PIKA_DEMO_CLUSTER = 'pika';

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

export type DemoTarget = { id: string; kind: 'native'; url: string; logs?: DemoLogSource[] } | PegasusDemoTarget;

/** A go-quai node: its JSON-RPC, its metrics page, and its peers.log and node log. */
export type GoquaiDemoTarget = { id: string; kind: 'goquai'; rpcUrl: string; metricsUrl: string; logs: DemoLogSource[] };

export type DemoClusters = {
  /** Each cluster's six storage nodes and client, in config order. */
  clusters: { name: DemoClusterName; targets: DemoTarget[] }[];
  /** The Olric cluster, read by the olric source kind. */
  olric: { name: typeof OLRIC_DEMO_CLUSTER; targets: OlricTargetConfig[] };
  /** The Pika cluster, read by the redis source kind (flavor pika) and its glog files. */
  pika: { name: typeof PIKA_DEMO_CLUSTER; targets: PikaTarget[] };
  /** The go-quai network, read by the goquai source kind; `network` lets tests silence a node's peers.log or switch its race mode. */
  goquai: { name: typeof GOQUAI_DEMO_CLUSTER; targets: GoquaiDemoTarget[]; network: GoquaiNetwork };
  controlUrl: string;
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
  const runtimes = new Map<DemoClusterName, DemoRuntime | PegasusDemoCluster>();
  const logRoot = options.logFiles === false ? null : mkdtempSync(path.join(/*turbopackIgnore: true*/ tmpdir(), 'clusterscope-demo-logs-'));
  // go-quai shows its categories only in its log files: its network always writes them.
  const goquaiDir = mkdtempSync(path.join(/*turbopackIgnore: true*/ tmpdir(), 'clusterscope-demo-goquai-'));
  const logDirs = new Map<DemoClusterName, string>();
  let olric: OlricDemo | null = null;
  let pika: PikaDemo | null = null;
  let goquai: GoquaiNetwork | null = null;
  const closeAll = async () => {
    await Promise.all([...[...runtimes.values()].map((runtime) => runtime.close()), olric?.close(), pika?.close(), goquai?.close()]);
    if (logRoot) rmSync(logRoot, { recursive: true, force: true });
    rmSync(goquaiDir, { recursive: true, force: true });
  };
  try {
    for (const [index, cluster] of DEMO_CLUSTERS.entries()) {
      if (cluster.name === 'pegasus') {
        const pegasus = new PegasusDemoCluster({ autopilot: cluster.autopilot && (options.autopilot ?? true) });
        runtimes.set(cluster.name, pegasus);
        await pegasus.start();
        continue;
      }
      const logDir = logRoot ? path.join(/*turbopackIgnore: true*/ logRoot, cluster.name) : undefined;
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
    const autopilot = options.autopilot ?? true;
    olric = await startOlricDemo({ mode: autopilot ? 'seed-race' : 'fixed', raceMs: OLRIC_RACE_MS, idPrefix: 'olric' });
    pika = await startPikaDemo({ logDir: logRoot ? path.join(/*turbopackIgnore: true*/ logRoot, PIKA_DEMO_CLUSTER) : undefined, incidents: autopilot });
    goquai = await GoquaiNetwork.start({ dir: goquaiDir, clock: options.clock });
    const control = await startControlServer(runtimes as ReadonlyMap<string, ControlledCluster>, options.controlPort ?? 0, olric, pika);
    const goquaiTargets = goquai.list().map(
      (node): GoquaiDemoTarget => ({
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
      clusters: [...runtimes].map(([name, runtime]) => ({
        name,
        targets:
          runtime instanceof PegasusDemoCluster
            ? runtime.targets()
            : runtime.nodeStates().map((node): DemoTarget => {
                const logDir = logDirs.get(name);
                const logs: DemoLogSource[] | undefined = logDir
                  ? [
                      { type: 'file', paths: [systemLogPath(logDir, node.id, 'logrus')], format: 'logrus', component: 'go-quai', startAt: 'beginning' },
                      { type: 'file', paths: [systemLogPath(logDir, node.id, 'glog')], format: 'glog', component: 'pika', startAt: 'beginning' },
                    ]
                  : undefined;
                return { id: node.id, kind: 'native', url: node.url, ...(logs ? { logs } : {}) };
              }),
      })),
      olric: { name: OLRIC_DEMO_CLUSTER, targets: olric.targets },
      pika: { name: PIKA_DEMO_CLUSTER, targets: pika.targets },
      goquai: { name: GOQUAI_DEMO_CLUSTER, targets: goquaiTargets, network },
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
