import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { RespReply } from '../olric/resp';
import { serveResp } from '../resp-connection';
import { pikaFullSyncFailedLines, pikaMetaSyncFailedLine, pikaRsyncRetryLine, pikaSlaveAlreadyExistLine } from '../system-logs';
import { renderInfo, type BinlogPosition, type PikaFormat, type PikaInfoState, type ReplState } from './info';

/**
 * A simulated Pika deployment for the demo: one RESP server per node on
 * 127.0.0.1 answering what the redis adapter sends (INFO sections, PING, AUTH;
 * CLUSTER and LATENCY refused as Pika refuses unknown commands, in
 * src/pika_client_conn.cc: `-ERR unknown command "cluster"`), and each node
 * writing its glog WARNING file as Pika does (log_path/pika.WARNING).
 *
 * Topology: pika-1 is the master (4.x, db0 and db1); pika-2 (4.x) and pika-3
 * (3.5.2) replicate it; pika-4 (4.x) replicates it and is itself the master of
 * pika-5 (3.3.5), so it reports "Master && SLAVE".
 *
 * Scenarios, each with the seed behaviour and the fixed one:
 * - full-sync-retries-exhausted on pika-3: every CopyRemoteMeta retry times
 *   out; seed: the failure is returned as OK, so INFO reads the db as syncing
 *   and then connected while its binlog stays behind, and the cycle repeats;
 *   fixed: one retry, then the full sync completes and the db catches up.
 * - registration-loop on pika-2: the master still lists the replica, so every
 *   MetaSync is rejected ("Slave Already Exist") and resent every few seconds;
 *   fixed: the master drops the stale entry at the first retry and accepts.
 */

export const PIKA_SCENARIOS = ['full-sync-retries-exhausted', 'registration-loop'] as const;
export type PikaScenarioName = (typeof PIKA_SCENARIOS)[number];
export type PikaScenarioMode = 'seed' | 'fixed';

export type PikaDemoOptions = {
  /** Directory under which each node writes `<id>/pika.WARNING`; none = no log files. */
  logDir?: string;
  /** Target ids: `${idPrefix}-1` … (default "pika"). */
  idPrefix?: string;
  /** How often the simulation moves (binlogs grow, scenarios step); default 500 ms. */
  tickMs?: number;
  /** Time between two MetaSync attempts in the loop (default 3000 ms). */
  metaSyncRetryMs?: number;
  /** Time between two CopyRemoteMeta retries (default 1000 ms); a full-sync round is 3 retries. */
  rsyncRetryMs?: number;
  /** Start both scenarios in their seed mode (the autopilot). */
  incidents?: boolean;
};

export type PikaTarget = {
  id: string;
  kind: 'redis';
  address: string;
  flavor: 'pika';
  logs?: { type: 'file'; paths: string[]; format: 'glog'; component: string; startAt: 'beginning' }[];
};

export type PikaScenarioState = { name: PikaScenarioName; running: boolean; mode: PikaScenarioMode | null };

export type PikaDemo = {
  targets: PikaTarget[];
  logPath(id: string): string | null;
  start(name: string, mode?: string): { ok: true } | { ok: false; code: string; message: string };
  stop(name: string): { ok: true } | { ok: false; code: string; message: string };
  /** Every scenario stopped and every node back to the healthy baseline. */
  reset(): void;
  describe(): PikaScenarioState[];
  /** Moves the simulation now (tests; the timer does it otherwise). */
  tick(): void;
  close(): Promise<void>;
};

/** rsync's retry limit in src/rsync_client.cc (kMaxRetryTimes). */
const RSYNC_MAX_RETRIES = 3;

type SimNode = {
  id: string;
  info: PikaInfoState;
  masterId: string | null;
  server: net.Server;
  sockets: Set<net.Socket>;
  logFile: string | null;
};

type NodeSpec = { index: number; version: string; format: PikaFormat; masterIndex: number | null };

const TOPOLOGY: NodeSpec[] = [
  { index: 1, version: '4.0.1', format: 'v4', masterIndex: null },
  { index: 2, version: '4.0.1', format: 'v4', masterIndex: 1 },
  { index: 3, version: '3.5.2', format: 'v3', masterIndex: 1 },
  { index: 4, version: '4.0.1', format: 'v4', masterIndex: 1 },
  { index: 5, version: '3.3.5', format: 'v3', masterIndex: 4 },
];
const DBS = ['db0', 'db1'];

type ScenarioRun = { mode: PikaScenarioMode; startedAt: number; step: number; nextAt: number };

export async function startPikaDemo(options: PikaDemoOptions = {}): Promise<PikaDemo> {
  const idPrefix = options.idPrefix ?? 'pika';
  const tickMs = options.tickMs ?? 500;
  const metaSyncRetryMs = options.metaSyncRetryMs ?? 3000;
  const rsyncRetryMs = options.rsyncRetryMs ?? 1000;
  const nodes = new Map<string, SimNode>();
  const runs = new Map<PikaScenarioName, ScenarioRun>();
  const idOf = (index: number) => `${idPrefix}-${index}`;

  for (const spec of TOPOLOGY) {
    const server = net.createServer();
    const id = idOf(spec.index);
    let logFile: string | null = null;
    if (options.logDir) {
      const dir = path.join(/*turbopackIgnore: true*/ options.logDir, id);
      mkdirSync(dir, { recursive: true });
      logFile = path.join(/*turbopackIgnore: true*/ dir, 'pika.WARNING');
      writeFileSync(logFile, '');
    }
    const node: SimNode = {
      id,
      masterId: spec.masterIndex === null ? null : idOf(spec.masterIndex),
      server,
      sockets: new Set(),
      logFile,
      info: {
        version: spec.version,
        format: spec.format,
        port: 0,
        startedAtMs: Date.now(),
        runId: `${'0'.repeat(32)}${spec.index}`.slice(-40),
        replicationId: 'b2f1c0a0d5e34f2a9c1d7e6f5a4b3c2d1e0f9a8b',
        master: null,
        metaSyncDone: true,
        dbStates: new Map(),
        binlog: new Map(DBS.map((db) => [db, { file: 17_794, offset: 8_127_680 }])),
        slaves: [],
      },
    };
    server.on('connection', (socket) => serve(node, socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    node.info.port = (server.address() as net.AddressInfo).port;
    nodes.set(id, node);
  }

  const node = (id: string) => nodes.get(id) as SimNode;
  const log = (id: string, lines: string | string[]) => {
    const file = node(id).logFile;
    if (file) appendFileSync(file, `${([] as string[]).concat(lines).join('\n')}\n`);
  };

  /** The healthy baseline: every replica registered, every db connected and caught up. */
  const baseline = () => {
    for (const each of nodes.values()) {
      each.info.slaves = [];
      each.info.metaSyncDone = true;
      each.info.dbStates = new Map();
    }
    for (const each of nodes.values()) {
      if (each.masterId === null) continue;
      const master = node(each.masterId);
      each.info.master = { host: '127.0.0.1', port: master.info.port };
      for (const db of DBS) each.info.dbStates.set(db, 'Connected');
      master.info.slaves.push({
        ip: '127.0.0.1',
        port: each.info.port,
        connFd: 80 + master.info.slaves.length,
        dbs: DBS.map((db) => ({ db, state: 'binlog_sync' as const, sent: { ...(master.info.binlog.get(db) as BinlogPosition) } })),
      });
    }
  };
  baseline();

  const slaveEntry = (replicaId: string) => {
    const replica = node(replicaId);
    return node(replica.masterId as string).info.slaves.find((slave) => slave.port === replica.info.port) ?? null;
  };

  const setReplicaDb = (replicaId: string, db: string, state: ReplState) => {
    node(replicaId).info.dbStates.set(db, state);
    const entry = slaveEntry(replicaId)?.dbs.find((item) => item.db === db);
    if (entry) entry.state = state === 'Connected' ? 'binlog_sync' : state === 'WaitDBSync' ? 'db_sync' : 'not_syncing';
  };

  /** Writes grow every master's binlog; a connected replica applies them and its own binlog follows. */
  const advanceBinlogs = () => {
    const top = node(idOf(1));
    for (const db of DBS) {
      const position = top.info.binlog.get(db) as BinlogPosition;
      position.offset += db === 'db0' ? 4096 : 512;
      if (position.offset >= 104_857_600) {
        position.file += 1;
        position.offset -= 104_857_600;
      }
    }
    // Parents before children (topology order), so a chain follows in one tick.
    for (const spec of TOPOLOGY) {
      const replica = node(idOf(spec.index));
      if (replica.masterId === null) continue;
      const master = node(replica.masterId);
      for (const db of DBS) {
        if (replica.info.dbStates.get(db) !== 'Connected') continue;
        const frozen = runs.get('full-sync-retries-exhausted')?.mode === 'seed' && replica.id === idOf(3) && db === 'db0';
        // The seed bug's "connected" db never got the data: its binlog stays where the failed copy left it.
        if (frozen) continue;
        const position = master.info.binlog.get(db) as BinlogPosition;
        replica.info.binlog.set(db, { ...position });
        const entry = master.info.slaves.find((slave) => slave.port === replica.info.port)?.dbs.find((item) => item.db === db);
        if (entry) entry.sent = { ...position };
      }
    }
  };

  /** One full-sync round on pika-3 db0: TryDBSync → WaitDBSync with rsync retries → the outcome. */
  const stepFullSync = (run: ScenarioRun, now: number) => {
    const replicaId = idOf(3);
    if (now < run.nextAt || run.step === Number.MAX_SAFE_INTEGER) return;
    const round = run.step % (RSYNC_MAX_RETRIES + 2);
    if (round === 0) {
      setReplicaDb(replicaId, 'db0', 'WaitDBSync');
    } else if (round <= RSYNC_MAX_RETRIES) {
      // 3.5.0–3.5.2 name the step CopyRemoteMeta (src/rsync_client.cc).
      if (run.mode === 'seed' || round === 1) log(replicaId, pikaRsyncRetryLine(now, round, 'CopyRemoteMeta'));
      if (run.mode === 'fixed' && round === 2) {
        // The retry got its answer: the copy completes and incremental sync resumes from the master's position.
        setReplicaDb(replicaId, 'db0', 'Connected');
        const position = node(idOf(1)).info.binlog.get('db0') as BinlogPosition;
        node(replicaId).info.binlog.set('db0', { ...position });
        run.step = Number.MAX_SAFE_INTEGER; // done: nothing more to do in the fixed behaviour
        return;
      }
    } else {
      log(replicaId, pikaFullSyncFailedLines(now, 'db0'));
      // The seed bug: the failed copy returned a default status, which means OK; the db reads connected.
      setReplicaDb(replicaId, 'db0', 'Connected');
    }
    run.step += 1;
    // After "connected", incremental sync from the stale position fails and full sync starts over.
    run.nextAt = now + (round === RSYNC_MAX_RETRIES + 1 ? 3 * rsyncRetryMs : rsyncRetryMs);
  };

  /** MetaSync from pika-2 while the master still lists it. */
  const stepMetaSync = (run: ScenarioRun, now: number) => {
    const replicaId = idOf(2);
    if (now < run.nextAt || run.step === Number.MAX_SAFE_INTEGER) return;
    const replica = node(replicaId);
    const masterId = replica.masterId as string;
    if (run.mode === 'fixed' && run.step >= 1) {
      // The master dropped the stale entry: registration accepted, dbs connect.
      replica.info.metaSyncDone = true;
      for (const db of DBS) setReplicaDb(replicaId, db, 'Connected');
      run.step = Number.MAX_SAFE_INTEGER;
      return;
    }
    log(masterId, pikaSlaveAlreadyExistLine(now, `127.0.0.1:${replica.info.port}`));
    log(replicaId, pikaMetaSyncFailedLine(now));
    run.step += 1;
    run.nextAt = now + metaSyncRetryMs;
  };

  const tick = () => {
    const now = Date.now();
    advanceBinlogs();
    const fullSync = runs.get('full-sync-retries-exhausted');
    if (fullSync) stepFullSync(fullSync, now);
    const metaSync = runs.get('registration-loop');
    if (metaSync) stepMetaSync(metaSync, now);
  };

  const start = (name: string, rawMode?: string): { ok: true } | { ok: false; code: string; message: string } => {
    if (!(PIKA_SCENARIOS as readonly string[]).includes(name)) return { ok: false, code: 'unknown_scenario', message: `no scenario named "${name}"` };
    const mode = rawMode ?? 'seed';
    if (mode !== 'seed' && mode !== 'fixed') return { ok: false, code: 'bad_mode', message: `mode must be seed or fixed, not "${mode}"` };
    const scenario = name as PikaScenarioName;
    stopOne(scenario);
    const now = Date.now();
    runs.set(scenario, { mode, startedAt: now, step: 0, nextAt: now });
    if (scenario === 'registration-loop') {
      // The replica restarted: it must register again (MetaSync), while the master still lists its old connection.
      const replica = node(idOf(2));
      replica.info.metaSyncDone = false;
      for (const db of DBS) setReplicaDb(replica.id, db, 'NoConnect');
    }
    tick();
    return { ok: true };
  };

  /** Ends a scenario and puts its node back as healthy. */
  const stopOne = (name: PikaScenarioName) => {
    if (!runs.delete(name)) return;
    const replicaId = idOf(name === 'registration-loop' ? 2 : 3);
    const replica = node(replicaId);
    replica.info.metaSyncDone = true;
    for (const db of DBS) {
      setReplicaDb(replicaId, db, 'Connected');
      replica.info.binlog.set(db, { ...(node(replica.masterId as string).info.binlog.get(db) as BinlogPosition) });
    }
  };

  function answer(self: SimNode, args: string[]): RespReply {
    const command = (args[0] ?? '').toLowerCase();
    switch (command) {
      case 'ping':
        return args.length > 1 ? { bulk: args[1] } : { simple: 'PONG' };
      case 'auth':
        // requirepass is empty on the demo nodes (src/pika_admin.cc AuthCmd).
        return { error: 'ERR Client sent AUTH, but no password is set' };
      case 'info':
        return { bulk: renderInfo(self.info, args[1], Date.now()) };
      default:
        return { error: `ERR unknown command "${command}"` };
    }
  }

  function serve(self: SimNode, socket: net.Socket): void {
    self.sockets.add(socket);
    serveResp(socket, { answer: (args) => answer(self, args), onClose: () => self.sockets.delete(socket) });
  }


  if (options.incidents) for (const name of PIKA_SCENARIOS) start(name, 'seed');
  const timer = setInterval(tick, tickMs);

  return {
    targets: [...nodes.values()].map((each) => ({
      id: each.id,
      kind: 'redis',
      address: `127.0.0.1:${each.info.port}`,
      flavor: 'pika',
      ...(each.logFile ? { logs: [{ type: 'file' as const, paths: [each.logFile], format: 'glog' as const, component: 'pika', startAt: 'beginning' as const }] } : {}),
    })),
    logPath: (id) => nodes.get(id)?.logFile ?? null,
    start,
    stop: (name) => {
      if (!(PIKA_SCENARIOS as readonly string[]).includes(name)) return { ok: false, code: 'unknown_scenario', message: `no scenario named "${name}"` };
      stopOne(name as PikaScenarioName);
      return { ok: true };
    },
    reset: () => {
      for (const name of PIKA_SCENARIOS) stopOne(name);
      baseline();
    },
    describe: () => PIKA_SCENARIOS.map((name) => ({ name, running: runs.has(name), mode: runs.get(name)?.mode ?? null })),
    tick,
    close: async () => {
      clearInterval(timer);
      await Promise.all(
        [...nodes.values()].map(
          (each) =>
            new Promise<void>((resolve) => {
              for (const socket of each.sockets) socket.destroy();
              each.server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
