import { z } from './zod';
import type { AlertmanagerStatus } from '@/lib/alerting/alertmanager';
import type { AlertingStatus } from '@/lib/alerting/notifier';
import type { WebhookStatus } from '@/lib/alerting/webhook';
import type { ClientTableLog } from '@/lib/diagnostics/client-refresh-logs';
import type { FailoverView, FailoverIncidentView } from '@/lib/diagnostics/failover-view';
import type { StaleMember } from '@/lib/diagnostics/failover';
import type { CompareView } from '@/lib/diagnostics/history-views';
import type { GapEvent } from '@/lib/diagnostics/goquai-peers';
import type { GoquaiLocationView, GoquaiNodeView, GoquaiPeersView } from '@/lib/diagnostics/goquai-peers-view';
import type { LogGroupView, LogLineView, LogsView } from '@/lib/diagnostics/logs';
import type { ClosedGap, PeerGap, PeerMove, ReadErrorRecord } from '@/lib/diagnostics/peers-state';
import type { PeersNodesSummary } from '@/lib/diagnostics/peers-nodes-summary';
import type { PeerRow, PeersNodeView, PeersResponse, ReadErrorKeyView } from '@/lib/diagnostics/peers-view';
import type { RoutingSample } from '@/lib/diagnostics/routing';
import type { OwnerClaim } from '@/lib/diagnostics/routing-table';
import type { RoutingTableSummary, TableFailoverView } from '@/lib/diagnostics/routing-tables-view';
import type { BoundedTableSummary, BoundedVersion, RoutingNodesSummary } from '@/lib/diagnostics/routing-nodes-summary';
import type { RoutingGrid, RoutingNodeRow, RoutingView } from '@/lib/diagnostics/routing-view';
import type { SyncSample } from '@/lib/diagnostics/sync';
import type { SyncLinkRow, SyncLinkSide, SyncView } from '@/lib/diagnostics/sync-view';
import type { StorageView } from '@/lib/store/persistence/status-view';
import { HISTORY_KINDS } from '@/lib/store/persistence/types';
import { asOfField, clusterFindingSchema, pageInfoSchema, statusChangeSchema, type PageInfo } from './api';
import { LOG_LEVELS } from './admin-v1';
import { FINDING_CLASSES, FINDING_KINDS, findingSchema, SEVERITIES } from './findings';
import { LINK_STATES, NODE_STATUSES, POLL_STATUSES, peerCountsSchema } from './report';

/**
 * The answers of the dashboard's view routes (peers, sync, routing, failover,
 * logs, compare, alerting, storage) as zod schemas. The types stay beside the
 * builders that make them; each schema is annotated with its type, so the type
 * checker proves the two agree. The client parses every answer with these, and
 * the OpenAPI document (lib/api/routes.ts) is generated from them.
 */

const counts = z.record(z.string(), z.number());
/** A view answered for a past moment (`at=`) carries it; live answers do not. */
type AsOfMark = { asOf?: number };
/** Free-form evidence of a condition or finding: the one place an answer is not typed field by field. */
const evidence = z.record(z.string(), z.unknown());
const findingKind = z.enum(FINDING_KINDS);
const severity = z.enum(SEVERITIES);
const nodeStatus = z.enum(NODE_STATUSES);
const findingClass = z.enum(FINDING_CLASSES);

// ── peers (lib/diagnostics/peers-view.ts) ──────────────────────────────────

const peerMoveSchema: z.ZodType<PeerMove> = z.object({ at: z.number(), from: z.array(z.string()).nullable(), to: z.array(z.string()) });

const peerGapShape = {
  startedAt: z.number(),
  polls: z.number(),
  categoryBefore: z.string().nullable(),
  lastSeenInCategoryAt: z.number().nullable(),
  reason: z.enum(['missing', 'undeclared_category']),
  listedAs: z.array(z.string()),
};
const peerGapSchema: z.ZodType<PeerGap & { class: ClosedGap['class'] }> = z.object({ ...peerGapShape, class: findingClass });
const closedGapSchema: z.ZodType<ClosedGap> = z.object({ ...peerGapShape, endedAt: z.number(), categoryAfter: z.array(z.string()), class: findingClass });

const peersNodeViewSchema: z.ZodType<PeersNodeView> = z.object({
  id: z.string(),
  dataStatus: z.enum(['ok', 'stale', 'unknown', 'unavailable']),
  nodeStatus,
  dataFrom: z.number().nullable(),
  categories: z.array(z.string()),
  counts,
  undeclaredCounts: counts,
  listedPeers: z.number(),
  peersInGap: z.number(),
  peersInSeveralCategories: z.number(),
  activeReadErrorKeys: z.number(),
  untrackedPeers: z.number(),
});

const peerRowSchema: z.ZodType<PeerRow> = z.object({
  node: z.string(),
  id: z.string(),
  address: z.string().nullable(),
  categories: z.array(z.string()),
  listedAs: z.array(z.string()),
  lastCategory: z.string().nullable(),
  score: z.number().nullable(),
  since: z.string().nullable(),
  listed: z.boolean(),
  stale: z.boolean(),
  dataFrom: z.number().nullable(),
  gap: peerGapSchema.nullable(),
  multiCategory: z.boolean(),
  lastGap: closedGapSchema.nullable(),
  gapCount: z.number(),
  moves: z.array(peerMoveSchema),
});

const readErrorKeyViewSchema: z.ZodType<ReadErrorKeyView> = z.object({
  node: z.string(),
  stale: z.boolean(),
  subject: z.string(),
  key: z.string(),
  keys: z.array(z.string()),
  peerId: z.string().nullable(),
  firstSeenAt: z.number(),
  lastNewAt: z.number(),
  lastErrorAt: z.string(),
  lastMessage: z.string(),
  total: z.number(),
  errorPolls: z.number(),
  activePolls: z.number(),
  peerStillOut: z.boolean(),
  active: z.boolean(),
  activeSince: z.number(),
  class: findingClass,
});

const readErrorRecordSchema: z.ZodType<ReadErrorRecord & { node: string }> = z.object({
  at: z.string(),
  key: z.string(),
  message: z.string(),
  seenAt: z.number(),
  node: z.string(),
});

// go-quai categories per location (lib/diagnostics/goquai-peers-view.ts)

const goquaiLocationViewSchema: z.ZodType<GoquaiLocationView> = z.object({
  location: z.string(),
  roundAt: z.number().nullable(),
  ageMs: z.number().nullable(),
  periodMs: z.number(),
  freshness: z.enum(['fresh', 'stale', 'unknown']),
  complete: z.boolean(),
  buckets: z.array(z.object({ category: z.string(), bucket: z.string(), peers: z.array(z.string()) })),
  multiCategoryPeers: z.array(z.string()),
  logLines: z.array(z.number()),
});

const goquaiGapSchema: z.ZodType<GapEvent> = z.object({
  location: z.string(),
  peer: z.string(),
  before: z.object({ at: z.number(), categories: z.array(z.string()) }),
  gapAt: z.number(),
  after: z.object({ at: z.number(), categories: z.array(z.string()) }),
  seqs: z.array(z.number()),
});

const goquaiNodeViewSchema: z.ZodType<GoquaiNodeView> = z.object({
  id: z.string(),
  nodeStatus,
  counts: peerCountsSchema.nullable(),
  countsAt: z.number().nullable(),
  categorizedPeers: z.number().nullable(),
  locations: z.array(goquaiLocationViewSchema),
  gaps: z.array(goquaiGapSchema),
  readErrors: z.array(
    z.object({
      subject: z.string(),
      key: z.string(),
      peerId: z.string().nullable(),
      firstAt: z.number(),
      lastAt: z.number(),
      count: z.number(),
      lastMessage: z.string(),
      seqs: z.array(z.number()),
      reappearedAt: z.number().nullable(),
      reappearedIn: z.array(z.string()),
      class: findingClass,
    }),
  ),
});

export const goquaiPeersViewSchema: z.ZodType<GoquaiPeersView> = z.object({ nodes: z.array(goquaiNodeViewSchema) });

const peersResponseShape = {
  generatedAt: z.number(),
  pollIntervalMs: z.number(),
  gapTransientPolls: z.number(),
  filter: z.object({ node: z.string().nullable(), category: z.string().nullable(), q: z.string().nullable() }),
  nodes: z.array(peersNodeViewSchema),
  peers: z.array(peerRowSchema),
  matchingPeers: z.number(),
  readErrors: z.array(readErrorKeyViewSchema),
  recentReadErrors: z.array(readErrorRecordSchema),
  countsOverTime: z.array(
    z.object({ node: z.string(), categories: z.array(z.string()), samples: z.array(z.object({ at: z.number(), counts })) }),
  ),
  goquai: goquaiPeersViewSchema,
  findings: z.array(clusterFindingSchema),
  asOf: asOfField,
};
/** The builder's whole answer (every node's row), as past views and the page cutter take it. */
export const peersResponseSchema: z.ZodType<PeersResponse & AsOfMark> = z.object(peersResponseShape);

const peersNodesSummarySchema: z.ZodType<PeersNodesSummary> = z.object({
  total: z.number(),
  withPeers: z.number(),
  categories: z.array(z.string()),
  anyUndeclared: z.boolean(),
  stale: z.object({ count: z.number(), named: z.array(z.object({ id: z.string(), dataFrom: z.number().nullable() })) }),
  unavailable: z.object({ count: z.number(), named: z.array(z.string()) }),
  choices: z.array(z.string()).nullable(),
  chartable: z.number(),
  charted: z.array(peersNodeViewSchema),
});

/**
 * GET …/peers: the view with one page of its per-node table (`nodes`: nodes
 * whose source provides categories, in config order; `page` says where it
 * sits) and `nodeSummary`, what the page needs of every node.
 */
export const peersPageViewSchema = z.object({ ...peersResponseShape, nodeSummary: peersNodesSummarySchema, page: pageInfoSchema });
export type PeersPageView = z.infer<typeof peersPageViewSchema>;

// ── sync (lib/diagnostics/sync-view.ts) ────────────────────────────────────

const linkState = z.enum(LINK_STATES);
const linkStateOrStale = z.union([linkState, z.literal('stale')]);

const syncLinkSideSchema: z.ZodType<SyncLinkSide> = z.object({
  node: z.string(),
  side: z.enum(['primary', 'replica', 'other']),
  state: linkState,
  reportedState: z.string().nullable(),
  reportedAt: z.number(),
  fresh: z.boolean(),
  nodeStatus,
});

const syncLinkRowSchema: z.ZodType<SyncLinkRow> = z.object({
  id: z.string(),
  primary: z.string(),
  replica: z.string(),
  state: linkStateOrStale,
  reportedState: z.string().nullable(),
  reportedBy: z.string().nullable(),
  reportedAt: z.number().nullable(),
  sides: z.array(syncLinkSideSchema),
  verdict: z.object({ kind: findingKind, severity, summary: z.string() }).nullable(),
  conditions: z.array(
    z.object({ kind: findingKind, severity, node: z.string().nullable(), summary: z.string(), since: z.number().nullable(), evidence }),
  ),
  contradiction: z.string().nullable(),
  lag: z.number().nullable(),
  primaryOffset: z.number().nullable(),
  replicaOffset: z.number().nullable(),
  attempts: z.number().nullable(),
  maxAttempts: z.number().nullable(),
  retriesExhausted: z.boolean(),
  lastError: z
    .object({ code: z.string().nullable(), message: z.string(), at: z.string().nullable(), ageMs: z.number().nullable() })
    .nullable(),
  lastIoAgeMs: z.number().nullable(),
  registration: z
    .object({ at: z.string(), result: z.string(), message: z.string().nullable(), ageMs: z.number().nullable() })
    .nullable(),
});

const syncSampleSchema: z.ZodType<SyncSample> = z.object({
  at: z.number(),
  state: linkStateOrStale,
  reportedState: z.string().nullable(),
  reportedBy: z.string().nullable(),
  primaryOffset: z.number().nullable(),
  replicaOffset: z.number().nullable(),
  lag: z.number().nullable(),
  lastIoAgeMs: z.number().nullable(),
});

const syncViewShape = {
  generatedAt: z.number(),
  dataAt: z.number().nullable(),
  pollIntervalMs: z.number(),
  counts: z.object({ links: z.number(), withCondition: z.number(), byKind: z.partialRecord(findingKind, z.number()) }),
  primaries: z.array(z.string()),
  groups: z.array(
    z.object({ primary: z.string(), primaryStatus: nodeStatus, primaryRole: z.string().nullable(), links: z.array(syncLinkRowSchema) }),
  ),
  selected: z
    .object({ id: z.string(), primary: z.string(), replica: z.string(), samples: z.array(syncSampleSchema) })
    .nullable(),
  asOf: asOfField,
};
export const syncViewSchema: z.ZodType<SyncView & AsOfMark> = z.object(syncViewShape);

/** GET …/sync: the view with one page of its primaries' groups (`page` says where it sits among all of them). */
export const syncPageViewSchema: z.ZodType<SyncView & { page: PageInfo } & AsOfMark> = z.object({ ...syncViewShape, page: pageInfoSchema });
export type SyncPageView = z.infer<typeof syncPageViewSchema>;

// ── routing (lib/diagnostics/routing-view.ts, routing-tables-view.ts) ──────

const routingGridSchema: z.ZodType<RoutingGrid> = z.object({
  source: z.string(),
  stale: z.boolean(),
  fetchedAt: z.number().nullable(),
  version: z.string().nullable(),
  partitionCount: z.number(),
  owners: z.array(z.string()),
  runs: z.array(z.number()),
});

const ownerClaimSchema: z.ZodType<OwnerClaim> = z.object({ owner: z.string().nullable(), members: z.array(z.string()), memberCount: z.number() });

const routingSampleSchema: z.ZodType<RoutingSample> = z.object({
  at: z.number(),
  divergent: z.number(),
  unowned: z.number(),
  multiOwner: z.number(),
  versions: z.number(),
  views: z.number(),
});

const routingNodeRowSchema: z.ZodType<RoutingNodeRow> = z.object({
  id: z.string(),
  role: z.string().nullable(),
  isClient: z.boolean(),
  status: nodeStatus,
  table: z.enum(['fresh', 'stale', 'none']),
  tableFetchedAt: z.number().nullable(),
  version: z.string().nullable(),
  atNewestVersion: z.boolean(),
  initialized: z.boolean().nullable(),
  coordinator: z.string().nullable(),
  partitionCount: z.number().nullable(),
  ownedReported: z.number().nullable(),
  ownedComputed: z.number().nullable(),
  differsFromConsensus: z.number().nullable(),
});

const routingTableSummarySchema: z.ZodType<RoutingTableSummary> = z.object({
  name: z.string(),
  partitionCount: z.number(),
  reportedBy: z.array(z.string()),
  unhealthy: z.number().nullable(),
  writeUnhealthy: z.number().nullable(),
  readUnhealthy: z.number().nullable(),
});

const routingViewShape = {
  generatedAt: z.number(),
  view: z.enum(['consensus', 'node']),
  node: z.string().nullable(),
  partitionCount: z.number(),
  newestVersion: z.string().nullable(),
  versions: z.array(z.object({ version: z.string(), nodes: z.array(z.string()) })),
  versionSkewSince: z.number().nullable(),
  graceMs: z.number(),
  grid: routingGridSchema.nullable(),
  diff: z.object({
    total: z.number(),
    shown: z.number(),
    partitions: z.array(z.object({ partition: z.number(), consensus: z.string().nullable(), says: z.array(ownerClaimSchema) })),
  }),
  series: z.array(routingSampleSchema),
  nodes: z.array(routingNodeRowSchema),
};
/** The builder's part alone, so the type checker holds the shared shape to RoutingView. */
export const routingViewSchema: z.ZodType<RoutingView> = z.object(routingViewShape);

/** GET …/routing: the chosen view's grid, the diff, per-node summary, series, and the routing findings. */
export type RoutingApiView = RoutingView & {
  findings: z.infer<typeof clusterFindingSchema>[];
  /** The table shown ("" = the nodes' one table) and every table of the cluster, with counts. */
  table: string;
  tables: RoutingTableSummary[];
} & AsOfMark;

const routingApiViewShape = {
  ...routingViewShape,
  findings: z.array(clusterFindingSchema),
  table: z.string(),
  tables: z.array(routingTableSummarySchema),
  asOf: asOfField,
};
/** The builder's whole answer (every node's row), as past views and the page cutter take it. */
export const routingApiViewSchema: z.ZodType<RoutingApiView> = z.object(routingApiViewShape);

const routingNodesSummarySchema: z.ZodType<RoutingNodesSummary> = z.object({
  total: z.number(),
  answering: z.number(),
  unseen: z.object({
    count: z.number(),
    named: z.array(z.object({ id: z.string(), status: nodeStatus, table: z.enum(['fresh', 'stale', 'none']) })),
  }),
  withTables: z.number(),
  choices: z.array(z.object({ id: z.string(), isClient: z.boolean(), stale: z.boolean() })).nullable(),
});

/**
 * GET …/routing: the view with one page of its per-node table (`nodes`, in
 * config order; `page` says where it sits) and `nodeSummary`, what the page
 * needs of every node.
 */
export const routingPageViewSchema = z.object({
  ...routingApiViewShape,
  /** Each version's first members and how many there are (lib/diagnostics/routing-nodes-summary.ts). */
  versions: z.array(z.object({ version: z.string(), nodes: z.array(z.string()), nodeCount: z.number() }) satisfies z.ZodType<BoundedVersion>),
  /** Each table with its first reporters and how many there are. */
  tables: z.array(routingTableSummarySchema.and(z.object({ reportedByCount: z.number() })) satisfies z.ZodType<BoundedTableSummary>),
  nodeSummary: routingNodesSummarySchema,
  page: pageInfoSchema,
});
export type RoutingPageView = z.infer<typeof routingPageViewSchema>;

// ── failover (lib/diagnostics/failover-view.ts, routing-tables-view.ts) ────

/** One incident of the failover answer; stored incidents (history) are read back through it too. */
export const failoverIncidentSchema: z.ZodType<FailoverIncidentView & { table: string }> = z.object({
  table: z.string(),
  id: z.string(),
  status: z.enum(['active', 'resolved']),
  oldPrimary: z.string(),
  newPrimaries: z.array(z.string()),
  partitionCount: z.number(),
  partitionRanges: z.string(),
  oldBallot: z.number().nullable(),
  newBallot: z.number().nullable(),
  crashAt: z.number(),
  crashStatus: z.enum(['unreachable', 'timeout']),
  detection: z.object({ at: z.number(), by: z.string().nullable() }),
  promotionAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  resolution: z.enum(['adopted', 'primary_returned']).nullable(),
  events: z.array(
    z.object({ type: z.enum(['crash', 'detection', 'promotion', 'adoption']), at: z.number(), member: z.string().nullable(), detail: z.string() }),
  ),
  durations: z.object({
    toDetectMs: z.number(),
    toElectMs: z.number().nullable(),
    toFullAdoptionMs: z.number().nullable(),
    totalMs: z.number().nullable(),
  }),
  members: z.array(
    z.object({
      id: z.string(),
      role: z.string().nullable(),
      isClient: z.boolean(),
      state: z.enum(['adopted', 'waiting', 'stale', 'down', 'lost_primary']),
      adoptedAt: z.number().nullable(),
      staleForMs: z.number().nullable(),
      lastStatus: z.union([z.enum(POLL_STATUSES), z.literal('unknown')]),
    }),
  ),
  memberCount: z.number(),
  memberStates: z.object({ adopted: z.number(), waiting: z.number(), stale: z.number(), down: z.number(), lost_primary: z.number() }),
  stillStale: z.array(z.string()),
});

const clientTableLogSchema: z.ZodType<ClientTableLog> = z.object({
  lastTriggerAt: z.number().nullable(),
  lastTriggerLine: z.string().nullable(),
  lastSelfUpdateFailedAt: z.number().nullable(),
  failuresSinceTrigger: z.number(),
  lastFailure: z.string().nullable(),
  lastFailureAt: z.number().nullable(),
});

const staleMemberSchema: z.ZodType<TableFailoverView['staleMembers'][number]> = z.object({
  member: z.string(),
  role: z.string().nullable(),
  isClient: z.boolean(),
  behindSince: z.number(),
  partitionCount: z.number(),
  partitions: z.array(z.number()),
  oldBallot: z.number(),
  newBallot: z.number(),
  routesToDown: z.array(z.string()),
  pastGrace: z.boolean(),
  behindForMs: z.number(),
  table: z.string(),
  refreshLog: clientTableLogSchema.nullable().optional(),
} satisfies Record<keyof StaleMember | 'behindForMs' | 'table' | 'refreshLog', z.ZodType>);

/** GET …/failover: incidents as timelines, members on an old ballot now, and the failover findings. */
export type FailoverApiView = TableFailoverView & { findings: z.infer<typeof clusterFindingSchema>[]; asOf?: number };

export const failoverApiViewSchema: z.ZodType<FailoverApiView> = z.object({
  generatedAt: z.number(),
  staleConfigGraceMs: z.number(),
  incidents: z.array(failoverIncidentSchema),
  staleMembers: z.array(staleMemberSchema),
  findings: z.array(clusterFindingSchema),
  asOf: asOfField,
} satisfies Record<keyof FailoverView | 'findings' | 'asOf', z.ZodType>);

// ── logs (lib/diagnostics/logs/view.ts) ────────────────────────────────────

const logLevel = z.enum(LOG_LEVELS);

const logLineViewSchema: z.ZodType<LogLineView> = z.object({
  seq: z.number(),
  node: z.string(),
  ts: z.string(),
  at: z.number(),
  level: logLevel,
  component: z.string(),
  code: z.string().nullable(),
  subject: z.string().nullable(),
  message: z.string(),
  transient: z.enum(['retried', 'recovered', 'hinted']).nullable(),
  group: z.string().nullable(),
});

const logGroupViewSchema: z.ZodType<LogGroupView> = z.object({
  id: z.string(),
  component: z.string(),
  fingerprint: z.string(),
  level: logLevel,
  class: findingClass,
  reason: z.enum(['stopped', 'recovered', 'hinted', 'recurring', 'periodic']),
  count: z.number(),
  firstSeen: z.number(),
  lastSeen: z.number(),
  nodes: z.array(z.object({ node: z.string(), count: z.number(), lastSeen: z.number() })),
  subjects: z.array(z.string()),
  subjectCount: z.number(),
  hintedCount: z.number(),
  example: logLineViewSchema,
  latest: logLineViewSchema,
  rate: z.array(z.number()),
  rateBucketMs: z.number(),
  findings: z.array(z.string()),
  findingCount: z.number(),
});

const levelBucketSchema = z.object({
  t: z.number(),
  debug: z.number(),
  info: z.number(),
  warn: z.number(),
  error: z.number(),
  unknown: z.number(),
} satisfies Record<'t' | (typeof LOG_LEVELS)[number], z.ZodType>);

export const logsViewSchema: z.ZodType<LogsView & AsOfMark> = z.object({
  generatedAt: z.number(),
  pollIntervalMs: z.number(),
  groups: z.object({ persistent: z.array(logGroupViewSchema), transient: z.array(logGroupViewSchema) }),
  groupTotals: z.object({ persistent: z.number(), transient: z.number() }),
  lines: z.array(logLineViewSchema),
  nextCursor: z.number().nullable(),
  matched: z.number(),
  histogram: z.object({ bucketMs: z.number(), buckets: z.array(levelBucketSchema) }),
  dropped: z.number(),
  droppedByRetention: z.number(),
  droppedAtSource: z.number(),
  retained: z.number(),
  retention: z.number(),
  pending: z.record(z.string(), z.boolean()),
  lastSeq: z.number(),
  nodes: z.array(z.string()),
  components: z.array(z.string()),
  finding: z.object({ id: z.string(), groups: z.array(z.string()) }).nullable(),
  asOf: asOfField,
});

// ── compare (lib/diagnostics/history-views.ts) ─────────────────────────────

/** GET …/compare: what changed between two moments, with the cluster it is about. */
export type CompareAnswer = CompareView & { cluster: string };

export const compareAnswerSchema: z.ZodType<CompareAnswer> = z.object({
  cluster: z.string(),
  from: z.number(),
  to: z.number(),
  newFindings: z.array(findingSchema),
  resolvedFindings: z.array(findingSchema),
  nodesChanged: z.array(z.object({ node: z.string(), from: nodeStatus, to: nodeStatus })),
  statusChanges: z.array(statusChangeSchema),
  partitionsMoved: z.array(
    z.object({ partition: z.number(), from: z.string().nullable(), to: z.string().nullable(), seenBy: z.array(z.string()), at: z.number() }),
  ),
});

// ── alerting (lib/alerting) ────────────────────────────────────────────────

const lastError = z.object({ at: z.number(), message: z.string() }).nullable();

const alertmanagerStatusSchema: z.ZodType<AlertmanagerStatus> = z.object({
  url: z.string(),
  inFlight: z.boolean(),
  lastAttemptAt: z.number().nullable(),
  lastSuccessAt: z.number().nullable(),
  lastError,
  consecutiveFailures: z.number(),
  sent: z.number(),
  failed: z.number(),
});

const webhookStatusSchema: z.ZodType<WebhookStatus> = z.object({
  url: z.string(),
  queued: z.number(),
  delivered: z.number(),
  failed: z.number(),
  dropped: z.number(),
  lastSuccessAt: z.number().nullable(),
  lastError,
});

/** GET /api/alerting: where findings are delivered and whether that works. */
export type AlertingStatusView = AlertingStatus & { generatedAt: number };

export const alertingStatusViewSchema: z.ZodType<AlertingStatusView> = z.object({
  generatedAt: z.number(),
  alertmanagers: z.array(alertmanagerStatusSchema),
  webhooks: z.array(webhookStatusSchema),
  problems: z.array(z.string()),
});

// ── storage (lib/store/persistence/status-view.ts) ─────────────────────────

/** Rows per kind of history (every kind, always all of them). */
const HISTORY_KIND_COUNTS = z.record(z.enum(HISTORY_KINDS), z.number());
const engine = z.enum(['sqlite', 'postgres', 'memory']);

export const storageViewSchema: z.ZodType<StorageView> = z.object({
  configured: z.object({ engine, retentionDays: z.number() }).nullable(),
  openError: z.string().nullable(),
  status: z
    .object({
      engine,
      location: z.string(),
      state: z.enum(['ok', 'failing']),
      schemaVersion: z.number().nullable(),
      lastError: z.object({ message: z.string(), at: z.number() }).nullable(),
      lastWrite: z.object({ at: z.number(), durationMs: z.number(), cluster: z.string() }).nullable(),
      cyclesWritten: z.number(),
      cyclesFailed: z.number(),
      cyclesDropped: z.number(),
      cyclesFenced: z.number(),
      queued: z.number(),
      size: z.object({ bytes: z.number(), rows: HISTORY_KIND_COUNTS, at: z.number() }).nullable(),
      maxBytes: z.number(),
      lastRetention: z
        .object({ at: z.number(), durationMs: z.number(), result: z.object({ deleted: HISTORY_KIND_COUNTS, downsampled: z.number() }) })
        .nullable(),
    })
    .nullable(),
});

// ── log sources (lib/api/log-sources-view.ts) ──────────────────────────────

const logSourceState = z.enum(['starting', 'ok', 'error', 'stopped']);

export const logSourcesViewSchema = z.object({
  generatedAt: z.number(),
  sources: z.array(
    z.object({
      source: z.string(),
      type: z.enum(['file', 'syslog']),
      where: z.string(),
      targets: z.array(z.string()),
      /** ok only when the source runs and every file or the receiver is well; starting and stopped are not ok. */
      state: logSourceState,
      reason: z.string().nullable(),
      lines: z.number(),
      bytes: z.number(),
      unparsed: z.number(),
      unattributed: z.number(),
      /** Syslog senders refused by the allow list; null for file sources. */
      refused: z.number().nullable(),
      refusedFrom: z.array(z.string()),
      files: z.array(z.object({ path: z.string(), state: z.enum(['ok', 'error']), reason: z.string().nullable(), lines: z.number(), bytes: z.number() })),
    }),
  ),
});
export type LogSourcesView = z.infer<typeof logSourcesViewSchema>;
