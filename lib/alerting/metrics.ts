import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { FINDING_KINDS, type FindingClass, type FindingKind, type Severity } from '@/lib/contract/findings';
import { POLL_STATUSES } from '@/lib/contract/report';
import { boundedLabelValue } from './labels';
import { NodeSeries } from './node-series';
import type { ClusterSnapshot } from './snapshot';

/**
 * The dashboard's own Prometheus metrics, in a registry of its own (not
 * prom-client's global one, so tests and several runtimes never collide).
 *
 * Cardinality: per cluster, 6 status series and one latency series per
 * configured target, at most 17 kinds × 3 severities × 2 classes of finding
 * series, one cycle histogram, 4 poll outcomes; plus one series per route
 * handler and per configured Alertmanager/webhook. Nodes beyond
 * `maxNodesPerCluster` are left out (and counted) rather than exploding a
 * Prometheus server.
 */

export const DEFAULT_MAX_NODES_PER_CLUSTER = 5000;

const MISNAMED_DEFAULT_GAUGES = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export type MetricsOptions = { maxNodesPerCluster?: number; processMetrics?: boolean };

type FindingKey = `${FindingKind}|${Severity}|${FindingClass}`;

export class DashboardMetrics {
  readonly registry = new Registry();
  private readonly maxNodes: number;
  /** clusterscope_node_status and clusterscope_node_poll_latency_seconds, made when scraped. */
  private readonly nodes: NodeSeries;
  readonly nodesOmitted: Gauge<'cluster'>;
  readonly findingsActive: Gauge<'cluster' | 'kind' | 'severity' | 'class'>;
  readonly cycleDuration: Histogram<'cluster'>;
  readonly lastCycle: Gauge<'cluster'>;
  readonly pollInterval: Gauge<'cluster'>;
  readonly collecting: Gauge<'cluster' | 'replica'>;
  readonly collectorTerm: Gauge<'cluster'>;
  readonly polls: Counter<'cluster' | 'outcome'>;
  readonly httpDuration: Histogram<'route' | 'method' | 'code'>;
  readonly alertmanagerSends: Counter<'alertmanager' | 'outcome'>;
  readonly alertmanagerAlerts: Gauge<'alertmanager'>;
  readonly webhookDeliveries: Counter<'webhook' | 'outcome'>;
  readonly webhookQueue: Gauge<'webhook'>;
  /** Per cluster: the finding label sets exported so far, to zero what went away. */
  private readonly exportedFindings = new Map<string, Set<FindingKey>>();
  private readonly countedCycles = new Map<string, number>();

  constructor(options: MetricsOptions = {}) {
    this.maxNodes = options.maxNodesPerCluster ?? DEFAULT_MAX_NODES_PER_CLUSTER;
    const registers = [this.registry];
    this.nodes = new NodeSeries(registers);
    this.nodesOmitted = new Gauge({
      name: 'clusterscope_metrics_nodes_omitted',
      help: 'Nodes left out of the per-node series because the cluster has more than the per-cluster limit.',
      labelNames: ['cluster'],
      registers,
    });
    this.findingsActive = new Gauge({
      name: 'clusterscope_findings_active',
      help: 'Active findings by kind, severity and class.',
      labelNames: ['cluster', 'kind', 'severity', 'class'],
      registers,
    });
    this.cycleDuration = new Histogram({
      name: 'clusterscope_collector_cycle_duration_seconds',
      help: 'Duration of one collector cycle (polling every due node).',
      labelNames: ['cluster'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    });
    this.lastCycle = new Gauge({
      name: 'clusterscope_collector_last_cycle_timestamp_seconds',
      help: 'When the last collector cycle started (Unix time).',
      labelNames: ['cluster'],
      registers,
    });
    this.pollInterval = new Gauge({
      name: 'clusterscope_collector_poll_interval_seconds',
      help: 'The configured poll interval.',
      labelNames: ['cluster'],
      registers,
    });
    this.collecting = new Gauge({
      name: 'clusterscope_collecting',
      help: 'High availability: 1 when this replica collects the cluster, 0 when it stands by.',
      labelNames: ['cluster', 'replica'],
      registers,
    });
    this.collectorTerm = new Gauge({
      name: 'clusterscope_collector_term',
      help: "High availability: the fencing term of the cluster's collector (grows by one at every takeover).",
      labelNames: ['cluster'],
      registers,
    });
    this.polls = new Counter({
      name: 'clusterscope_polls_total',
      help: 'Node polls by outcome.',
      labelNames: ['cluster', 'outcome'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'clusterscope_http_request_duration_seconds',
      help: 'Duration of the dashboard API requests, by route.',
      labelNames: ['route', 'method', 'code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.alertmanagerSends = new Counter({
      name: 'clusterscope_alertmanager_sends_total',
      help: 'Requests to Alertmanager by outcome (success, failure).',
      labelNames: ['alertmanager', 'outcome'],
      registers,
    });
    this.alertmanagerAlerts = new Gauge({
      name: 'clusterscope_alertmanager_alerts_last_sent',
      help: 'Alerts (firing and resolved) in the last request to each Alertmanager.',
      labelNames: ['alertmanager'],
      registers,
    });
    this.webhookDeliveries = new Counter({
      name: 'clusterscope_webhook_deliveries_total',
      help: 'Webhook messages by outcome: delivered, retried (one failed attempt), failed (gave up), dropped (queue full).',
      labelNames: ['webhook', 'outcome'],
      registers,
    });
    this.webhookQueue = new Gauge({
      name: 'clusterscope_webhook_queue_length',
      help: 'Webhook messages waiting to be delivered.',
      labelNames: ['webhook'],
      registers,
    });
    if (options.processMetrics !== false) {
      collectDefaultMetrics({ register: this.registry });
      // prom-client names these gauges "_total", which `promtool check metrics` rejects; the per-type gauges beside them stay.
      for (const name of MISNAMED_DEFAULT_GAUGES) this.registry.removeSingleMetric(name);
    }
  }

  /** Brings one cluster's series up to date; called after each collector cycle. */
  observeCluster(snapshot: ClusterSnapshot): void {
    const cluster = boundedLabelValue(snapshot.cluster);
    this.pollInterval.set({ cluster }, snapshot.pollIntervalMs / 1000);
    this.observeNodes(cluster, snapshot);
    this.observeFindings(cluster, snapshot);
    const cycle = snapshot.lastCycle;
    if (cycle && this.countedCycles.get(cluster) !== cycle.startedAt) {
      this.countedCycles.set(cluster, cycle.startedAt);
      this.cycleDuration.observe({ cluster }, cycle.durationMs / 1000);
      this.lastCycle.set({ cluster }, cycle.startedAt / 1000);
      for (const outcome of POLL_STATUSES) this.polls.inc({ cluster, outcome }, cycle.polls[outcome] ?? 0);
    }
  }

  private observeNodes(cluster: string, snapshot: ClusterSnapshot): void {
    const shown = snapshot.nodes.length > this.maxNodes ? snapshot.nodes.slice(0, this.maxNodes) : snapshot.nodes;
    this.nodesOmitted.set({ cluster }, snapshot.nodes.length - shown.length);
    this.nodes.observe(cluster, shown);
  }

  private observeFindings(cluster: string, snapshot: ClusterSnapshot): void {
    const counts = new Map<FindingKey, number>();
    for (const finding of snapshot.active) {
      // Kinds come from a fixed list; anything else would be a bug upstream, not a new series.
      if (!(FINDING_KINDS as readonly string[]).includes(finding.kind)) continue;
      const key: FindingKey = `${finding.kind}|${finding.severity}|${finding.class}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    // A label set seen once stays at 0 when it clears, so graphs and `for:` see it drop rather than vanish.
    const exported = this.exportedFindings.get(cluster) ?? new Set<FindingKey>();
    for (const key of counts.keys()) exported.add(key);
    for (const key of exported) {
      const [kind, severity, findingClass] = key.split('|');
      this.findingsActive.set({ cluster, kind, severity, class: findingClass }, counts.get(key) ?? 0);
    }
    this.exportedFindings.set(cluster, exported);
  }

  /** High availability: whether this replica collects the cluster, and the collector's term (null: none known). */
  observeCollector(cluster: string, replica: string, collecting: boolean, term: number | null): void {
    const labels = { cluster: boundedLabelValue(cluster), replica: boundedLabelValue(replica) };
    this.collecting.set(labels, collecting ? 1 : 0);
    if (term === null) this.collectorTerm.remove({ cluster: labels.cluster });
    else this.collectorTerm.set({ cluster: labels.cluster }, term);
  }

  /** Starts timing one API request; call the result with the HTTP status once answered. */
  startRequest(route: string, method: string): (code: number) => void {
    const end = this.httpDuration.startTimer({ route: boundedLabelValue(route, 128), method: boundedLabelValue(method, 16) });
    return (code) => {
      end({ code: String(code) });
    };
  }

  /** The exposition page and its content type. */
  async exposition(): Promise<{ body: string; contentType: string }> {
    return { body: await this.registry.metrics(), contentType: this.registry.contentType };
  }
}

const slot = globalThis as typeof globalThis & { __clusterscopeMetrics?: DashboardMetrics };

/** The process's one metrics registry (kept on globalThis: route bundles and dev reloads share it). */
export function dashboardMetrics(): DashboardMetrics {
  slot.__clusterscopeMetrics ??= new DashboardMetrics();
  return slot.__clusterscopeMetrics;
}
