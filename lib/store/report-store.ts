import type { StatusChange, StatusSample } from '@/lib/contract/api';
import type { NodeReport, NodeStatus, PollStatus } from '@/lib/contract/report';
import { Ring } from './ring';
import { SampleRing } from './sample-ring';
import { SharedPartitions } from './shared-partitions';

export type TargetMeta = { id: string; kind: NodeReport['kind']; address: string };

export type ReportStoreOptions = {
  /** Compact status/latency samples kept per node (the node page chart). */
  samplesPerNode: number;
  /** Status changes kept across the cluster. */
  maxEvents: number;
};

/**
 * What we remember about the nodes: the latest report, the last good one, a
 * ring of compact status/latency samples per node, and the status changes.
 * Everything is bounded. Analyzers keep their own bounded state, so full
 * reports are not kept beyond the latest and the last good one.
 */
export class ReportStore {
  private readonly latestByNode = new Map<string, NodeReport>();
  private readonly lastOkByNode = new Map<string, NodeReport>();
  private readonly samplesByNode = new Map<string, SampleRing>();
  private readonly events: Ring<StatusChange>;
  private readonly metaById = new Map<string, TargetMeta>();
  private readonly sharedPartitions = new SharedPartitions();

  constructor(
    readonly targets: readonly TargetMeta[],
    private readonly options: ReportStoreOptions,
  ) {
    this.events = new Ring(options.maxEvents);
    for (const target of targets) {
      this.metaById.set(target.id, target);
      this.samplesByNode.set(target.id, new SampleRing(options.samplesPerNode));
    }
  }

  has(id: string): boolean {
    return this.metaById.has(id);
  }

  meta(id: string): TargetMeta | undefined {
    return this.metaById.get(id);
  }

  /** Records one poll's report; returns the status change it caused, if any. */
  record(answered: NodeReport): StatusChange | null {
    const id = answered.targetId;
    if (!this.metaById.has(id)) return null;
    // Kept until the node's next poll: its routing table shared with the other nodes reporting the same one.
    const report = this.sharedPartitions.compact(answered);
    const previous = this.latestByNode.get(id);
    this.latestByNode.set(id, report);
    if (report.status === 'ok') this.lastOkByNode.set(id, report);
    this.samplesByNode.get(id)?.push({
      at: report.fetchedAt,
      status: report.status,
      latencyMs: report.latencyMs,
      reason: report.reason?.message ?? null,
    });
    const from: NodeStatus = previous?.status ?? 'unknown';
    if (from === report.status) return null;
    const change: StatusChange = {
      at: report.fetchedAt,
      node: id,
      from,
      to: report.status,
      reason: report.reason?.message ?? null,
    };
    this.events.push(change);
    return change;
  }

  latest(id: string): NodeReport | undefined {
    return this.latestByNode.get(id);
  }

  lastOk(id: string): NodeReport | undefined {
    return this.lastOkByNode.get(id);
  }

  latestMap(): ReadonlyMap<string, NodeReport> {
    return this.latestByNode;
  }

  lastOkMap(): ReadonlyMap<string, NodeReport> {
    return this.lastOkByNode;
  }

  samples(id: string): StatusSample[] {
    return this.samplesByNode.get(id)?.toArray() ?? [];
  }

  statusEvents(node?: string): StatusChange[] {
    const all = this.events.toArray();
    return node ? all.filter((event) => event.node === node) : all;
  }

  lastPollStatus(id: string): PollStatus | null {
    return this.latestByNode.get(id)?.status ?? null;
  }
}
