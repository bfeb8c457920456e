import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { ClusterView } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import type { RoutingView } from '@/lib/diagnostics/routing-view';
import type { SyncView } from '@/lib/diagnostics/sync-view';
import { startRedisCluster, type RedisCluster } from './support/redis-cluster';
import { spawnDashboard, waitForHealth, type SpawnedDashboard } from './support/spawn-dashboard';

/**
 * The dashboard on a real 6-node Redis cluster (3 primaries, 3 replicas), seen
 * in the browser: healthy; a primary frozen with SIGSTOP (timeout, its
 * replica's "link up" flagged as stalled until the replica is promoted); a
 * primary shut down (unreachable, primary lost, its replica promoted under a
 * higher epoch, routing updated). Redis ports: REDIS_E2E_PORT (default 23300)
 * to +5, cluster bus +100; the dashboard listens on the e2e port + 30.
 */

const REDIS_BASE_PORT = Number(process.env.REDIS_E2E_PORT ?? 23300);
const DASHBOARD_PORT = Number(new URL(process.env.DASHBOARD_URL ?? 'http://127.0.0.1:3100').port) + 30;
const SEED_ID = 'redis-seed';
const SLOTS = 16_384;
/** Long enough to see a frozen primary in the browser before the cluster promotes its replica. */
const CLUSTER_NODE_TIMEOUT_MS = 4000;
/** Poll 1 s + request timeout 0.8 s + the page's 1 s refetch, with room for a busy machine. */
const SHOWN_MS = 8000;
/** Cluster node timeout, FAIL agreement and the replica's election delay. */
const FAILOVER_MS = 25_000;
/** SIGCONT → answering again (re-probed every 2 s at most) and rejoined as a replica. */
const RECOVER_MS = 25_000;

const idOf = (port: number) => (port === REDIS_BASE_PORT ? SEED_ID : `127.0.0.1:${port}`);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Shard = { primary: number; replicas: number[]; firstSlot: number };

/** The cluster's own topology, read with redis-cli (not through the dashboard under test). */
async function readShards(cluster: RedisCluster, askPort: number): Promise<Shard[]> {
  const lines = (await cluster.cli(askPort, 'CLUSTER', 'NODES')).split('\n').map((line) => line.trim().split(' '));
  const portOfId = new Map(lines.map((fields) => [fields[0], Number(fields[1].split('@')[0].split(':').at(-1))]));
  const shards: Shard[] = [];
  for (const fields of lines) {
    if (!fields[2].split(',').includes('master') || fields.length < 9) continue;
    const replicas = lines.filter((other) => other[3] === fields[0]).map((other) => portOfId.get(other[0])!);
    shards.push({ primary: portOfId.get(fields[0])!, replicas, firstSlot: Number(fields[8].split('-')[0]) });
  }
  return shards.sort((a, b) => a.firstSlot - b.firstSlot);
}

async function configEpochOf(cluster: RedisCluster, askPort: number, port: number): Promise<number> {
  const line = (await cluster.cli(askPort, 'CLUSTER', 'NODES')).split('\n').find((candidate) => candidate.includes(`:${port}@`));
  return Number(line?.trim().split(' ')[6]);
}

let cluster: RedisCluster | null = null;
let dashboard: SpawnedDashboard | null = null;
let configDir: string | null = null;
let shards: Shard[] = [];

async function getJson<T>(request: APIRequestContext, route: string): Promise<T> {
  const response = await request.get(`${dashboard!.url}${route}`);
  expect(response.status(), route).toBe(200);
  return (await response.json()) as T;
}

const clusterView = (request: APIRequestContext) => getJson<ClusterView>(request, '/api/clusters/redis-e2e');
const findings = async (request: APIRequestContext, status: 'active' | 'all') =>
  (await getJson<{ findings: Finding[] }>(request, `/api/findings?status=${status}`)).findings;
const nodeOf = async (request: APIRequestContext, id: string) => (await clusterView(request)).nodes.find((node) => node.id === id);

function nodeRow(page: Page, id: string) {
  return page.getByRole('table', { name: 'Nodes' }).getByRole('row', { name: new RegExp(`^${escapeRegExp(id)}\\s`) });
}

function linkRow(page: Page, linkId: string) {
  return page.locator(`tr[data-link="${linkId}"]`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(120_000);
  cluster = await startRedisCluster({ basePort: REDIS_BASE_PORT, clusterNodeTimeoutMs: CLUSTER_NODE_TIMEOUT_MS, startTimeoutMs: 45_000 });
  configDir = mkdtempSync(path.join(tmpdir(), 'clusterscope-redis-e2e-'));
  const file = path.join(configDir, 'cluster.yaml');
  writeFileSync(
    file,
    [
      'cluster: redis-e2e',
      'pollInterval: 1s',
      'requestTimeout: 800ms',
      'maxBackoff: 2s',
      'diagnostics:',
      '  routingGrace: 3s',
      '  staleConfigGrace: 3s',
      'targets:',
      `  - { id: ${SEED_ID}, kind: redis, address: "127.0.0.1:${REDIS_BASE_PORT}", discover: true }`,
      '',
    ].join('\n'),
  );
  dashboard = spawnDashboard(DASHBOARD_PORT, { CLUSTER_CONFIG: file });
  const started = dashboard;
  await test.step('dashboard ready', async () => {
    try {
      await waitForHealth(started.url, 45_000);
      await expect.poll(async () => (await fetch(`${started.url}/api/ready`).catch(() => null))?.status ?? 0, { timeout: 20_000 }).toBe(200);
    } catch (error) {
      throw new Error(`the dashboard on port ${DASHBOARD_PORT} did not get ready: ${String(error)}\n--- its output ---\n${started.output()}`);
    }
  });
  shards = await readShards(cluster, REDIS_BASE_PORT);
});

test.afterAll(async () => {
  test.setTimeout(30_000);
  try {
    await dashboard?.stop();
  } finally {
    await cluster?.teardown();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  }
});

test('six healthy nodes: all ok, 16,384 slots owned exactly once, every replica link in sync', async ({ page, request }) => {
  expect(shards.map((shard) => shard.replicas.length)).toEqual([1, 1, 1]);
  const ids = cluster!.nodes.map((node) => idOf(node.port));
  await expect
    .poll(async () => (await clusterView(request)).nodes.map((node) => `${node.id}:${node.status}`).sort(), { timeout: SHOWN_MS })
    .toEqual(ids.map((id) => `${id}:ok`).sort());

  await page.goto(`${dashboard!.url}/`);
  await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
  for (const id of ids) await expect(nodeRow(page, id)).toContainText('status: ok');
  await expect(page.getByRole('button', { name: '6 ok' })).toBeVisible();

  // Routing: the consensus covers every slot with exactly one owner, and every node's own table agrees.
  const routing = await getJson<RoutingView>(request, '/api/clusters/redis-e2e/routing');
  expect(routing.partitionCount).toBe(SLOTS);
  expect(routing.diff.total).toBe(0);
  const owned = new Map<string, number>();
  for (let index = 0; index < routing.grid!.runs.length; index += 2) {
    const owner = routing.grid!.runs[index];
    expect(owner, 'a slot without an owner').toBeGreaterThanOrEqual(0);
    const name = routing.grid!.owners[owner];
    owned.set(name, (owned.get(name) ?? 0) + routing.grid!.runs[index + 1]);
  }
  expect([...owned.keys()].sort()).toEqual(shards.map((shard) => idOf(shard.primary)).sort());
  expect([...owned.values()].reduce((sum, count) => sum + count, 0)).toBe(SLOTS);
  for (const row of routing.nodes) expect(row, row.id).toMatchObject({ status: 'ok', table: 'fresh', partitionCount: SLOTS, differsFromConsensus: 0 });
  expect(routing.nodes.reduce((sum, row) => sum + (row.ownedReported ?? 0), 0)).toBe(SLOTS);
  expect((await findings(request, 'active')).filter((finding) => finding.kind.startsWith('routing.'))).toEqual([]);

  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Routing' }).click();
  await expect(page.getByText(/^16,384 partitions · newest version \d+ · 6 answering node views$/)).toBeVisible();
  await expect(page.getByText('No active routing findings')).toBeVisible();
  const legend = page.getByRole('list', { name: 'Grid legend' });
  for (const shard of shards) await expect(legend.getByText(new RegExp(`^${escapeRegExp(idOf(shard.primary))} \\(\\d+\\)$`))).toBeVisible();
  await expect(legend.getByText(/no owner/)).toHaveCount(0);
  await expect(legend.getByText('views differ (0)')).toBeVisible();
  const legendCounts = (await legend.getByRole('listitem').allInnerTexts())
    .filter((text) => !text.includes('views differ'))
    .map((text) => Number(/\((\d+)\)/.exec(text)?.[1]));
  expect(legendCounts.reduce((sum, count) => sum + count, 0)).toBe(SLOTS);

  // Sync: each replica's link to its primary is in sync, and no sync finding is raised.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Sync' }).click();
  for (const shard of shards) {
    const row = linkRow(page, `${idOf(shard.primary)}->${idOf(shard.replicas[0])}`);
    await expect(row.getByText(/link state: in sync/)).toBeVisible();
    await expect(row.getByText('no finding')).toBeVisible();
  }
  // Over a dozen poll cycles (past the primaries' 10 s replication PING), no sync finding comes and goes.
  const cycles = new Set<number>();
  await expect
    .poll(
      async () => {
        const sync = await getJson<SyncView>(request, '/api/clusters/redis-e2e/sync');
        expect(sync.counts).toMatchObject({ links: 3, withCondition: 0 });
        if (sync.dataAt !== null) cycles.add(sync.dataAt);
        return cycles.size;
      },
      { timeout: 25_000, intervals: [1000] },
    )
    .toBeGreaterThanOrEqual(12);
  expect((await findings(request, 'all')).filter((finding) => finding.kind.startsWith('sync.')).map((finding) => finding.summary)).toEqual([]);
});

test('SIGSTOP of a primary: timeout, its replica still says link up and is flagged stalled until promoted; SIGCONT recovers', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(75_000);
  // Prefer a primary other than the seed, so the ids in the page are all addresses.
  const shard = shards.find((candidate) => candidate.primary !== REDIS_BASE_PORT) ?? shards[0];
  const stopped = idOf(shard.primary);
  const replica = idOf(shard.replicas[0]);
  const linkId = `${stopped}->${replica}`;

  await page.goto(`${dashboard!.url}/`);
  await expect(nodeRow(page, stopped)).toContainText('status: ok');
  const syncPage = await context.newPage();
  await syncPage.goto(`${dashboard!.url}/clusters/redis-e2e/sync`);
  await expect(linkRow(syncPage, linkId).getByText(/link state: in sync/)).toBeVisible();

  cluster!.signal(shard.primary, 'SIGSTOP');
  try {
    // The replica keeps saying master_link_status:up; the evidence (its primary not answering) contradicts it.
    const row = linkRow(syncPage, linkId);
    await expect(row.getByRole('note', { name: `Contradiction on ${linkId}` })).toContainText(`primary ${stopped} is not answering (timeout`, {
      timeout: SHOWN_MS,
    });
    await expect(row.getByText(/link state: in sync/)).toBeVisible();
    await expect(row.getByText('sync.stalled', { exact: true })).toBeVisible();
    await expect(nodeRow(page, stopped)).toContainText('status: timeout', { timeout: SHOWN_MS });

    const stalled = (await findings(request, 'all')).find(
      (finding) => finding.kind === 'sync.stalled' && finding.subject.id === linkId && finding.subject.node === replica,
    );
    expect(stalled).toMatchObject({ severity: 'critical', subject: { type: 'link', node: replica }, evidence: { primaryStatus: 'timeout' } });

    // The cluster promotes the replica; from then on the link no longer exists and nothing is stalled.
    await expect.poll(async () => (await nodeOf(request, replica))?.role, { timeout: FAILOVER_MS }).toBe('primary');
    await expect
      .poll(async () => (await findings(request, 'active')).filter((finding) => finding.kind === 'sync.stalled').map((finding) => finding.summary), {
        timeout: SHOWN_MS,
      })
      .toEqual([]);
    await expect(syncPage.getByRole('note', { name: `Contradiction on ${linkId}` })).toHaveCount(0, { timeout: SHOWN_MS });
    await expect(nodeRow(page, stopped)).toContainText('status: timeout');
  } finally {
    cluster!.signal(shard.primary, 'SIGCONT');
  }

  // Back: every node ok, the old primary now a replica of the promoted one, its new link in sync.
  for (const node of cluster!.nodes) await expect(nodeRow(page, idOf(node.port))).toContainText('status: ok', { timeout: RECOVER_MS });
  await expect(page.getByRole('button', { name: '6 ok' })).toBeVisible();
  await expect.poll(async () => (await nodeOf(request, stopped))?.role, { timeout: RECOVER_MS }).toBe('replica');
  await expect(linkRow(syncPage, `${replica}->${stopped}`).getByText(/link state: in sync/)).toBeVisible({ timeout: RECOVER_MS });
  await syncPage.close();
});

test('SHUTDOWN NOSAVE of a primary: unreachable, primary lost, its replica promoted under a higher epoch, routing updated', async ({
  page,
  request,
}) => {
  test.setTimeout(75_000);
  // A primary not touched by the SIGSTOP test (which swapped the roles in its shard).
  const shard = shards.filter((candidate) => candidate.primary !== REDIS_BASE_PORT).at(-1) ?? shards.at(-1)!;
  const killed = idOf(shard.primary);
  const successor = idOf(shard.replicas[0]);
  const askPort = shard.replicas[0];
  const epochBefore = await configEpochOf(cluster!, askPort, shard.primary);
  const routingBefore = await getJson<RoutingView>(request, '/api/clusters/redis-e2e/routing');
  expect(ownerOfSlot(routingBefore, shard.firstSlot)).toBe(killed);

  await page.goto(`${dashboard!.url}/`);
  await expect(nodeRow(page, killed)).toContainText('status: ok');
  await cluster!.cli(shard.primary, 'SHUTDOWN', 'NOSAVE').catch(() => '');

  await expect(nodeRow(page, killed)).toContainText('status: unreachable', { timeout: SHOWN_MS });
  await expect(
    page.getByRole('list', { name: 'Active findings' }).getByRole('article').filter({ hasText: 'failover.primary_lost' }).filter({ hasText: killed }),
  ).toBeVisible({ timeout: SHOWN_MS });

  await expect.poll(async () => (await nodeOf(request, successor))?.role, { timeout: FAILOVER_MS }).toBe('primary');
  const epochAfter = await configEpochOf(cluster!, askPort, shard.replicas[0]);
  expect(epochAfter).toBeGreaterThan(epochBefore);

  // /failover: one incident naming the old and the new primary, under a higher ballot.
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Failover' }).click();
  const incident = page.getByRole('article', { name: `failover incident ${killed}` });
  await expect(incident.getByRole('heading', { name: `${killed} → ${successor}` })).toBeVisible({ timeout: SHOWN_MS });
  await expect(incident).toContainText(`${epochBefore} → ${epochAfter}`);
  await expect(incident).toContainText('(unreachable)');
  await incident.getByText('Members as a table').click();
  const killedMember = incident.getByRole('row', { name: `adoption of ${killed}` });
  await expect(killedMember).toContainText('status: unreachable');
  await expect(incident.getByRole('row', { name: `adoption of ${successor}` })).toContainText('status: ok');
  const lost = (await findings(request, 'all')).find((finding) => finding.kind === 'failover.primary_lost' && finding.subject.node === killed);
  expect(lost, 'failover.primary_lost for the shut-down primary').toBeDefined();

  // Routing: the consensus now gives the dead primary's slots to its successor, every slot still owned once.
  await expect
    .poll(
      async () => {
        const routing = await getJson<RoutingView>(request, '/api/clusters/redis-e2e/routing');
        return { owner: ownerOfSlot(routing, shard.firstSlot), killedOwns: ownerNames(routing).includes(killed), diff: routing.diff.total };
      },
      { timeout: SHOWN_MS },
    )
    .toEqual({ owner: successor, killedOwns: false, diff: 0 });
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Routing' }).click();
  const legend = page.getByRole('list', { name: 'Grid legend' });
  await expect(legend.getByText(new RegExp(`^${escapeRegExp(successor)} \\(\\d+\\)$`))).toBeVisible();
  await expect(legend.getByText(new RegExp(`^${escapeRegExp(killed)} \\(`))).toHaveCount(0);
  await expect(legend.getByText(/no owner/)).toHaveCount(0);
  const killedRouting = page.getByRole('row', { name: `routing of ${killed}` });
  await expect(killedRouting).toContainText('status: unreachable');
  await expect(killedRouting).not.toContainText('status: ok');

  // No view shows the dead primary as ok.
  await page.goto(`${dashboard!.url}/clusters/redis-e2e/nodes/${encodeURIComponent(killed)}`);
  const heading = page.getByRole('heading', { name: `Node ${killed}`, level: 1 });
  await expect(heading).toBeVisible();
  await expect(heading.locator('..')).toContainText('status: unreachable');
  await page.goto(`${dashboard!.url}/clusters/redis-e2e/peers`);
  const peersRow = page.getByRole('table', { name: 'Peers per category per node' }).getByRole('row', { name: new RegExp(`^${escapeRegExp(killed)}\\s`) });
  await expect(peersRow).toContainText('node: unreachable');
  await expect(peersRow).not.toContainText('node: ok');
  await page.goto(`${dashboard!.url}/clusters/redis-e2e/sync`);
  // Its last report of its link is kept (shown stale), under a primary marked unreachable.
  const oldGroup = page.getByRole('region', { name: `Primary ${killed}` });
  await expect(oldGroup.getByRole('heading')).toContainText('primary node: unreachable');
  await expect(oldGroup).not.toContainText('primary node: ok');
  await page.goto(`${dashboard!.url}/`);
  await expect(nodeRow(page, killed)).toContainText('status: unreachable');
  await expect(nodeRow(page, killed)).not.toContainText('status: ok');
  await expect(page.getByRole('button', { name: '5 ok' })).toBeVisible();
  await expect(page.getByRole('button', { name: '1 unreachable' })).toBeVisible();
});

function ownerNames(routing: RoutingView): string[] {
  const runs = routing.grid!.runs;
  const names = new Set<string>();
  for (let index = 0; index < runs.length; index += 2) if (runs[index] >= 0) names.add(routing.grid!.owners[runs[index]]);
  return [...names];
}

function ownerOfSlot(routing: RoutingView, slot: number): string | null {
  const runs = routing.grid!.runs;
  let start = 0;
  for (let index = 0; index < runs.length; index += 2) {
    if (slot < start + runs[index + 1]) return runs[index] < 0 ? null : routing.grid!.owners[runs[index]];
    start += runs[index + 1];
  }
  return null;
}
