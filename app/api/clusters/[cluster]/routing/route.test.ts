import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeSummary } from '@/lib/contract/api';
import type { NodeReport } from '@/lib/contract/report';
import { cycle, okReport, roundRobin } from '@/lib/diagnostics/fixtures/routing-fixtures';
import { routingAnalyzer } from '@/lib/diagnostics/routing';
import { routingApiViewSchema } from '@/lib/contract/views';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';
import { GET } from './route';

const NOW = 10_000;

function fakeRuntime(): Runtime {
  const reports = ['n1', 'n2'].map((id) => okReport(id, NOW, { version: 3, owners: roundRobin(['n1', 'n2'], 8) }));
  const state = routingAnalyzer.step(routingAnalyzer.initial(), cycle(NOW, reports)).state;
  const latest = new Map<string, NodeReport>(reports.map((report) => [report.targetId, report]));
  const nodes = reports.map((report) => ({ id: report.targetId, role: 'primary', status: 'ok' }) as NodeSummary);
  return {
    // A fixed cycle: every answer is built once per cycle (lib/api/per-cycle.ts).
    startedAt: 0,
    cycles: 1,
    now: () => NOW,
    config: { diagnostics: { routingGrace: 15_000 } },
    nodeSummaries: () => nodes,
    store: { latestMap: () => latest, lastOkMap: () => latest },
    // Routing and failover keep their state per table; these fixtures have the one unnamed table.
    analyzerState: () => new Map([['', state]]),
    findings: () => ({ active: [], resolved: [] }),
  } as unknown as Runtime;
}

async function get(query: string): Promise<Response> {
  return GET(new Request(`http://127.0.0.1/api/routing${query}`), clusterContext());
}

describe('GET /api/routing', () => {
  beforeEach(() => {
    installCluster(fakeRuntime());
  });
  afterEach(() => {
    installCluster(null);
  });

  it('answers the consensus view by default and one node view on request', async () => {
    const consensus = routingApiViewSchema.parse(await (await get('')).json());
    expect(consensus).toMatchObject({ view: 'consensus', partitionCount: 8, newestVersion: '3', diff: { total: 0 } });
    const node = routingApiViewSchema.parse(await (await get('?view=node&node=n2')).json());
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
