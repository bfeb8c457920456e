import type { Finding } from './findings';
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
  pollIntervalMs: number;
  generatedAt: number;
  /** When the first full poll cycle finished; null until then. */
  firstCycleAt: number | null;
  lastCycle: { startedAt: number; durationMs: number; polled: number } | null;
  counts: StatusCounts;
  nodes: NodeSummary[];
};

export type FindingsView = {
  generatedAt: number;
  findings: Finding[];
};

export type StatusSample = { at: number; status: PollStatus; latencyMs: number | null; reason: string | null };

export type StatusChange = { at: number; node: string; from: NodeStatus; to: NodeStatus; reason: string | null };

export type NodeDetailView = {
  generatedAt: number;
  pollIntervalMs: number;
  node: NodeSummary;
  /** The last report as stored (credentials never included). */
  latest: NodeReport | null;
  samples: StatusSample[];
  events: StatusChange[];
};

export type ApiError = { error: { code: string; message: string } };
