import { expect, test, type APIRequestContext } from '@playwright/test';
import type { Finding } from '@/lib/contract/findings';

const CLIENT = 'client-1';

/** POST to the demo cluster's loopback control API (the dashboard itself never calls it). */
async function control(request: APIRequestContext, path: string): Promise<void> {
  const base = process.env.DEMO_CONTROL_URL;
  if (!base) throw new Error('DEMO_CONTROL_URL is not set; run the specs through playwright.config.ts');
  const url = new URL(path, base);
  if (url.hostname !== '127.0.0.1') throw new Error(`the demo control API must be on 127.0.0.1, not ${url.hostname}`);
  const response = await request.post(url.toString());
  expect(response.ok(), `POST ${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
}

async function failoverFindings(request: APIRequestContext): Promise<Finding[]> {
  const response = await request.get('/api/findings?status=active');
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as { findings: Finding[] };
  return body.findings.filter((finding) => finding.kind.startsWith('failover.'));
}

/** Scenarios need every demo node answering (a restored node may still be in the collector's backoff). */
async function waitForAllOk(request: APIRequestContext): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/cluster');
        if (!response.ok()) return ['(cluster not ready)'];
        const cluster = (await response.json()) as { nodes: { id: string; status: string }[] };
        return cluster.nodes.filter((node) => node.status !== 'ok').map((node) => node.id);
      },
      { timeout: 60_000, message: 'every demo node should answer before the scenario starts' },
    )
    .toEqual([]);
}

test.beforeEach(async ({ request }) => {
  await waitForAllOk(request);
});

test.afterEach(async ({ request }) => {
  // Stopping brings the crashed node back as a secondary and every member onto the new table.
  await control(request, '/scenarios/replica-crash/stop');
  await control(request, '/reset');
  await expect.poll(async () => (await failoverFindings(request)).map((finding) => finding.kind), { timeout: 30_000 }).toEqual([]);
});

test('replica-crash (buggy client): primary lost, then the client keeps the stale config, open-ended on the timeline', async ({ page, request }) => {
  await page.goto('/failover');
  await expect(page.getByRole('heading', { name: 'Failover', level: 1 })).toBeVisible();
  await control(request, '/scenarios/replica-crash/start?mode=buggy');

  const active = page.getByRole('list', { name: 'Active failover findings' });
  await expect(active.getByRole('article', { name: /^failover\.primary_lost / })).toBeVisible();
  await expect(active.getByRole('article', { name: `failover.stale_config ${CLIENT}` })).toBeVisible({ timeout: 45_000 });
  await expect(active.getByRole('article', { name: `failover.stale_config ${CLIENT}` })).toContainText(`Client ${CLIENT}`);

  const incident = page.getByRole('article', { name: /^failover incident / }).first();
  await expect(incident).toContainText(CLIENT);
  // The client's row on the timeline stays open up to now, labelled with its age.
  await expect(incident.getByText(/^stale \d+ s →$/)).toBeVisible();
  await incident.getByText('Members as a table').click();
  const clientRow = incident.getByRole('row', { name: `adoption of ${CLIENT}` });
  await expect(clientRow).toHaveAttribute('data-state', 'stale');
  await expect(clientRow).toContainText('open-ended');
  // The nodes did adopt.
  await expect(incident.getByRole('row', { name: /^adoption of node-/ }).and(page.locator('[data-state="adopted"]'))).not.toHaveCount(0);
});

test('replica-crash (fixed client): the client adopts the new ballot and no stale config remains', async ({ page, request }) => {
  await page.goto('/failover');
  await control(request, '/scenarios/replica-crash/start?mode=fixed');

  const active = page.getByRole('list', { name: 'Active failover findings' });
  await expect(active.getByRole('article', { name: /^failover\.primary_lost / })).toBeVisible();

  const incident = page.getByRole('article', { name: /^failover incident / }).first();
  await expect(incident).toHaveAttribute('data-status', 'resolved', { timeout: 30_000 });
  await incident.getByText('Members as a table').click();
  await expect(incident.getByRole('row', { name: `adoption of ${CLIENT}` })).toHaveAttribute('data-state', 'adopted');

  // Past the stale-config grace period the client is still fine.
  const view = async () => (await (await request.get('/api/failover?status=all')).json()) as { generatedAt: number; incidents: { promotionAt: number | null }[] };
  const promotionAt = (await view()).incidents[0].promotionAt ?? 0;
  await expect.poll(async () => (await view()).generatedAt, { timeout: 20_000 }).toBeGreaterThan(promotionAt + 12_000);
  expect((await failoverFindings(request)).filter((finding) => finding.kind === 'failover.stale_config')).toEqual([]);
  await expect(page.getByText('No active failover findings')).toBeVisible();
});
