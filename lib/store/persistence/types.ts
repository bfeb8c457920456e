import type { StatusChange, StatusSample } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import type { FilePosition } from '@/lib/logs/file-tail';

/**
 * What one collector cycle adds to history. Everything in a batch is written
 * in one transaction: after a crash the database holds whole cycles or none.
 */
export type CycleRecord = { startedAt: number; durationMs: number; polled: number };

/** A poll's outcome as kept: `reasonCode` is the failure's code (refused, timeout, …), null when ok. */
export type NodeSample = StatusSample & { node: string; reasonCode?: string | null };

export type LinkSample = {
  node: string;
  link: string;
  /** Which link this is (null in rows written before schema 5). */
  primary: string | null;
  replica: string | null;
  at: number;
  state: string;
  /** What the node literally said (null when it said nothing, or before schema 5). */
  reportedState: string | null;
  lag: number | null;
  primaryOffset: number | null;
  replicaOffset: number | null;
};

/** A peer's category set changing ("a+b" when listed in several); `to: null` = no longer listed. */
export type PeerMove = { node: string; peer: string; at: number; from: string | null; to: string | null };

/**
 * Where a node's peer moves start over (its first answer after a start, or a
 * change of its declared categories): its peers then are the moves from null
 * written at the same `at`.
 */
export type PeerBase = {
  node: string;
  at: number;
  categories: string[];
  /** Peers the node stopped listing before the base and has not listed since (a gap that outlasts a base), with when they left. */
  left?: { peer: string; from: string | null; at: number }[];
};

export type RoutingVersion = {
  node: string;
  at: number;
  version: string | null;
  /** Partitions whose current owner changed since this node's previous table: id → [before, after]. */
  changed: { partition: number; from: string | null; to: string | null }[];
  /** `changed` holds the node's whole table (every partition, from null): replay starts here. Absent = false. */
  base?: boolean;
};

/** A failover incident as it stood at `at` (the view the failover page showed then). */
export type IncidentSnapshot = { id: string; at: number; status: 'active' | 'resolved'; view: unknown };

export type StoredLogLine = {
  seq: number;
  node: string;
  ts: number;
  level: string;
  component: string;
  code: string | null;
  /** What the line is about, and the node's transient hint: the log classifier reads both. */
  subject?: string | null;
  transient?: string | null;
  message: string;
};

export type LogGroupSnapshot = { fingerprint: string; at: number; count: number; view: unknown };

export type CycleBatch = {
  cycle: CycleRecord;
  /** Findings that are new, changed or resolved this cycle (upserted by id + firstSeen). */
  findings: Finding[];
  statusChanges: StatusChange[];
  samples: NodeSample[];
  linkSamples: LinkSample[];
  peerMoves: PeerMove[];
  peerBases?: PeerBase[];
  routingVersions: RoutingVersion[];
  incidents: IncidentSnapshot[];
  logLines: StoredLogLine[];
  logGroups: LogGroupSnapshot[];
  /** Where each log file was read up to after this cycle; when present it replaces the cluster's saved positions. */
  logPositions?: LogPositions;
};

/** Log file positions per source index then path, as LogIngest gives and takes them. */
export type LogPositions = Record<number, Record<string, FilePosition>>;

export const HISTORY_KINDS = ['cycles', 'findings', 'statusChanges', 'samples', 'linkSamples', 'peerMoves', 'routingVersions', 'incidents', 'logLines', 'logGroups'] as const;
export type HistoryKind = (typeof HISTORY_KINDS)[number];

export type TimeRange = { from: number; to: number };

export type RetentionPolicy = {
  /** How long each kind is kept, in ms. */
  keepMs: Record<HistoryKind, number>;
  /** Raw samples older than this are folded into buckets of `downsampleBucketMs`. */
  rawSamplesMs: number;
  downsampleBucketMs: number;
};

export type RetentionResult = { deleted: Record<HistoryKind, number>; downsampled: number };

export type StoreSize = { bytes: number; rows: Record<HistoryKind, number> };

export const ENGINES = ['sqlite', 'postgres', 'memory'] as const;
export type EngineName = (typeof ENGINES)[number];

/**
 * History that survives a restart. One interface, several engines (SQLite
 * file, PostgreSQL, SQLite in memory); the same tests run against each.
 */
export interface HistoryStore extends LiveStore {
  readonly engine: EngineName;
  /** Where it lives, for the status page (a path, or host/db without credentials). */
  readonly location: string;
  /** With a fence, the cycle (and its live rows) is written only if the cluster's lease still has that term. */
  writeCycle(cluster: string, batch: CycleBatch, fence?: CycleFence): Promise<void>;

  cycles(cluster: string, range: TimeRange): Promise<CycleRecord[]>;
  /** The last cycle that started at or before `at`. */
  cycleAt(cluster: string, at: number): Promise<CycleRecord | null>;
  /** Findings as they were known at `at`: active then, or resolved within `resolvedSinceMs` before it. */
  findingsAt(cluster: string, at: number, resolvedSinceMs: number): Promise<Finding[]>;
  /** Findings still active when the process last wrote: they continue (or resolve) after a restart. */
  openFindings(cluster: string): Promise<Finding[]>;
  statusChanges(cluster: string, range: TimeRange, node?: string): Promise<StatusChange[]>;
  samples(cluster: string, node: string, range: TimeRange): Promise<StatusSample[]>;
  /** Each node's newest sample in the range (its status as last known at `range.to`). */
  latestSamples(cluster: string, range: TimeRange): Promise<NodeSample[]>;
  linkSamples(cluster: string, range: TimeRange, link?: string): Promise<LinkSample[]>;
  /** Each (node, link)'s newest sample in the range: the links as last known at `range.to`. */
  latestLinkSamples(cluster: string, range: TimeRange): Promise<LinkSample[]>;
  peerMoves(cluster: string, range: TimeRange): Promise<PeerMove[]>;
  /** Each node's newest peer base at or before `at`, and the moves from it up to `at`: enough to replay its peers then. */
  peersAt(cluster: string, at: number): Promise<{ bases: PeerBase[]; moves: PeerMove[] }>;
  routingVersions(cluster: string, range: TimeRange): Promise<RoutingVersion[]>;
  /** Each node's newest base table at or before `at`, and the versions from it up to `at` (oldest first). */
  routingAt(cluster: string, at: number): Promise<RoutingVersion[]>;
  /** Each incident's newest snapshot at or before `at`. */
  incidentsAt(cluster: string, at: number): Promise<IncidentSnapshot[]>;
  logLines(cluster: string, range: TimeRange, limit: number): Promise<StoredLogLine[]>;
  logGroupsAt(cluster: string, at: number): Promise<LogGroupSnapshot[]>;
  /** The log positions the last written cycle saved (empty when none). */
  logPositions(cluster: string): Promise<LogPositions>;

  applyRetention(now: number, policy: RetentionPolicy): Promise<RetentionResult>;
  size(): Promise<StoreSize>;
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}

/**
 * High availability (docs/high-availability.md): what the collecting replica
 * writes beside each cycle so standbys answer as it does, and who collects what.
 */
export type LiveFindings = { active: Finding[]; resolved: Finding[] };

/** One report fetched in the cycle, with when its node is due again (standbys show it). */
export type LiveReport = { report: NodeReport; nextDueAt: number | null };

/** The collector's latest cycle of a cluster, as standbys read it. `seq` grows by one per cycle of a term. */
export type LiveCycle = {
  term: number;
  seq: number;
  at: number;
  durationMs: number;
  polled: number;
  /** The cycle's log lines are those with log_lines.seq in (logFrom, logTo]. */
  logFrom: number;
  logTo: number;
  findings: LiveFindings;
};

/** What a fenced write adds: the live rows, written in the cycle's own transaction. */
export type LiveWrite = { cycle: Omit<LiveCycle, 'term'>; reports: LiveReport[] };

/** A cycle write under a fencing term: refused (FencedError) unless the lease still has this term. */
export type CycleFence = {
  term: number;
  live: LiveWrite | null;
  /**
   * PostgreSQL ends the write's transaction when its writer says nothing for
   * this long inside it (a paused process): the lease row it locks is then
   * free for a takeover, as the writer's election session is after the same time.
   */
  idleTimeoutMs?: number;
};

export type CollectorLease = { cluster: string; term: number; holder: string; since: number; heartbeat: number };
export type ReplicaRow = { id: string; startedAt: number; heartbeat: number };

/** Reads standbys and the replicas page make; every engine has the tables, only PostgreSQL is shared. */
export interface LiveStore {
  /** Every cluster's newest live seq and term (one cheap query, polled every second as the fallback to NOTIFY). */
  liveSeqs(): Promise<Map<string, { term: number; seq: number }>>;
  liveCycle(cluster: string): Promise<LiveCycle | null>;
  /** Every node's newest live report, with the seq of the cycle that fetched it; only those of cycles after `afterSeq` when given. */
  liveReports(cluster: string, afterSeq?: number): Promise<(LiveReport & { seq: number })[]>;
  /** Log lines a collector wrote under `term`, with its seqs in (afterSeq, upToSeq]. */
  logLinesBySeq(cluster: string, term: number, afterSeq: number, upToSeq: number, limit: number): Promise<StoredLogLine[]>;
  collectorLeases(): Promise<CollectorLease[]>;
  replicas(): Promise<ReplicaRow[]>;
}
