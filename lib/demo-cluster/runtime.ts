import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Autopilot } from './autopilot';
import { realClock, type DemoClock } from './clock';
import { ScenarioEngine } from './engine';
import type { LogLine } from './log-ring';
import { SimNodeServer, type Fault } from './node-server';
import { SCENARIOS } from './scenarios';
import { ALL_NODES } from './topology';
import { SYSTEM_LOG_FILES, type SystemLogFormat } from './system-logs';
import { answerAdmin } from './wire';
import { World } from './world';

export type RuntimeOptions = {
  clock?: DemoClock;
  tickMs?: number;
  autopilot?: boolean;
  /** Seed of the simulation's randomness; the same seed gives the same peers and moves. */
  seed?: number;
  /** Directory where each node writes its own log files in its system's format (none when absent). */
  logDir?: string;
};

/** The log file a demo node writes in one format. */
export function systemLogPath(logDir: string, nodeId: string, format: SystemLogFormat): string {
  return path.join(/*turbopackIgnore: true*/ logDir, `${nodeId}.${SYSTEM_LOG_FILES[format]}`);
}

export type NodeState = {
  id: string;
  role: string;
  url: string;
  up: boolean;
  fault: Fault['kind'];
  slowMs: number | null;
  logEpoch: string;
  lastLogCursor: number;
};

/**
 * Everything the demo cluster is while it runs: the simulated world, the
 * engine that moves it, and one HTTP server per node. The control API and
 * tests work through this object.
 */
export class DemoRuntime {
  readonly world: World;
  readonly engine: ScenarioEngine;
  readonly autopilot: Autopilot;
  readonly servers = new Map<string, SimNodeServer>();
  private readonly pending = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(private readonly options: RuntimeOptions = {}) {
    const clock = options.clock ?? realClock;
    this.world = new World(clock, options.seed);
    this.engine = new ScenarioEngine(this.world, SCENARIOS, options.tickMs ?? 250);
    this.autopilot = new Autopilot(this.engine);
    this.engine.onTick((at) => this.autopilot.onTick(at));
    for (const id of ALL_NODES) {
      this.servers.set(
        id,
        new SimNodeServer(id, (method, url) => {
          // Every answer reflects the clock's "now", whatever the timer has done so far.
          this.engine.sync();
          return answerAdmin(this.world, id, method, url);
        }),
      );
    }
    const logDir = options.logDir;
    if (logDir) {
      // Every file exists from the start, so a log source never reports it missing.
      for (const id of ALL_NODES) for (const format of Object.keys(SYSTEM_LOG_FILES) as SystemLogFormat[]) writeFileSync(systemLogPath(logDir, id, format), '');
      this.world.systemLog = (nodeId, format, text) => appendFileSync(systemLogPath(logDir, nodeId, format), `${text}\n`);
    }
    this.world.lifecycle = {
      crash: (id) => this.track(this.crash(id)),
      restore: (id) => this.track(this.restore(id)),
    };
  }

  async start(): Promise<void> {
    for (const server of this.servers.values()) {
      await server.listen();
      this.world.addresses.set(server.nodeId, `127.0.0.1:${server.port}`);
    }
    const clock = this.world.clock;
    if (clock.subscribe) this.unsubscribe = clock.subscribe(() => this.engine.sync());
    else this.timer = setInterval(() => this.engine.sync(), this.options.tickMs ?? 250);
    if (this.options.autopilot ?? true) this.autopilot.enable(this.world.now());
  }

  hasNode(id: string): boolean {
    return this.servers.has(id);
  }

  server(id: string): SimNodeServer {
    const server = this.servers.get(id);
    if (!server) throw new Error(`no demo node ${id}`);
    return server;
  }

  /** The node is down at once; the promise settles when its port is closed. */
  crash(id: string): Promise<void> {
    this.world.markDown(id, this.world.now());
    return this.server(id).crash();
  }

  /** Listens again on the same port and clears faults; a crashed node comes back as a new process. */
  async restore(id: string): Promise<void> {
    const server = this.server(id);
    if (server.crashed && !this.closed) {
      this.engine.sync();
      this.world.markUp(id, this.world.now());
    }
    if (this.closed) return;
    await server.restore();
  }

  setFault(id: string, fault: Fault): void {
    this.server(id).setFault(fault);
  }

  appendLog(id: string, line: LogLine): { ok: true; cursor: number } | { ok: false; message: string } {
    this.engine.sync();
    const node = this.world.node(id);
    if (!node.up) return { ok: false, message: `${id} is crashed; restore it first` };
    const entry = node.logs.append(this.world.now(), line);
    return { ok: true, cursor: entry.cursor };
  }

  /** Back to the healthy baseline: scenarios stopped, every node up and without faults. */
  async reset(): Promise<void> {
    this.engine.stopAll();
    await this.settle();
    for (const id of this.servers.keys()) await this.restore(id);
  }

  /** Waits for restores a scenario started during a tick. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  nodeStates(): NodeState[] {
    return [...this.servers.values()].map((server) => {
      const node = this.world.node(server.nodeId);
      const fault = server.currentFault;
      return {
        id: server.nodeId,
        role: node.role,
        url: server.url,
        up: !server.crashed,
        fault: fault.kind,
        slowMs: fault.kind === 'slow' ? fault.ms : null,
        logEpoch: node.logs.epoch,
        lastLogCursor: node.logs.newestCursor,
      };
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.autopilot.disable();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    await this.settle().catch(() => undefined);
    await Promise.all([...this.servers.values()].map((server) => server.close()));
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
