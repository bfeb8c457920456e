import { expect, test, type APIRequestContext } from '@playwright/test';
import type { Finding } from '@/lib/contract/findings';
import { control, findings, waitForAllOk } from './support/demo-control';

const CLIENT = 'client-1';

async function failoverFindings(request: APIRequestContext): Promise<Finding[]> {
  return (await findings(request, 'active')).filter((finding) => finding.kind.startsWith('failover.'));
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
  await page.goto('/clusters/incidents/failover');
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
  await page.goto('/clusters/incidents/failover');
  await control(request, '/scenarios/replica-crash/start?mode=fixed');

  const active = page.getByRole('list', { name: 'Active failover findings' });
  await expect(active.getByRole('article', { name: /^failover\.primary_lost / })).toBeVisible();

  const incident = page.getByRole('article', { name: /^failover incident / }).first();
  await expect(incident).toHaveAttribute('data-status', 'resolved', { timeout: 30_000 });
  await incident.getByText('Members as a table').click();
  await expect(incident.getByRole('row', { name: `adoption of ${CLIENT}` })).toHaveAttribute('data-state', 'adopted');

  // Past the stale-config grace period the client is still fine.
  const view = async () => (await (await request.get('/api/clusters/incidents/failover?status=all')).json()) as { generatedAt: number; incidents: { promotionAt: number | null }[] };
  const promotionAt = (await view()).incidents[0].promotionAt ?? 0;
  await expect.poll(async () => (await view()).generatedAt, { timeout: 20_000 }).toBeGreaterThan(promotionAt + 12_000);
  expect((await failoverFindings(request)).filter((finding) => finding.kind === 'failover.stale_config')).toEqual([]);
  await expect(page.getByText('No active failover findings')).toBeVisible();
});
