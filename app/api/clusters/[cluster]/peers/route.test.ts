import { afterEach, describe, expect, it } from 'vitest';
import { peersPageViewSchema } from '@/lib/contract/views';
import type { NodeReport } from '@/lib/contract/report';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import { downReport, okReport, peersDoc, POLL_MS, run, at } from '@/lib/diagnostics/fixtures/peers-fixtures';
import { peersAnalyzer } from '@/lib/diagnostics/peers';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';
import { GET } from './route';

const nodeId = (index: number) => `n-${String(index).padStart(4, '0')}`;

/**
 * A cluster of `count` nodes polled twice: each lists three peers; every 10th
 * provides no peer categories, every 7th of the others stops answering at the second poll.
 */
function fakeRuntime(count: number): Runtime {
  const ids = Array.from({ length: count }, (_, index) => nodeId(index));
  const poll = (n: number) =>
    ids.map((id, index): NodeReport => {
      if (n === 1 && index % 7 === 3 && index % 10 !== 9) return downReport(id, at(n));
      return okReport(id, at(n), index % 10 === 9 ? null : peersDoc({ [`${id}-a`]: 'best', [`${id}-b`]: 'responsive', [`${id}-c`]: ['best', 'lastResort'] }));
    });
  const { state, lastReports } = run(ids, [poll(0), poll(1)]);
  return {
    // A fixed cycle: every answer is built once per cycle (lib/api/per-cycle.ts).
    startedAt: 0,
    cycles: 1,
    now: () => at(1) + 500,
    targets: ids.map((id) => ({ id })),
    config: { pollInterval: POLL_MS, diagnostics: { peerGapTransientPolls: 3 } },
    analyzerState: (analyzer: { initial: () => unknown }) => (analyzer === peersAnalyzer ? state : analyzer.initial()),
    store: { has: (id: string) => lastReports.has(id), latestMap: () => lastReports },
    nodeSummary: (id: string) => ({ status: lastReports.get(id)?.status === 'ok' ? 'ok' : 'unreachable' }),
    findings: () => ({ active: [], resolved: [] }),
  } as unknown as Runtime;
}

const get = (query: string, headers: Record<string, string> = {}) => GET(new Request(`http://127.0.0.1/api/clusters/c/peers${query}`, { headers }), clusterContext());
const parsed = async (query: string) => {
  const response = await get(query);
  expect(response.status).toBe(200);
  return peersPageViewSchema.parse(await response.json());
};

describe('GET /api/clusters/{cluster}/peers: the per-node table a page at a time', () => {
  afterEach(() => {
    installCluster(null);
  });

  it('a small cluster is one page with every node, its choices listed and its stale and unavailable nodes named', async () => {
    installCluster(fakeRuntime(10));
    const view = await parsed('');
    expect(view.nodes.map((node) => node.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8].map(nodeId));
    expect(view.page).toMatchObject({ total: 9, offset: 0, nextCursor: null });
    expect(view.nodeSummary).toMatchObject({
      total: 10,
      withPeers: 9,
      categories: ['best', 'responsive', 'lastResort'],
      stale: { count: 1, named: [{ id: nodeId(3) }] },
      unavailable: { count: 1, named: [nodeId(9)] },
      choices: [0, 1, 2, 3, 4, 5, 6, 7, 8].map(nodeId),
      chartable: 9,
    });
    expect(view.nodeSummary.charted).toHaveLength(9);
    expect(view.matchingPeers).toBe(27);
    expect(view.peers).toHaveLength(27);
    // Peers in several categories come first.
    expect(view.peers[0]).toMatchObject({ node: nodeId(0), id: `${nodeId(0)}-c`, multiCategory: true });
  });

  it('walks every node once by cursor, with the summary of every node on each page; too many choices are not listed', async () => {
    installCluster(fakeRuntime(500));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (; pages < 20; pages += 1) {
      const view = await parsed(`?limit=100${cursor ? `&cursor=${cursor}` : ''}${pages > 0 ? '&peers=0' : ''}`);
      expect(view.nodeSummary).toMatchObject({ total: 500, withPeers: 450, choices: null, chartable: 450 });
      expect(view.nodeSummary.stale.named.length).toBeLessThanOrEqual(50);
      // The chart draws 60 nodes, the stale (not answering) ones first.
      expect(view.nodeSummary.charted).toHaveLength(60);
      expect(view.nodeSummary.charted.every((node) => node.dataStatus === 'stale')).toBe(true);
      expect(view.peers).toHaveLength(pages === 0 ? 1000 : 0);
      expect(view.matchingPeers).toBe(1350);
      seen.push(...view.nodes.map((node) => node.id));
      cursor = view.page.nextCursor;
      if (cursor === null) break;
    }
    expect(pages).toBe(4);
    const withPeers = Array.from({ length: 500 }, (_, index) => index).filter((index) => index % 10 !== 9).map(nodeId);
    expect(seen).toEqual(withPeers);
  });

  it('counts the stale nodes over every node and names only the first', async () => {
    installCluster(fakeRuntime(500));
    const view = await parsed('?limit=1');
    const stale = Array.from({ length: 500 }, (_, index) => index).filter((index) => index % 7 === 3 && index % 10 !== 9);
    expect(view.nodeSummary.stale.count).toBe(stale.length);
    expect(view.nodeSummary.stale.named.map((node) => node.id)).toEqual(stale.slice(0, 50).map(nodeId));
    expect(view.nodes).toHaveLength(1);
  });

  it('filters peers on the server; the per-node table is every node whatever the filter', async () => {
    installCluster(fakeRuntime(20));
    const lastResort = await parsed('?category=lastResort');
    expect(lastResort.peers.map((peer) => peer.id)).toEqual(Array.from({ length: 18 }, (_, index) => index).map((index) => `${nodeId(index + Math.floor(index / 9))}-c`));
    expect(lastResort.filter).toMatchObject({ category: 'lastResort' });
    expect(lastResort.page.total).toBe(18);
    const one = await parsed(`?q=${nodeId(4)}-b`);
    expect(one.peers.map((peer) => `${peer.node}/${peer.id}`)).toEqual([`${nodeId(4)}/${nodeId(4)}-b`]);
    const ofNode = await parsed(`?node=${nodeId(5)}&peers=2`);
    expect(ofNode.peers.map((peer) => peer.node)).toEqual([nodeId(5), nodeId(5)]);
    expect(ofNode.matchingPeers).toBe(3);
  });

  it('answers 304 to the same page in the same cycle, and another page has its own ETag', async () => {
    installCluster(fakeRuntime(300));
    const first = await get('?limit=100');
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await get('?limit=100', { 'if-none-match': etag })).status).toBe(304);
    const second = await get('?limit=100&offset=100&peers=0');
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).not.toBe(etag);
    expect((await get('?limit=100&offset=100&peers=0', { 'if-none-match': etag })).status).toBe(200);
  });

  it('refuses a forged cursor, a cursor with an offset, unknown parameters and unknown nodes', async () => {
    installCluster(fakeRuntime(10));
    const forged = await get('?cursor=forged');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('cursor') } });
    const first = await parsed('?limit=2');
    expect((await get(`?offset=2&cursor=${first.page.nextCursor}`)).status).toBe(400);
    expect((await get('?limit=0')).status).toBe(400);
    expect((await get('?peers=-1')).status).toBe(400);
    expect((await get('?page=2')).status).toBe(400);
    expect((await get('?node=nope')).status).toBe(404);
  });
});
