import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FindingGroupsView, FindingsView } from '@/lib/contract/api';
import type { Finding } from '@/lib/contract/findings';
import { initialClassifierState } from '@/lib/diagnostics/logs';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';
import { GET } from './route';

const T0 = Date.parse('2026-05-01T10:00:00Z');
const INTERVAL = 5000;
const NODES = 2000;

/** Every node refused at the same moment, one sync link in error, one node resolved. */
function unreachable(index: number): Finding {
  const address = `127.0.0.1:${22000 + index}`;
  return {
    id: `node.unreachable:node::n${index}`,
    kind: 'node.unreachable',
    severity: 'critical',
    subject: { type: 'node', id: `n${index}` },
    summary: `n${index} (${address}): connection refused`,
    evidence: { address, reason: 'refused' },
    firstSeen: T0,
    lastSeen: T0 + INTERVAL,
    status: 'active',
    resolvedAt: null,
    class: 'persistent',
    logGroups: [],
  };
}

const linkError: Finding = {
  ...unreachable(0),
  id: 'sync.error:link:n1:n1->n2',
  kind: 'sync.error',
  subject: { type: 'link', id: 'n1->n2', node: 'n1' },
  summary: 'n1->n2 in error',
  evidence: { lastError: { code: 'rsync_failed', message: 'copy remote meta failed' } },
};

type FakeRuntime = Runtime & { cycles: number; active: Finding[] };

function fakeRuntime(): FakeRuntime {
  const runtime = {
    name: 'c',
    startedAt: T0,
    cycles: 7,
    active: [linkError, ...Array.from({ length: NODES }, (_, index) => unreachable(index))],
    now: () => T0 + 2 * INTERVAL,
    targets: Array.from({ length: NODES }, (_, index) => ({ id: `n${index}` })),
    config: { pollInterval: INTERVAL },
    store: { has: (id: string) => /^n\d+$/.test(id) && Number(id.slice(1)) < NODES },
    findings: () => ({ active: runtime.active, resolved: [{ ...unreachable(NODES + 1), status: 'resolved', resolvedAt: T0 }] }),
    logClassifierState: () => initialClassifierState({ bucketMs: INTERVAL }),
  };
  return runtime as unknown as FakeRuntime;
}

let runtime: FakeRuntime;
const get = (query: string, headers: Record<string, string> = {}) => GET(new Request(`http://127.0.0.1/api/clusters/c/findings${query}`, { headers }), clusterContext());

describe('GET /api/clusters/[cluster]/findings', () => {
  beforeEach(() => {
    runtime = fakeRuntime();
    installCluster(runtime);
  });
  afterEach(() => {
    installCluster(null);
  });

  it('groups by kind and cause, the likely shared cause first, without the members', async () => {
    const response = await get('?status=active&view=groups');
    expect(response.status).toBe(200);
    const view = (await response.json()) as FindingGroupsView;
    expect(view.findingCount).toBe(NODES + 1);
    expect(view.groups.map((group) => [group.key, group.count])).toEqual([
      ['node.unreachable:refused', NODES],
      ['sync.error:rsync_failed', 1],
    ]);
    expect(view.groups[0].title).toMatch(/^Likely the dashboard's own network: 2,000 of 2,000 nodes failed at once\. 2,000 nodes unreachable — connection refused, 127\.0\.0\.1:22000/);
    expect(view.groups[0]).toMatchObject({ cluster: 'c', likelyCause: { affected: NODES, clusterSize: NODES } });
    expect(view.groups[0]).not.toHaveProperty('members');
    expect(view.groups[0].firstMembers.map((finding) => finding.subject.id)).toEqual(['n0', 'n1', 'n2']);
    expect(view.groups[1].firstMembers.map((finding) => finding.id)).toEqual([linkError.id]);
    expect(view.page).toMatchObject({ total: 2, offset: 0, nextCursor: null });
  });

  it('pages one group’s members with a cursor, and says when the list was rebuilt in between', async () => {
    const first = (await (await get('?status=active&group=node.unreachable%3Arefused&limit=500')).json()) as FindingsView;
    expect(first.findings).toHaveLength(500);
    expect(first.findings.every((finding) => finding.kind === 'node.unreachable' && finding.cluster === 'c')).toBe(true);
    expect(first.page).toMatchObject({ total: NODES, offset: 0, limit: 500, versionChanged: false });
    expect(first.page.nextCursor).not.toBeNull();

    const second = (await (await get(`?status=active&group=node.unreachable%3Arefused&limit=500&cursor=${first.page.nextCursor}`)).json()) as FindingsView;
    expect(second.page).toMatchObject({ offset: 500, versionChanged: false });
    const seen = new Set([...first.findings, ...second.findings].map((finding) => finding.id));
    expect(seen.size).toBe(1000);

    runtime.cycles += 1;
    const afterCycle = (await (await get(`?status=active&group=node.unreachable%3Arefused&limit=500&cursor=${first.page.nextCursor}`)).json()) as FindingsView;
    expect(afterCycle.page).toMatchObject({ offset: 500, versionChanged: true });
  });

  it('a group that resolved away is an empty page; a plain list is paged with its total', async () => {
    const gone = (await (await get('?group=node.timeout%3Atimeout')).json()) as FindingsView;
    expect(gone.findings).toEqual([]);
    expect(gone.page.total).toBe(0);
    const list = (await (await get('?limit=10&offset=1995')).json()) as FindingsView;
    expect(list.page).toMatchObject({ total: NODES + 2, offset: 1995, limit: 10 });
    expect(list.findings).toHaveLength(7);
  });

  it('answers 304 to If-None-Match until the next cycle, and a new ETag after it', async () => {
    const first = await get('?view=groups&status=active');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const again = await get('?status=active&view=groups', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    runtime.cycles += 1;
    runtime.active = runtime.active.slice(0, 10);
    const changed = await get('?view=groups&status=active', { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(((await changed.json()) as FindingGroupsView).findingCount).toBe(10);
  });

  it('keeps one answer per cycle: findings that change inside a cycle show at the next one', async () => {
    const before = (await (await get('?status=active&view=groups')).json()) as FindingGroupsView;
    runtime.active = [];
    const sameCycle = (await (await get('?status=active&view=groups')).json()) as FindingGroupsView;
    expect(sameCycle.findingCount).toBe(before.findingCount);
    runtime.cycles += 1;
    const nextCycle = (await (await get('?status=active&view=groups')).json()) as FindingGroupsView;
    expect(nextCycle.findingCount).toBe(0);
  });

  it('rejects hostile or contradictory paging and grouping with 400, never a throw', async () => {
    for (const query of ['?cursor=not-a-cursor', '?limit=0', '?limit=100000', '?offset=-1', '?view=groups&group=x', `?offset=3&cursor=${'a'.repeat(10)}`, '?view=tree']) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'bad_request' } });
    }
  });
});
