import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import type { ClusterFinding } from '@/lib/contract/api';
import { control, waitForAllOk } from './support/demo-control';
import { spawnDashboard, waitForHealth, type SpawnedDashboard } from './support/spawn-dashboard';

/**
 * History across a restart: a second dashboard (SQLite under a temp data
 * directory) watches the shared demo cluster's nodes; a demo node crashes
 * (replica-crash: a primary dies), the dashboard is restarted, and what it knew
 * before is still shown — live, as of the crash, and in the comparison.
 * Ports: the e2e port + 40 (startup uses +20/+21, redis +30).
 */
const PORT = Number(new URL(process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3100').port) + 40;
const CLUSTER = 'remembered';
const VICTIM = 'node-2';
const dir = mkdtempSync(path.join(tmpdir(), 'clusterscope-e2e-history-'));
let dashboard: SpawnedDashboard | null = null;

function startDashboard(configFile: string, env: Record<string, string> = {}): SpawnedDashboard {
  return spawnDashboard(PORT, { CLUSTER_CONFIG: configFile, CLUSTERSCOPE_STORAGE: 'sqlite', CLUSTERSCOPE_DATA_DIR: path.join(dir, 'data'), ...env });
}

/** The restarted dashboard holds its first poll this long: the downtime is then more than three intervals however fast it boots. */
const RESTART_DOWNTIME_MS = 2000;

async function activeFindings(request: APIRequestContext, url: string): Promise<ClusterFinding[]> {
  const response = await request.get(`${url}/api/clusters/${CLUSTER}/findings?status=active`);
  return response.ok() ? ((await response.json()) as { findings: ClusterFinding[] }).findings : [];
}

test.beforeAll(async ({ request }) => {
  await waitForAllOk(request);
});

test.afterAll(async ({ request }) => {
  await dashboard?.stop();
  await control(request, '/scenarios/replica-crash/stop');
  await control(request, '/reset');
  rmSync(dir, { recursive: true, force: true });
});

test('a crash before a restart is still there after it: finding, status history, every view as it stood, and the comparison', async ({ page, request }) => {
  const targets = (await (await request.get(`${process.env.DEMO_CONTROL_URL}/targets`)).json()) as { id: string; url: string }[];
  const file = path.join(dir, 'cluster.yaml');
  // A short interval, so even a quick restart leaves a silence of several intervals (a gap).
  const lines = [`cluster: ${CLUSTER}`, 'pollInterval: 500ms', 'requestTimeout: 400ms', 'maxBackoff: 2s', 'targets:'];
  for (const target of targets) lines.push(`  - { id: ${target.id}, kind: native, url: "${target.url}" }`);
  writeFileSync(file, `${lines.join('\n')}\n`);

  dashboard = startDashboard(file);
  await waitForHealth(dashboard.url);
  await expect.poll(async () => (await request.get(`${dashboard!.url}/api/ready`)).status(), { timeout: 30_000 }).toBe(200);
  const beforeCrash = Date.now();
  await control(request, '/scenarios/replica-crash/start?mode=buggy');
  const unreachable = `node.unreachable:node::${VICTIM}`;
  await expect.poll(async () => (await activeFindings(request, dashboard!.url)).map((finding) => finding.id), { timeout: 45_000 }).toContain(unreachable);
  const crashFinding = (await activeFindings(request, dashboard.url)).find((finding) => finding.id === unreachable)!;
  const failoverUrl = `${dashboard.url}/api/clusters/${CLUSTER}/failover`;
  await expect.poll(async () => ((await (await request.get(failoverUrl)).json()) as { incidents: unknown[] }).incidents.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const crashAt = ((await (await request.get(failoverUrl)).json()) as { incidents: { crashAt: number }[] }).incidents[0].crashAt;
  // A few more cycles, so the incident is written as the dashboard saw it.
  const seenAt = Date.now();
  await expect.poll(async () => ((await (await request.get(`${dashboard!.url}/api/storage`)).json()) as { status: { lastWrite: { at: number } | null } }).status.lastWrite?.at ?? 0).toBeGreaterThan(seenAt + 2000);

  await dashboard.stop();
  const restartedAt = Date.now();
  dashboard = startDashboard(file, { CLUSTERSCOPE_FIRST_POLL_DELAY_MS: String(RESTART_DOWNTIME_MS) });
  await waitForHealth(dashboard.url);

  // Live, after the restart: the same finding, from its first-seen before the restart.
  await expect.poll(async () => (await activeFindings(request, dashboard!.url)).find((finding) => finding.id === unreachable)?.firstSeen, { timeout: 30_000 }).toBe(crashFinding.firstSeen);
  await page.goto(`${dashboard.url}/clusters/${CLUSTER}`);
  await expect(page.getByRole('article', { name: new RegExp(`^node\\.unreachable ${VICTIM}`) }).first()).toBeVisible();

  // The node's status history from before the restart, and the restart as a gap.
  await page.goto(`${dashboard.url}/clusters/${CLUSTER}/nodes/${VICTIM}`);
  const changes = page.getByRole('table', { name: 'Status changes' });
  await expect(changes.getByRole('row').filter({ hasText: /unreachable/ }).first()).toBeVisible();
  await expect(page.getByRole('note').filter({ hasText: /^No data from .* Clusterscope was not polling/ })).toBeVisible();

  // The failover page as of the crash: the incident as it stood then, marked as a past view.
  const at = Math.max(crashAt + 3000, restartedAt - 1000);
  await page.goto(`${dashboard.url}/clusters/${CLUSTER}/failover?at=${at}`);
  await expect(page.getByRole('status', { name: 'Past view' })).toContainText('Past view');
  await expect(page.getByRole('article', { name: `failover incident ${VICTIM}` })).toBeVisible();

  // Peers, sync, routing and logs as of the crash, replayed from history: the crashed node as it stood then, marked as past.
  const pastBanner = page.getByRole('status', { name: 'Past view' });
  await page.goto(`${dashboard.url}/clusters/${CLUSTER}/peers?at=${at}`);
  await expect(pastBanner).toContainText('Past view');
  const peersRow = page.getByRole('table', { name: 'Peers per category per node' }).locator(`tr[data-node="${VICTIM}"]`);
  await expect(peersRow.getByText(/last known at/)).toBeVisible();
  await expect(page.getByText(/as of /).first()).toBeVisible();

  await page.goto(`${dashboard.url}/clusters/${CLUSTER}/sync?at=${at}`);
  await expect(pastBanner).toContainText('Past view');
  const victimLink = page.locator(`tr[data-link="${VICTIM}->node-5"]`);
  await expect(victimLink).toBeVisible();
  await expect(victimLink.getByText(`primary ${VICTIM}: not answering (unreachable)`)).toBeVisible();

  await page.goto(`${dashboard.url}/clusters/${CLUSTER}/routing?view=node&node=${VICTIM}&at=${at}`);
  await expect(pastBanner).toContainText('Past view');
  await expect(page.getByRole('row', { name: `routing of ${VICTIM}` })).toContainText('unreachable');
  await expect(page.getByRole('row', { name: `routing of ${VICTIM}` }).getByText('stale')).toBeVisible();
  await expect(page.getByRole('img', { name: new RegExp(`${VICTIM}'s own table`) })).toBeVisible();

  await page.goto(`${dashboard.url}/clusters/${CLUSTER}/logs?at=${at}`);
  await expect(pastBanner).toContainText('Past view');
  const pastLines = page.getByRole('region', { name: 'Lines before this moment' });
  await expect(pastLines).toBeVisible();
  await expect(page.getByRole('region', { name: 'Live tail' })).toHaveCount(0);
  await expect(page.getByText(/lines stored in the history window before this moment/)).toBeVisible();

  // Compare before the crash with just before the restart: the crashed node is named.
  await page.goto(`${dashboard.url}/clusters/${CLUSTER}/compare?at=${beforeCrash}&compare=${restartedAt - 1000}`);
  const nodesChanged = page.getByRole('table', { name: 'Nodes whose status changed' });
  await expect(nodesChanged.getByRole('row', { name: new RegExp(`^${VICTIM}`) })).toBeVisible();
  await expect(page.getByRole('list', { name: 'New findings' }).getByRole('article', { name: new RegExp(`^node\\.unreachable ${VICTIM}`) })).toBeVisible();
});
