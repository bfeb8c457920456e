import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DemoClock } from '../clock';
import { realClock } from '../clock';
import { startGoquaiNodeServers, type GoquaiNodeServers, type NodeNumbers } from './node-server';
import { PeerManagerSim, type RaceMode } from './peer-manager';
import { logrusLine } from './logrus-format';

/**
 * A small go-quai network for the demo: each node a JSON-RPC server, a
 * metrics page and its two log files (nodelogs/peers.log and
 * nodelogs/global.log, as go-quai's log/logger.go names them), written in
 * go-quai's exact logrus format so the dashboard reads them through its
 * ordinary log sources.
 */

export type GoquaiNodeSpec = { id: string; mode: RaceMode; lostPeer?: boolean };

/** The demo's network: the released race on three nodes (one with a key that never comes back), the fix on two. */
export const DEMO_GOQUAI_NODES: readonly GoquaiNodeSpec[] = [
  { id: 'quai-1', mode: 'seed' },
  { id: 'quai-2', mode: 'seed' },
  { id: 'quai-3', mode: 'seed', lostPeer: true },
  { id: 'quai-4', mode: 'fixed' },
  { id: 'quai-5', mode: 'fixed' },
];

export type GoquaiNetworkOptions = {
  dir: string;
  nodes?: readonly GoquaiNodeSpec[];
  clock?: DemoClock;
  /** `Peer stats` period; go-quai's is a minute, the demo's shorter so the view moves. */
  roundMs?: number;
  /** How often the network catches up with its clock (0: only when `advance()` is called). */
  tickMs?: number;
  seed?: number;
};

export type GoquaiDemoNode = {
  id: string;
  rpcUrl: string;
  metricsUrl: string;
  peersLog: string;
  nodeLog: string;
};

type Running = GoquaiDemoNode & { sim: PeerManagerSim; servers: GoquaiNodeServers; sent: number; received: number };

export class GoquaiNetwork {
  private readonly nodes = new Map<string, Running>();
  private timer: NodeJS.Timeout | null = null;
  private readonly clock: DemoClock;

  private constructor(private readonly options: GoquaiNetworkOptions) {
    this.clock = options.clock ?? realClock;
  }

  static async start(options: GoquaiNetworkOptions): Promise<GoquaiNetwork> {
    const network = new GoquaiNetwork(options);
    try {
      await network.startNodes();
    } catch (error) {
      await network.close();
      throw error;
    }
    return network;
  }

  private async startNodes(): Promise<void> {
    const start = this.clock.now();
    const specs = this.options.nodes ?? DEMO_GOQUAI_NODES;
    for (const [index, spec] of specs.entries()) {
      const logDir = path.join(/*turbopackIgnore: true*/ this.options.dir, spec.id, 'nodelogs');
      mkdirSync(logDir, { recursive: true });
      const sim = new PeerManagerSim({
        seed: (this.options.seed ?? 7_100) + index,
        mode: spec.mode,
        peers: 12,
        roundMs: this.options.roundMs ?? 10_000,
        recategorizeEveryMs: 2000,
        gapMs: 700,
        lostPeer: spec.lostPeer,
        start,
      });
      const node = { sent: 0, received: 0 } as Running;
      const servers = await startGoquaiNodeServers(() => this.numbers(node));
      Object.assign(node, {
        id: spec.id,
        rpcUrl: servers.rpcUrl,
        metricsUrl: servers.metricsUrl,
        peersLog: path.join(/*turbopackIgnore: true*/ logDir, 'peers.log'),
        nodeLog: path.join(/*turbopackIgnore: true*/ logDir, 'global.log'),
        sim,
        servers,
      });
      writeFileSync(node.peersLog, logrusLine('info', start, 'Shard logger started', { level: 'info', path: 'peers.log' }) + '\n');
      writeFileSync(node.nodeLog, logrusLine('info', start, 'Global logger started', { level: 'info', path: 'nodelogs/global.log' }) + '\n');
      this.nodes.set(spec.id, node);
    }
    const tickMs = this.options.tickMs ?? 250;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.advance(), tickMs);
      this.timer.unref();
    }
  }

  private numbers(node: Running): NodeNumbers {
    const connected = node.sim.connectedPeers();
    const incoming = Math.floor(connected / 3);
    return { network: '1', incoming, outgoing: connected - incoming, metricsPeers: connected, streams: connected * 2, sent: node.sent, received: node.received };
  }

  /** Catches every node up with the clock and appends what each wrote. */
  advance(): void {
    const now = this.clock.now();
    for (const node of this.nodes.values()) {
      const { peersLog, nodeLog } = node.sim.advance(now);
      node.sent += 7;
      node.received += 11;
      if (peersLog.length > 0) appendFileSync(node.peersLog, peersLog.join('\n') + '\n');
      if (nodeLog.length > 0) appendFileSync(node.nodeLog, nodeLog.join('\n') + '\n');
    }
  }

  list(): GoquaiDemoNode[] {
    return [...this.nodes.values()].map(({ id, rpcUrl, metricsUrl, peersLog, nodeLog }) => ({ id, rpcUrl, metricsUrl, peersLog, nodeLog }));
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  /** Switches a node between the released race and the atomic fix. */
  setMode(id: string, mode: RaceMode): void {
    const node = this.nodes.get(id);
    if (node) node.sim.mode = mode;
  }

  /** Stops (or resumes) a node's peers.log while its RPC keeps answering. */
  setPeersLogSilent(id: string, silent: boolean): void {
    const node = this.nodes.get(id);
    if (node) node.sim.silent = silent;
  }

  /** The peer whose key never comes back on a node, if it has one. */
  lostPeer(id: string): string | null {
    return this.nodes.get(id)?.sim.lostPeer ?? null;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.nodes.values()].map((node) => node.servers.close()));
    this.nodes.clear();
  }
}
