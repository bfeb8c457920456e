import { afterEach, describe, expect, it } from 'vitest';
import { AlertingNotifier } from '@/lib/alerting/notifier';
import { dashboardMetrics } from '@/lib/alerting/metrics';
import { alertingConfigSchema } from '@/lib/alerting/config';
import { finding, node, snapshot } from '@/lib/alerting/testing/fixtures';
import { GET as getAlerting } from '@/app/api/alerting/route';
import { installCluster } from '@/lib/api/testing/fake-dashboard';
import { alertingSlot, type ClusterRuntime } from '@/lib/runtime';
import { GET } from './route';

afterEach(async () => {
  await alertingSlot().notifier?.stop();
  alertingSlot().notifier = null;
  installCluster(null);
});

describe('GET /metrics', () => {
  it('serves the process registry in the Prometheus text format, with what the notifier observed', async () => {
    const notifier = new AlertingNotifier({ config: alertingConfigSchema.parse(undefined), metrics: dashboardMetrics() });
    notifier.update(snapshot({ cluster: 'route-test', nodes: [node('n1', 'timeout')], active: [finding({ kind: 'node.timeout' })] }));
    const response = await GET(new Request('http://localhost/metrics'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const page = await response.text();
    expect(page).toContain('clusterscope_node_status{cluster="route-test",node="n1",status="timeout"} 1');
    expect(page).toContain('clusterscope_findings_active{cluster="route-test",kind="node.timeout",severity="critical",class="transient"} 1');
    expect(page).toContain('process_cpu_user_seconds_total');
  });
});

describe('GET /api/alerting', () => {
  it('answers each target without its query or credentials, and times itself for /metrics', async () => {
    installCluster({ now: () => 1_000 } as unknown as ClusterRuntime);
    alertingSlot().notifier = new AlertingNotifier({
      config: alertingConfigSchema.parse({ alertmanagers: ['http://127.0.0.1:9/'], webhooks: [{ url: 'http://127.0.0.1:9/hook?token=secret' }] }),
      metrics: dashboardMetrics(),
    });
    const response = await getAlerting(new Request('http://127.0.0.1/api/alerting'), undefined);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      alertmanagers: [{ url: 'http://127.0.0.1:9', sent: 0, failed: 0, lastError: null }],
      webhooks: [{ url: 'http://127.0.0.1:9/hook', queued: 0 }],
      problems: [],
    });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect((await getAlerting(new Request('http://127.0.0.1/api/alerting?x=1'), undefined)).status).toBe(400);
    const page = await (await GET(new Request('http://localhost/metrics'))).text();
    expect(page).toMatch(/clusterscope_http_request_duration_seconds_count\{route="GET \/api\/alerting",method="GET",code="200"\} 1/);
    expect(page).toMatch(/clusterscope_http_request_duration_seconds_count\{route="GET \/api\/alerting",method="GET",code="400"\} 1/);
  });
});
