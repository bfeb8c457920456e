import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthyRound, rounds, runCycles } from '@/lib/diagnostics/fixtures/sync-fixtures';
import { syncPageViewSchema } from '@/lib/contract/views';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';
import { GET } from './route';

function fakeRuntime(): Runtime {
  const run = runCycles(rounds(3, healthyRound));
  const last = run.inputs.at(-1)!;
  return {
    // A fixed cycle: every answer is built once per cycle (lib/api/per-cycle.ts).
    startedAt: 0,
    cycles: 1,
    now: () => last.now,
    analyzerState: () => run.state,
    store: { has: (id: string) => last.reports.has(id), latestMap: () => last.reports },
    nodeSummary: (id: string) => (last.reports.has(id) ? { status: 'ok', role: id === 'n1' ? 'primary' : 'replica' } : null),
  } as unknown as Runtime;
}

const get = (query: string, headers: Record<string, string> = {}) => GET(new Request(`http://127.0.0.1/api/sync${query}`, { headers }), clusterContext());

describe('GET /api/sync', () => {
  beforeEach(() => {
    installCluster(fakeRuntime());
  });
  afterEach(() => {
    installCluster(null);
  });

  it('answers the links per primary and the chosen link history', async () => {
    const response = await get('?primary=n1&link=n1-%3En3');
    expect(response.status).toBe(200);
    const view = syncPageViewSchema.parse(await response.json());
    expect(view.groups.map((group) => [group.primary, group.links.map((row) => row.id)])).toEqual([['n1', ['n1->n2', 'n1->n3']]]);
    expect(view.groups[0]).toMatchObject({ primaryStatus: 'ok', primaryRole: 'primary' });
    expect(view.selected?.id).toBe('n1->n3');
    expect(view.selected?.samples).toHaveLength(3);
  });

  it('pages the primaries, answers 304 to the same page in the same cycle, and refuses a forged cursor', async () => {
    const first = await get('?limit=1');
    const view = syncPageViewSchema.parse(await first.json());
    expect(view.page).toMatchObject({ total: 1, offset: 0, limit: 1, nextCursor: null });
    expect(view.groups).toHaveLength(1);
    expect((await get('?limit=1', { 'if-none-match': first.headers.get('etag')! })).status).toBe(304);
    const past = syncPageViewSchema.parse(await (await get('?offset=1&limit=1')).json());
    expect(past.groups).toEqual([]);
    expect(past.counts.links).toBe(view.counts.links);
    const forged = await get('?cursor=forged');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { code: 'bad_request', message: expect.stringContaining('cursor') } });
  });

  it('rejects unknown parameters and repeated ones with 400, unknown primaries with 404', async () => {
    const unknown = await get('?node=n1');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ error: { code: 'bad_request', message: 'unknown query parameter "node"' } });
    expect((await get('?link=a&link=b')).status).toBe(400);
    expect((await get('?primary=')).status).toBe(400);
    const missing = await get('?primary=nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers 503 while the collector starts', async () => {
    installCluster(null);
    expect((await get('')).status).toBe(503);
  });
});
