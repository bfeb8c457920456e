import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requireBinary, startDaemon, tempDir, type Daemon } from './testing/daemon';
import { recordingServer, startDemoAlerting, type DemoAlerting } from './testing/demo-runtime';
import type { WebhookMessage } from './webhook';

/**
 * Against a real Alertmanager (Debian's prometheus-alertmanager) on loopback,
 * fed by the real demo cluster and Runtime. Alertmanager listens on
 * ALERTMANAGER_TEST_PORT (default 24093: below the ephemeral range and away
 * from the Redis cluster test's 23100–23205); gossip is off. The test's own
 * servers (Alertmanager's webhook receiver, a black hole) take OS-picked ports.
 */
const PORT = Number(process.env.ALERTMANAGER_TEST_PORT ?? 24093);
const AM_URL = `http://127.0.0.1:${PORT}`;
const POLL_INTERVAL = 1000;
const NODE = 'node-5';
/** Both demo clusters feed one notifier; nodes are crashed in this one only. */
const CLUSTER = 'steady';

type GettableAlert = { labels: Record<string, string>; annotations: Record<string, string>; status: { state: string }; endsAt: string };
type AmNotification = { status: string; alerts: { status: string; labels: Record<string, string> }[] };

let alertmanager: Daemon | null = null;
let demo: DemoAlerting | null = null;
let receiver: Awaited<ReturnType<typeof recordingServer>> | null = null;
let blackHole: Awaited<ReturnType<typeof recordingServer>> | null = null;
/** A chat-style webhook fed directly by the dashboard. */
let chat: Awaited<ReturnType<typeof recordingServer>> | null = null;
const HEADERS_ENV = 'CLUSTERSCOPE_TEST_WEBHOOK_HEADERS';

const chatMessagesFor = (change: string, node: string) =>
  (chat?.bodies as WebhookMessage[]).filter(
    (message) => message.change === change && message.cluster === CLUSTER && message.finding.kind === 'node.unreachable' && message.finding.subject.id === node,
  );

async function amAlerts(): Promise<GettableAlert[]> {
  const response = await fetch(`${AM_URL}/api/v2/alerts`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new Error(`Alertmanager GET /api/v2/alerts: HTTP ${response.status}`);
  return (await response.json()) as GettableAlert[];
}

const unreachableAlertsOf = (alerts: GettableAlert[], node: string, cluster = CLUSTER) =>
  alerts.filter((alert) => alert.labels.alertname === 'node.unreachable' && alert.labels.node === node && alert.labels.cluster === cluster);

const notificationsFor = (status: string, node: string) =>
  (receiver?.bodies as AmNotification[]).filter(
    (body) =>
      body?.alerts?.some((alert) => alert.status === status && alert.labels.alertname === 'node.unreachable' && alert.labels.node === node && alert.labels.cluster === CLUSTER),
  );

beforeAll(async () => {
  requireBinary('prometheus-alertmanager', 'prometheus-alertmanager');
  requireBinary('amtool', 'prometheus-alertmanager');
  receiver = await recordingServer();
  blackHole = await recordingServer({ hang: true });
  chat = await recordingServer();
  process.env[HEADERS_ENV] = 'Authorization: Bearer test-token';
  const dir = tempDir('alertmanager');
  // Short group timings so notifications arrive within a test; send_resolved for the resolved notification.
  fs.writeFileSync(
    path.join(dir, 'alertmanager.yml'),
    [
      'route:',
      '  receiver: test-receiver',
      "  group_by: ['alertname', 'cluster', 'node']",
      '  group_wait: 200ms',
      '  group_interval: 500ms',
      '  repeat_interval: 1h',
      'receivers:',
      '  - name: test-receiver',
      '    webhook_configs:',
      `      - url: ${receiver.url}/alertmanager`,
      '        send_resolved: true',
      '',
    ].join('\n'),
  );
  alertmanager = await startDaemon({
    binary: 'prometheus-alertmanager',
    dir,
    url: AM_URL,
    readyTimeoutMs: 20_000,
    args: (home) => [
      `--config.file=${path.join(home, 'alertmanager.yml')}`,
      `--storage.path=${path.join(home, 'data')}`,
      `--web.listen-address=127.0.0.1:${PORT}`,
      '--cluster.listen-address=',
    ],
  });
  demo = await startDemoAlerting({
    pollInterval: POLL_INTERVAL,
    // The black hole accepts and never answers: a hung Alertmanager must not hold anything up.
    alerting: {
      externalUrl: 'https://dashboard.example',
      alertmanagers: [AM_URL, blackHole.url],
      webhooks: [{ url: `${chat.url}/hook`, headersEnv: HEADERS_ENV }],
      resendInterval: '2s',
      timeout: '800ms',
    },
  });
  await vi.waitFor(() => expect(demo!.clusters.every((cluster) => cluster.firstCycleAt !== null)).toBe(true), { timeout: 10_000, interval: 100 });
}, 40_000);

afterAll(async () => {
  await demo?.close();
  await alertmanager?.stop();
  await receiver?.close();
  await blackHole?.close();
  await chat?.close();
  delete process.env[HEADERS_ENV];
}, 20_000);

describe('findings pushed to a real Alertmanager', () => {
  it("docs/alerting.md's routing example is a valid Alertmanager config (amtool check-config)", () => {
    const doc = fs.readFileSync(path.join(import.meta.dirname, '../../docs/alerting.md'), 'utf8');
    const example = /Routing example[^\n]*\n+```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example, 'the routing example block in docs/alerting.md').toBeDefined();
    const dir = tempDir('amtool');
    try {
      fs.writeFileSync(path.join(dir, 'alertmanager.yml'), example!);
      const checked = spawnSync('amtool', ['check-config', path.join(dir, 'alertmanager.yml')], { encoding: 'utf8', timeout: 20_000 });
      expect(`${checked.stdout}${checked.stderr}`).toContain('SUCCESS');
      expect(checked.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists a crashed node as an alert with the right labels within one interval + 2 s, and notifies its receiver', async () => {
    const crashedAt = Date.now();
    await demo!.control(CLUSTER, NODE, 'crash');
    await expect.poll(async () => unreachableAlertsOf(await amAlerts(), NODE).length, { timeout: POLL_INTERVAL + 2000, interval: 100 }).toBeGreaterThan(0);
    console.log(`[alerting] node crash listed by Alertmanager after ${Date.now() - crashedAt} ms`);
    const [alert] = unreachableAlertsOf(await amAlerts(), NODE);
    expect(alert.status.state).toBe('active');
    expect(alert.labels).toMatchObject({ alertname: 'node.unreachable', cluster: CLUSTER, node: NODE, subject: NODE, subject_type: 'node', severity: 'critical' });
    expect(['transient', 'persistent']).toContain(alert.labels.class);
    expect(alert.annotations.summary).toContain(NODE);
    expect(alert.annotations.evidence).toContain('reason=refused');
    expect(alert.annotations.dashboard_url).toBe(`https://dashboard.example/clusters/${CLUSTER}/nodes/${NODE}`);
    // The same node id in the other cluster is fine: its trouble stays in its own cluster.
    expect(unreachableAlertsOf(await amAlerts(), NODE, 'incidents')).toEqual([]);
    // Active alerts carry an endsAt ahead (4 resend intervals), as Prometheus sends them.
    expect(Date.parse(alert.endsAt)).toBeGreaterThan(Date.now());

    await expect.poll(() => notificationsFor('firing', NODE).length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(notificationsFor('firing', NODE)[0]).toMatchObject({ receiver: 'test-receiver', status: 'firing' });

    // The dashboard's own webhook got one "raised" message, with the configured headers.
    await expect.poll(() => chatMessagesFor('raised', NODE).length, { timeout: 3000 }).toBe(1);
    expect(chatMessagesFor('raised', NODE)[0]).toMatchObject({ version: 1, url: `https://dashboard.example/clusters/${CLUSTER}/nodes/${NODE}`, finding: { status: 'active' } });
    expect(chat!.headers[0].authorization).toBe('Bearer test-token');
  });

  it('shows the alert resolved once the node is back, and the receiver gets the resolved notification', async () => {
    await demo!.control(CLUSTER, NODE, 'restore');
    await expect.poll(async () => unreachableAlertsOf(await amAlerts(), NODE).length, { timeout: POLL_INTERVAL * 3 + 2000, interval: 100 }).toBe(0);
    await expect.poll(() => notificationsFor('resolved', NODE).length, { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => chatMessagesFor('resolved', NODE).length, { timeout: 3000 }).toBe(1);
    expect(chatMessagesFor('resolved', NODE)[0].finding).toMatchObject({ status: 'resolved' });
    expect(chatMessagesFor('raised', NODE)).toHaveLength(1);
    expect(demo!.notifier.status().alertmanagers[0]).toMatchObject({ consecutiveFailures: 0 });
    expect(demo!.notifier.status().alertmanagers[0].sent).toBeGreaterThan(1);
  });

  it('keeps polling on time while Alertmanager is stopped or hangs, and counts the failed deliveries', async () => {
    await alertmanager!.stop();
    alertmanager = null;
    const cyclesOf = (name: string) => demo!.cycleStarts.get(name)!;
    const cyclesBefore = new Map(demo!.clusters.map((cluster) => [cluster.name, cyclesOf(cluster.name).length]));
    await demo!.control(CLUSTER, 'node-6', 'crash');
    const failedBefore = demo!.notifier.status().alertmanagers[0].failed;
    await expect.poll(() => demo!.notifier.status().alertmanagers[0].failed, { timeout: 5000 }).toBeGreaterThan(failedBefore + 1);
    await expect.poll(() => cyclesOf(CLUSTER).length, { timeout: 6000 }).toBeGreaterThanOrEqual(cyclesBefore.get(CLUSTER)! + 4);
    await demo!.control(CLUSTER, 'node-6', 'restore');

    const [stopped, hung] = demo!.notifier.status().alertmanagers;
    expect(stopped.lastError?.message).toMatch(/fetch failed|ECONNREFUSED/);
    expect(hung).toMatchObject({ sent: 0, lastError: { message: 'no answer within 800 ms' } });
    expect(hung.failed).toBeGreaterThan(0);
    // Every cycle of every cluster started on schedule: no collector waited for an Alertmanager.
    for (const [name, before] of cyclesBefore) {
      const starts = cyclesOf(name).slice(Math.max(0, before - 1));
      const gaps = starts.slice(1).map((start, index) => start - starts[index]);
      console.log(`[alerting] ${name}: cycle gaps while Alertmanager was down/hung: ${gaps.join(', ')} ms`);
      expect(gaps.length).toBeGreaterThan(2);
      expect(Math.max(...gaps)).toBeLessThan(POLL_INTERVAL + 400);
    }

    const page = (await demo!.metrics.exposition()).body;
    expect(page).toMatch(new RegExp(`clusterscope_alertmanager_sends_total\\{alertmanager="${AM_URL.replace(/[.]/g, '\\.')}",outcome="failure"\\} [1-9]`));
    expect(page).toMatch(new RegExp(`clusterscope_alertmanager_sends_total\\{alertmanager="${blackHole!.url.replace(/[.]/g, '\\.')}",outcome="failure"\\} [1-9]`));
  });
});
