import { expect, test, type APIRequestContext } from '@playwright/test';
import type { FindingsView } from '@/lib/contract/api';

/**
 * The Olric demo cluster (RESP members simulated in olricd's reply shapes): the
 * routing grid of its 271 partitions, the owned-count finding during the
 * simulated start-up race (one member's STATS disagreeing with the coordinator's
 * table), and its resolution. With the autopilot off the cluster starts settled.
 */
const OLRIC = 'olric';
const RACING_MEMBER = 'olric-1';

function olricControl(path: string): string {
  const root = process.env.DEMO_CONTROL_ROOT;
  if (!root) throw new Error('DEMO_CONTROL_ROOT is not set; run the specs through playwright.config.ts');
  return `${root}/clusters/${OLRIC}${path}`;
}

async function olricFindings(request: APIRequestContext, status: 'active' | 'all'): Promise<FindingsView['findings']> {
  const response = await request.get(`/api/clusters/${OLRIC}/findings?status=${status}`);
  expect(response.ok()).toBe(true);
  return ((await response.json()) as FindingsView).findings;
}

test.afterEach(async ({ request }) => {
  expect((await request.post(olricControl('/settle'))).ok()).toBe(true);
});

test('Olric: the routing grid, the owned-count finding during the start-up race, and its resolution', async ({ page, request }) => {
  await expect
    .poll(async () => {
      const response = await request.get(`/api/clusters/${OLRIC}`);
      if (!response.ok()) return ['(cluster not ready)'];
      return ((await response.json()) as { nodes: { id: string; status: string }[] }).nodes.map((node) => `${node.id}:${node.status}`);
    }, { timeout: 30_000 })
    .toEqual(['olric-0:ok', 'olric-1:ok', 'olric-2:ok']);

  await page.goto(`/clusters/${OLRIC}/routing`);
  await expect(page.getByRole('heading', { name: 'Routing', level: 1 })).toBeVisible();
  await expect(page.getByRole('img', { name: /^Partition grid: 271 partitions/ })).toBeVisible();
  await expect(page.getByText('No active routing findings')).toBeVisible();

  expect((await request.post(olricControl('/race'))).ok()).toBe(true);
  const active = page.getByRole('list', { name: 'Active routing findings' });
  const mismatch = active.getByRole('article', { name: `routing.owned_count_mismatch ${RACING_MEMBER}` });
  await expect(mismatch).toBeVisible();
  await expect(mismatch).toContainText('the table it relays from olric-0');
  await expect(page.getByRole('row', { name: `routing of ${RACING_MEMBER}` })).toContainText('mismatch');

  expect((await request.post(olricControl('/settle'))).ok()).toBe(true);
  await expect(page.getByText('No active routing findings')).toBeVisible({ timeout: 30_000 });
  const all = await olricFindings(request, 'all');
  expect(all.find((finding) => finding.kind === 'routing.owned_count_mismatch')?.status).toBe('resolved');
});
