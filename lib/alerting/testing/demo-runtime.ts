import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { validateClusterConfig } from '@/lib/config/load';
import { startDemoCluster } from '@/lib/demo-cluster';
import { Runtime } from '@/lib/runtime/runtime';
import { DashboardMetrics } from '../metrics';
import { AlertingNotifier } from '../notifier';

/**
 * The real demo cluster polled by a real Runtime, its cycles feeding one
 * AlertingNotifier, as lib/runtime/start.ts wires them. Nodes are crashed and
 * restored through the demo's control API.
 */
export type DemoAlerting = {
  runtime: Runtime;
  notifier: AlertingNotifier;
  metrics: DashboardMetrics;
  /** Start time of every cycle seen, in order. */
  cycleStarts: number[];
  control(nodeId: string, action: 'crash' | 'restore'): Promise<void>;
  close(): Promise<void>;
};

export async function startDemoAlerting(options: { pollInterval: number; alerting: unknown }): Promise<DemoAlerting> {
  const demo = await startDemoCluster({ autopilot: false });
  const validated = validateClusterConfig(
    { cluster: 'demo', pollInterval: options.pollInterval, requestTimeout: Math.floor(options.pollInterval / 2), maxBackoff: 1000, targets: demo.targets, alerting: options.alerting },
    '(alerting test)',
  );
  if (!validated.ok) {
    await demo.close();
    throw new Error(validated.message);
  }
  const config = validated.config;
  const runtime = new Runtime('demo', config, config.targets, demo.controlUrl, () => demo.close());
  const metrics = new DashboardMetrics();
  const notifier = new AlertingNotifier({ config: config.alerting, metrics });
  const cycleStarts: number[] = [];
  runtime.onCycle((snapshot) => {
    if (snapshot.lastCycle) cycleStarts.push(snapshot.lastCycle.startedAt);
    notifier.update(snapshot);
  });
  runtime.start();
  return {
    runtime,
    notifier,
    metrics,
    cycleStarts,
    control: async (nodeId, action) => {
      const response = await fetch(`${demo.controlUrl}/nodes/${nodeId}/${action}`, { method: 'POST' });
      if (!response.ok) throw new Error(`demo control ${action} ${nodeId}: HTTP ${response.status}`);
    },
    close: async () => {
      await notifier.stop();
      await runtime.stop();
    },
  };
}

/** A loopback HTTP server (OS-picked port) that records JSON bodies and answers 200, or never answers when `hang`. */
export async function recordingServer(options: { hang?: boolean } = {}) {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
