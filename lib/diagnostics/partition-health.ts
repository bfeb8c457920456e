import type { Condition } from '@/lib/contract/findings';
import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { Analyzer } from './types';
import { formatPartitionRanges } from './routing-table';
import { isClientReport } from './routing-table';

/**
 * Partition health by Pegasus's own rules (get_app_handler in
 * src/meta/meta_http_service.cpp): with a primary, fully healthy when
 * primary + secondaries ≥ max replicas, write-unhealthy when fewer than 2;
 * without a primary, both write- and read-unhealthy. Only partitions whose
 * source says how many replicas they should have are judged.
 */

export const HEALTH_EVIDENCE_CAP = 20;

export type PartitionHealth = {
  judged: number;
  fullyHealthy: number;
  /** Not fully healthy (Pegasus's unhealthy_partition_count). */
  unhealthy: number[];
  writeUnhealthy: number[];
  readUnhealthy: number[];
};

export function partitionHealthOf(doc: RoutingDoc): PartitionHealth {
  const health: PartitionHealth = { judged: 0, fullyHealthy: 0, unhealthy: [], writeUnhealthy: [], readUnhealthy: [] };
  for (const partition of doc.partitions) {
    if (partition.maxReplicas === undefined) continue;
    health.judged++;
    const hasPrimary = partition.owners.length > 0;
    const replicas = (hasPrimary ? 1 : 0) + partition.backups.length;
    if (hasPrimary && replicas >= partition.maxReplicas) {
      health.fullyHealthy++;
      continue;
    }
    health.unhealthy.push(partition.id);
    if (!hasPrimary) {
      health.writeUnhealthy.push(partition.id);
      health.readUnhealthy.push(partition.id);
    } else if (replicas < 2) {
      health.writeUnhealthy.push(partition.id);
    }
  }
  return health;
}

export type TableHealthState = { since: number | null; health: PartitionHealth | null; member: string | null };

/** Judges the authority's table (a storage view, not a client's cache) each cycle; one condition per table. */
export const tableHealthAnalyzer: Analyzer<TableHealthState> = {
  name: 'table-health',
  initial: () => ({ since: null, health: null, member: null }),
  step(state, input) {
    let health: PartitionHealth | null = null;
    let member: string | null = null;
    for (const report of input.reports.values()) {
      if (report.status !== 'ok' || !report.routing || isClientReport(report)) continue;
      const judged = partitionHealthOf(report.routing);
      if (judged.judged === 0) continue;
      health = judged;
      member = report.targetId;
      break;
    }
    if (health === null) return { state: { ...state, health: null, member: null }, conditions: [] };
    if (health.unhealthy.length === 0) return { state: { since: null, health, member }, conditions: [] };
    const since = state.since ?? input.now;
    const ranges = formatPartitionRanges(health.unhealthy);
    const severity = health.writeUnhealthy.length > 0 ? 'critical' : 'warning';
    const parts = [`${health.unhealthy.length} of ${health.judged} partition(s) not fully healthy (${ranges})`];
    if (health.writeUnhealthy.length) parts.push(`${health.writeUnhealthy.length} write-unhealthy`);
    if (health.readUnhealthy.length) parts.push(`${health.readUnhealthy.length} read-unhealthy (no primary)`);
    const condition: Condition = {
      kind: 'routing.unhealthy',
      severity,
      subject: { type: 'partition', id: 'health', node: member ?? undefined },
      summary: parts.join('; '),
      since,
      evidence: {
        reportedBy: member,
        fullyHealthy: health.fullyHealthy,
        unhealthyCount: health.unhealthy.length,
        writeUnhealthyCount: health.writeUnhealthy.length,
        readUnhealthyCount: health.readUnhealthy.length,
        unhealthy: health.unhealthy.slice(0, HEALTH_EVIDENCE_CAP),
        writeUnhealthy: health.writeUnhealthy.slice(0, HEALTH_EVIDENCE_CAP),
        readUnhealthy: health.readUnhealthy.slice(0, HEALTH_EVIDENCE_CAP),
      },
    };
    return { state: { since, health, member }, conditions: [condition] };
  },
};
