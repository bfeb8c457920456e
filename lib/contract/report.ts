import { z } from './zod';
import { targetSchema, type TargetKind } from '@/lib/adapters/targets';
import {
  KNOWN_LINK_STATES,
  linkErrorSchema,
  logsDocSchema,
  nodeInfoSchema,
  peersDocSchema,
  registrationOutcomeSchema,
  routingDocSchema,
} from './admin-v1';

/**
 * The normalized NodeReport: what one poll of one node produced, whatever the
 * source kind. Adapters build it; the store keeps it; diagnostics read it.
 */

/** What a single poll can end in. */
export const POLL_STATUSES = ['ok', 'unreachable', 'timeout', 'bad_response'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

/** What the dashboard shows for a node: a poll outcome, or that it does not know (yet / any more). */
export const NODE_STATUSES = [...POLL_STATUSES, 'unknown', 'stale'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export const REASON_CODES = [
  'refused', // connection refused / reset before an answer
  'dns', // name did not resolve
  'tls', // TLS handshake or certificate failure
  'network', // any other socket-level failure
  'timeout', // no complete answer within the request timeout
  'http_status', // non-2xx
  'not_json', // body is not JSON
  'oversize', // body larger than the configured cap (aborted, not buffered)
  'too_deep', // JSON nested deeper than any report needs (refused before parsing)
  'schema', // JSON that fails the admin API v1 schema
  'auth', // the source refused our credentials or permissions
  'protocol', // a non-HTTP source answered something we cannot parse
  'not_operable', // the node answered, but says it cannot serve yet (no quorum, still bootstrapping)
  'dashboard_fd_limit', // the dashboard itself ran out of file descriptors (EMFILE/ENFILE): the node was not asked
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const pollReasonSchema = z.object({
  code: z.enum(REASON_CODES),
  message: z.string(),
  /** For schema failures: the path inside the answer that failed. */
  path: z.string().optional(),
});
export type PollReason = z.infer<typeof pollReasonSchema>;

export const LINK_STATES = [...KNOWN_LINK_STATES, 'unknown'] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** A replication link after normalization: `state` is a known state or `unknown`, never a guess. */
export const replicationLinkSchema = z.object({
  id: z.string(),
  primary: z.string(),
  replica: z.string(),
  state: z.enum(LINK_STATES),
  /** What the node literally said, kept as evidence (null when it said nothing). */
  reportedState: z.string().nullable(),
  attempts: z.number().nullable(),
  maxAttempts: z.number().nullable(),
  lastError: linkErrorSchema.nullable(),
  primaryOffset: z.number().nullable(),
  replicaOffset: z.number().nullable(),
  lag: z.number().nullable(),
  lastIoAt: z.string().nullable(),
  registration: registrationOutcomeSchema.nullable(),
});
export type ReplicationLink = z.infer<typeof replicationLinkSchema>;

/** Fields every link starts from: nothing known until the node says it. */
export function blankLink(primary: string, replica: string, id = `${primary}->${replica}`): ReplicationLink {
  return {
    id,
    primary,
    replica,
    state: 'unknown',
    reportedState: null,
    attempts: null,
    maxAttempts: null,
    lastError: null,
    primaryOffset: null,
    replicaOffset: null,
    lag: null,
    lastIoAt: null,
    registration: null,
  };
}

/**
 * Peer counts a p2p node gives about itself where it gives no peer list
 * (go-quai: JSON-RPC and Prometheus). Each count is null when the source did
 * not give it or gave something unreadable, with the reason in `problems`.
 */
export const peerCountsSchema = z.object({
  listening: z.boolean().nullable(),
  /** The network (protocol) version the node answers with. */
  network: z.string().max(64).nullable(),
  /** net_peerCount. */
  total: z.number().int().nonnegative().nullable(),
  /** net_peerCountByDirection. */
  incoming: z.number().int().nonnegative().nullable(),
  outgoing: z.number().int().nonnegative().nullable(),
  /** Prometheus PeerGauges{label="numPeers"}: null when metrics are off or the gauge is absent. */
  metricsPeers: z.number().nonnegative().nullable(),
  metricsStreams: z.number().nonnegative().nullable(),
  messagesSent: z.number().nonnegative().nullable(),
  messagesReceived: z.number().nonnegative().nullable(),
  /** Whether a metrics page was asked for at all (no metricsUrl configured: false). */
  metricsConfigured: z.boolean(),
  problems: z.array(z.string().max(1024)).max(32),
});
export type PeerCounts = z.infer<typeof peerCountsSchema>;

export const REPORT_PARTS = ['peers', 'sync', 'routing', 'logs'] as const;
export type ReportPart = (typeof REPORT_PARTS)[number];

/** The source kinds, read from the target union (lib/adapters/targets.ts), so a new kind is listed once. */
export const SOURCE_KIND_NAMES = targetSchema.options.map((option) => option.shape.kind.value) as [TargetKind, ...TargetKind[]];
export type SourceKind = TargetKind;

export const nodeReportSchema = z.object({
  /** The target id from the cluster config (not what the node calls itself). */
  targetId: z.string(),
  kind: z.enum(SOURCE_KIND_NAMES),
  /** Display address, never with credentials. */
  address: z.string(),
  status: z.enum(POLL_STATUSES),
  reason: pollReasonSchema.nullable(),
  /** Collector clock, ms since epoch, when the answer (or failure) arrived. */
  fetchedAt: z.number(),
  latencyMs: z.number().nullable(),
  node: nodeInfoSchema.nullable(),
  peers: peersDocSchema.nullable(),
  sync: z.object({ links: z.array(replicationLinkSchema) }).nullable(),
  routing: routingDocSchema.nullable(),
  /** Named tables, for sources with many (Pegasus); each has `table` set. Diagnostics judge each table apart. */
  tables: z.array(routingDocSchema).max(4096).optional(),
  /** Problems that did not fail the poll (a configured table the source does not know, a value that did not parse). */
  warnings: z.array(z.string().max(1024)).max(256).optional(),
  logs: logsDocSchema.nullable(),
  /** Counts from a source that has no peer list (go-quai); absent for every other kind. */
  peerCounts: peerCountsSchema.nullable().optional(),
  /** Parts this source cannot provide: "not available from this source", not empty, not healthy. */
  unavailable: z.array(z.enum(REPORT_PARTS)),
});
export type NodeReport = z.infer<typeof nodeReportSchema>;

/** What a failed poll reports: who was asked, how it ended, and no parts (there is no answer to read them from). */
export type FailedPoll = Pick<NodeReport, 'targetId' | 'kind' | 'address' | 'reason' | 'fetchedAt'> & {
  status: Exclude<PollStatus, 'ok'>;
  latencyMs?: number | null;
  unavailable?: ReportPart[];
};

export function failedReport({ targetId, kind, address, status, reason, fetchedAt, latencyMs = null, unavailable = [] }: FailedPoll): NodeReport {
  return { targetId, kind, address, status, reason, fetchedAt, latencyMs, node: null, peers: null, sync: null, routing: null, logs: null, unavailable };
}
