import { z } from './zod';

/**
 * Node admin API v1: what a node says about itself, over HTTP GET under /admin/v1/.
 *
 * These schemas are deliberately tolerant: they accept what a buggy node says
 * (a peer listed twice, a state nobody knows, a missing offset) so that the
 * diagnostics can judge it. Anything a verdict needs but the node left out
 * stays absent here and becomes `unknown` after normalization — never a
 * default that reads as healthy. Extra fields are dropped (forward compatible).
 */

const isoTime = z.string().min(1).max(64).describe('RFC 3339 timestamp');
const shortText = z.string().max(512);
const longText = z.string().max(8192);
const nodeId = z.string().min(1).max(256);

/** GET /admin/v1/node */
export const nodeInfoSchema = z.object({
  id: nodeId,
  cluster: shortText,
  /** primary | replica | peer | client | meta | … — free text, the UI shows it as is. */
  role: z.string().min(1).max(64),
  version: shortText,
  startedAt: isoTime,
  /** The node's own clock, to spot clock skew against the collector. */
  now: isoTime,
});
export type NodeInfo = z.infer<typeof nodeInfoSchema>;

/** GET /admin/v1/peers */
export const peerEntrySchema = z.object({
  id: nodeId,
  address: shortText.optional(),
  /** Must be one of the node's categories; a name it did not declare is judged by diagnostics. */
  category: z.string().min(1).max(128),
  score: z.number().optional(),
  since: isoTime.optional(),
});
export type PeerEntry = z.infer<typeof peerEntrySchema>;

export const peerReadErrorSchema = z.object({
  at: isoTime,
  key: shortText,
  message: longText,
});
export type PeerReadError = z.infer<typeof peerReadErrorSchema>;

export const peersDocSchema = z.object({
  /** Ordered best → worst, e.g. ["best", "responsive", "lastResort"]. */
  categories: z.array(z.string().min(1).max(128)).max(64),
  /** A peer may appear twice (the race's mirror image); the schema accepts it. */
  peers: z.array(peerEntrySchema).max(100_000),
  readErrors: z.array(peerReadErrorSchema).max(10_000).default([]),
  /** The peers are the cluster's member list as this node sees it (Olric's CLUSTER.MEMBERS): every member should list the same. */
  membership: z.boolean().optional(),
});
export type PeersDoc = z.infer<typeof peersDocSchema>;

/** The replication link states a node may report; anything else normalizes to `unknown`. */
export const KNOWN_LINK_STATES = ['connecting', 'meta_sync', 'full_sync', 'incremental', 'in_sync', 'error'] as const;
export type KnownLinkState = (typeof KNOWN_LINK_STATES)[number];

export const linkErrorSchema = z.object({
  code: shortText.optional(),
  message: longText,
  at: isoTime.optional(),
});

export const registrationOutcomeSchema = z.object({
  at: isoTime,
  /** accepted | rejected | … */
  result: z.string().min(1).max(64),
  message: longText.optional(),
});

/** GET /admin/v1/sync — one entry per replication link this node takes part in. */
export const replicationLinkSchema = z.object({
  id: z.string().min(1).max(256),
  /** Node id of the primary (source) of this link. */
  primary: nodeId,
  /** Node id of the replica (destination) of this link. */
  replica: nodeId,
  /** Free text on the wire: unknown or missing states are judged, not trusted. */
  state: z.string().max(64).optional(),
  attempts: z.number().int().nonnegative().optional(),
  maxAttempts: z.number().int().nonnegative().optional(),
  lastError: linkErrorSchema.optional(),
  primaryOffset: z.number().nonnegative().optional(),
  replicaOffset: z.number().nonnegative().optional(),
  /** Bytes (or entries) behind, as the node computes it. */
  lag: z.number().nonnegative().optional(),
  lastIoAt: isoTime.optional(),
  registration: registrationOutcomeSchema.optional(),
});
export type ReplicationLinkWire = z.infer<typeof replicationLinkSchema>;

export const syncDocSchema = z.object({
  links: z.array(replicationLinkSchema).max(10_000),
});
export type SyncDoc = z.infer<typeof syncDocSchema>;

/** GET /admin/v1/routing — this node's own view of the partition table. */
export const partitionSchema = z.object({
  id: z.number().int().nonnegative(),
  /** Ordered oldest → newest; the last one is the current owner (as Olric does). Empty = unowned. */
  owners: z.array(nodeId).max(64),
  backups: z.array(nodeId).max(64).default([]),
  /** Ballot / config epoch of this partition's configuration, when the system has one. */
  ballot: z.number().int().nonnegative().optional(),
  /** How many replicas the partition should have (Pegasus max_replica_count), when the system says. */
  maxReplicas: z.number().int().min(1).max(64).optional(),
});
export type Partition = z.infer<typeof partitionSchema>;

export const routingDocSchema = z.object({
  /** The table this is, for systems with many tables (each its own partitions); absent = the node's only table. */
  table: z.string().min(1).max(256).optional(),
  /** Table version, epoch or signature. Numbers compare by size; strings only by equality. */
  version: z.union([z.number(), z.string().max(256)]).optional(),
  initialized: z.boolean(),
  coordinator: nodeId.optional(),
  /** What the node says it owns; compared with what its own table says. */
  ownedCount: z.number().int().nonnegative().optional(),
  /** Which partitions the node says it owns, when it lists them (Olric's STATS); the differing ones are evidence. */
  ownedPartitions: z.array(z.number().int().nonnegative()).max(16_384).optional(),
  /** Whose table this is when the node relays another member's (Olric members answer the coordinator's). */
  tableOf: nodeId.optional(),
  partitionCount: z.number().int().min(1).max(16_384),
  partitions: z.array(partitionSchema).max(16_384),
});
export type RoutingDoc = z.infer<typeof routingDocSchema>;

/** `unknown`: a line whose level could not be read (an unparsed log file line); never guessed. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'unknown'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** GET /admin/v1/logs?after=<cursor>&limit=<n> */
export const logEntrySchema = z.object({
  /** Strictly increasing within one log epoch. */
  cursor: z.number().int().nonnegative(),
  ts: isoTime,
  level: z.enum(LOG_LEVELS),
  component: z.string().max(128).default(''),
  code: z.string().max(128).optional(),
  /** What the line is about: a peer id, a link id, a partition, a node. */
  subject: z.string().max(256).optional(),
  message: longText,
  /** The node's own hint: it retried and succeeded, or recovered. */
  transient: z.enum(['retried', 'recovered', 'hinted']).optional(),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const logsDocSchema = z.object({
  /** Changes when the node restarts and its cursors start again (from 0 or 1; both are read in full). */
  epoch: z.string().min(1).max(128),
  entries: z.array(logEntrySchema).max(10_000),
  /** Cursor to pass as `after` next time. */
  nextCursor: z.number().int().nonnegative(),
  /** More entries are waiting past this page. */
  hasMore: z.boolean(),
  /** Entries the node no longer had (its own buffer rolled over) between `after` and the first entry. */
  dropped: z.number().int().nonnegative().default(0),
});
export type LogsDoc = z.infer<typeof logsDocSchema>;

/**
 * GET /admin/v1/report?logsAfter=<cursor>&logsLimit=<n>
 *
 * Everything above in one answer, so the collector makes one request per node
 * per cycle. A part a node does not implement is left out (shown as
 * "not available from this source").
 */
export const nodeReportWireSchema = z.object({
  node: nodeInfoSchema,
  peers: peersDocSchema.optional(),
  sync: syncDocSchema.optional(),
  routing: routingDocSchema.optional(),
  /** Named tables, for systems with many (each with `table` set), e.g. a Pegasus client's cached configurations. */
  tables: z.array(routingDocSchema).max(4096).optional(),
  logs: logsDocSchema.optional(),
});
export type NodeReportWire = z.infer<typeof nodeReportWireSchema>;

export const ADMIN_V1_PATHS = {
  node: '/admin/v1/node',
  peers: '/admin/v1/peers',
  sync: '/admin/v1/sync',
  routing: '/admin/v1/routing',
  logs: '/admin/v1/logs',
  report: '/admin/v1/report',
} as const;
