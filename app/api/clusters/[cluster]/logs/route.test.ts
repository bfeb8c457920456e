import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '@/lib/contract/findings';
import { logsViewSchema } from '@/lib/contract/views';
import { foldLines, initialClassifierState } from '@/lib/diagnostics/logs';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';
import { LogStore } from '@/lib/store/log-store';
import { recoveriesFrom } from '@/lib/api/logs-view';
import { GET } from './route';

const NOW = Date.parse('2026-01-01T00:01:00Z');

function entry(cursor: number, secondsAgo: number, level: 'info' | 'warn' | 'error', message: string, subject?: string) {
  return { cursor, ts: new Date(NOW - secondsAgo * 1000).toISOString(), level, component: 'replication', message, ...(subject ? { subject } : {}) };
}

function fakeRuntime(active: Finding[] = []): Runtime {
  const logStore = new LogStore(1000);
  logStore.ingest(
    'node-1',
    {
      epoch: 'e1',
      entries: [
        entry(1, 50, 'info', 'node node-1 up'),
        ...Array.from({ length: 10 }, (_, i) => entry(2 + i, 40 - i * 4, 'error', `MetaSync from node-2 (127.0.0.1:${4100 + i}) rejected: slave already exists`)),
        entry(12, 30, 'warn', 'dial node-3 (127.0.0.1:4300): connect: connection refused', 'node-3'),
        entry(13, 1, 'error', '<img src=x onerror=alert(1)>'),
      ],
      nextCursor: 13,
      hasMore: true,
      dropped: 0,
    },
    NOW,
  );
  const resolved: Finding = {
    id: 'node.unreachable:node:node-3:node-3',
    kind: 'node.unreachable',
    severity: 'critical',
    subject: { type: 'node', id: 'node-3', node: 'node-3' },
    summary: 'node-3 unreachable',
    evidence: {},
    firstSeen: NOW - 35_000,
    lastSeen: NOW - 25_000,
    status: 'resolved',
    resolvedAt: NOW - 25_000,
    class: 'transient',
    logGroups: [],
  };
  let classifier = initialClassifierState({ bucketMs: 5000 });
  return {
    // A fixed cycle: every answer is built once per cycle (lib/api/per-cycle.ts).
    startedAt: 0,
    cycles: 1,
    now: () => NOW,
    logClassifierState: () => {
      classifier = foldLines(classifier, logStore.sinceSeq(classifier.lastSeq), 1);
      return classifier;
    },
    config: { pollInterval: 2000 },
    targets: [{ id: 'node-1' }, { id: 'node-2' }, { id: 'node-3' }],
    store: { has: (id: string) => ['node-1', 'node-2', 'node-3'].includes(id) },
    logStore,
    findings: () => ({ active, resolved: [resolved] }),
  } as unknown as Runtime;
}

async function get(query: string): Promise<Response> {
  return GET(new Request(`http://127.0.0.1/api/logs${query}`), clusterContext());
}

describe('GET /api/logs', () => {
  beforeEach(() => {
    installCluster(fakeRuntime());
  });
  afterEach(() => {
    installCluster(null);
  });

  it('answers groups split by class, a page of lines, a histogram, dropped and pending', async () => {
    const response = await get('');
    expect(response.status).toBe(200);
    const view = logsViewSchema.parse(await response.json());
    const loop = view.groups.persistent.find((g) => g.fingerprint.includes('slave already exists'));
    expect(loop?.count).toBe(10);
    const dial = view.groups.transient.find((g) => g.fingerprint.startsWith('dial'));
    expect(dial).toMatchObject({ class: 'transient', findings: ['node.unreachable:node:node-3:node-3'] });
    expect(view.lines).toHaveLength(13);
    expect(view.lines[0].message).toBe('<img src=x onerror=alert(1)>');
    expect(view.pending).toEqual({ 'node-1': true });
    expect(view.dropped).toBe(0);
    expect(view.histogram.buckets.reduce((n, b) => n + b.info + b.warn + b.error + b.debug, 0)).toBe(13);
  });

  it('filters and pages with a cursor', async () => {
    const first = logsViewSchema.parse(await (await get('?level=error&q=SLAVE&limit=4')).json());
    expect(first.matched).toBe(10);
    expect(first.lines).toHaveLength(4);
    expect(first.nextCursor).not.toBeNull();
    const second = logsViewSchema.parse(await (await get(`?level=error&q=SLAVE&limit=4&cursor=${first.nextCursor}`)).json());
    expect(second.lines[0].seq).toBeLessThan(first.lines[3].seq);
    const transient = logsViewSchema.parse(await (await get('?class=transient')).json());
    expect(transient.lines.map((l) => l.subject)).toEqual(['node-3']);
  });

  it("serves one finding's log groups", async () => {
    const view = logsViewSchema.parse(await (await get('?finding=node.unreachable:node:node-3:node-3')).json());
    expect(view.finding?.groups).toHaveLength(1);
    expect(view.lines).toHaveLength(1);
    expect((await get('?finding=nope')).status).toBe(404);
  });

  it('a subject with an active finding has not recovered, whatever else about it resolved', () => {
    const base = fakeRuntime().findings().resolved[0];
    const other: Finding = { ...base, id: 'peer.category_gap:peer:node-1:p1', subject: { type: 'peer', id: 'p1', node: 'node-1' }, resolvedAt: NOW - 5000 };
    const stillActive: Finding = { ...base, id: 'routing.x:node:node-3:node-3', status: 'active', resolvedAt: null };
    expect(recoveriesFrom([base, other], [])).toEqual(new Map([['node-3', NOW - 25_000], ['p1', NOW - 5000]]));
    expect(recoveriesFrom([base, other], [stillActive])).toEqual(new Map([['p1', NOW - 5000]]));
  });

  it.each([
    ['?bogus=1', 'unknown query parameter "bogus"'],
    ['?level=fatal', 'level'],
    ['?class=sometimes', 'class'],
    ['?limit=100000', 'limit'],
    ['?cursor=-1', 'cursor'],
    ['?since=yesterday', 'since'],
    ['?since=2026-01-01T00:01:00Z&until=2026-01-01T00:00:00Z', 'since'],
    ['?group=abc', 'group'],
  ])('%s → 400', async (query, mention) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(mention);
  });

  it('an unknown node is a 404, relative times are accepted', async () => {
    expect((await get('?node=node-9')).status).toBe(404);
    const view = logsViewSchema.parse(await (await get('?since=5s')).json());
    expect(view.lines.map((l) => l.message)).toEqual(['<img src=x onerror=alert(1)>', expect.stringContaining('slave already exists')]);
  });
});
