import { Gauge, type Registry } from 'prom-client';
import type { NodeSummary } from '@/lib/contract/api';
import { NODE_STATUSES, type NodeStatus } from '@/lib/contract/report';
import { boundedLabelValue } from './labels';

/** What a scrape needs of one cluster's nodes, kept in flat arrays filled in place each cycle. */
type ObservedNodes = {
  ids: string[];
  /** Index into NODE_STATUSES. */
  status: Uint8Array;
  /** Seconds; NaN when the node has not been polled yet. */
  latency: Float64Array;
  count: number;
};

type Row<T extends string> = { labels: Record<T, string>; value: number };

/**
 * A gauge whose per-node series are made when scraped, from each cluster's last
 * observed nodes. At 5,000 nodes a cluster has 35,000 such series: as
 * prom-client label sets they held 4.9 MB between scrapes and cost a write per
 * node every cycle; here a cycle copies two numbers a node and a scrape makes
 * the rows (Prometheus scrapes every 15–60 s, far less often than cycles run).
 */
class ScrapedGauge<T extends string> extends Gauge<T> {
  constructor(
    options: { name: string; help: string; labelNames: T[]; registers: Registry[] },
    private readonly rows: () => Row<T>[],
  ) {
    super(options);
  }

  override async get() {
    const metric = await super.get();
    return { ...metric, values: this.rows() };
  }
}

const STATUS_INDEX = new Map<NodeStatus, number>(NODE_STATUSES.map((status, index) => [status, index]));

/** Per cluster, the nodes of its last cycle (at most `maxNodes` of them), exported as status and latency series. */
export class NodeSeries {
  private readonly clusters = new Map<string, ObservedNodes>();

  constructor(registers: Registry[]) {
    new ScrapedGauge<'cluster' | 'node' | 'status'>(
      {
        name: 'clusterscope_node_status',
        help: 'Node status as the dashboard shows it: 1 for the current status, 0 for the others (like kube-state-metrics).',
        labelNames: ['cluster', 'node', 'status'],
        registers,
      },
      () => this.statusRows(),
    );
    new ScrapedGauge<'cluster' | 'node'>(
      {
        name: 'clusterscope_node_poll_latency_seconds',
        help: 'Duration of the last poll of the node (absent until it was polled).',
        labelNames: ['cluster', 'node'],
        registers,
      },
      () => this.latencyRows(),
    );
  }

  /** Replaces the cluster's nodes with `nodes` (already cut to the per-cluster limit). */
  observe(cluster: string, nodes: readonly NodeSummary[]): void {
    let observed = this.clusters.get(cluster);
    if (!observed || observed.status.length < nodes.length) {
      observed = { ids: [], status: new Uint8Array(nodes.length), latency: new Float64Array(nodes.length), count: 0 };
      this.clusters.set(cluster, observed);
    }
    observed.count = nodes.length;
    observed.ids.length = nodes.length;
    for (let index = 0; index < nodes.length; index++) {
      const node = nodes[index];
      observed.ids[index] = node.id;
      observed.status[index] = STATUS_INDEX.get(node.status) ?? 0;
      observed.latency[index] = node.latencyMs === null ? Number.NaN : node.latencyMs / 1000;
    }
  }

  private statusRows(): Row<'cluster' | 'node' | 'status'>[] {
    const rows: Row<'cluster' | 'node' | 'status'>[] = [];
    for (const [cluster, observed] of this.clusters) {
      for (let index = 0; index < observed.count; index++) {
        const node = boundedLabelValue(observed.ids[index]);
        for (let status = 0; status < NODE_STATUSES.length; status++) {
          rows.push({ labels: { cluster, node, status: NODE_STATUSES[status] }, value: observed.status[index] === status ? 1 : 0 });
        }
      }
    }
    return rows;
  }

  private latencyRows(): Row<'cluster' | 'node'>[] {
    const rows: Row<'cluster' | 'node'>[] = [];
    for (const [cluster, observed] of this.clusters) {
      for (let index = 0; index < observed.count; index++) {
        const seconds = observed.latency[index];
        if (!Number.isNaN(seconds)) rows.push({ labels: { cluster, node: boundedLabelValue(observed.ids[index]) }, value: seconds });
      }
    }
    return rows;
  }
}
