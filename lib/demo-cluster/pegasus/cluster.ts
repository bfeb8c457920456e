import { randomUUID } from 'node:crypto';
import type { PegasusTargetConfig } from '@/lib/adapters/pegasus/target';
import { LogRing } from '../log-ring';
import { SimNodeServer, type Fault } from '../node-server';
import { answerClient } from './client-api';
import { answerMeta, answerReplica } from './meta-pages';
import { PegasusWorld } from './world';

/**
 * The demo's Pegasus cluster: three meta servers, four replica servers and two
 * Go clients, each a real HTTP server on 127.0.0.1. The seed scenario
 * ("replica-crash"): a replica server dies; after the meta's failure detector
 * notices, it downgrades the partitions that server led (ballot + 1) and then
 * upgrades a secondary (ballot + 1). go-client-1 refreshes on the session
 * reset; go-client-2, the seed bug, treats ERR_TIMEOUT as nothing to act on
 * and keeps sending to the dead primary.
 */

export const PEGASUS_CLUSTER_NAME = 'pegasus';
export const META_IDS = ['meta-1', 'meta-2', 'meta-3'] as const;
export const REPLICA_IDS = ['replica-1', 'replica-2', 'replica-3', 'replica-4'] as const;
export const CLIENT_IDS = ['go-client-1', 'go-client-2'] as const;
/** The replica server the seed scenario crashes. */
export const CRASHED_REPLICA = 'replica-2';
export const SCENARIO_NAME = 'replica-crash';

export type PegasusScenarioTiming = {
  /** Crash → the meta marks the server UNALIVE and downgrades its partitions. */
  detectMs: number;
  /** Downgrade → a secondary is upgraded to primary. */
  electMs: number;
  /** Election → go-client-1's next request fails with ERR_SESSION_RESET and it refreshes. */
  refreshMs: number;
  /** How often go-client-2 logs another timeout against the dead primary. */
  timeoutLogMs: number;
};

export const DEMO_TIMING: PegasusScenarioTiming = { detectMs: 6_000, electMs: 3_000, refreshMs: 2_000, timeoutLogMs: 5_000 };

export type PegasusDemoTarget = PegasusTargetConfig | { id: string; kind: 'native'; url: string };

type Server = { id: string; role: 'meta' | 'replica' | 'client'; server: SimNodeServer };

/** A reply of the demo control API. */
export type ControlReply = { status: number; body: unknown };

export type PegasusDemoOptions = {
  timing?: Partial<PegasusScenarioTiming>;
  /** Start the scenario on its own (once after `autopilotDelayMs`, then every `autopilotPeriodMs`). */
  autopilot?: boolean;
  autopilotDelayMs?: number;
  autopilotPeriodMs?: number;
};

export class PegasusDemoCluster {
  readonly name = PEGASUS_CLUSTER_NAME;
  private world: PegasusWorld | null = null;
  private readonly servers: Server[] = [];
  private readonly logs = new Map<string, LogRing>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly timing: PegasusScenarioTiming;
  private scenario: { startedAt: number; phase: 'crashed' | 'detected' | 'elected' | 'refreshed' } | null = null;
  private readonly startedAt = Date.now();
  private closed = false;

  constructor(private readonly options: PegasusDemoOptions = {}) {
    this.timing = { ...DEMO_TIMING, ...options.timing };
  }

  async start(): Promise<void> {
    const add = (id: string, role: Server['role'], respond: (method: string, url: string) => ReturnType<typeof answerReplica>) => {
      const server = new SimNodeServer(id, respond);
      this.servers.push({ id, role, server });
      return server;
    };
    META_IDS.forEach((id, index) => add(id, 'meta', (method, url) => answerMeta(this.requireWorld(), index, method, url)));
    for (const id of REPLICA_IDS) add(id, 'replica', answerReplica);
    for (const id of CLIENT_IDS) {
      this.logs.set(id, new LogRing(`${id}-${randomUUID().slice(0, 8)}`));
      add(id, 'client', (method, url) =>
        answerClient(
          { world: this.requireWorld(), clientId: id, logs: this.logs.get(id)!, startedAt: this.startedAt, now: Date.now, idOf: this.idOfAddress },
          method,
          url,
        ),
      );
    }
    await Promise.all(this.servers.map((entry) => entry.server.listen()));
    this.world = this.freshWorld();
    if (this.options.autopilot) this.scheduleAutopilot();
  }

  /** Every server as a dashboard target: meta and replica servers pinned one per target, clients on admin API v1. */
  targets(): PegasusDemoTarget[] {
    const metaServers = this.addresses('meta');
    return this.servers.map(({ id, role, server }): PegasusDemoTarget => {
      if (role === 'client') return { id, kind: 'native', url: server.url };
      return { id, kind: 'pegasus', metaServers, server: { role, address: `127.0.0.1:${server.port}` } };
    });
  }

  state() {
    const world = this.requireWorld();
    return {
      leader: META_IDS[world.leader],
      scenario: this.scenario,
      servers: this.servers.map(({ id, role, server }) => ({
        id,
        role,
        url: server.url,
        crashed: server.crashed,
        fault: server.currentFault.kind,
        verdict: role === 'replica' ? world.replica(id).verdict : null,
      })),
    };
  }

  hasNode(id: string): boolean {
    return this.servers.some((entry) => entry.id === id);
  }

  /** The process dies (port closed). A replica server's death is also what the meta will notice. */
  async crash(id: string): Promise<void> {
    const entry = this.entry(id);
    await entry.server.crash();
    if (entry.role === 'replica') this.requireWorld().crashReplica(id);
  }

  async restore(id: string): Promise<void> {
    const entry = this.entry(id);
    await entry.server.restore();
    if (entry.role === 'replica') this.requireWorld().restoreReplica(id);
  }

  setFault(id: string, fault: Fault): void {
    this.entry(id).server.setFault(fault);
  }

  /** Leadership moves to another meta server (as after a ZooKeeper lock handover). */
  moveLeader(to: string): void {
    const index = (META_IDS as readonly string[]).indexOf(to);
    if (index < 0) throw new Error(`no meta server ${to}`);
    this.requireWorld().leader = index;
  }

  /** The seed scenario, step by step on timers: crash → UNALIVE + downgrade → upgrade → one client refreshes. */
  async startScenario(): Promise<void> {
    if (this.scenario) return;
    this.scenario = { startedAt: Date.now(), phase: 'crashed' };
    await this.crash(CRASHED_REPLICA);
    this.after(this.timing.detectMs, () => {
      this.requireWorld().markUnalive(CRASHED_REPLICA);
      this.setPhase('detected');
      this.after(this.timing.electMs, () => {
        this.requireWorld().electPrimaries();
        this.setPhase('elected');
        this.after(this.timing.refreshMs, () => this.refreshGoodClient());
      });
    });
    this.logTimeouts();
  }

  /** Ends the scenario: the replica server comes back and rejoins as a secondary. */
  async stopScenario(): Promise<void> {
    this.clearTimers();
    this.scenario = null;
    if (this.entry(CRASHED_REPLICA).server.crashed) await this.restore(CRASHED_REPLICA);
    // The stuck client is restarted by its operator, which is the only way it ever refreshes.
    for (const id of CLIENT_IDS) this.requireWorld().refreshClient(id);
    if (this.options.autopilot) this.scheduleAutopilot();
  }

  /** Back to the healthy start: every server up, no faults, fresh configuration, clients refreshed, leader meta-1. */
  async reset(): Promise<void> {
    this.clearTimers();
    this.scenario = null;
    await Promise.all(this.servers.map((entry) => entry.server.restore()));
    this.world = this.freshWorld();
  }

  /** Routes one control request under /clusters/pegasus/…. */
  async control(parts: readonly string[], method: string, url: URL): Promise<ControlReply> {
    const needs = (wanted: 'GET' | 'POST'): ControlReply | null =>
      method === wanted ? null : { status: 405, body: { error: { code: 'method_not_allowed', message: `use ${wanted} here` } } };
    const ok = (body: unknown = { ok: true }): ControlReply => ({ status: 200, body });
    const notFound = (code: string, message: string): ControlReply => ({ status: 404, body: { error: { code, message } } });
    const [first, second, third] = parts;
    if (parts.length === 1 && first === 'targets') return needs('GET') ?? ok(this.targets());
    if (parts.length === 1 && first === 'state') return needs('GET') ?? ok(this.state());
    if (parts.length === 1 && first === 'reset') return needs('POST') ?? (await this.reset(), ok());
    if (parts.length === 2 && first === 'leader') {
      if (!(META_IDS as readonly string[]).includes(second)) return notFound('unknown_node', `no meta server "${second}"`);
      return needs('POST') ?? (this.moveLeader(second), ok(this.state()));
    }
    if (parts.length === 3 && first === 'scenarios') {
      if (second !== SCENARIO_NAME) return notFound('unknown_scenario', `no scenario named "${second}"; the Pegasus cluster has "${SCENARIO_NAME}"`);
      if (third !== 'start' && third !== 'stop') return notFound('unknown_action', `use /scenarios/${SCENARIO_NAME}/start or /stop`);
      const wrong = needs('POST');
      if (wrong) return wrong;
      if (third === 'start') await this.startScenario();
      else await this.stopScenario();
      return ok(this.state());
    }
    if (parts.length === 3 && first === 'nodes') {
      if (!this.hasNode(second)) return notFound('unknown_node', `no demo node "${second}"`);
      const wrong = needs('POST');
      if (wrong) return wrong;
      switch (third) {
        case 'crash':
          await this.crash(second);
          return ok(this.state());
        case 'restore':
          await this.restore(second);
          return ok(this.state());
        case 'hang':
          this.setFault(second, { kind: 'hang' });
          return ok(this.state());
        case 'garbage':
          this.setFault(second, { kind: 'garbage' });
          return ok(this.state());
        case 'clear':
          this.setFault(second, { kind: 'none' });
          return ok(this.state());
        default:
          return notFound('unknown_action', `no node action "${third}"; use crash, restore, hang, garbage or clear`);
      }
    }
    return notFound('not_found', `no control endpoint ${url.pathname}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.clearTimers();
    await Promise.all(this.servers.map((entry) => entry.server.close()));
  }

  private readonly idOfAddress = (address: string): string => {
    const entry = this.servers.find(({ server }) => `127.0.0.1:${server.port}` === address);
    return entry?.id ?? address;
  };

  private freshWorld(): PegasusWorld {
    const metas = this.servers.filter((entry) => entry.role === 'meta').map(({ id, server }) => ({ id, address: `127.0.0.1:${server.port}` }));
    const replicas = this.servers.filter((entry) => entry.role === 'replica').map(({ id, server }) => ({ id, address: `127.0.0.1:${server.port}` }));
    return new PegasusWorld(
      metas,
      replicas,
      [
        { id: 'go-client-1', refreshesOnFailure: true, tables: ['temp'] },
        { id: 'go-client-2', refreshesOnFailure: false, tables: ['temp', 'usertable'] },
      ],
      Date.now(),
    );
  }

  private addresses(role: 'meta' | 'replica'): string[] {
    return this.servers.filter((entry) => entry.role === role).map(({ server }) => `127.0.0.1:${server.port}`);
  }

  private requireWorld(): PegasusWorld {
    if (!this.world) throw new Error('the Pegasus demo cluster is not started');
    return this.world;
  }

  private entry(id: string): Server {
    const entry = this.servers.find((candidate) => candidate.id === id);
    if (!entry) throw new Error(`no demo node ${id}`);
    return entry;
  }

  private setPhase(phase: 'detected' | 'elected' | 'refreshed'): void {
    if (this.scenario) this.scenario = { ...this.scenario, phase };
  }

  private after(ms: number, step: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      step();
    }, ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** go-client-1 (pegasus/table_connector.go): ERR_SESSION_RESET triggers tryConfUpdate, which re-queries the meta. */
  private refreshGoodClient(): void {
    const world = this.requireWorld();
    const log = this.logs.get('go-client-1')!;
    for (const table of world.client('go-client-1').tables) {
      const dead = world.deadRoutes('go-client-1', table);
      if (dead.length === 0) continue;
      log.append(Date.now(), {
        level: 'warn',
        component: 'pegasus-go-client',
        message: `trigger configuration update of table [${table}] due to RPC failure [ERR_SESSION_RESET] to ${dead[0].primary}`,
        subject: table,
        transient: 'recovered',
      });
    }
    world.refreshClient('go-client-1');
    this.setPhase('refreshed');
  }

  /**
   * go-client-2, the seed bug: `case base.ERR_TIMEOUT:` is empty, so requests to
   * the crashed primary time out again and again and the cached configuration
   * is never refreshed. The application logs the error each call returns:
   * PError.Error() (go-client/pegasus/error.go) around wrapPartitionError's
   * "<err> [<gpid>, <replica>, table=<name>]" (go-client/pegasus/table_connector.go).
   */
  private logTimeouts(): void {
    this.after(this.timing.timeoutLogMs, () => {
      if (!this.scenario) return;
      const world = this.requireWorld();
      const log = this.logs.get('go-client-2')!;
      for (const name of world.client('go-client-2').tables) {
        const dead = world.deadRoutes('go-client-2', name);
        const table = world.table(name);
        if (dead.length === 0 || !table) continue;
        log.append(Date.now(), {
          level: 'error',
          component: 'pegasus-go-client',
          code: 'ERR_TIMEOUT',
          subject: name,
          message: `pegasus-go-client GET failed: ERR_TIMEOUT [${table.appId}.${dead[0].pidx}, ${dead[0].primary}, table=${name}]`,
        });
      }
      this.logTimeouts();
    });
  }

  private scheduleAutopilot(): void {
    const delay = this.options.autopilotDelayMs ?? 20_000;
    const period = this.options.autopilotPeriodMs ?? 240_000;
    this.after(delay, () => {
      void this.startScenario();
      this.after(Math.max(1_000, period - delay), () => void this.stopScenario());
    });
  }
}
