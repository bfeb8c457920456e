/**
 * Pika's INFO text, rendered from a node's replication state in the format of
 * its version. Every shape names its source (OpenAtomFoundation/pika):
 * - 3.x (v3.3.5 … v3.5.x): src/pika_admin.cc InfoCmd::InfoReplication at tag
 *   v3.5.0 — `db_repl_state:(db0:WaitDBSync)` only while a db is not
 *   connected, `db0 binlog_offset=<filenum> <offset>,safety_purge=…` (a space).
 * - 4.x: src/pika_admin.cc InfoCmd::InfoReplication on the 4.0 line —
 *   `ReplicationID:`, `repl_connect_status:` then one `dbN:<state>` line per db,
 *   `is_eligible_for_master_election:`, `db0:binlog_offset=…` (a colon),
 *   `slave_repl_offset:`.
 * - The master's `slaveN:ip=…,port=…,conn_fd=…,lag=(db0:<bytes>)` list:
 *   src/pika_server.cc PikaServer::GetSlaveListString (`full syncing` /
 *   `not syncing` when a db is not in binlog sync).
 * - INFO server: src/pika_admin.cc InfoCmd::InfoServer (run_id from 4.x).
 * Real output captured from 3.3.5, 3.4.2 and 3.5.x is in
 * lib/adapters/redis/fixtures/pika/; the simulator's tests compare against it.
 */

/** Pika's ReplState of one db on a slave (include/pika_define.h). */
export type ReplState = 'NoConnect' | 'TryConnect' | 'TryDBSync' | 'WaitDBSync' | 'WaitReply' | 'Connected' | 'Error' | 'DBNoConnect';

export type PikaFormat = 'v3' | 'v4';

/** Pika's default binlog-file-size (pika.conf): a binlog position is filenum × this + offset bytes. */
export const BINLOG_FILE_SIZE = 104_857_600;

export type BinlogPosition = { file: number; offset: number };

export type PikaSlaveEntry = {
  ip: string;
  port: number;
  connFd: number;
  /** Per db: the slave's state as the master sees it, and the position last sent in binlog sync. */
  dbs: { db: string; state: 'binlog_sync' | 'db_sync' | 'not_syncing'; sent: BinlogPosition }[];
};

export type PikaInfoState = {
  version: string;
  format: PikaFormat;
  port: number;
  startedAtMs: number;
  runId: string;
  replicationId: string;
  /** Master of this node, when it replicates from one ("SLAVE" or "Master && SLAVE"). */
  master: { host: string; port: number } | null;
  /** Meta sync finished (PIKA_REPL_META_SYNC_DONE): master_link_status is up only then and with every db connected. */
  metaSyncDone: boolean;
  /** Slave side, per db. */
  dbStates: Map<string, ReplState>;
  /** This node's own binlog position per db (its producer status). */
  binlog: Map<string, BinlogPosition>;
  slaves: PikaSlaveEntry[];
};

/** 3.x out_of_sync names: some with Pika's enum "k" prefix, as the source prints them. */
const OUT_OF_SYNC_NAME: Record<ReplState, string> = {
  NoConnect: 'NoConnect',
  WaitDBSync: 'WaitDBSync',
  Error: 'Error',
  WaitReply: 'kWaitReply',
  TryConnect: 'kTryConnect',
  TryDBSync: 'kTryDBSync',
  DBNoConnect: 'kDBNoConnect',
  Connected: 'Connected',
};

/** 4.x repl_connect_status words. */
const CONNECT_STATUS: Record<ReplState, string> = {
  NoConnect: 'no_connect',
  WaitDBSync: 'syncing_full',
  Error: 'error',
  WaitReply: 'connecting',
  TryConnect: 'try_to_incr_sync',
  TryDBSync: 'try_to_full_sync',
  DBNoConnect: 'no_connect',
  Connected: 'connected',
};

const NL = '\r\n';

function bytesBehind(master: BinlogPosition, sent: BinlogPosition): number {
  return (master.file - sent.file) * BINLOG_FILE_SIZE + master.offset - sent.offset;
}

function slaveList(state: PikaInfoState): string {
  return state.slaves
    .map((slave, index) => {
      const lag = slave.dbs
        .map(({ db, state: slaveState, sent }) => {
          if (slaveState === 'db_sync') return `(${db}:full syncing)`;
          if (slaveState === 'not_syncing') return `(${db}:not syncing)`;
          return `(${db}:${bytesBehind(state.binlog.get(db) ?? { file: 0, offset: 0 }, sent)})`;
        })
        .join('');
      return `slave${index}:ip=${slave.ip},port=${slave.port},conn_fd=${slave.connFd},lag=${lag}${NL}`;
    })
    .join('');
}

export function renderReplication(state: PikaInfoState): string {
  const dbs = [...state.dbStates.entries()];
  const allConnected = dbs.every(([, replState]) => replState === 'Connected');
  const outOfSync = dbs
    .filter(([, replState]) => replState !== 'Connected')
    .map(([db, replState]) => `(${db}:${OUT_OF_SYNC_NAME[replState]})`)
    .join('');
  const role = state.master === null ? 'master' : state.slaves.length > 0 ? 'master&&slave' : 'slave';
  let text = `# Replication(${role === 'master' ? 'MASTER' : role === 'slave' ? 'SLAVE' : 'Master && SLAVE'})${NL}role:${role}${NL}`;
  const v4 = state.format === 'v4';
  if (v4) text += `ReplicationID:${state.replicationId}${NL}`;
  if (state.master !== null) {
    text += `master_host:${state.master.host}${NL}master_port:${state.master.port}${NL}`;
    text += `master_link_status:${state.metaSyncDone && allConnected ? 'up' : 'down'}${NL}`;
    if (v4) text += `repl_connect_status:${NL}${dbs.map(([db, replState]) => `${db}:${CONNECT_STATUS[replState]}${NL}`).join('')}`;
    if (role === 'slave') text += `slave_priority:100${NL}`;
    text += `slave_read_only:1${NL}`;
    if (!allConnected) text += `db_repl_state:${outOfSync}${NL}`;
  }
  if (role !== 'slave') text += `connected_slaves:${state.slaves.length}${NL}${slaveList(state)}`;
  if (v4) {
    // Not eligible while a db syncs full or a full sync did not finish (GetUnfinishedFullSyncCount): a db left in Error.
    const unfinished = dbs.some(([, replState]) => replState === 'WaitDBSync' || replState === 'Error');
    text += `is_eligible_for_master_election:${unfinished ? 'false' : 'true'}${NL}`;
  }
  let total = 0;
  for (const [db, position] of state.binlog) {
    total += position.file * BINLOG_FILE_SIZE + position.offset;
    const purge = position.file > 10 ? `write2file${position.file - 10}` : 'none';
    text += `${db}${v4 ? ':' : ' '}binlog_offset=${position.file} ${position.offset},safety_purge=${purge}${NL}`;
  }
  if (v4) text += `slave_repl_offset:${total}${NL}`;
  return text;
}

export function renderServer(state: PikaInfoState, nowMs: number): string {
  const uptime = Math.max(0, Math.floor((nowMs - state.startedAtMs) / 1000));
  return [
    '# Server',
    `pika_version:${state.version}`,
    'pika_git_sha:bd30511bf82038c2c6531b3d84872c9825fe836a',
    'pika_build_compile_date: Sep  8 2021',
    'os:Linux 5.15.0 x86_64',
    'arch_bits:64',
    `process_id:${10_000 + state.port}`,
    `tcp_port:${state.port}`,
    'thread_num:4',
    'sync_thread_num:6',
    `uptime_in_seconds:${uptime}`,
    `uptime_in_days:${Math.floor(uptime / 86_400) + 1}`,
    `config_file:/app/pika/pika-${state.port}.conf`,
    'server_id:1',
    ...(state.format === 'v4' ? [`run_id:${state.runId}`] : []),
    '',
  ].join(NL);
}

/** `INFO [section]`: the sections the adapter asks for, or both for INFO / INFO all. */
export function renderInfo(state: PikaInfoState, section: string | undefined, nowMs: number): string {
  const wanted = (section ?? 'all').toLowerCase();
  if (wanted === 'server') return renderServer(state, nowMs);
  if (wanted === 'replication') return renderReplication(state);
  if (wanted === 'all' || wanted === 'default' || wanted === 'everything') return `${renderServer(state, nowMs)}${NL}${renderReplication(state)}`;
  // Pika answers an unknown section with the empty string.
  return '';
}
