import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { requireBinary, startDaemon, tempDir, type Daemon } from './testing/daemon';
import { startDemoAlerting, type DemoAlerting } from './testing/demo-runtime';

/**
 * A real Prometheus (Debian's prometheus) scraping the dashboard's /metrics
 * page, served from the demo cluster's real Runtime, with the example rules
 * loaded (their `for:` shortened to 1s in a test copy). Prometheus listens on
 * PROMETHEUS_TEST_PORT (default 24090: below the ephemeral range, beside the
 * Alertmanager test's 24093); the page server takes an OS-picked port.
 */
const PORT = Number(process.env.PROMETHEUS_TEST_PORT ?? 24090);
const PROM_URL = `http://127.0.0.1:${PORT}`;
const RULES_FILE = path.join(import.meta.dirname, '../../examples/prometheus/clusterscope.rules.yml');
const NODE = 'node-5';
const CLUSTER = 'steady';

let prometheus: Daemon | null = null;
let demo: DemoAlerting | null = null;
let pageServer: http.Server | null = null;

type VectorSample = { metric: Record<string, string>; value: [number, string] };

async function query(promql: string): Promise<VectorSample[]> {
  const response = await fetch(`${PROM_URL}/api/v1/query?query=${encodeURIComponent(promql)}`, { signal: AbortSignal.timeout(2000) });
  const body = (await response.json()) as { status: string; data: { resultType: string; result: VectorSample[] } };
  if (body.status !== 'success') throw new Error(`query ${promql}: ${JSON.stringify(body)}`);
  return body.data.result;
}

async function firingAlerts(): Promise<{ labels: Record<string, string>; state: string }[]> {
  const response = await fetch(`${PROM_URL}/api/v1/alerts`, { signal: AbortSignal.timeout(2000) });
  const body = (await response.json()) as { data: { alerts: { labels: Record<string, string>; state: string }[] } };
  return body.data.alerts.filter((alert) => alert.state === 'firing');
}

function promtool(args: string[], input?: string) {
  const result = spawnSync('promtool', args, { input, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  requireBinary('prometheus', 'prometheus');
  requireBinary('promtool', 'prometheus');
  demo = await startDemoAlerting({ pollInterval: 1000, alerting: {} });
  const metrics = demo.metrics;
  pageServer = http.createServer((req, res) => {
    void metrics.exposition().then(({ body, contentType }) => {
      res.setHeader('content-type', contentType);
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => pageServer!.listen(0, '127.0.0.1', resolve));
  const pagePort = (pageServer.address() as AddressInfo).port;

  const dir = tempDir('prometheus');
  const rules = YAML.parse(fs.readFileSync(RULES_FILE, 'utf8')) as { groups: { rules: { for?: string }[] }[] };
  for (const group of rules.groups) for (const rule of group.rules) if (rule.for) rule.for = '1s';
  fs.writeFileSync(path.join(dir, 'rules.yml'), YAML.stringify(rules));
  fs.writeFileSync(
    path.join(dir, 'prometheus.yml'),
    YAML.stringify({
      global: { scrape_interval: '1s', evaluation_interval: '1s' },
      rule_files: ['rules.yml'],
      scrape_configs: [{ job_name: 'clusterscope', static_configs: [{ targets: [`127.0.0.1:${pagePort}`] }] }],
    }),
  );
  prometheus = await startDaemon({
    binary: 'prometheus',
    dir,
    url: PROM_URL,
    readyTimeoutMs: 30_000,
    args: (home) => [`--config.file=${path.join(home, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(home, 'data')}`, `--web.listen-address=127.0.0.1:${PORT}`],
  });
  await vi.waitFor(() => expect(demo!.clusters.every((cluster) => cluster.firstCycleAt !== null)).toBe(true), { timeout: 10_000, interval: 100 });
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await new Promise<void>((resolve) => (pageServer ? pageServer.close(() => resolve()) : resolve()));
  await demo?.close();
}, 20_000);

describe('/metrics scraped by a real Prometheus', () => {
  it('the example rules pass promtool check rules', () => {
    const checked = promtool(['check', 'rules', RULES_FILE]);
    expect(checked.output).toContain('SUCCESS: 5 rules found');
    expect(checked.status).toBe(0);
  });

  it('a crashed node shows in PromQL as unreachable with an active finding, the page passes promtool check metrics, and ClusterscopeNodesDown fires', async () => {
    await demo!.control(CLUSTER, NODE, 'crash');
    await expect
      .poll(async () => (await query(`clusterscope_node_status{cluster="${CLUSTER}",status="unreachable"} == 1`)).map((sample) => sample.metric.node), { timeout: 10_000, interval: 250 })
      .toEqual([NODE]);
    // Every configured node has exactly one status at 1.
    const perNode = await query(`sum by (node) (clusterscope_node_status{cluster="${CLUSTER}"})`);
    expect(perNode).toHaveLength(7);
    expect(perNode.every((sample) => sample.value[1] === '1')).toBe(true);
    const findings = await query(`clusterscope_findings_active{cluster="${CLUSTER}",kind="node.unreachable"} > 0`);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0].metric).toMatchObject({ severity: 'critical' });

    const page = (await demo!.metrics.exposition()).body;
    expect(page).toContain(`clusterscope_node_status{cluster="${CLUSTER}",node="${NODE}",status="unreachable"} 1`);
    const checked = promtool(['check', 'metrics'], page);
    expect(checked.output).toBe('');
    expect(checked.status).toBe(0);

    await expect
      .poll(async () => (await firingAlerts()).filter((alert) => alert.labels.alertname === 'ClusterscopeNodesDown').map((alert) => alert.labels.cluster), { timeout: 10_000, interval: 250 })
      .toEqual([CLUSTER]);
    await expect
      .poll(async () => (await firingAlerts()).some((alert) => alert.labels.alertname === 'ClusterscopeCriticalFinding' && alert.labels.kind === 'node.unreachable'), { timeout: 10_000, interval: 250 })
      .toBe(true);
    // The collector is on time: its own alert stays quiet.
    expect((await firingAlerts()).some((alert) => alert.labels.alertname === 'ClusterscopeCollectorBehind')).toBe(false);
    await demo!.control(CLUSTER, NODE, 'restore');
  });
});
