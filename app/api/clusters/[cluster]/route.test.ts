import { afterEach, describe, expect, it } from 'vitest';
import { clusterViewSchema, type ClusterView, type NodeSummary } from '@/lib/contract/api';
import type { ClusterRuntime } from '@/lib/runtime';
import { clusterContext, FAKE_CLUSTER, installCluster } from '@/lib/api/testing/fake-dashboard';
import { GET } from './route';

/** A cluster of `count` nodes: every 10th unreachable, the rest ok; `cycles` moves like a real one's. */
function fakeCluster(count: number) {
  let summaryBuilds = 0;
  const nodes: NodeSummary[] = Array.from({ length: count }, (_, index) => ({
    id: `node-${index}`,
    kind: 'native',
    role: index === 0 ? 'primary' : 'replica',
    address: `127.0.0.1:${22000 + index}`,
    status: index % 10 === 3 ? 'unreachable' : 'ok',
    lastPollStatus: null,
    reason: null,
    lastSeen: null,
    lastPolledAt: null,
    latencyMs: null,
    version: index % 2 === 0 ? '1.4.0' : '1.5.0',
    stale: false,
  }));
  const cluster = {
    name: FAKE_CLUSTER,
    startedAt: 1_700_000_000_000,
    cycles: 1,
    now: () => 1_700_000_100_000,
    targets: nodes.map((node) => ({ id: node.id, kind: 'native' })),
    config: { pollInterval: 5000 },
    staleAfterMs: 15_000,
    firstCycleAt: 1_700_000_000_500,
    lastCycle: { startedAt: 1_700_000_095_000, durationMs: 40, polled: count },
    nodeSummaries: () => {
      summaryBuilds += 1;
      return nodes;
    },
  };
  return { cluster, summaryBuilds: () => summaryBuilds };
}

async function get(search: string, headers: Record<string, string> = {}) {
  const response = await GET(new Request(`http://127.0.0.1/api/clusters/${FAKE_CLUSTER}${search}`, { headers }), clusterContext());
  return response;
}

async function view(search: string): Promise<ClusterView> {
  const response = await get(search);
  expect(response.status).toBe(200);
  return clusterViewSchema.parse(await response.json());
}

afterEach(() => installCluster(null));

describe('GET /api/clusters/{cluster}: the node list paged and filtered on the server', () => {
  it('a small cluster is one page: every node, no next cursor', async () => {
    installCluster(fakeCluster(6).cluster as unknown as ClusterRuntime);
    const answer = await view('');
    expect(answer.nodes.map((node) => node.id)).toEqual(['node-0', 'node-1', 'node-2', 'node-3', 'node-4', 'node-5']);
    expect(answer.page).toMatchObject({ total: 6, offset: 0, nextCursor: null });
    expect(answer.counts).toMatchObject({ ok: 5, unreachable: 1 });
  });

  it('at 5,000 nodes answers one page, counts over every node, and the cursors walk every node once', async () => {
    installCluster(fakeCluster(5000).cluster as unknown as ClusterRuntime);
    const first = await view('?limit=100');
    expect(first.nodes).toHaveLength(100);
    expect(first.counts).toMatchObject({ ok: 4500, unreachable: 500 });
    expect(first.page?.total).toBe(5000);
    const seen = first.nodes.map((node) => node.id);
    let cursor = first.page?.nextCursor ?? null;
    for (let guard = 0; cursor !== null && guard < 10; guard += 1) {
      const next = await view(`?limit=1000&cursor=${cursor}`);
      seen.push(...next.nodes.map((node) => node.id));
      cursor = next.page?.nextCursor ?? null;
    }
    expect(cursor).toBeNull();
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, index) => `node-${index}`));
    const middle = await view('?offset=2500&limit=100');
    expect(middle.nodes[0].id).toBe('node-2500');
    expect(middle.page).toMatchObject({ offset: 2500, total: 5000 });
  });

  it('filters by status and text before paging, and the total counts the matches', async () => {
    installCluster(fakeCluster(5000).cluster as unknown as ClusterRuntime);
    const down = await view('?status=unreachable&limit=100');
    expect(down.page?.total).toBe(500);
    expect(down.nodes.every((node) => node.status === 'unreachable')).toBe(true);
    expect(down.nodes[0].id).toBe('node-3');
    const text = await view('?q=NODE-49&limit=1000');
    expect(text.nodes.map((node) => node.id)).toEqual(['node-49', ...Array.from({ length: 10 }, (_, i) => `node-49${i}`), ...Array.from({ length: 100 }, (_, i) => `node-49${String(i).padStart(2, '0')}`)]);
    // Unreachable nodes are all odd, so all on 1.5.0.
    expect((await view('?status=unreachable&q=1.5.0')).page?.total).toBe(500);
    const none = await view('?status=unreachable&q=1.4.0');
    expect(none.page?.total).toBe(0);
    expect(none.nodes).toEqual([]);
  });

  it('the header (nodes=none) carries no rows and no page', async () => {
    installCluster(fakeCluster(50).cluster as unknown as ClusterRuntime);
    const header = await view('?nodes=none');
    expect(header.nodes).toEqual([]);
    expect(header.page).toBeNull();
    expect(header.counts).toMatchObject({ ok: 45, unreachable: 5 });
  });

  it('answers 304 to the same page in the same cycle, a new body once the cycle moves, and filters once per cycle', async () => {
    const fake = fakeCluster(300);
    installCluster(fake.cluster as unknown as ClusterRuntime);
    const first = await get('?offset=100&limit=100');
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await get('?limit=100&offset=100', { 'if-none-match': etag! })).status).toBe(304);
    // Another page of the same filter has its own ETag.
    const other = await get('?offset=200&limit=100', { 'if-none-match': etag! });
    expect(other.status).toBe(200);
    const builds = fake.summaryBuilds();
    fake.cluster.cycles += 1;
    const moved = await get('?offset=100&limit=100', { 'if-none-match': etag! });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).not.toBe(etag);
    await get('?offset=200&limit=100');
    await get('?offset=0&limit=100');
    // The new cycle's matching list and counts were built once, not per page.
    expect(fake.summaryBuilds() - builds).toBe(2);
  });

  it('a cursor from an older cycle still serves its position and says so; a forged one is a clear 400', async () => {
    const fake = fakeCluster(300);
    installCluster(fake.cluster as unknown as ClusterRuntime);
    const first = await view('?limit=100');
    fake.cluster.cycles += 1;
    const next = await view(`?limit=100&cursor=${first.page!.nextCursor}`);
    expect(next.nodes[0].id).toBe('node-100');
    expect(next.page?.versionChanged).toBe(true);
    const forged = await get('?cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('cursor') } });
    const both = await get(`?offset=5&cursor=${first.page!.nextCursor}`);
    expect(both.status).toBe(400);
    expect((await get('?status=healthy')).status).toBe(400);
  });
});
