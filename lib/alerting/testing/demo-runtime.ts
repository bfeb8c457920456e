import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateClusterConfig } from '@/lib/config/load';
import { startDemoClusters } from '@/lib/demo-cluster';
import { ClusterRuntime } from '@/lib/runtime/runtime';
import { DashboardMetrics } from '../metrics';
import { AlertingNotifier } from '../notifier';

/**
 * The real demo clusters, each polled by a real ClusterRuntime, all feeding
 * one AlertingNotifier after each of their cycles, as lib/runtime/start.ts
 * wires them. Nodes are crashed and restored through the demo's control API.
 */
export type DemoAlerting = {
  clusters: ClusterRuntime[];
  cluster(name: string): ClusterRuntime;
  notifier: AlertingNotifier;
  metrics: DashboardMetrics;
  /** Start time of every cycle seen, per cluster, in order. */
  cycleStarts: Map<string, number[]>;
  control(cluster: string, nodeId: string, action: 'crash' | 'restore'): Promise<void>;
  close(): Promise<void>;
};

export async function startDemoAlerting(options: { pollInterval: number; alerting: unknown }): Promise<DemoAlerting> {
  const demo = await startDemoClusters({ autopilot: false });
  const validated = validateClusterConfig(
    {
      clusters: demo.clusters.map((cluster) => ({
        name: cluster.name,
        pollInterval: options.pollInterval,
        requestTimeout: Math.floor(options.pollInterval / 2),
        maxBackoff: 1000,
        targets: cluster.targets,
      })),
      alerting: options.alerting,
    },
    '(alerting test)',
  );
  if (!validated.ok) {
    await demo.close();
    throw new Error(validated.message);
  }
  const clusters = validated.config.clusters.map((config) => new ClusterRuntime(config));
  const metrics = new DashboardMetrics();
  const notifier = new AlertingNotifier({ config: validated.config.alerting, metrics });
  const cycleStarts = new Map<string, number[]>(clusters.map((cluster) => [cluster.name, []]));
  for (const cluster of clusters) {
    cluster.onCycle((snapshot) => {
      if (snapshot.lastCycle) cycleStarts.get(snapshot.cluster)?.push(snapshot.lastCycle.startedAt);
      notifier.update(snapshot);
    });
    cluster.start();
  }
  return {
    clusters,
    cluster: (name) => {
      const found = clusters.find((cluster) => cluster.name === name);
      if (!found) throw new Error(`no demo cluster ${name}`);
      return found;
    },
    notifier,
    metrics,
    cycleStarts,
    control: async (cluster, nodeId, action) => {
      const response = await fetch(`${demo.controlUrl}/clusters/${cluster}/nodes/${nodeId}/${action}`, { method: 'POST' });
      if (!response.ok) throw new Error(`demo control ${action} ${cluster}/${nodeId}: HTTP ${response.status}`);
    },
    close: async () => {
      await notifier.stop();
      await Promise.all(clusters.map((cluster) => cluster.stop()));
      await demo.close();
    },
  };
}

/** A loopback HTTP server (OS-picked port) that records JSON bodies and headers and answers 200, or never answers when `hang`. */
export async function recordingServer(options: { hang?: boolean } = {}) {
  const bodies: unknown[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    headers.push(req.headers);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        bodies.push(null);
      }
      if (!options.hang) res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    headers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
