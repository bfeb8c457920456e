import { afterEach, describe, expect, it, vi } from 'vitest';
import { failoverApiViewSchema } from '@/lib/contract/views';
import { failoverAnalyzer } from '@/lib/diagnostics/failover';
import { buildFailoverView } from '@/lib/diagnostics/failover-view';
import { cycle, downReport, okReport } from '@/lib/diagnostics/fixtures/routing-fixtures';
import type { ClusterRuntime } from '@/lib/runtime';
import type { HistoryStore, IncidentSnapshot } from '@/lib/store/persistence/types';
import { failoverViewAt } from './past-views';

afterEach(() => {
  vi.restoreAllMocks();
});

/** A real incident view, as the failover builder makes it: n1 (primary) lost, n2 still answering. */
function incidentFromFixture() {
  const table = { version: 1, owners: ['n1', 'n2'], ballots: 3 };
  let state = failoverAnalyzer.step(failoverAnalyzer.initial(), cycle(0, [okReport('n1', 0, table), okReport('n2', 0, table)])).state;
  state = failoverAnalyzer.step(state, cycle(2000, [downReport('n1', 2000), okReport('n2', 2000, table)])).state;
  const [incident] = buildFailoverView(state, 4000, { status: 'all' }).incidents;
  return incident;
}

function pastFailover(snapshots: IncidentSnapshot[]) {
  const cluster = { name: 'c', config: { diagnostics: { staleConfigGrace: 10_000 } } } as unknown as ClusterRuntime;
  const store = { incidentsAt: async () => snapshots, findingsAt: async () => [] } as unknown as HistoryStore;
  return failoverViewAt(cluster, store, 5000);
}

describe('failoverViewAt', () => {
  it('reads stored incidents back through the answer schema; a row from before tables is the one unnamed table', async () => {
    const incident = incidentFromFixture();
    expect(incident).toBeDefined();
    const answer = await pastFailover([{ id: incident.id, at: 4000, status: 'active', view: JSON.parse(JSON.stringify(incident)) }]);
    expect(answer.incidents).toEqual([{ ...incident, table: '' }]);
    expect(answer.asOf).toBe(5000);
    expect(failoverApiViewSchema.parse(JSON.parse(JSON.stringify(answer)))).toMatchObject({ asOf: 5000, incidents: [{ oldPrimary: 'n1', table: '' }] });
  });

  it('leaves out a stored incident that does not parse, names it in the log, and keeps the others', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const incident = { ...incidentFromFixture(), table: 'usertable' };
    const answer = await pastFailover([
      { id: 'garbled', at: 4000, status: 'active', view: { ...incident, crashAt: 'yesterday' } },
      { id: 'text', at: 4000, status: 'active', view: 'not an incident' },
      { id: incident.id, at: 4000, status: 'active', view: incident },
    ]);
    expect(answer.incidents).toEqual([incident]);
    expect(logged).toHaveBeenCalledTimes(2);
    expect(String(logged.mock.calls[0][0])).toContain('stored incident garbled is unreadable: crashAt');
  });
});
