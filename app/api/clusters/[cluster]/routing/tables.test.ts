import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { NodeSummary } from '@/lib/contract/api';
import type { NodeReport } from '@/lib/contract/report';
import { clusterContext, installCluster } from '@/lib/api/testing/fake-dashboard';
import { routingApiViewSchema } from '@/lib/contract/views';
import { cycle, okReport } from '@/lib/diagnostics/fixtures/routing-fixtures';
import { routingByTable, tableHealthByTable } from '@/lib/diagnostics/registry';
import type { ClusterRuntime as Runtime } from '@/lib/runtime';
import { GET } from './route';

/** GET /api/routing on a cluster with several named tables (a Pegasus meta leader's report). */

const NOW = 10_000;

function table(name: string, partitions: number, primaryless: number[] = []): RoutingDoc {
  return {
    table: name,
    initialized: true,
    partitionCount: partitions,
    partitions: Array.from({ length: partitions }, (_, id) => ({
      id,
      owners: primaryless.includes(id) ? [] : [`replica-${id % 3}`],
      backups: [`replica-${(id + 1) % 3}`, `replica-${(id + 2) % 3}`],
      ballot: 4,
      maxReplicas: 3,
    })),
  };
}

function fakeRuntime(): Runtime {
  const meta: NodeReport = { ...okReport('meta-1', NOW, { owners: [] }, 'meta-leader'), routing: null, tables: [table('temp', 8, [3]), table('usertable', 16)] };
  const input = cycle(NOW, [meta]);
  const routing = routingByTable.step(routingByTable.initial(), input);
  const health = tableHealthByTable.step(tableHealthByTable.initial(), input);
  const latest = new Map([[meta.targetId, meta]]);
  const findings = [...routing.conditions, ...health.conditions].map((condition, index) => ({
    ...condition,
    id: `f${index}`,
    firstSeen: NOW,
    lastSeen: NOW,
    status: 'active' as const,
    resolvedAt: null,
    class: 'transient' as const,
    logGroups: [],
  }));
  return {
    name: 'pegasus',
    // A fixed cycle: every answer is built once per cycle (lib/api/per-cycle.ts).
    startedAt: 0,
    cycles: 1,
    now: () => NOW,
    config: { diagnostics: { routingGrace: 15_000 } },
    nodeSummaries: () => [{ id: 'meta-1', role: 'meta-leader', status: 'ok' } as NodeSummary],
    store: { latestMap: () => latest, lastOkMap: () => latest },
    analyzerState: (analyzer: unknown) => (analyzer === tableHealthByTable ? health.state : routing.state),
    findings: () => ({ active: findings, resolved: [] }),
  } as unknown as Runtime;
}

async function get(query: string): Promise<Response> {
  return GET(new Request(`http://127.0.0.1/api/routing${query}`), clusterContext());
}

describe('GET /api/routing with several tables', () => {
  beforeEach(() => installCluster(fakeRuntime()));
  afterEach(() => installCluster(null));

  it('lists every table with its counts and shows the first by default', async () => {
    const view = routingApiViewSchema.parse(await (await get('')).json());
    expect(view.table).toBe('temp');
    expect(view.partitionCount).toBe(8);
    expect(view.tables).toEqual([
      { name: 'temp', partitionCount: 8, reportedBy: ['meta-1'], unhealthy: 1, writeUnhealthy: 1, readUnhealthy: 1 },
      { name: 'usertable', partitionCount: 16, reportedBy: ['meta-1'], unhealthy: 0, writeUnhealthy: 0, readUnhealthy: 0 },
    ]);
    expect(view.findings.map((finding) => finding.kind).sort()).toEqual(['routing.unhealthy', 'routing.unowned']);
  });

  it('shows the asked table, with only its findings', async () => {
    const view = routingApiViewSchema.parse(await (await get('?table=usertable')).json());
    expect(view).toMatchObject({ table: 'usertable', partitionCount: 16 });
    expect(view.findings).toEqual([]);
  });

  it('answers 404 for a table the cluster does not have', async () => {
    const response = await get('?table=nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'no table "nope" in this cluster\'s routing' } });
  });
});
