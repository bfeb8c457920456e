import { expect, test } from '@playwright/test';
import { POLL_INTERVAL_MS } from '../playwright.config';
import { nodeFault, resetDemo, waitForHealthy } from './support/demo-control';

const SHOWN_MS = 2 * POLL_INTERVAL_MS + 2_000;
const RECOVER_MS = 35_000;

test.afterEach(async ({ request }) => {
  await resetDemo(request);
  await waitForHealthy(request, RECOVER_MS);
});

test('the node page shows the status, the latency chart and the last raw report as text', async ({ page, request }) => {
  await waitForHealthy(request, RECOVER_MS);
  await page.goto('/clusters/incidents/nodes/node-2');
  await expect(page.getByRole('heading', { name: 'Node node-2', level: 1 })).toBeVisible();
  await expect(page.getByRole('main').getByText('status: ok').first()).toBeVisible();

  const chart = page.getByRole('img', { name: /Latency per poll/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByText(/\d+ polls over .*: \d+ ok/)).toBeVisible();

  const raw = page.getByLabel('Last raw report as JSON');
  await expect(raw).toContainText('"targetId": "node-2"');
  await expect(raw).toContainText('"status": "ok"');
  await expect(page.getByRole('list', { name: 'Report parts' })).toContainText('peers');
  await expect(page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Overview' })).toHaveAttribute('aria-current', 'page');
});

test('a crash shows on the node page as a status change and a failed stretch', async ({ page, request }) => {
  await waitForHealthy(request, RECOVER_MS);
  await page.goto('/clusters/incidents/nodes/node-6');
  await expect(page.getByRole('heading', { name: 'Node node-6' })).toBeVisible();

  await nodeFault(request, 'node-6', 'crash');
  const header = page.locator('.page-header');
  await expect(header).toContainText('status: unreachable', { timeout: SHOWN_MS });
  const changes = page.getByRole('table', { name: 'Status changes' });
  await expect(changes.getByRole('row').filter({ hasText: 'to: unreachable' }).first()).toBeVisible({ timeout: SHOWN_MS });
  await expect(page.getByText(/polls over .*\d+ unreachable/)).toBeVisible({ timeout: SHOWN_MS });
  await expect(page.getByLabel('Last raw report as JSON')).toContainText('"status": "unreachable"');
});

test('an unknown node id says so instead of showing an empty page', async ({ page, request }) => {
  const response = await request.get('/api/clusters/incidents/nodes/no-such-node');
  expect(response.status()).toBe(404);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error.message).toContain('no-such-node');

  await page.goto('/clusters/incidents/nodes/no-such-node');
  await expect(page.getByText('No node "no-such-node" in this cluster')).toBeVisible();
  await expect(page.getByRole('link', { name: 'See every node on the overview' })).toBeVisible();
});
