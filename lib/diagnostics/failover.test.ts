import { describe, expect, it } from 'vitest';
import type { Condition } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';
import { failoverAnalyzer, type FailoverState } from './failover';
import { buildFailoverView } from './failover-view';
import { runAnalyzer } from './fixtures/harness';
import { downReport, okReport, roundRobin, type TableSpec } from './fixtures/routing-fixtures';

/**
 * Fixture histories: n1..n3 are primaries (6 partitions round-robin), r1 replicates n1,
 * c1 is a client caching the table. Each step is one 2 s poll cycle.
 */
const PRIMARIES = ['n1', 'n2', 'n3'];
const BEFORE = roundRobin(PRIMARIES, 6); // n1 owns 0 and 3
const AFTER = BEFORE.map((owner) => (owner === 'n1' ? ['n1', 'r1'] : owner));
const BALLOTS_BEFORE = [3, 3, 3, 3, 3, 3];
const BALLOTS_AFTER = BEFORE.map((owner) => (owner === 'n1' ? 4 : 3));

type Who = 'old' | 'new';
function table(which: Who) {
  return which === 'old' ? { version: 1, owners: BEFORE, ballots: BALLOTS_BEFORE } : { version: 2, owners: AFTER, ballots: BALLOTS_AFTER };
}

/** One poll cycle: `n1` up or down; each other member on the old or new table. */
function poll(at: number, n1: 'up' | 'down', views: Record<'n2' | 'n3' | 'r1' | 'c1', Who>): NodeReport[] {
  return [
    n1 === 'up' ? okReport('n1', at, table('old')) : downReport('n1', at),
    okReport('n2', at, table(views.n2)),
    okReport('n3', at, table(views.n3)),
    okReport('r1', at, table(views.r1), 'replica'),
    okReport('c1', at, table(views.c1), 'client'),
  ];
}

/** A history through the shared harness: each poll's reports, the analyzer running at their time. */
function runHistory(history: NodeReport[][]): { state: FailoverState; conditions: Condition[]; perCycle: Condition[][] } {
  const { state, last, perCycle } = runAnalyzer(
    failoverAnalyzer,
    history.map((reports) => ({ now: reports[0].fetchedAt, reports })),
    { pollIntervalMs: 2000 },
  );
  return { state, conditions: last, perCycle };
}

const allOld = { n2: 'old', n3: 'old', r1: 'old', c1: 'old' } as const;
const allNew = { n2: 'new', n3: 'new', r1: 'new', c1: 'new' } as const;

describe('failover analyzer', () => {
  it('waits only on members that answer: one that is down itself is named as not answering, not as not yet adopted', () => {
    const withClientDown = (at: number) => poll(at, 'down', { n2: 'old', n3: 'old', r1: 'new', c1: 'old' }).map((report) => (report.targetId === 'c1' ? downReport('c1', at) : report));
    const { conditions } = runHistory([poll(0, 'up', allOld), poll(2000, 'down', allOld), withClientDown(4000)]);
    const lost = conditions.find((condition) => condition.kind === 'failover.primary_lost');
    expect(lost?.summary).toContain('r1 promoted at ballot 4, not yet adopted by n2, n3; c1 not answering');
    expect(lost?.evidence).toMatchObject({ waitingFor: 'n2, n3', notAnswering: 'c1', adopted: 'r1' });
  });

  it('an incident waiting on a member that stays down keeps its adoptions as they are, and a later adoption leaves earlier states unchanged', () => {
    const c1Down = (at: number, views: Record<'n2' | 'n3' | 'r1' | 'c1', Who>) => poll(at, 'down', views).map((report) => (report.targetId === 'c1' ? downReport('c1', at) : report));
    const waiting = runHistory([poll(0, 'up', allOld), poll(2000, 'down', allOld), c1Down(4000, allNew), c1Down(6000, allNew)]).state;
    expect(waiting.incidents[0]).toMatchObject({ adoptions: { r1: 4000, n2: 4000, n3: 4000 }, settled: false });

    const quiet = runAnalyzer(failoverAnalyzer, [{ now: 8000, reports: c1Down(8000, allNew) }], { pollIntervalMs: 2000, state: waiting }).state;
    expect(quiet.incidents[0].adoptions).toBe(waiting.incidents[0].adoptions);

    const back = runAnalyzer(failoverAnalyzer, [{ now: 10_000, reports: poll(10_000, 'down', allNew) }], { pollIntervalMs: 2000, state: quiet }).state;
    expect(back.incidents[0].adoptions).toEqual({ r1: 4000, n2: 4000, n3: 4000, c1: 10_000 });
    expect(quiet.incidents[0].adoptions).toEqual({ r1: 4000, n2: 4000, n3: 4000 });
  });

  it('reconstructs a fast failover: crash, detection, promotion, adoption by every node and the client', () => {
    const { state, conditions, perCycle } = runHistory([
      poll(0, 'up', allOld),
      poll(2000, 'down', allOld),
      poll(4000, 'down', { n2: 'old', n3: 'old', r1: 'new', c1: 'old' }),
      poll(6000, 'down', { n2: 'new', n3: 'new', r1: 'new', c1: 'old' }),
      poll(8000, 'down', allNew),
    ]);
    expect(perCycle[1].map((condition) => condition.kind)).toEqual(['failover.primary_lost']);
    expect(perCycle[1][0].subject).toEqual({ type: 'partition', id: '0, 3', node: 'n1' });
    expect(conditions).toEqual([]);

    expect(state.incidents).toHaveLength(1);
    const [incident] = state.incidents;
    expect(incident).toMatchObject({
      oldPrimary: 'n1',
      partitions: [0, 3],
      oldBallot: 3,
      crashAt: 2000,
      detection: { at: 4000, by: 'r1' },
      promotion: { at: 4000, newPrimaries: ['r1'], ballot: 4, seenBy: 'r1' },
      adoptions: { r1: 4000, n2: 6000, n3: 6000, c1: 8000 },
      resolution: 'adopted',
      resolvedAt: 6000,
    });

    const view = buildFailoverView(state, 8000, { status: 'all' });
    const shown = view.incidents[0];
    expect(shown.durations).toEqual({ toDetectMs: 2000, toElectMs: 0, toFullAdoptionMs: 4000, totalMs: 6000 });
    expect(shown.events.map((event) => `${event.type}:${event.member ?? ''}@${event.at}`)).toEqual([
      'crash:n1@2000',
      'detection:r1@4000',
      'promotion:r1@4000',
      'adoption:r1@4000',
      'adoption:n2@6000',
      'adoption:n3@6000',
      'adoption:c1@8000',
    ]);
    expect(shown.stillStale).toEqual([]);
    expect(buildFailoverView(state, 8000, { status: 'active' }).incidents).toEqual([]);
  });

  it('keeps a client that never adopts as failover.stale_config past the grace period, routing to the dead primary', () => {
    const history = [poll(0, 'up', allOld), poll(2000, 'down', allOld), poll(4000, 'down', { n2: 'new', n3: 'new', r1: 'new', c1: 'old' })];
    for (let at = 6000; at <= 20_000; at += 2000) history.push(poll(at, 'down', { n2: 'new', n3: 'new', r1: 'new', c1: 'old' }));
    const { state, conditions, perCycle } = runHistory(history);

    // Within the grace period the lagging client is not yet a finding.
    expect(perCycle[3].map((condition) => condition.kind)).toEqual([]);
    expect(conditions.map((condition) => condition.kind)).toEqual(['failover.stale_config']);
    const [stale] = conditions;
    expect(stale.subject).toEqual({ type: 'node', id: 'c1', node: 'c1' });
    expect(stale.severity).toBe('critical');
    expect(stale.evidence).toMatchObject({ oldBallot: 3, newBallot: 4, partitionCount: 2, partitions: [0, 3], routesToDown: 'n1', behindForMs: 16_000 });
    expect(stale.summary).toContain('Client c1');

    const view = buildFailoverView(state, 20_000, { status: 'active' });
    expect(view.incidents).toHaveLength(1);
    const client = view.incidents[0].members.find((member) => member.id === 'c1');
    expect(client).toMatchObject({ state: 'stale', adoptedAt: null, staleForMs: 16_000, isClient: true });
    expect(view.incidents[0].stillStale).toEqual(['c1']);
    expect(view.incidents[0].durations.toFullAdoptionMs).toBeNull();
  });

  it('does not call a primary lost when the dashboard could not poll it (out of file descriptors)', () => {
    const notPolled = (reports: NodeReport[]) =>
      reports.map((report) => (report.targetId === 'n1' ? { ...report, reason: { code: 'dashboard_fd_limit' as const, message: 'not polled' } } : report));
    const { perCycle } = runHistory([poll(0, 'up', allOld), notPolled(poll(2000, 'down', allOld)), notPolled(poll(4000, 'down', allOld))]);
    expect(perCycle.flat()).toEqual([]);
  });

  it('keeps primary_lost active while no promotion is seen, and resolves it when the primary comes back', () => {
    const history = [poll(0, 'up', allOld)];
    for (let at = 2000; at <= 30_000; at += 2000) history.push(poll(at, 'down', allOld));
    const { state, conditions } = runHistory(history);
    expect(conditions.map((condition) => condition.kind)).toEqual(['failover.primary_lost']);
    expect(conditions[0].summary).toContain('no new primary seen');
    expect(state.incidents[0]).toMatchObject({ detection: { at: 2000, by: null }, promotion: null, resolvedAt: null });
    const view = buildFailoverView(state, 30_000, { status: 'active' });
    expect(view.incidents[0]).toMatchObject({ status: 'active', durations: { toDetectMs: 0, toElectMs: null } });

    const back = runHistory([...history, poll(32_000, 'up', allOld)]);
    expect(back.conditions).toEqual([]);
    expect(back.state.incidents[0]).toMatchObject({ resolution: 'primary_returned', resolvedAt: 32_000 });
  });

  it('keeps two overlapping incidents on different partitions apart', () => {
    const owners = roundRobin(['a', 'b', 'c', 'd'], 8); // a: 0,4  b: 1,5
    const ballots = owners.map(() => 7);
    const aMoved = owners.map((owner) => (owner === 'a' ? ['a', 'c'] : owner));
    const aMovedBallots = owners.map((owner) => (owner === 'a' ? 8 : 7));
    const bothMoved = aMoved.map((owner) => (owner === 'b' ? ['b', 'd'] : owner));
    const bothMovedBallots = owners.map((owner) => (owner === 'a' || owner === 'b' ? 8 : 7));
    const spec = (o: typeof owners | typeof aMoved, b: number[]) => ({ version: 1, owners: o, ballots: b });
    const { state, perCycle } = runHistory([
      [okReport('a', 0, spec(owners, ballots)), okReport('b', 0, spec(owners, ballots)), okReport('c', 0, spec(owners, ballots)), okReport('d', 0, spec(owners, ballots))],
      [downReport('a', 2000), okReport('b', 2000, spec(owners, ballots)), okReport('c', 2000, spec(owners, ballots)), okReport('d', 2000, spec(owners, ballots))],
      [downReport('a', 4000), downReport('b', 4000, 'timeout'), okReport('c', 4000, spec(aMoved, aMovedBallots)), okReport('d', 4000, spec(owners, ballots))],
      [downReport('a', 6000), downReport('b', 6000, 'timeout'), okReport('c', 6000, spec(bothMoved, bothMovedBallots)), okReport('d', 6000, spec(aMoved, aMovedBallots))],
      [downReport('a', 8000), downReport('b', 8000, 'timeout'), okReport('c', 8000, spec(bothMoved, bothMovedBallots)), okReport('d', 8000, spec(bothMoved, bothMovedBallots))],
    ]);
    expect(perCycle[2].map((condition) => condition.subject.id).sort()).toEqual(['0, 4', '1, 5']);
    expect(state.incidents.map((incident) => [incident.oldPrimary, incident.partitions, incident.crashStatus])).toEqual([
      ['a', [0, 4], 'unreachable'],
      ['b', [1, 5], 'timeout'],
    ]);
    expect(state.incidents[0]).toMatchObject({ promotion: { at: 4000, newPrimaries: ['c'], ballot: 8 }, adoptions: { c: 4000, d: 6000 }, resolvedAt: 6000 });
    expect(state.incidents[1]).toMatchObject({ crashAt: 4000, promotion: { at: 6000, newPrimaries: ['d'], ballot: 8 }, adoptions: { c: 6000, d: 8000 }, resolvedAt: 8000 });
    expect(perCycle[3].map((condition) => condition.subject.id)).toEqual(['1, 5']);
    expect(perCycle[4]).toEqual([]);
  });

  it('groups a whole slot range of a lost primary into one incident, quickly', () => {
    const masters = ['m1', 'm2', 'm3'];
    const slots = Array.from({ length: 16_384 }, (_, slot) => masters[Math.floor(slot / 5462)]);
    const promoted = slots.map((owner) => (owner === 'm1' ? 's1' : owner));
    const before = { version: 10, owners: slots, ballots: slots.map((owner) => masters.indexOf(owner) + 1) };
    const after = { version: 11, owners: promoted, ballots: slots.map((owner) => (owner === 'm1' ? 11 : masters.indexOf(owner) + 1)) };
    const history = [
      [okReport('m1', 0, before), okReport('m2', 0, before), okReport('m3', 0, before), okReport('s1', 0, before, 'replica')],
      [downReport('m1', 2000), okReport('m2', 2000, before), okReport('m3', 2000, before), okReport('s1', 2000, before, 'replica')],
      [downReport('m1', 4000), okReport('m2', 4000, after), okReport('m3', 4000, after), okReport('s1', 4000, after, 'replica')],
    ];
    const started = performance.now();
    const { state, perCycle } = runHistory(history);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(state.incidents).toHaveLength(1);
    expect(perCycle[1][0].subject.id).toBe('0-5461');
    expect(state.incidents[0]).toMatchObject({ promotion: { newPrimaries: ['s1'], ballot: 11 }, resolution: 'adopted' });
    expect(state.incidents[0].partitions).toHaveLength(5462);
  });

  it('opens an incident for a primary named only after its first failed poll (made primary just before it went down)', () => {
    // n1 hands partitions 0 and 3 to r1 at ballot 5 and r1 dies at once: no poll ever saw r1 answer as their primary.
    const handedBack = { version: 2, owners: BEFORE.map((owner) => (owner === 'n1' ? 'r1' : owner)), ballots: BEFORE.map((owner) => (owner === 'n1' ? 5 : 3)) };
    const promoted = { version: 3, owners: BEFORE, ballots: BEFORE.map((owner) => (owner === 'n1' ? 6 : 3)) };
    const others = (at: number, spec: TableSpec) => [okReport('n1', at, spec), okReport('n2', at, spec), okReport('n3', at, spec), okReport('c1', at, spec, 'client')];
    const { state, perCycle } = runHistory([
      [...others(0, table('old')), okReport('r1', 0, table('old'), 'replica')],
      [...others(2000, handedBack), downReport('r1', 2000)],
      [...others(4000, handedBack), downReport('r1', 4000)],
      [...others(6000, promoted), downReport('r1', 6000)],
    ]);
    expect(perCycle[1].map((condition) => condition.kind)).toEqual(['failover.primary_lost']);
    expect(state.incidents).toHaveLength(1);
    expect(state.incidents[0]).toMatchObject({
      oldPrimary: 'r1',
      crashAt: 2000,
      partitions: [0, 3],
      oldBallot: 5,
      promotion: { at: 6000, newPrimaries: ['n1'], ballot: 6 },
      resolution: 'adopted',
    });
    expect(perCycle[3]).toEqual([]);
  });
});
