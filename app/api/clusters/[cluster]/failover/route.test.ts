import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clientRefreshLogAnalyzer } from '@/lib/diagnostics/client-refresh-logs';
import { failoverAnalyzer } from '@/lib/diagnostics/failover';
import { failoverApiViewSchema } from '@/lib/contract/views';
import { cycle, downReport, okReport } from '@/lib/diagnostics/fixtures/routing-fixtures';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';
import { GET } from './route';

function fakeRuntime(): Runtime {
  const table = { version: 1, owners: ['n1', 'n2'], ballots: 3 };
  let state = failoverAnalyzer.step(failoverAnalyzer.initial(), cycle(0, [okReport('n1', 0, table), okReport('n2', 0, table)])).state;
  state = failoverAnalyzer.step(state, cycle(2000, [downReport('n1', 2000), okReport('n2', 2000, table)])).state;
  return {
    // A fixed cycle: every answer is built once per cycle (lib/api/per-cycle.ts).
    startedAt: 0,
    cycles: 1,
    now: () => 4000,
    // Routing and failover keep their state per table; these fixtures have the one unnamed table.
    analyzerState: (analyzer: unknown) => (analyzer === clientRefreshLogAnalyzer ? clientRefreshLogAnalyzer.initial() : new Map([['', state]])),
    findings: () => ({ active: [], resolved: [] }),
  } as unknown as Runtime;
}

async function get(query: string): Promise<Response> {
  return GET(new Request(`http://127.0.0.1/api/failover${query}`), clusterContext());
}

describe('GET /api/failover', () => {
  beforeEach(() => {
    installCluster(fakeRuntime());
  });
  afterEach(() => {
    installCluster(null);
  });

  it('answers incidents with their events', async () => {
    const view = failoverApiViewSchema.parse(await (await get('?status=active')).json());
    expect(view.incidents).toHaveLength(1);
    expect(view.incidents[0]).toMatchObject({ oldPrimary: 'n1', partitionRanges: '0', status: 'active' });
    expect(view.incidents[0].events.map((event) => event.type)).toEqual(['crash', 'detection']);
  });

  it('answers 400 for unknown parameters or values', async () => {
    expect((await get('?status=sometimes')).status).toBe(400);
    expect((await get('?node=n1')).status).toBe(400);
  });
});
