import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { NodeReport } from '@/lib/contract/report';

/** Distinct partition lists remembered: the cluster's table now, the one before, and nodes that lag or lead. */
const REMEMBERED_TABLES = 4;

type Partitions = RoutingDoc['partitions'];

/** Plain JSON data (what a parsed answer is) compared by value. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index += 1) if (!sameData(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key in left) if (!Object.hasOwn(right, key) || !sameData(left[key], right[key])) return false;
  for (const key in right) if (!Object.hasOwn(left, key)) return false;
  return true;
}

/**
 * The nodes of a cluster mostly report the same routing table. Each answer is
 * parsed into its own copy (16 partitions are ~50 objects; Redis's 16,384
 * slots far more), and every node's latest report is kept: at 5,000 nodes
 * that was 5,000 copies of one table, all promoted to the old generation and
 * replaced every poll. A table equal to one seen lately is swapped for that
 * one, so the store keeps one copy, and the routing analyzers, whose owner
 * arrays are cached by partition list, build them once per table, not per node.
 */
export class SharedPartitions {
  /** Most recently matched first. */
  private readonly recent: Partitions[] = [];

  share(partitions: Partitions): Partitions {
    for (let index = 0; index < this.recent.length; index += 1) {
      const candidate = this.recent[index];
      if (candidate.length !== partitions.length || !sameData(candidate, partitions)) continue;
      if (index > 0) {
        this.recent.splice(index, 1);
        this.recent.unshift(candidate);
      }
      return candidate;
    }
    this.recent.unshift(partitions);
    if (this.recent.length > REMEMBERED_TABLES) this.recent.pop();
    return partitions;
  }

  /**
   * The report with its routing table's partitions shared; the same report when
   * nothing was. Only the one table of single-table sources: sources with many
   * tables (Pegasus) report each apart, and those differ from one another.
   */
  compact(report: NodeReport): NodeReport {
    if (!report.routing) return report;
    const partitions = this.share(report.routing.partitions);
    return partitions === report.routing.partitions ? report : { ...report, routing: { ...report.routing, partitions } };
  }
}
