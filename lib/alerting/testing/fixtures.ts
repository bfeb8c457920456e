import type { NodeSummary } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { NodeStatus } from '@/lib/contract/report';
import type { ClusterSnapshot } from '../snapshot';

/** Small builders for alerting tests: a node summary, a finding, a snapshot. */

export function node(id: string, status: NodeStatus, latencyMs: number | null = 12): NodeSummary {
  const polled = status !== 'unknown';
  return {
    id,
    kind: 'native',
    role: 'replica',
    address: `127.0.0.1:1${id.length}`,
    status,
    lastPollStatus: polled && status !== 'stale' ? status : null,
    reason: null,
    lastSeen: null,
    lastPolledAt: polled ? 1_000 : null,
    latencyMs: polled ? latencyMs : null,
    version: null,
    stale: status === 'stale',
  };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'node.unreachable:node:n1',
    kind: 'node.unreachable',
    severity: 'critical',
    subject: { type: 'node', id: 'n1' },
    summary: 'n1 refused the connection',
    evidence: { reason: 'refused', address: '127.0.0.1:9' },
    firstSeen: 1_000,
    lastSeen: 2_000,
    status: 'active',
    resolvedAt: null,
    class: 'transient',
    logGroups: [],
    ...overrides,
  };
}

export function snapshot(overrides: Partial<ClusterSnapshot> = {}): ClusterSnapshot {
  return { cluster: 'alpha', at: 2_000, pollIntervalMs: 1000, nodes: [], active: [], resolved: [], lastCycle: null, ...overrides };
}
