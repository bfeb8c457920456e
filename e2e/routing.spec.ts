import { expect, test, type APIRequestContext } from '@playwright/test';
import type { Finding } from '@/lib/contract/findings';
import { control, findings, waitForAllOk } from './support/demo-control';
import { CLAIMING_NODE, MISCOUNTING_NODE } from '@/lib/demo-cluster/scenarios/routing-init-race';

async function routingFindings(request: APIRequestContext, status: 'active' | 'all'): Promise<Finding[]> {
  return (await findings(request, status)).filter((finding) => finding.kind.startsWith('routing.'));
}

test.beforeEach(async ({ request }) => {
  await waitForAllOk(request);
});

test.afterEach(async ({ request }) => {
  await control(request, '/scenarios/routing-init-race/stop');
  await control(request, '/scenarios/routing-stuck/stop');
  await control(request, '/reset');
  // The next spec starts from agreeing tables.
  await expect.poll(async () => (await routingFindings(request, 'active')).map((finding) => finding.kind), { timeout: 30_000 }).toEqual([]);
});

test('routing-init-race: divergence and owned-count findings appear, the diff lists the disagreeing partitions, then they resolve', async ({ page, request }) => {
  await page.goto('/clusters/incidents/routing');
  await expect(page.getByRole('heading', { name: 'Routing', level: 1 })).toBeVisible();
  await control(request, '/scenarios/routing-init-race/start');

  const active = page.getByRole('list', { name: 'Active routing findings' });
  await expect(active.getByRole('article', { name: 'routing.divergence routing' })).toBeVisible();
  await expect(active.getByRole('article', { name: `routing.owned_count_mismatch ${MISCOUNTING_NODE}` })).toBeVisible();

  // The diff names the partition the claiming node took, and who says what.
  const diff = page.getByRole('table', { name: 'Partitions where node views differ' });
  await expect(diff.getByRole('row').filter({ hasText: new RegExp(`${CLAIMING_NODE} according to ${CLAIMING_NODE}(;|$)`) })).toHaveCount(1);
  await expect(page.getByRole('heading', { name: /^Where views differ \([1-9]\d*\)$/ })).toBeVisible();
  // The per-node table shows the miscount: reported ≠ its own table.
  await expect(page.getByRole('row', { name: `routing of ${MISCOUNTING_NODE}` })).toContainText('mismatch');

  // Converged: every routing finding resolved, the diff empty.
  await expect(page.getByText('No active routing findings')).toBeVisible({ timeout: 45_000 });
  await expect(page.getByRole('heading', { name: 'Where views differ (0)' })).toBeVisible();
  const all = await routingFindings(request, 'all');
  const divergence = all.find((finding) => finding.kind === 'routing.divergence');
  expect(divergence?.status).toBe('resolved');
  expect(all.find((finding) => finding.kind === 'routing.owned_count_mismatch')?.status).toBe('resolved');
});

test('routing-stuck: a node left on an old version is a persistent divergence until stopped', async ({ page, request }) => {
  await page.goto('/clusters/incidents/routing');
  await control(request, '/scenarios/routing-stuck/start');

  const active = page.getByRole('list', { name: 'Active routing findings' });
  const divergence = active.getByRole('article', { name: 'routing.divergence routing' });
  await expect(divergence.getByText('persistent')).toBeVisible({ timeout: 45_000 });
  await expect(divergence).toContainText('table versions for');

  // It stays active over several more polls.
  const current = async () => (await routingFindings(request, 'active')).find((finding) => finding.kind === 'routing.divergence');
  const first = await current();
  expect(first?.class).toBe('persistent');
  await expect.poll(async () => (await current())?.lastSeen ?? 0, { timeout: 20_000 }).toBeGreaterThan((first?.lastSeen ?? 0) + 6000);
  expect((await current())?.class).toBe('persistent');

  // The stuck node's own view is one switch away.
  await page.getByRole('combobox', { name: 'Routing view' }).selectOption({ label: "node-3's own table" });
  await expect(page).toHaveURL(/view=node&node=node-3/);
  await expect(page.getByRole('img', { name: /node-3's own table/ })).toBeVisible();
});

test('a node that stops answering is named as unseen: the verdicts speak only for the nodes that answered', async ({ page, request }) => {
  await page.goto('/clusters/incidents/routing');
  await expect(page.getByText(/answering node views/)).toBeVisible();
  await control(request, '/nodes/node-3/hang');
  const note = page.getByRole('status').filter({ hasText: 'Not answering now, their tables are unknown' });
  await expect(note).toContainText('node-3 (timeout, last table kept as stale)', { timeout: 15_000 });
  await control(request, '/nodes/node-3/clear');
  await expect(note).toHaveCount(0, { timeout: 30_000 });
});
