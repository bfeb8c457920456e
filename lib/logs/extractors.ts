import type { ParsedLine } from './formats/types';

/**
 * Extractors: small pure functions that turn known log lines of the seed
 * systems into evidence the analyzers already judge (a peer-DB read error, a
 * registration rejection, a full-sync retry). Each names the source file the
 * line comes from. A line no extractor knows yields nothing: it is still in
 * the log stream, just not evidence.
 */

/** Where a piece of evidence came from: its node, its time, and the line (index in the batch it was read with). */
type FromLog = {
  target: string;
  /** The line's own time (RFC 3339). */
  at: string;
  /** Index of the line in the batch handed to the sink, to link the evidence to the stored line. */
  line: number;
  /** The line's text, kept as the evidence's own words. */
  message: string;
};

/** go-quai p2p/node/peerManager: `Error reading the key from the peer db key="[47 49 …]"` (issue #1800). */
export type PeerReadErrorEvidence = FromLog & {
  kind: 'peer.read_error';
  /** The key as text (decoded from Go bytes), e.g. "/12D3KooW…". */
  key: string;
  /** The peer id the key names (the key without its leading "/"); null when the key is not text. */
  peerId: string | null;
};

/** go-quai peerManager.go, once a minute per location and bucket: `Peer stats` with location, peerCount, bucket, peers. */
export type PeerStatsEvidence = FromLog & {
  kind: 'peer.stats';
  location: string;
  /** The peer DB: bestPeersDB, responsivePeersDB, lastResortPeersDB. */
  bucket: string;
  /** The category the bucket stands for: best, responsive, lastResort (the bucket name when unknown). */
  category: string;
  /** As the node counted them; null when the field is missing. */
  peerCount: number | null;
  peerIds: string[];
};

/**
 * Pika MetaSync rejected because the master still lists the replica:
 * master `Slave Already Exist, ip_port: <ip>:<port>` (src/pika_server.cc TryAddSlave path),
 * replica `Meta Sync Failed: Slave AlreadyExist will keep sending MetaSync msg` (src/pika_repl_client_conn.cc).
 */
export type RegistrationRejectedEvidence = FromLog & {
  kind: 'sync.registration_rejected';
  side: 'primary' | 'replica';
  /** On the primary's line: the replica's "ip:port". */
  replicaAddress: string | null;
};

/** Pika rsync client (src/rsync_client.cc): `rsync CopyRemoteMeta|PullRemoteMeta request timeout, retry times: N`. */
export type FullSyncRetryEvidence = FromLog & {
  kind: 'sync.full_sync_retry';
  /** CopyRemoteMeta (3.5.0–3.5.2) or PullRemoteMeta (3.5.3+). */
  step: string;
  retry: number;
};

/**
 * Pika full sync given up: `copy remote meta failed! error:<status>`, `RsyncClient recover failed`
 * (src/rsync_client.cc), `Slave DB: <db> rsync failed! full synchronization will be retried later`
 * (src/pika_repl_client.cc / pika_rm.cc). A sync.error even when INFO says otherwise.
 */
export type FullSyncFailedEvidence = FromLog & {
  kind: 'sync.full_sync_failed';
  stage: 'copy_remote_meta' | 'recover' | 'db_rsync';
  db: string | null;
  /** The status text after "error:" when the line has one. */
  cause: string | null;
};

/**
 * Pegasus Go client (go-client/session/meta_session.go, pegasus/table_connector.go):
 * `trigger configuration update of table [%s] due to RPC failure [%s] to %s` and
 * `self update failed [table: %s]: %s`.
 */
export type ConfigRefreshEvidence = FromLog & {
  kind: 'failover.config_refresh';
  table: string;
  outcome: 'triggered' | 'failed';
  /** The RPC failure that triggered it, or why the update failed. */
  cause: string | null;
  /** The replica the failed RPC went to. */
  replica: string | null;
};

export type LogEvidence =
  | PeerReadErrorEvidence
  | PeerStatsEvidence
  | RegistrationRejectedEvidence
  | FullSyncRetryEvidence
  | FullSyncFailedEvidence
  | ConfigRefreshEvidence;

export type LogEvidenceKind = LogEvidence['kind'];

/** What every extractor gets: one parsed line, the target it belongs to, its index in the batch. */
export type ExtractInput = { line: ParsedLine; target: string; index: number };

type Extractor = (input: ExtractInput, from: FromLog) => LogEvidence | null;

function from({ line, target, index }: ExtractInput): FromLog {
  return { target, at: line.ts, line: index, message: line.message };
}

const READ_ERROR = /Error reading the key from the peer db/;

const peerReadError: Extractor = ({ line }, base) => {
  if (!READ_ERROR.test(line.message)) return null;
  // The logrus parser put the decoded key in fields; a raw line may still carry it as key="…".
  const key = line.fields.key ?? /key="?([^"\s]+)"?/.exec(line.message)?.[1];
  if (key === undefined) return null;
  const text = /^\[[\d ]*\]$/.test(key) ? null : key;
  const peerId = text === null ? null : text.replace(/^\/+/, '').split('/').pop() || null;
  return { ...base, kind: 'peer.read_error', key: text ?? key, peerId };
};

const CATEGORY_OF_BUCKET: Record<string, string> = {
  bestPeersDB: 'best',
  responsivePeersDB: 'responsive',
  lastResortPeersDB: 'lastResort',
};

/** Base58 peer ids in Go's rendering of []log.Fields: `map[info:… peerID:12D3KooW…]`. */
const PEER_ID_IN_MAP = /peerID:([1-9A-HJ-NP-Za-km-z]{20,})/g;

const peerStats: Extractor = ({ line }, base) => {
  if (!/^Peer stats\b/.test(line.message)) return null;
  const { location, bucket, peerCount, peers } = line.fields;
  if (location === undefined || bucket === undefined) return null;
  const count = peerCount !== undefined && /^\d+$/.test(peerCount) ? Number(peerCount) : null;
  const peerIds = peers === undefined ? [] : [...peers.matchAll(PEER_ID_IN_MAP)].map((match) => match[1]);
  return { ...base, kind: 'peer.stats', location, bucket, category: CATEGORY_OF_BUCKET[bucket] ?? bucket, peerCount: count, peerIds };
};

const registrationRejected: Extractor = ({ line }, base) => {
  const master = /Slave Already Exist, ip_port: ?(\S+)/.exec(line.message);
  if (master) return { ...base, kind: 'sync.registration_rejected', side: 'primary', replicaAddress: master[1] };
  if (/Meta Sync Failed: Slave AlreadyExist/.test(line.message)) {
    return { ...base, kind: 'sync.registration_rejected', side: 'replica', replicaAddress: null };
  }
  return null;
};

const fullSyncRetry: Extractor = ({ line }, base) => {
  const match = /rsync (CopyRemoteMeta|PullRemoteMeta) request timeout, retry times: (\d+)/.exec(line.message);
  return match ? { ...base, kind: 'sync.full_sync_retry', step: match[1], retry: Number(match[2]) } : null;
};

const fullSyncFailed: Extractor = ({ line }, base) => {
  const copy = /copy remote meta failed!(?: error: ?(.*))?/.exec(line.message);
  if (copy) return { ...base, kind: 'sync.full_sync_failed', stage: 'copy_remote_meta', db: null, cause: copy[1]?.trim() || null };
  if (/RsyncClient recover failed/.test(line.message)) return { ...base, kind: 'sync.full_sync_failed', stage: 'recover', db: null, cause: null };
  const db = /Slave DB: ?(\S+) rsync failed!/.exec(line.message);
  if (db) return { ...base, kind: 'sync.full_sync_failed', stage: 'db_rsync', db: db[1], cause: null };
  return null;
};

const configRefresh: Extractor = ({ line }, base) => {
  const trigger = /trigger configuration update of table \[([^\]]*)\] due to RPC failure \[([^\]]*)\] to (\S+)/.exec(line.message);
  if (trigger) return { ...base, kind: 'failover.config_refresh', table: trigger[1], outcome: 'triggered', cause: trigger[2], replica: trigger[3] };
  const failed = /self update failed \[table: ([^\]]*)\]: ?(.*)/.exec(line.message);
  if (failed) return { ...base, kind: 'failover.config_refresh', table: failed[1], outcome: 'failed', cause: failed[2] || null, replica: null };
  return null;
};

const EXTRACTORS: readonly Extractor[] = [peerReadError, peerStats, registrationRejected, fullSyncRetry, fullSyncFailed, configRefresh];

/** The evidence one line carries, if any (at most one kind per line). */
export function extractEvidence(input: ExtractInput): LogEvidence | null {
  const base = from(input);
  for (const extractor of EXTRACTORS) {
    const evidence = extractor(input, base);
    if (evidence) return evidence;
  }
  return null;
}

/**
 * What the stored log line says about itself once its evidence is known: the
 * evidence kind as its `code`, and what it is about as its `subject`, so the
 * log panel groups and links it like a native line about the same thing.
 */
export function lineAnnotation(evidence: LogEvidence): { code: string; subject?: string } {
  switch (evidence.kind) {
    case 'peer.read_error':
      return { code: evidence.kind, subject: evidence.peerId ?? evidence.key };
    case 'peer.stats':
      return { code: evidence.kind, subject: evidence.location };
    case 'sync.registration_rejected':
      return { code: evidence.kind, ...(evidence.replicaAddress ? { subject: evidence.replicaAddress } : {}) };
    case 'sync.full_sync_retry':
      return { code: evidence.kind };
    case 'sync.full_sync_failed':
      return { code: evidence.kind, ...(evidence.db ? { subject: evidence.db } : {}) };
    case 'failover.config_refresh':
      return { code: evidence.kind, subject: evidence.table };
    default: {
      const never: never = evidence;
      throw new Error(`unhandled evidence ${JSON.stringify(never)}`);
    }
  }
}
