import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { POLL_INTERVAL_MS } from '../playwright.config';
import { DEMO_NODES, clusterView, findings, nodeFault, nodeStatus, resetDemo, waitForHealthy } from './support/demo-control';

// The collector polls every POLL_INTERVAL_MS; the page refetches at the same interval.
const DETECT_MS = POLL_INTERVAL_MS + 2_000; // the dashboard's API knows within one interval + 2 s
const SHOWN_MS = DETECT_MS + POLL_INTERVAL_MS; // the open page shows it one refetch later at most
// A failing node is re-probed with backoff (at most every 30 s), so recovery can take that long.
const RECOVER_MS = 35_000;
// Request timeout (2 s) on top of detection for a node that hangs.
const TIMEOUT_DETECT_MS = SHOWN_MS + 2_000;

function nodeRow(page: Page, nodeId: string) {
  return page.getByRole('row', { name: new RegExp(`^${nodeId}\\b`) });
}

function activeFinding(page: Page, kind: string, nodeId: string) {
  return page.getByRole('list', { name: 'Active findings' }).getByRole('article', { name: `${kind} ${nodeId}` });
}

test.afterEach(async ({ request }) => {
  await resetDemo(request);
  await waitForHealthy(request, RECOVER_MS);
});

test('lists every demo node as ok', async ({ page, request }) => {
  await waitForHealthy(request, RECOVER_MS);
  await page.goto('/clusters/incidents');
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  for (const nodeId of DEMO_NODES) {
    await expect(nodeRow(page, nodeId)).toContainText('status: ok');
  }
  await expect(page.getByRole('button', { name: `${DEMO_NODES.length} ok` })).toBeVisible();
  await expect(page.getByText('No active findings')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
});

test('a crashed node turns unreachable with a finding, and the finding resolves when it comes back', async ({ page, request }) => {
  await waitForHealthy(request, RECOVER_MS);
  await page.goto('/clusters/incidents');
  await expect(nodeRow(page, 'node-3')).toContainText('status: ok');

  await nodeFault(request, 'node-3', 'crash');
  await expect.poll(() => nodeStatus(request, 'node-3'), { timeout: DETECT_MS }).toBe('unreachable');
  await expect(nodeRow(page, 'node-3')).toContainText('status: unreachable', { timeout: SHOWN_MS });
  const finding = activeFinding(page, 'node.unreachable', 'node-3');
  await expect(finding).toBeVisible({ timeout: SHOWN_MS });
  await expect(finding).toContainText('critical');
  await expect(finding).toContainText('node-3');

  await nodeFault(request, 'node-3', 'restore');
  await expect(nodeRow(page, 'node-3')).toContainText('status: ok', { timeout: RECOVER_MS });
  await expect(activeFinding(page, 'node.unreachable', 'node-3')).toHaveCount(0, { timeout: SHOWN_MS });
  await page.getByText(/Recently resolved findings/).click();
  const resolved = page.getByRole('list', { name: 'Resolved findings' }).getByRole('article', { name: 'node.unreachable node-3' }).first();
  await expect(resolved).toBeVisible({ timeout: SHOWN_MS });
  await expect(resolved).toContainText('finding: resolved');
  expect((await findings(request, 'resolved')).some((f) => f.kind === 'node.unreachable' && f.subject.id === 'node-3')).toBe(true);
});

test('a node that hangs shows timeout', async ({ page, request }) => {
  await waitForHealthy(request, RECOVER_MS);
  await page.goto('/clusters/incidents');
  await nodeFault(request, 'node-4', 'hang');
  await expect(nodeRow(page, 'node-4')).toContainText('status: timeout', { timeout: TIMEOUT_DETECT_MS });
  await expect(activeFinding(page, 'node.timeout', 'node-4')).toBeVisible({ timeout: SHOWN_MS });
});

test('a node that answers garbage shows bad response, with the reason', async ({ page, request }) => {
  await waitForHealthy(request, RECOVER_MS);
  await page.goto('/clusters/incidents');
  await nodeFault(request, 'node-5', 'garbage');
  const row = nodeRow(page, 'node-5');
  await expect(row).toContainText('status: bad response', { timeout: SHOWN_MS });
  await expect(row).toContainText(/json/i);
  await expect(activeFinding(page, 'node.bad_response', 'node-5')).toBeVisible({ timeout: SHOWN_MS });

  // Pressing a status count narrows the table to those nodes.
  await page.getByRole('button', { name: '1 bad response' }).click();
  const table = page.getByRole('table', { name: 'Nodes' });
  await expect(table.getByRole('row')).toHaveCount(2); // header + node-5
  await expect(nodeRow(page, 'node-5')).toBeVisible();
  await page.getByRole('button', { name: 'Show all' }).click();
  await expect(table.getByRole('row')).toHaveCount(DEMO_NODES.length + 1);
});

test('the header names the demo cluster and says how old the data is', async ({ page, request }) => {
  const cluster = await clusterView(request);
  await page.goto('/clusters/incidents');
  const banner = page.getByRole('banner');
  // The cluster switcher names the cluster being shown.
  await expect(banner.getByRole('combobox', { name: 'Cluster' })).toHaveValue(cluster.cluster);
  await expect(banner.getByText('demo mode', { exact: true })).toBeVisible();
  await expect(banner.getByText(/data from .* ago|data from just now/)).toBeVisible();
});

test('when the dashboard server cannot be reached, a banner says since when and the last data stays', async ({ page, request }) => {
  await waitForHealthy(request, RECOVER_MS);
  await page.goto('/clusters/incidents');
  await expect(nodeRow(page, 'node-1')).toContainText('status: ok');
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  const banner = page.getByRole('alert').filter({ hasText: 'Cannot reach the Clusterscope server' });
  await expect(banner).toBeVisible({ timeout: 4 * POLL_INTERVAL_MS + 5_000 });
  await expect(banner).toContainText(/showing data from \d\d:\d\d:\d\d \(\d+ s old\)/);
  await expect(banner).toContainText('Check that the server is running.');
  await expect(nodeRow(page, 'node-1')).toContainText('status: ok');
  await page.unroute('**/api/**');
  await expect(banner).toHaveCount(0, { timeout: 2 * POLL_INTERVAL_MS + 2_000 });
});

test.describe('before the first poll', () => {
  // A second dashboard whose collector waits a long time before its first poll.
  const dashboardPort = Number(new URL(process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3100').port) + 10;
  const baseURL = `http://127.0.0.1:${dashboardPort}`;
  let server: ChildProcess | undefined;

  test.beforeAll(async () => {
    server = spawn(process.execPath, ['.next/standalone/server.js'], {
      env: {
        ...process.env,
        PORT: String(dashboardPort),
        HOSTNAME: '127.0.0.1',
        DEMO_AUTOPILOT: 'off',
        DEMO_POLL_INTERVAL: String(POLL_INTERVAL_MS),
        DEMO_CONTROL_PORT: String(dashboardPort + 1),
        CLUSTER_CONFIG: '',
        CLUSTERSCOPE_FIRST_POLL_DELAY_MS: '600000',
      },
      stdio: 'ignore',
    });
    await expect
      .poll(async () => (await fetch(`${baseURL}/api/health`).catch(() => null))?.status ?? 0, { timeout: 30_000 })
      .toBe(200);
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });

  test('no node shows ok and the overview waits instead of giving an all-clear', async ({ page, request }) => {
    expect((await request.get(`${baseURL}/api/ready`)).status()).toBe(503);
    const cluster = (await (await request.get(`${baseURL}/api/clusters/incidents`)).json()) as Awaited<ReturnType<typeof clusterView>>;
    expect(cluster.firstCycleAt).toBeNull();
    expect(cluster.nodes.length).toBeGreaterThan(0);
    expect(cluster.nodes.every((node) => node.status === 'unknown')).toBe(true);

    await page.goto(`${baseURL}/clusters/incidents`);
    await expect(page.getByText('Waiting for the first poll…').first()).toBeVisible();
    for (const node of cluster.nodes) {
      await expect(nodeRow(page, node.id)).toContainText('status: unknown');
    }
    await expect(page.getByRole('table', { name: 'Nodes' }).getByText('status: ok')).toHaveCount(0);
    await expect(page.getByText('No active findings')).toHaveCount(0);
  });
});
