import { describe, expect, it } from 'vitest';
import type { RoutingDoc } from '@/lib/contract/admin-v1';
import type { NodeReport } from '@/lib/contract/report';
import { ballotAnalyzer, ballotChanges } from './ballots';
import { cycle, downReport, okReport, routingFeeder } from './fixtures/routing-fixtures';
import { failoverAnalyzer } from './failover';
import { partitionHealthOf, tableHealthAnalyzer } from './partition-health';
import { failoverByTable, routingByTable } from './registry';
import { perTable } from './tables';

/** Reports with several named tables, as the Pegasus adapter builds them from the meta leader. */

type PartitionSpec = { primary: string | null; secondaries?: string[]; ballot: number };

function table(name: string, partitions: PartitionSpec[], maxReplicas = 3): RoutingDoc {
  return {
    table: name,
    initialized: true,
    partitionCount: partitions.length,
    partitions: partitions.map((partition, id) => ({
      id,
      owners: partition.primary ? [partition.primary] : [],
      backups: partition.secondaries ?? [],
      ballot: partition.ballot,
      maxReplicas,
    })),
  };
}

function withTables(report: NodeReport, tables: RoutingDoc[], role = 'meta-leader'): NodeReport {
  return { ...report, node: { ...report.node!, role }, routing: null, tables };
}

function metaReport(at: number, tables: RoutingDoc[]): NodeReport {
  return withTables(okReport('meta-1', at, { owners: [] }), tables);
}

function clientReport(id: string, at: number, tables: RoutingDoc[]): NodeReport {
  return withTables(okReport(id, at, { owners: [] }, 'client'), tables, 'client');
}

const replica = (id: string, at: number) => withTables(okReport(id, at, { owners: [] }), [], 'replica');

describe('partition health by Pegasus\'s rules', () => {
  it('counts fully healthy, write-unhealthy (fewer than 2 replicas or no primary) and read-unhealthy (no primary)', () => {
    const health = partitionHealthOf(
      table('temp', [
        { primary: 'r1', secondaries: ['r2', 'r3'], ballot: 3 },
        { primary: 'r1', secondaries: ['r2'], ballot: 3 },
        { primary: 'r1', ballot: 3 },
        { primary: null, secondaries: ['r2', 'r3'], ballot: 4 },
      ]),
    );
    expect(health).toEqual({ judged: 4, fullyHealthy: 1, unhealthy: [1, 2, 3], writeUnhealthy: [2, 3], readUnhealthy: [3] });
  });

  it('raises routing.unhealthy per table, naming the table', () => {
    const analyzer = perTable(tableHealthAnalyzer);
    const report = metaReport(1000, [
      table('temp', [{ primary: null, secondaries: ['r2'], ballot: 4 }, { primary: 'r1', secondaries: ['r2', 'r3'], ballot: 3 }]),
      table('stat', [{ primary: 'r1', secondaries: ['r2', 'r3'], ballot: 3 }]),
    ]);
    const { conditions, state } = analyzer.step(analyzer.initial(), cycle(1000, [report]));
    expect(conditions).toHaveLength(1);
    expect(conditions[0]).toMatchObject({
      kind: 'routing.unhealthy',
      severity: 'critical',
      subject: { type: 'partition', id: 'temp/health' },
      summary: 'Table temp: 1 of 2 partition(s) not fully healthy (0); 1 write-unhealthy; 1 read-unhealthy (no primary)',
      evidence: { table: 'temp', readUnhealthy: [0] },
    });
    expect(state.get('stat')?.health?.fullyHealthy).toBe(1);
  });
});

describe('ballots', () => {
  it('flags a ballot that goes down and a jump of more than one', () => {
    expect(ballotChanges(new Map([[0, 5], [1, 5], [2, 5]]), new Map([[0, 6], [1, 4], [2, 8]]))).toEqual({
      regressions: [{ partition: 1, from: 5, to: 4 }],
      gaps: [{ partition: 2, from: 5, to: 8 }],
    });
  });

  it('raises failover.ballot_regression and failover.ballot_gap from one view across polls, per table', () => {
    const analyzer = perTable(ballotAnalyzer);
    const first = metaReport(0, [table('temp', [{ primary: 'r1', ballot: 5 }, { primary: 'r2', ballot: 5 }]), table('stat', [{ primary: 'r1', ballot: 9 }])]);
    const second = metaReport(1000, [table('temp', [{ primary: 'r1', ballot: 4 }, { primary: 'r3', ballot: 7 }]), table('stat', [{ primary: 'r1', ballot: 10 }])]);
    let state = analyzer.step(analyzer.initial(), cycle(0, [first])).state;
    const { conditions } = analyzer.step(state, cycle(1000, [second]));
    state = analyzer.step(state, cycle(1000, [second])).state;
    expect(conditions.map((condition) => [condition.kind, condition.summary])).toEqual([
      ['failover.ballot_regression', 'Table temp: meta-1 went back to older ballots on 1 partition(s) (0: 5 → 4)'],
      ['failover.ballot_gap', 'Table temp: meta-1: 1 configuration change(s) on 1 partition(s) happened between two polls (1: 5 → 7)'],
    ]);
  });
});

describe('routing and failover per table', () => {
  it('judges each table with its own partition count, and single-table sources as before', () => {
    const meta = metaReport(0, [
      table('temp', [{ primary: 'r1', ballot: 3 }, { primary: null, ballot: 4 }]),
      table('usertable', Array.from({ length: 8 }, (_, p) => ({ primary: p % 2 ? 'r1' : 'r2', ballot: 3 }))),
    ]);
    const { state, conditions } = routingByTable.step(routingByTable.initial(), cycle(0, [meta]));
    expect([...state.keys()].sort()).toEqual(['', 'temp', 'usertable']);
    expect(state.get('usertable')!.series.at(-1)).toMatchObject({ views: 1, unowned: 0 });
    expect(conditions.map((condition) => [condition.kind, condition.subject.id])).toEqual([['routing.unowned', 'temp/routing']]);
    // A native single-table node is judged under the default table, unchanged.
    const native = okReport('n1', 0, { owners: [null] });
    expect(routingByTable.step(routingByTable.initial(), cycle(0, [native])).conditions.map((c) => c.subject.id)).toEqual(['routing']);
  });

  it('a replica crash opens one incident per table it led; a client still on the old ballot past the grace is stale, naming table and partitions', () => {
    const before = [
      table('temp', [{ primary: 'r1', secondaries: ['r2'], ballot: 3 }, { primary: 'r2', secondaries: ['r1'], ballot: 5 }]),
      table('usertable', [{ primary: 'r2', secondaries: ['r1'], ballot: 8 }]),
    ];
    const downgraded = [
      table('temp', [{ primary: 'r1', ballot: 4 }, { primary: null, secondaries: ['r1'], ballot: 6 }]),
      table('usertable', [{ primary: null, secondaries: ['r1'], ballot: 9 }]),
    ];
    const elected = [table('temp', [{ primary: 'r1', ballot: 4 }, { primary: 'r1', ballot: 7 }]), table('usertable', [{ primary: 'r1', ballot: 10 }])];
    const history: NodeReport[][] = [
      [metaReport(0, before), replica('r1', 0), replica('r2', 0), clientReport('go-client-2', 0, before)],
      [metaReport(2000, before), replica('r1', 2000), downReport('r2', 2000), clientReport('go-client-2', 2000, before)],
      [metaReport(4000, downgraded), replica('r1', 4000), downReport('r2', 4000), clientReport('go-client-2', 4000, before)],
      [metaReport(6000, elected), replica('r1', 6000), downReport('r2', 6000), clientReport('go-client-2', 6000, before)],
      [metaReport(20_000, elected), replica('r1', 20_000), downReport('r2', 20_000), clientReport('go-client-2', 20_000, before)],
    ];
    let state = failoverByTable.initial();
    let conditions: ReturnType<typeof failoverByTable.step>['conditions'] = [];
    const feeder = routingFeeder();
    for (const reports of history) ({ state, conditions } = failoverByTable.step(state, cycle(reports[0].fetchedAt, reports, feeder)));

    const temp = state.get('temp')!.incidents;
    expect(temp).toHaveLength(1);
    expect(temp[0]).toMatchObject({ oldPrimary: 'r2', partitions: [1], oldBallot: 5, crashAt: 2000, detection: { at: 4000, by: 'meta-1' }, promotion: { at: 6000, ballot: 7 } });
    expect(state.get('usertable')!.incidents[0]).toMatchObject({ oldPrimary: 'r2', partitions: [0], promotion: { ballot: 10 } });
    const stale = conditions.filter((condition) => condition.kind === 'failover.stale_config');
    expect(stale.map((condition) => condition.summary)).toEqual([
      expect.stringMatching(/^Table temp: Client go-client-2 has been on ballot 3 \(newest 7\) for \d+ s on 2 partition\(s\); it still routes to r2/),
      expect.stringMatching(/^Table usertable: Client go-client-2 has been on ballot 8 \(newest 10\) for \d+ s on 1 partition\(s\); it still routes to r2/),
    ]);
    expect(stale[0].evidence).toMatchObject({ table: 'temp', partitions: [0, 1], oldBallot: 3, newBallot: 7 });
    expect(new Set(stale.map((condition) => condition.subject.id)).size).toBe(2);
    // The single-table analyzer alone would have seen no table at all in these reports.
    expect(failoverAnalyzer.step(failoverAnalyzer.initial(), cycle(0, history[0])).state.primaries?.length ?? 0).toBe(0);
  });
});
