import { expect, test, type APIRequestContext } from '@playwright/test';
import type { ClustersView } from '@/lib/contract/api';
import { POLL_INTERVAL_MS } from '../playwright.config';
import { waitForAllOk } from './support/demo-control';

/**
 * Several clusters in one dashboard: the demo runs `incidents` (the specs' cluster)
 * and `steady` side by side (and the go-quai network, `goquai`). A fault in one shows in that cluster only.
 */

const STEADY = 'steady';

function controlRoot(): string {
  const root = process.env.DEMO_CONTROL_ROOT;
  if (!root) throw new Error('DEMO_CONTROL_ROOT is not set; run the specs through playwright.config.ts');
  return root;
}

async function steadyNode(request: APIRequestContext, nodeId: string, action: 'crash' | 'restore'): Promise<void> {
  const response = await request.post(`${controlRoot()}/clusters/${STEADY}/nodes/${nodeId}/${action}`);
  expect(response.ok(), await response.text()).toBe(true);
}

async function clusters(request: APIRequestContext): Promise<ClustersView> {
  const response = await request.get('/api/clusters');
  expect(response.ok()).toBe(true);
  return (await response.json()) as ClustersView;
}

test.afterEach(async ({ request }) => {
  await steadyNode(request, 'node-2', 'restore');
});

test('the home page lists every cluster; a crash in one changes only that cluster', async ({ page, request }) => {
  await waitForAllOk(request);
  await expect.poll(async () => (await clusters(request)).clusters.map((cluster) => [cluster.name, cluster.counts.ok]), { timeout: 30_000 }).toEqual([
    ['incidents', 7],
    [STEADY, 7],
    // The Pegasus demo: three meta servers, four replica servers, two clients.
    ['pegasus', 9],
    ['olric', 3],
    ['pika', 5],
    ['goquai', 5],
  ]);
  await page.goto('/');
  const steadyRow = page.getByRole('row', { name: `cluster ${STEADY}` });
  const incidentsRow = page.getByRole('row', { name: 'cluster incidents' });
  await expect(steadyRow).toContainText('7 ok');
  await expect(incidentsRow).toContainText('Admin API v1');

  await steadyNode(request, 'node-2', 'crash');
  // Within one poll interval and 2 s, the home page polls at the shortest interval.
  await expect(steadyRow).toContainText('1 unreachable', { timeout: POLL_INTERVAL_MS * 2 + 2_000 });
  await expect(steadyRow.getByTestId('active-findings')).toContainText(/\d/);
  await expect(incidentsRow).not.toContainText('unreachable');
  await expect(incidentsRow).toContainText('7 ok');

  // The cluster's own pages say the same; the other cluster's do not.
  await steadyRow.getByRole('link', { name: STEADY }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${STEADY}$`));
  await expect(page.getByRole('row', { name: /node-2/ }).first()).toContainText('status: unreachable');
  const incidents = (await (await request.get('/api/clusters/incidents')).json()) as { nodes: { id: string; status: string }[] };
  expect(incidents.nodes.find((node) => node.id === 'node-2')?.status).toBe('ok');
  const allFindings = (await (await request.get('/api/findings?status=active&kind=node.unreachable')).json()) as { findings: { cluster: string; subject: { id: string } }[] };
  expect(allFindings.findings.map((finding) => [finding.cluster, finding.subject.id])).toEqual([[STEADY, 'node-2']]);
});

test('switching clusters keeps the view', async ({ page }) => {
  await page.goto('/clusters/incidents/sync');
  await expect(page.getByRole('heading', { name: 'Sync', exact: false }).first()).toBeVisible();
  await page.getByRole('combobox', { name: 'Cluster' }).selectOption(STEADY);
  await expect(page).toHaveURL(new RegExp(`/clusters/${STEADY}/sync$`));
  await expect(page.getByRole('link', { name: 'Sync' })).toHaveAttribute('aria-current', 'page');
  await page.getByRole('combobox', { name: 'Cluster' }).selectOption('incidents');
  await expect(page).toHaveURL(/\/clusters\/incidents\/sync$/);
});

test('a shared URL with filters opens the same filtered view', async ({ page }) => {
  await page.goto('/clusters/incidents/logs?level=warn,error&node=node-3&q=meta');
  await expect(page.getByRole('searchbox', { name: 'Text' })).toHaveValue('meta');
  await expect(page.getByRole('combobox', { name: 'Node', exact: true })).toHaveValue('node-3');
  await expect(page.getByRole('combobox', { name: 'Level', exact: true })).toHaveValue('warn,error');
});

test('an unknown cluster is a clear not-found page and a 404 from the API', async ({ page, request }) => {
  const response = await page.goto('/clusters/no-such-cluster/sync');
  expect(response?.status()).toBe(404);
  await expect(page.getByText('Not found: there is no cluster or page at this address')).toBeVisible();
  const api = await request.get('/api/clusters/no-such-cluster/sync');
  expect(api.status()).toBe(404);
  expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'no cluster named "no-such-cluster" in the config' } });
});

test('the first HTML of a view already carries its data', async ({ request }) => {
  await waitForAllOk(request);
  const overview = await (await request.get('/clusters/incidents')).text();
  // The node table is rendered on the server with every node and its status, not an empty shell.
  for (const id of ['node-1', 'node-6', 'client-1']) {
    expect(overview).toMatch(new RegExp(`<tr[^>]*data-node="${id}"[^>]*>.*?data-status="ok"`));
  }
  expect(overview).not.toContain('Loading nodes');
  // Every view's first HTML response renders its panels with data (scripts aside): each panel's age is a
  // real time ("Data from …"), never "no data yet", which is what a client-only first paint would show.
  for (const view of ['', '/peers', '/sync', '/routing', '/failover', '/logs', '/nodes/node-2']) {
    const html = (await (await request.get(`/clusters/incidents${view}`)).text()).replace(/<script[\s\S]*?<\/script>/g, '');
    expect(html, `/clusters/incidents${view}`).toContain('title="Data from');
    expect(html, `/clusters/incidents${view}`).not.toContain('no data yet');
  }
  const home = await (await request.get('/')).text();
  expect(home).toContain(`cluster ${STEADY}`);
  expect(home).toContain('cluster incidents');
});
