import { blankLink, type ReplicationLink } from '@/lib/contract/report';
import { joinHostPort, parseCommaPairs } from './info';
import type { AddressToId } from './redis-replication';

/**
 * Pika's `INFO replication`: replication is per db, and the format changed
 * across versions (3.x: "db0 binlog_offset=…"; 4.x: "db0:binlog_offset=…",
 * "repl_connect_status:" followed by one "dbN:<state>" line per db,
 * "db_repl_state:(db0:WaitDBSync)…" when a db is not connected). Anything
 * this parser does not recognize becomes `unknown`, never `in_sync`.
 */

export type PikaReplication = {
  /** What the "# Replication(…)" header says: MASTER, SLAVE, "Master && SLAVE". */
  headerRole: string | null;
  role: string | null;
  masterHost: string | null;
  masterPort: string | null;
  masterLinkStatus: string | null;
  /** db → state from the repl_connect_status block. */
  connectStatus: Map<string, string>;
  /** db → state from db_repl_state:(dbN:State). */
  dbReplState: Map<string, string>;
  /** db → { file number, offset in file }. */
  binlogOffsets: Map<string, { file: number; offset: number }>;
  slaves: Array<{ ip: string; port: string; lagByDb: Map<string, string>; state: string | null }>;
  eligibleForMasterElection: string | null;
};

export function parsePikaReplication(lines: string[]): PikaReplication {
  const parsed: PikaReplication = {
    headerRole: null,
    role: null,
    masterHost: null,
    masterPort: null,
    masterLinkStatus: null,
    connectStatus: new Map(),
    dbReplState: new Map(),
    binlogOffsets: new Map(),
    slaves: [],
    eligibleForMasterElection: null,
  };
  let inConnectStatus = false;
  for (const line of lines) {
    const header = /^#\s*Replication\s*\((.*)\)\s*$/i.exec(line);
    if (header) {
      parsed.headerRole = header[1].trim();
      inConnectStatus = false;
      continue;
    }
    const binlog = /^(db\d+)[ :]binlog_offset=(\d+)\s+(\d+)/.exec(line);
    if (binlog) {
      parsed.binlogOffsets.set(binlog[1], { file: Number(binlog[2]), offset: Number(binlog[3]) });
      inConnectStatus = false;
      continue;
    }
    const dbState = /^(db\d+):([A-Za-z_ ]+)$/.exec(line);
    if (inConnectStatus && dbState) {
      parsed.connectStatus.set(dbState[1], dbState[2].trim());
      continue;
    }
    inConnectStatus = false;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    switch (key) {
      case 'role':
        parsed.role = value;
        break;
      case 'master_host':
        parsed.masterHost = value;
        break;
      case 'master_port':
        parsed.masterPort = value;
        break;
      case 'master_link_status':
        parsed.masterLinkStatus = value;
        break;
      case 'repl_connect_status':
        inConnectStatus = true;
        break;
      case 'db_repl_state':
        for (const match of value.matchAll(/\((db\d+):([^)]*)\)/g)) parsed.dbReplState.set(match[1], match[2].trim());
        break;
      case 'is_eligible_for_master_election':
        parsed.eligibleForMasterElection = value;
        break;
      default:
        if (/^slave\d+$/.test(key)) parsed.slaves.push(parseSlaveLine(value));
    }
  }
  return parsed;
}

function parseSlaveLine(value: string): PikaReplication['slaves'][number] {
  const pairs = parseCommaPairs(value);
  const lagByDb = new Map<string, string>();
  const lagAt = value.indexOf('lag=');
  if (lagAt >= 0) {
    for (const match of value.slice(lagAt).matchAll(/\((db\d+):([^)]*)\)/g)) lagByDb.set(match[1], match[2].trim());
  }
  return { ip: pairs.get('ip') ?? '', port: pairs.get('port') ?? '', lagByDb, state: pairs.get('state') ?? null };
}

/** repl_connect_status values (Pika 4.x) → link state. */
const CONNECT_STATUS: Record<string, ReplicationLink['state']> = {
  connected: 'in_sync',
  no_connect: 'connecting',
  connecting: 'connecting',
  syncing_full: 'full_sync',
  try_to_full_sync: 'full_sync',
  try_to_incr_sync: 'incremental',
  error: 'error',
};

/** db_repl_state values (Pika's ReplState names without the leading k) → link state. */
const DB_REPL_STATE: Record<string, ReplicationLink['state']> = {
  noconnect: 'connecting',
  dbnoconnect: 'connecting',
  tryconnect: 'connecting',
  waitreply: 'meta_sync',
  trydbsync: 'full_sync',
  waitdbsync: 'full_sync',
  connected: 'in_sync',
  error: 'error',
};

/** Pika's default binlog-file-size (pika.conf); INFO does not say the configured one. */
export const PIKA_BINLOG_FILE_SIZE = 104_857_600;

/**
 * Binlog positions are (file number, offset in file). A replica's binlog
 * follows its master's position for position, so the two compare directly:
 * folded as Pika itself counts lag (src/pika_server.cc GetSlaveListString:
 * files × binlog-file-size + offset), a difference is bytes behind — exact
 * with the default file size, ordered whatever the size.
 */
export function binlogOrdinal(position: { file: number; offset: number }): number {
  return position.file * PIKA_BINLOG_FILE_SIZE + position.offset;
}

/** db_repl_state names as Pika prints them: some with the enum's "k" (kWaitReply), some without (WaitDBSync). */
function replStateKey(state: string): string {
  return state.replace(/^k(?=[A-Z])/, '').toLowerCase();
}

function linkId(primary: string, replica: string, db: string): string {
  return `${primary}->${replica}/${db}`;
}

function replicaLinks(pika: PikaReplication, self: string, idFor: AddressToId): ReplicationLink[] {
  const primary =
    pika.masterHost !== null && pika.masterPort !== null ? idFor(joinHostPort(pika.masterHost, pika.masterPort)) : 'unknown-primary';
  const dbs = new Set([...pika.connectStatus.keys(), ...pika.dbReplState.keys(), ...pika.binlogOffsets.keys()]);
  if (dbs.size === 0) dbs.add('db0');
  const links: ReplicationLink[] = [];
  for (const db of [...dbs].sort()) {
    const link = blankLink(primary, self, linkId(primary, self, db));
    const connect = pika.connectStatus.get(db);
    const replState = pika.dbReplState.get(db);
    if (connect !== undefined) {
      link.reportedState = `repl_connect_status ${db}:${connect}`;
      link.state = CONNECT_STATUS[connect.toLowerCase()] ?? 'unknown';
    } else if (replState !== undefined) {
      link.reportedState = `db_repl_state ${db}:${replState}`;
      link.state = DB_REPL_STATE[replStateKey(replState)] ?? 'unknown';
    } else if (pika.masterLinkStatus !== null) {
      // Pika 3.x reports "up" only when meta sync is done and every db is connected.
      link.reportedState = `master_link_status:${pika.masterLinkStatus}`;
      link.state = pika.masterLinkStatus === 'up' ? 'in_sync' : pika.masterLinkStatus === 'down' ? 'connecting' : 'unknown';
    }
    if (link.state === 'error') {
      link.lastError = {
        code: 'repl_error',
        message: `Pika reports ${db} replication in error${replState !== undefined ? ` (db_repl_state ${db}:${replState})` : ''}; master_link_status:${pika.masterLinkStatus ?? 'absent'}`,
      };
    }
    const position = pika.binlogOffsets.get(db);
    link.replicaOffset = position ? binlogOrdinal(position) : null;
    links.push(link);
  }
  return links;
}

/** Master side: "lag=(db0:123)" is bytes behind; "(db0:full syncing)" / "(db0:not syncing)" are states. */
function primaryLinks(pika: PikaReplication, self: string, idFor: AddressToId): ReplicationLink[] {
  const links: ReplicationLink[] = [];
  for (const slave of pika.slaves) {
    if (slave.ip === '' || slave.port === '') continue;
    const replica = idFor(joinHostPort(slave.ip, slave.port));
    const dbs = slave.lagByDb.size > 0 ? [...slave.lagByDb.keys()] : ['db0'];
    for (const db of dbs) {
      const link = blankLink(self, replica, linkId(self, replica, db));
      const lag = slave.lagByDb.get(db);
      if (lag !== undefined) {
        link.reportedState = `lag ${db}:${lag}`;
        if (/^\d+$/.test(lag)) {
          link.state = 'in_sync';
          link.lag = Number(lag);
        } else if (lag === 'full syncing') {
          link.state = 'full_sync';
        } else if (lag === 'not syncing') {
          link.state = 'connecting';
        }
      } else if (slave.state !== null) {
        link.reportedState = `state=${slave.state}`;
        link.state = slave.state === 'online' ? 'in_sync' : 'unknown';
      }
      const position = pika.binlogOffsets.get(db);
      link.primaryOffset = position ? binlogOrdinal(position) : null;
      links.push(link);
    }
  }
  return links;
}

/** Every link this Pika node takes part in: as a replica (if it has a master) and as a master. */
export function pikaReplicationLinks(pika: PikaReplication, self: string, idFor: AddressToId): ReplicationLink[] {
  const isReplica = pikaRole(pika) === 'replica';
  return [...(isReplica ? replicaLinks(pika, self, idFor) : []), ...primaryLinks(pika, self, idFor)];
}

/** "replica" when the node replicates from someone (including "Master && SLAVE"), else "primary". */
export function pikaRole(pika: PikaReplication): 'primary' | 'replica' | 'unknown' {
  const said = `${pika.role ?? ''} ${pika.headerRole ?? ''}`.toLowerCase();
  if (said.includes('slave') || pika.masterHost !== null) return 'replica';
  if (said.includes('master')) return 'primary';
  return 'unknown';
}
