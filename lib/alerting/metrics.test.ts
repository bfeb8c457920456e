import { describe, expect, it } from 'vitest';
import { NODE_STATUSES } from '@/lib/contract/report';
import { DashboardMetrics } from './metrics';
import { boundedLabelValue, MAX_LABEL_VALUE_LENGTH } from './labels';
import { finding, node, snapshot } from './testing/fixtures';

const metricsOnly = () => new DashboardMetrics({ processMetrics: false });
const seriesOf = (page: string, name: string) => page.split('\n').filter((line) => line.startsWith(`${name}{`));

describe('DashboardMetrics', () => {
  it('exports one series per status value for each node, 1 for the current status', async () => {
    const metrics = metricsOnly();
    metrics.observeCluster(snapshot({ nodes: [node('n1', 'ok'), node('n2', 'unreachable')] }));
    const page = (await metrics.exposition()).body;
    expect(seriesOf(page, 'clusterscope_node_status')).toHaveLength(2 * NODE_STATUSES.length);
    expect(page).toContain('clusterscope_node_status{cluster="alpha",node="n1",status="ok"} 1');
    expect(page).toContain('clusterscope_node_status{cluster="alpha",node="n1",status="unreachable"} 0');
    expect(page).toContain('clusterscope_node_status{cluster="alpha",node="n2",status="unreachable"} 1');
    expect(page).toContain('clusterscope_node_poll_latency_seconds{cluster="alpha",node="n1"} 0.012');
  });

  it("moves the 1 to the new status when a node's status changes", async () => {
    const metrics = metricsOnly();
    metrics.observeCluster(snapshot({ nodes: [node('n1', 'ok')] }));
    metrics.observeCluster(snapshot({ nodes: [node('n1', 'stale')] }));
    const page = (await metrics.exposition()).body;
    expect(page).toContain('clusterscope_node_status{cluster="alpha",node="n1",status="ok"} 0');
    expect(page).toContain('clusterscope_node_status{cluster="alpha",node="n1",status="stale"} 1');
  });

  it('escapes label values as the exposition format requires (backslash, quote, newline)', async () => {
    const metrics = metricsOnly();
    metrics.observeCluster(snapshot({ cluster: 'a"b\\c\nd', nodes: [node('n1', 'ok')] }));
    const page = (await metrics.exposition()).body;
    // Control characters are blanked before export; quote and backslash are escaped by the format.
    expect(page).toContain('clusterscope_node_status{cluster="a\\"b\\\\c d",node="n1",status="ok"} 1');
    expect(page.split('\n').every((line) => !line.includes('\n'))).toBe(true);
  });

  it('bounds label values in length', () => {
    const long = 'x'.repeat(1000);
    expect(Array.from(boundedLabelValue(long))).toHaveLength(MAX_LABEL_VALUE_LENGTH);
    expect(boundedLabelValue('short')).toBe('short');
  });

  it('keeps finding ids, subjects and summaries out of labels: series depend on kind, severity and class only', async () => {
    const metrics = metricsOnly();
    const many = Array.from({ length: 500 }, (_, index) =>
      finding({ id: `sync.error:link:l${index}`, kind: 'sync.error', subject: { type: 'link', id: `l${index}`, node: `n${index}` }, summary: `link ${index} zzq-summary` }),
    );
    metrics.observeCluster(snapshot({ active: [...many, finding()] }));
    const page = (await metrics.exposition()).body;
    const series = seriesOf(page, 'clusterscope_findings_active');
    expect(series).toEqual([
      'clusterscope_findings_active{cluster="alpha",kind="sync.error",severity="critical",class="transient"} 500',
      'clusterscope_findings_active{cluster="alpha",kind="node.unreachable",severity="critical",class="transient"} 1',
    ]);
    expect(page).not.toContain('l499');
    expect(page).not.toContain('zzq-summary');
  });

  it('drops a finding series to 0 when it clears, and removes the series of nodes no longer configured', async () => {
    const metrics = metricsOnly();
    metrics.observeCluster(snapshot({ nodes: [node('n1', 'ok'), node('gone', 'ok')], active: [finding()] }));
    metrics.observeCluster(snapshot({ nodes: [node('n1', 'ok')], active: [] }));
    const page = (await metrics.exposition()).body;
    expect(page).toContain('clusterscope_findings_active{cluster="alpha",kind="node.unreachable",severity="critical",class="transient"} 0');
    expect(page).not.toContain('node="gone"');
  });

  it('caps the nodes per cluster and counts those left out', async () => {
    const metrics = new DashboardMetrics({ processMetrics: false, maxNodesPerCluster: 3 });
    metrics.observeCluster(snapshot({ nodes: Array.from({ length: 10 }, (_, index) => node(`n${index}`, 'ok')) }));
    const page = (await metrics.exposition()).body;
    expect(seriesOf(page, 'clusterscope_node_status')).toHaveLength(3 * NODE_STATUSES.length);
    expect(page).toContain('clusterscope_metrics_nodes_omitted{cluster="alpha"} 7');
  });

  it('counts each cycle once, however often the snapshot is read', async () => {
    const metrics = metricsOnly();
    const cycle = { startedAt: 5_000, durationMs: 250, polls: { ok: 4, timeout: 1 } };
    metrics.observeCluster(snapshot({ lastCycle: cycle }));
    metrics.observeCluster(snapshot({ lastCycle: cycle }));
    metrics.observeCluster(snapshot({ lastCycle: { ...cycle, startedAt: 6_000 } }));
    const page = (await metrics.exposition()).body;
    expect(page).toContain('clusterscope_polls_total{cluster="alpha",outcome="ok"} 8');
    expect(page).toContain('clusterscope_polls_total{cluster="alpha",outcome="timeout"} 2');
    expect(page).toContain('clusterscope_collector_cycle_duration_seconds_count{cluster="alpha"} 2');
    expect(page).toContain('clusterscope_collector_last_cycle_timestamp_seconds{cluster="alpha"} 6');
  });

  it('times API requests by route, method and status code', async () => {
    const metrics = metricsOnly();
    metrics.startRequest('GET /api/cluster', 'GET')(503);
    const page = (await metrics.exposition()).body;
    expect(page).toContain('clusterscope_http_request_duration_seconds_count{route="GET /api/cluster",method="GET",code="503"} 1');
  });

  it('includes the process metrics unless turned off', async () => {
    const page = (await new DashboardMetrics().exposition()).body;
    expect(page).toContain('process_cpu_seconds_total');
    expect(page).toContain('nodejs_heap_size_used_bytes');
  });
});
