import { z } from './zod';
import { FINDING_KINDS, findingSchema, SEVERITIES } from './findings';
import { NODE_STATUSES, nodeReportSchema, POLL_STATUSES, pollReasonSchema, SOURCE_KIND_NAMES } from './report';

/**
 * Shapes of the dashboard's own read-only JSON API (app/api/*), as zod schemas:
 * the types come from them, and so does the API's OpenAPI document.
 */

/** Set on an answer built from stored history for a past moment (`at=`), so a past view never passes for live. */
export const asOfField = z.number().optional().describe('The past moment this answer shows (ms since epoch); absent on live answers');

export const nodeSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(SOURCE_KIND_NAMES),
  /** From the node's last good report; null when never known. */
  role: z.string().nullable(),
  address: z.string(),
  /** What the UI shows: `unknown` before the first poll, `stale` when the last report is older than 3 intervals. */
  status: z.enum(NODE_STATUSES),
  lastPollStatus: z.enum(POLL_STATUSES).nullable(),
  reason: pollReasonSchema.nullable(),
  /** Last time the node answered ok (ms since epoch). */
  lastSeen: z.number().nullable(),
  lastPolledAt: z.number().nullable(),
  latencyMs: z.number().nullable(),
  version: z.string().nullable(),
  stale: z.boolean(),
});
export type NodeSummary = z.infer<typeof nodeSummarySchema>;

export const statusCountsSchema = z.record(z.enum(NODE_STATUSES), z.number());
export type StatusCounts = z.infer<typeof statusCountsSchema>;

export const sourceKindLabelSchema = z.object({ kind: z.enum(SOURCE_KIND_NAMES), label: z.string() });
export type SourceKindLabel = z.infer<typeof sourceKindLabelSchema>;

/** Where a page sits in the whole (filtered) list; `nextCursor` asks for the next one (lib/api/paging.ts). */
export const pageInfoSchema = z.object({
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  nextCursor: z.string().nullable(),
  /** The per-cycle version the page was cut from. */
  version: z.string(),
  /** The cursor came from an older cycle: items may have moved between pages. */
  versionChanged: z.boolean(),
});
export type PageInfo = z.infer<typeof pageInfoSchema>;

export const clusterViewSchema = z.object({
  cluster: z.string(),
  mode: z.enum(['demo', 'config']),
  /** The source kinds of its targets, e.g. [{ kind: 'redis', label: 'Redis / Valkey / Pika' }]. */
  sources: z.array(sourceKindLabelSchema),
  pollIntervalMs: z.number(),
  /** Data older than this is stale (the one rule, decided on the server). */
  staleAfterMs: z.number(),
  generatedAt: z.number(),
  /** When the first full poll cycle finished; null until then. */
  firstCycleAt: z.number().nullable(),
  lastCycle: z.object({ startedAt: z.number(), durationMs: z.number(), polled: z.number() }).nullable(),
  /** Every node of the cluster, whatever the filter. */
  counts: statusCountsSchema,
  /** One page of the nodes that match the query's `status` and `q`, in config order. */
  nodes: z.array(nodeSummarySchema),
  /** Where `nodes` sits among the matching nodes; null with `nodes=none`. */
  page: pageInfoSchema.nullable(),
  asOf: asOfField,
});
export type ClusterView = z.infer<typeof clusterViewSchema>;

/** A finding with the cluster it belongs to (every findings answer carries it). */
export const clusterFindingSchema = findingSchema.extend({ cluster: z.string() });
export type ClusterFinding = z.infer<typeof clusterFindingSchema>;


export const findingsViewSchema = z.object({
  generatedAt: z.number(),
  findings: z.array(clusterFindingSchema),
  page: pageInfoSchema,
  asOf: asOfField,
});
export type FindingsView = z.infer<typeof findingsViewSchema>;

/** Findings grouped as Alertmanager groups alerts: one per kind and cause (lib/diagnostics/finding-groups.ts), members asked for by `group`. */
export const findingGroupSchema = z.object({
  cluster: z.string(),
  /** Kind and cause; pass as `group` (with `cluster` on /api/findings) for the members. */
  key: z.string(),
  kind: z.enum(FINDING_KINDS),
  cause: z.string().nullable(),
  causeLabel: z.string().nullable(),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  count: z.number(),
  sample: z.array(z.string()),
  firstSeen: z.number(),
  lastSeen: z.number(),
  /** Most nodes failed this way at once: what more likely broke (the dashboard's network, DNS, …) and where to look. */
  likelyCause: z.object({ summary: z.string(), hint: z.string(), affected: z.number(), clusterSize: z.number() }).nullable(),
  /** The first few members (every member of a small group), so a group of one or two reads like the findings themselves. */
  firstMembers: z.array(clusterFindingSchema),
});
export type FindingGroupView = z.infer<typeof findingGroupSchema>;

export const findingGroupsViewSchema = z.object({
  generatedAt: z.number(),
  /** Findings behind every group, not only this page's. */
  findingCount: z.number(),
  groups: z.array(findingGroupSchema),
  page: pageInfoSchema,
});
export type FindingGroupsView = z.infer<typeof findingGroupsViewSchema>;

/** One row of the home page: a cluster at a glance. */
export const clusterSummarySchema = z.object({
  name: z.string(),
  sources: z.array(sourceKindLabelSchema),
  pollIntervalMs: z.number(),
  staleAfterMs: z.number(),
  nodeCount: z.number(),
  counts: statusCountsSchema,
  activeBySeverity: z.record(z.enum(SEVERITIES), z.number()),
  /** The most severe active findings (a few), in the one findings order. */
  topFindings: z.array(clusterFindingSchema),
  /** The first few groups of active findings, in the groups order (likely shared cause first). */
  topGroups: z.array(findingGroupSchema),
  /** End of the last poll cycle; null before the first. */
  dataAt: z.number().nullable(),
  firstCycleAt: z.number().nullable(),
  /** High availability, on a standby: since when the shared store cannot be read (its data is stale); null or absent otherwise. */
  sharedStoreStaleSince: z.number().nullable().optional(),
});
export type ClusterSummary = z.infer<typeof clusterSummarySchema>;

export const clustersViewSchema = z.object({
  mode: z.enum(['demo', 'config']),
  generatedAt: z.number(),
  clusters: z.array(clusterSummarySchema),
});
export type ClustersView = z.infer<typeof clustersViewSchema>;

export const statusSampleSchema = z.object({ at: z.number(), status: z.enum(POLL_STATUSES), latencyMs: z.number().nullable(), reason: z.string().nullable() });
export type StatusSample = z.infer<typeof statusSampleSchema>;

export const statusChangeSchema = z.object({ at: z.number(), node: z.string(), from: z.enum(NODE_STATUSES), to: z.enum(NODE_STATUSES), reason: z.string().nullable() });
export type StatusChange = z.infer<typeof statusChangeSchema>;

export const nodeDetailViewSchema = z.object({
  generatedAt: z.number(),
  pollIntervalMs: z.number(),
  staleAfterMs: z.number(),
  node: nodeSummarySchema,
  /** The last report as stored (credentials never included). */
  latest: nodeReportSchema.nullable(),
  samples: z.array(statusSampleSchema),
  events: z.array(statusChangeSchema),
  /** Stretches in the window when Clusterscope was not polling (stopped, restarting), from history: unknown, never healthy. */
  gaps: z.array(z.object({ from: z.number(), to: z.number() })).optional(),
  asOf: asOfField,
});
export type NodeDetailView = z.infer<typeof nodeDetailViewSchema>;

export const healthSchema = z.object({ status: z.literal('alive'), uptimeSeconds: z.number() });
export const readySchema = z.object({ status: z.literal('ready'), firstCycleAt: z.number(), clusters: z.number(), targets: z.number() });

export const API_ERROR_CODES = ['bad_request', 'not_found', 'not_ready', 'internal', 'misdirected', 'method_not_allowed'] as const;
export const apiErrorSchema = z.object({ error: z.object({ code: z.enum(API_ERROR_CODES), message: z.string() }) });
export type ApiError = z.infer<typeof apiErrorSchema>;
