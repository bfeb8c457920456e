import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeSummary } from '@/lib/contract/api';
import type { NodeReport } from '@/lib/contract/report';
import { cycle, okReport, roundRobin } from '@/lib/diagnostics/fixtures/routing-fixtures';
import { routingAnalyzer } from '@/lib/diagnostics/routing';
import { routingPageViewSchema } from '@/lib/contract/views';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';
import { GET } from './route';

const NOW = 10_000;

const nodeId = (index: number) => `n${index + 1}`;

/** `count` nodes agreeing on one table; every 7th (from the 4th) has never answered. */
function fakeRuntime(count = 2): Runtime {
  const ids = Array.from({ length: count }, (_, index) => nodeId(index));
  const silent = (index: number) => index % 7 === 3;
  const reports = ids.filter((_, index) => !silent(index)).map((id) => okReport(id, NOW, { version: 3, owners: roundRobin(['n1', 'n2'], 8) }));
  const state = routingAnalyzer.step(routingAnalyzer.initial(), cycle(NOW, reports)).state;
  const latest = new Map<string, NodeReport>(reports.map((report) => [report.targetId, report]));
  const nodes = ids.map((id, index) => ({ id, role: 'primary', status: silent(index) ? 'unreachable' : 'ok' }) as NodeSummary);
  return {
    // A fixed cycle: every answer is built once per cycle (lib/api/per-cycle.ts).
    startedAt: 0,
    cycles: 1,
    now: () => NOW,
    config: { diagnostics: { routingGrace: 15_000 } },
    nodeSummaries: () => nodes,
    store: { latestMap: () => latest, lastOkMap: () => latest, has: (id: string) => ids.includes(id) },
    // Routing and failover keep their state per table; these fixtures have the one unnamed table.
    analyzerState: () => new Map([['', state]]),
    findings: () => ({ active: [], resolved: [] }),
  } as unknown as Runtime;
}

async function get(query: string, headers: Record<string, string> = {}): Promise<Response> {
  return GET(new Request(`http://127.0.0.1/api/routing${query}`, { headers }), clusterContext());
}

describe('GET /api/routing', () => {
  beforeEach(() => {
    installCluster(fakeRuntime());
  });
  afterEach(() => {
    installCluster(null);
  });

  it('answers the consensus view by default and one node view on request', async () => {
    const consensus = routingPageViewSchema.parse(await (await get('')).json());
    expect(consensus).toMatchObject({ view: 'consensus', partitionCount: 8, newestVersion: '3', diff: { total: 0 } });
    const node = routingPageViewSchema.parse(await (await get('?view=node&node=n2')).json());
    expect(node).toMatchObject({ view: 'node', node: 'n2', grid: { source: 'n2', stale: false } });
  });

  it('answers 400 for unknown or inconsistent parameters and 404 for an unknown node', async () => {
    expect((await get('?target=http://evil')).status).toBe(400);
    expect((await get('?view=sideways')).status).toBe(400);
    expect((await get('?view=node')).status).toBe(400);
    expect((await get('?view=consensus&node=n1')).status).toBe(400);
    const missing = await get('?view=node&node=n9');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no target with id "n9" in the cluster config' } });
  });
});

describe('GET /api/routing: the per-node table a page at a time', () => {
  afterEach(() => {
    installCluster(null);
  });

  it('a small cluster is one page, with its choices listed and its unseen nodes named', async () => {
    installCluster(fakeRuntime(6));
    const view = routingPageViewSchema.parse(await (await get('')).json());
    expect(view.nodes.map((row) => row.id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    expect(view.page).toMatchObject({ total: 6, offset: 0, nextCursor: null });
    expect(view.nodeSummary).toEqual({
      total: 6,
      answering: 5,
      unseen: { count: 1, named: [{ id: 'n4', status: 'unreachable', table: 'none' }] },
      withTables: 5,
      choices: ['n1', 'n2', 'n3', 'n5', 'n6'].map((id) => ({ id, isClient: false, stale: false })),
    });
  });

  it('walks every node once by cursor, each page with the summary of every node; too many choices are not listed', async () => {
    installCluster(fakeRuntime(450));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (; pages < 20; pages += 1) {
      const view = routingPageViewSchema.parse(await (await get(`?limit=100${cursor ? `&cursor=${cursor}` : ''}`)).json());
      expect(view.nodeSummary).toMatchObject({ total: 450, answering: 386, withTables: 386, choices: null, unseen: { count: 64 } });
      expect(view.nodeSummary.unseen.named).toHaveLength(50);
      expect(view).toMatchObject({ partitionCount: 8, newestVersion: '3' });
      // Each version's members and the table's reporters: the first named, all counted.
      expect(view.versions).toEqual([{ version: '3', nodes: expect.any(Array), nodeCount: 386 }]);
      expect(view.versions[0].nodes).toHaveLength(12);
      expect(view.tables).toMatchObject([{ name: '', reportedByCount: 386 }]);
      expect(view.tables[0].reportedBy).toHaveLength(12);
      seen.push(...view.nodes.map((row) => row.id));
      cursor = view.page.nextCursor;
      if (cursor === null) break;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(Array.from({ length: 450 }, (_, index) => nodeId(index)));
  });

  it('pages a node’s view the same way, answers 304 to the same page in the same cycle and 200 to another page', async () => {
    installCluster(fakeRuntime(250));
    const first = await get('?view=node&node=n2&limit=100');
    const view = routingPageViewSchema.parse(await first.json());
    expect(view).toMatchObject({ view: 'node', node: 'n2', grid: { source: 'n2' }, page: { total: 250, limit: 100 } });
    const etag = first.headers.get('etag')!;
    expect((await get('?view=node&node=n2&limit=100', { 'if-none-match': etag })).status).toBe(304);
    const second = await get('?view=node&node=n2&limit=100&offset=100', { 'if-none-match': etag });
    expect(second.status).toBe(200);
    expect(routingPageViewSchema.parse(await second.json()).nodes[0].id).toBe('n101');
  });

  it('refuses a forged cursor, a cursor with an offset and a page size out of bounds', async () => {
    installCluster(fakeRuntime(6));
    const forged = await get('?cursor=forged');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('cursor') } });
    const first = routingPageViewSchema.parse(await (await get('?limit=2')).json());
    expect((await get(`?offset=2&cursor=${first.page.nextCursor}`)).status).toBe(400);
    expect((await get('?limit=1001')).status).toBe(400);
  });
});
