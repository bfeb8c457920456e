import { expect, test, type APIRequestContext } from '@playwright/test';

/**
 * The demo's Pegasus cluster (meta and replica servers on Pegasus's own HTTP
 * pages, two Go clients on the admin API v1), driven through its control API
 * under /clusters/pegasus/.
 */

const CLUSTER = 'pegasus';
const TARGETS = 9;

function controlRoot(): string {
  const root = process.env.DEMO_CONTROL_ROOT;
  if (!root) throw new Error('DEMO_CONTROL_ROOT is not set; run the specs through playwright.config.ts');
  return root;
}

async function pegasusControl(request: APIRequestContext, path: string): Promise<void> {
  const response = await request.post(`${controlRoot()}/clusters/${CLUSTER}${path}`);
  expect(response.ok(), `POST ${path} answered ${response.status()}: ${await response.text()}`).toBe(true);
}

async function okCount(request: APIRequestContext): Promise<number> {
  const view = (await (await request.get(`/api/clusters/${CLUSTER}`)).json()) as { nodes: { status: string }[] };
  return view.nodes.filter((node) => node.status === 'ok').length;
}

test.beforeEach(async ({ request }) => {
  await pegasusControl(request, '/reset');
  await expect.poll(() => okCount(request), { timeout: 30_000 }).toBe(TARGETS);
});

test.afterEach(async ({ request }) => {
  await pegasusControl(request, '/scenarios/replica-crash/stop');
  await pegasusControl(request, '/reset');
});

test('routing: a table picker in the URL, with each table\'s partition count', async ({ page }) => {
  await page.goto(`/clusters/${CLUSTER}/routing`);
  const picker = page.getByRole('combobox', { name: 'Table', exact: true });
  await expect(picker).toHaveValue('stat');
  const tables = page.getByRole('list', { name: 'Tables' });
  await expect(tables).toContainText('temp: 8 partitions');
  await expect(tables).toContainText('usertable: 16 partitions');
  await expect(tables).toContainText('stat: 4 partitions');

  await picker.selectOption('usertable');
  await expect(page).toHaveURL(/[?&]table=usertable/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('usertable');
  await expect(page.locator('.page-header__meta')).toContainText('16 partitions');

  // The link keeps the table.
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Table', exact: true })).toHaveValue('usertable');
});

test('a replica server crash: unhealthy partitions, the failover timeline, and the stale client named with table and partitions', async ({ page, request }) => {
  await pegasusControl(request, '/scenarios/replica-crash/start');

  // Routing of table temp: the meta downgrades replica-2's partitions, then upgrades secondaries; either way not fully healthy.
  await page.goto(`/clusters/${CLUSTER}/routing?table=temp`);
  const routingFindings = page.getByRole('list', { name: 'Active routing findings' });
  await expect(routingFindings.getByRole('article', { name: 'routing.unhealthy temp/health' })).toBeVisible({ timeout: 30_000 });
  await expect(routingFindings.getByRole('article', { name: 'routing.unhealthy temp/health' })).toContainText('Table temp:');
  await expect(page.getByRole('list', { name: 'Tables' })).toContainText(/temp: 8 partitions · \d+ unhealthy/);

  await page.goto(`/clusters/${CLUSTER}/failover`);
  const incident = page.getByRole('article', { name: 'failover incident replica-2 in table temp' });
  await expect(incident).toBeVisible({ timeout: 30_000 });
  await expect(incident).toContainText('table temp');
  await expect(incident).toContainText('Time to detect');
  // Elected: a new primary at a higher ballot, then go-client-1 adopts it.
  await expect(incident.getByRole('heading', { level: 3 })).toContainText(/replica-2 → replica-\d/, { timeout: 30_000 });
  await incident.getByText('Members as a table').click();
  await expect(incident.getByRole('row', { name: 'adoption of go-client-1' })).toHaveAttribute('data-state', 'adopted', { timeout: 30_000 });
  await expect(incident.getByRole('row', { name: 'adoption of go-client-2' })).toHaveAttribute('data-state', 'stale', { timeout: 30_000 });

  const failoverFindings = page.getByRole('list', { name: 'Active failover findings' });
  const stale = failoverFindings.getByRole('article', { name: 'failover.stale_config temp/go-client-2' });
  await expect(stale).toBeVisible({ timeout: 45_000 });
  await expect(stale).toContainText('Table temp: Client go-client-2 has been on ballot');
  await expect(stale).toContainText('still routes to replica-2');
  const staleRow = page.getByRole('row', { name: 'stale config of go-client-2 in table temp' });
  await expect(staleRow).toContainText(/\d+ \([\d, -]+\)/);
  await expect(page.getByRole('row', { name: 'stale config of go-client-1 in table temp' })).toHaveCount(0);
});
