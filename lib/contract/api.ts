import type { Finding, Severity } from './findings';
import type { NodeReport, NodeStatus, PollReason, PollStatus, SourceKind } from './report';

/** Shapes of the dashboard's own read-only JSON API (app/api/*). */

export type NodeSummary = {
  id: string;
  kind: SourceKind;
  /** From the node's last good report; null when never known. */
  role: string | null;
  address: string;
  /** What the UI shows: `unknown` before the first poll, `stale` when the last report is older than 3 intervals. */
  status: NodeStatus;
  lastPollStatus: PollStatus | null;
  reason: PollReason | null;
  /** Last time the node answered ok (ms since epoch). */
  lastSeen: number | null;
  lastPolledAt: number | null;
  latencyMs: number | null;
  version: string | null;
  stale: boolean;
};

export type StatusCounts = Record<NodeStatus, number>;

export type ClusterView = {
  cluster: string;
  mode: 'demo' | 'config';
  /** The source kinds of its targets, e.g. [{ kind: 'redis', label: 'Redis / Valkey / Pika' }]. */
  sources: SourceKindLabel[];
  pollIntervalMs: number;
  /** Data older than this is stale (the one rule, decided on the server). */
  staleAfterMs: number;
  generatedAt: number;
  /** When the first full poll cycle finished; null until then. */
  firstCycleAt: number | null;
  lastCycle: { startedAt: number; durationMs: number; polled: number } | null;
  counts: StatusCounts;
  nodes: NodeSummary[];
};

export type SourceKindLabel = { kind: SourceKind; label: string };

/** A finding with the cluster it belongs to (every findings answer carries it). */
export type ClusterFinding = Finding & { cluster: string };

export type FindingsView = {
  generatedAt: number;
  findings: ClusterFinding[];
};

/** One row of the home page: a cluster at a glance. */
export type ClusterSummary = {
  name: string;
  sources: SourceKindLabel[];
  pollIntervalMs: number;
  staleAfterMs: number;
  nodeCount: number;
  counts: StatusCounts;
  activeBySeverity: Record<Severity, number>;
  /** The most severe active findings (a few), in the one findings order. */
  topFindings: ClusterFinding[];
  /** End of the last poll cycle; null before the first. */
  dataAt: number | null;
  firstCycleAt: number | null;
};

export type ClustersView = {
  mode: 'demo' | 'config';
  generatedAt: number;
  clusters: ClusterSummary[];
};

export type StatusSample = { at: number; status: PollStatus; latencyMs: number | null; reason: string | null };

export type StatusChange = { at: number; node: string; from: NodeStatus; to: NodeStatus; reason: string | null };

export type NodeDetailView = {
  generatedAt: number;
  pollIntervalMs: number;
  staleAfterMs: number;
  node: NodeSummary;
  /** The last report as stored (credentials never included). */
  latest: NodeReport | null;
  samples: StatusSample[];
  events: StatusChange[];
};

export type ApiError = { error: { code: string; message: string } };
