import { describe, expect, it } from 'vitest';
import type { Condition } from '@/lib/contract/findings';
import {
  CONFIG,
  INTERVAL,
  MB,
  T0,
  failedReport,
  healthyRound,
  inSync,
  iso,
  link,
  okReport,
  rounds,
  runCycles,
} from './fixtures/sync-fixtures';
import { REGISTRATION_RING, SYNC_SAMPLE_LIMIT, conditionId, syncAnalyzer } from './sync';
import { buildSyncView, buildSyncViewSteps } from './sync-view';
import { formatAge, formatBytes } from './sync-text';
import { runCountingPauses } from './testing/count-pauses';

const ofKind = (conditions: Condition[], kind: Condition['kind']) => conditions.filter((condition) => condition.kind === kind);

describe('sync analyzer: healthy cluster', () => {
  it('raises no condition over many polls and keeps bounded samples', () => {
    const run = runCycles(rounds(80, healthyRound));
    for (const conditions of run.perCycle) expect(conditions).toEqual([]);
    const series = run.state.series.get('n1->n2');
    expect(series?.samples.size).toBe(SYNC_SAMPLE_LIMIT);
    expect(series?.samples.toArray().at(-1)).toMatchObject({ state: 'in_sync', reportedBy: 'n2', lag: 0 });
  });

  it('an idle primary with a replica whose offset does not move is not stalled', () => {
    const run = runCycles(
      rounds(10, (at) => [
        okReport('n1', at, [inSync('n1', 'n2', at, 500)], 'primary'),
        okReport('n2', at, [inSync('n1', 'n2', at, 500)]),
      ]),
    );
    expect(run.last).toEqual([]);
  });

  it('an idle Redis primary that writes its 14-byte PING is not stalled while the replica acknowledges it a poll later', () => {
    // Offsets idle for 6 polls; the primary's PING lands at poll 6, the replica's ACK at poll 7.
    const run = runCycles(
      rounds(10, (at, index) => {
        const primaryOffset = index >= 6 ? 514 : 500;
        const acked = index >= 7 ? 514 : 500;
        return [
          okReport('n1', at, [inSync('n1', 'n2', at, primaryOffset, { replicaOffset: acked, lag: primaryOffset - acked })], 'primary'),
          okReport('n2', at, [inSync('n1', 'n2', at, acked, { primaryOffset: null })]),
        ];
      }),
    );
    for (const conditions of run.perCycle) expect(ofKind(conditions, 'sync.stalled')).toEqual([]);
  });

  it('a replica that does not follow one write of an idle primary is stalled K polls after that write', () => {
    const run = runCycles(
      rounds(6 + CONFIG.stalledAfterPolls, (at, index) => [
        okReport('n1', at, [inSync('n1', 'n2', at, index >= 6 ? 514 : 500, { replicaOffset: 500 })], 'primary'),
        okReport('n2', at, [inSync('n1', 'n2', at, 500, { primaryOffset: null })]),
      ]),
    );
    expect(run.perCycle.slice(0, -1).flatMap((conditions) => ofKind(conditions, 'sync.stalled'))).toEqual([]);
    expect(ofKind(run.last, 'sync.stalled').map((condition) => condition.subject.node).sort()).toEqual(['n1', 'n2']);
  });
});

describe('sync.unknown', () => {
  it('a link with no state is unknown, never ok', () => {
    const run = runCycles(
      rounds(2, (at) => [
        okReport('n1', at, [inSync('n1', 'n2', at, 100)], 'primary'),
        okReport('n2', at, [link('n1', 'n2', { replicaOffset: 100 })]),
      ]),
    );
    const unknown = ofKind(run.last, 'sync.unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({
      subject: { type: 'link', id: 'n1->n2', node: 'n2' },
      evidence: { reportedState: null, reason: 'missing' },
    });
    expect(unknown[0].summary).toContain('reports no state');
    const view = buildSyncView(run.state, run.inputs.at(-1)!.reports, {}, run.inputs.at(-1)!.now);
    const row = view.groups[0].links[0];
    expect(row.state).toBe('unknown');
    expect(row.verdict?.kind).toBe('sync.unknown');
  });

  it('an unrecognized state is unknown and keeps what the node said', () => {
    const run = runCycles(
      rounds(1, (at) => [okReport('n2', at, [link('n1', 'n2', { state: 'unknown', reportedState: 'WaitDBSync' })])]),
    );
    expect(ofKind(run.last, 'sync.unknown')[0]).toMatchObject({
      evidence: { reportedState: 'WaitDBSync', reason: 'unrecognized' },
    });
  });

  it('a link known only from a node that stopped answering is unknown (stale), not its last state', () => {
    const healthy = rounds(3, (at) => [okReport('n2', at, [inSync('n1', 'n2', at, 100)])]);
    const down = rounds(3, (at) => [failedReport('n2', at, 'timeout')], T0 + 3 * INTERVAL);
    const run = runCycles([...healthy, ...down]);
    expect(run.perCycle[2]).toEqual([]);
    const unknown = ofKind(run.last, 'sync.unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0].evidence).toMatchObject({ reason: 'stale', lastReportedState: 'in_sync', reporterStatus: 'timeout' });
    expect(unknown[0].summary).toMatch(/known only from n2's report of \d+ s ago \(n2 is timeout now\)/);
    const last = run.inputs.at(-1)!;
    expect(buildSyncView(run.state, last.reports, {}, last.now).groups[0].links[0].state).toBe('stale');
  });

  it('a stale view is not raised while the other side still reports the link', () => {
    const healthy = rounds(2, healthyRound);
    const n3Down = rounds(
      3,
      (at, index) => {
        const [n1, n2] = healthyRound(at, index + 2);
        return [n1, n2, failedReport('n3', at, 'unreachable')];
      },
      T0 + 2 * INTERVAL,
    );
    const run = runCycles([...healthy, ...n3Down]);
    expect(ofKind(run.last, 'sync.unknown')).toEqual([]);
  });

  it('a dead primary\'s last report of a link is not raised once its replica answers as a primary without that link', () => {
    const healthy = rounds(2, (at) => [
      okReport('n1', at, [inSync('n1', 'n2', at, 100)], 'primary'),
      okReport('n2', at, [inSync('n1', 'n2', at, 100)]),
    ]);
    const promoted = rounds(4, (at) => [failedReport('n1', at, 'unreachable'), okReport('n2', at, [], 'primary')], T0 + 2 * INTERVAL);
    const run = runCycles([...healthy, ...promoted]);
    expect(ofKind(run.last, 'sync.unknown')).toEqual([]);
    // While the replica itself is not answering either, nothing current is known: still unknown.
    const bothDown = runCycles([...healthy, ...rounds(4, (at) => [failedReport('n1', at), failedReport('n2', at)], T0 + 2 * INTERVAL)]);
    expect(ofKind(bothDown.last, 'sync.unknown').length).toBeGreaterThan(0);
  });
});

describe('sync.error', () => {
  it('attempts N/N is an error even when the state says connecting', () => {
    const lastError = { code: 'E_FULL_SYNC', message: 'CopyRemoteMeta failed: connection reset', at: iso(T0 - 1000) };
    const run = runCycles(
      rounds(1, (at) => [
        okReport('n2', at, [link('n1', 'n2', { state: 'connecting', reportedState: 'connecting', attempts: 5, maxAttempts: 5, lastError })]),
      ]),
    );
    const errors = ofKind(run.last, 'sync.error');
    expect(errors).toHaveLength(1);
    expect(errors[0].severity).toBe('critical');
    expect(errors[0].evidence).toMatchObject({
      attempts: '5/5',
      retriesExhausted: true,
      reportedState: 'connecting',
      lastError: { code: 'E_FULL_SYNC', message: 'CopyRemoteMeta failed: connection reset', at: lastError.at },
    });
    expect(errors[0].summary).toBe(
      'n1->n2: n2 retries exhausted (5/5) although it reports connecting; last error E_FULL_SYNC: CopyRemoteMeta failed: connection reset',
    );
    expect(errors[0].evidence.lastErrorAgeMs).toBe(1050);
  });

  it('attempts below the maximum while connecting is not an error', () => {
    const run = runCycles(
      rounds(1, (at) => [okReport('n2', at, [link('n1', 'n2', { state: 'connecting', reportedState: 'connecting', attempts: 2, maxAttempts: 5 })])]),
    );
    expect(run.last).toEqual([]);
  });

  it('state error is an error with its cause', () => {
    const run = runCycles(
      rounds(1, (at) => [
        okReport('n2', at, [
          link('n1', 'n2', { state: 'error', reportedState: 'error', attempts: 5, maxAttempts: 5, lastError: { message: 'full sync failed' } }),
        ]),
      ]),
    );
    expect(ofKind(run.last, 'sync.error')[0].summary).toBe('n1->n2: n2 retries exhausted (5/5); last error full sync failed');
  });

  it("an error cites how far the replica's position is behind the primary's own report of the link", () => {
    const run = runCycles(
      rounds(1, (at) => [
        okReport('n1', at, [link('n1', 'n2', { state: 'in_sync', primaryOffset: 3 * 104_857_600 + 500 })], 'primary'),
        okReport('n2', at, [link('n1', 'n2', { state: 'error', replicaOffset: 2 * 104_857_600 + 500, lastError: { message: 'full sync failed' } })]),
      ]),
    );
    const [error] = ofKind(run.last, 'sync.error');
    expect(error.evidence).toMatchObject({ replicaOffset: 2 * 104_857_600 + 500, primaryOffset: 3 * 104_857_600 + 500, behindPrimaryBytes: 104_857_600 });
    expect(error.summary).toBe('n1->n2: n2 in state error; last error full sync failed; 100 MB behind the primary');
  });
});

describe('sync.stalled', () => {
  /** The Pika bug: the replica says in_sync while its offset stops and the primary keeps writing 1 MB per poll. */
  const masked = (polls: number) =>
    rounds(polls, (at, index) => {
      const primaryOffset = 100 * MB + index * MB;
      const frozen = 100 * MB;
      return [
        okReport('n1', at, [inSync('n1', 'n2', at, primaryOffset, { replicaOffset: frozen, lag: primaryOffset - frozen })], 'primary'),
        okReport('n2', at, [inSync('n1', 'n2', at, frozen, { primaryOffset: frozen, lastIoAt: iso(T0) })]),
      ];
    });

  it('masked in_sync with a frozen offset is stalled after K polls, with the contradiction spelled out', () => {
    const run = runCycles(masked(CONFIG.stalledAfterPolls + 1));
    for (const conditions of run.perCycle.slice(0, CONFIG.stalledAfterPolls)) {
      expect(ofKind(conditions, 'sync.stalled').filter((c) => c.subject.node === 'n2')).toEqual([]);
    }
    const stalled = ofKind(run.last, 'sync.stalled').find((c) => c.subject.node === 'n2');
    expect(stalled).toBeDefined();
    expect(stalled!.evidence).toMatchObject({
      replicaOffset: 100 * MB,
      primaryOffset: 103 * MB,
      primaryAdvancedBy: 3 * MB,
      offsetFrozenPolls: 3,
      offsetFrozenForMs: 3 * INTERVAL + 50,
    });
    expect(stalled!.evidence.contradiction).toBe('reports in_sync, but offset unchanged for 6 s while primary advanced 3 MB; last I/O 6 s ago');
    expect(stalled!.summary).toBe(`n1->n2: n2 ${stalled!.evidence.contradiction}`);
  });

  it('the primary view of a frozen replica is stalled too, and the frozen link shows on /sync as contradicted', () => {
    const run = runCycles(masked(6));
    expect(ofKind(run.last, 'sync.stalled').map((c) => c.subject.node).sort()).toEqual(['n1', 'n2']);
    const last = run.inputs.at(-1)!;
    const row = buildSyncView(run.state, last.reports, {}, last.now).groups[0].links[0];
    expect(row.state).toBe('in_sync');
    expect(row.verdict?.kind).toBe('sync.stalled');
    // The replica believes it has no lag; the primary's own figure is shown.
    expect(row.lag).toBe(5 * MB);
    expect(row.contradiction).toMatch(/^reports in_sync, but offset unchanged for \d+ s while primary advanced 5 MB/);
  });

  it('last I/O older than the limit is stalled', () => {
    const run = runCycles(
      rounds(1, (at) => [
        okReport('n1', at, [inSync('n1', 'n2', at, 7)], 'primary'),
        okReport('n2', at, [inSync('n1', 'n2', at, 7, { lastIoAt: iso(at - 45_000) })]),
      ]),
    );
    const stalled = ofKind(run.last, 'sync.stalled');
    expect(stalled).toHaveLength(1);
    expect(stalled[0].evidence.contradiction).toBe('reports in_sync, but last I/O 45 s ago (limit 30 s)');
  });

  it('last I/O is aged on the node clock, so a skewed clock does not fake a stall', () => {
    const skew = -120_000; // node clock two minutes behind the collector
    const run = runCycles(
      rounds(1, (at) => [
        okReport('n1', at, [inSync('n1', 'n2', at, 7)], 'primary'),
        okReport('n2', at, [inSync('n1', 'n2', at, 7, { lastIoAt: iso(at + skew - 1000) })], 'replica', at + skew),
      ]),
    );
    expect(run.last).toEqual([]);
  });

  it('replica says link up while the primary times out: stalled, naming the primary and the last I/O', () => {
    const before = rounds(2, healthyRound);
    const frozen = rounds(
      4,
      (at) => [
        failedReport('n1', at, 'timeout'),
        okReport('n2', at, [inSync('n1', 'n2', at, 10 * MB + 65_536, { lastIoAt: iso(T0 + INTERVAL - 1000) })]),
        okReport('n3', at, [link('n1', 'n3', { state: 'connecting', reportedState: 'connecting', attempts: 1, maxAttempts: 5 })]),
      ],
      T0 + 2 * INTERVAL,
    );
    const run = runCycles([...before, ...frozen]);
    expect(ofKind(run.perCycle[2], 'sync.stalled')).toHaveLength(1);
    const stalled = ofKind(run.last, 'sync.stalled');
    // n3 honestly says it is reconnecting: only n2's claim is contradicted.
    expect(stalled).toHaveLength(1);
    expect(stalled[0].subject).toEqual({ type: 'link', id: 'n1->n2', node: 'n2' });
    expect(stalled[0].evidence).toMatchObject({ primaryStatus: 'timeout', primaryReason: 'no answer within 1000 ms' });
    expect(stalled[0].evidence.contradiction).toBe('reports in_sync, but primary n1 is not answering (timeout for 8 s); last I/O 9 s ago');
    // The finding keeps its identity across cycles.
    expect(run.state.since.get(conditionId('sync.stalled', 'n2', 'n1->n2'))).toBe(T0 + 2 * INTERVAL + 50);
  });

  it('a frozen Redis master (SIGSTOP): the replica still says master_link_status:up, the link is stalled', () => {
    // As the Redis adapter reports it: the replica side has no primary offset; the master's side has.
    const replicaSide = (at: number, lastIoSecondsAgo: number) =>
      link('redis-2', 'redis-5', {
        state: 'in_sync',
        reportedState: 'master_link_status:up master_sync_in_progress:0',
        replicaOffset: 2242,
        lastIoAt: iso(at - lastIoSecondsAgo * 1000),
      });
    const masterSide = (at: number) =>
      link('redis-2', 'redis-5', { state: 'in_sync', reportedState: 'state=online', primaryOffset: 2242, replicaOffset: 2242, lag: 0, lastIoAt: iso(at) });
    const healthy = rounds(2, (at) => [okReport('redis-2', at, [masterSide(at)], 'master'), okReport('redis-5', at, [replicaSide(at, 1)])]);
    const stopped = rounds(
      3,
      (at, index) => [failedReport('redis-2', at, 'timeout'), okReport('redis-5', at, [replicaSide(at, 3 + index * 2)])],
      T0 + 2 * INTERVAL,
    );
    const run = runCycles([...healthy, ...stopped]);
    expect(run.perCycle[1]).toEqual([]);
    const stalled = ofKind(run.last, 'sync.stalled');
    expect(stalled).toHaveLength(1);
    expect(stalled[0].subject).toEqual({ type: 'link', id: 'redis-2->redis-5', node: 'redis-5' });
    expect(stalled[0].evidence.contradiction).toBe(
      'reports in_sync ("master_link_status:up master_sync_in_progress:0"), but primary redis-2 is not answering (timeout for 6 s); last I/O 7 s ago',
    );
    // The master's last report is stale but the replica reports the link now: no unknown on top.
    expect(ofKind(run.last, 'sync.unknown')).toEqual([]);

    // The replica is promoted: it drops the link; the frozen master's old report of it raises nothing.
    const promoted = rounds(
      4,
      (at) => [failedReport('redis-2', at, 'timeout'), okReport('redis-5', at, [], 'master')],
      T0 + 5 * INTERVAL,
    );
    const after = runCycles([...healthy, ...stopped, ...promoted]);
    expect(after.last).toEqual([]);
  });

  it('replica says link up while the primary answers but does not list it: stalled', () => {
    const run = runCycles(
      rounds(1, (at) => [okReport('n1', at, [], 'primary'), okReport('n2', at, [inSync('n1', 'n2', at, 7)])]),
    );
    expect(ofKind(run.last, 'sync.stalled')[0].evidence).toMatchObject({
      primaryListsReplica: false,
      contradiction: 'reports in_sync, but primary n1 does not list n2 among its replicas; last I/O 350 ms ago',
    });
  });

  it('a per-db link is matched by its id on the primary', () => {
    const perDb = (at: number) => inSync('n1', 'n2', at, 7, { id: 'n1->n2/db0' });
    const run = runCycles(rounds(1, (at) => [okReport('n1', at, [perDb(at)], 'primary'), okReport('n2', at, [perDb(at)])]));
    expect(run.last).toEqual([]);
  });

  it('a primary that is not a configured target gives no verdict', () => {
    const run = runCycles(rounds(3, (at) => [okReport('n2', at, [inSync('10.0.0.9:6379', 'n2', at, 7)])]));
    expect(run.last).toEqual([]);
  });

  it('a link that does not claim to be healthy is not stalled', () => {
    const run = runCycles(
      rounds(1, (at) => [
        failedReport('n1', at, 'timeout'),
        okReport('n2', at, [link('n1', 'n2', { state: 'full_sync', reportedState: 'full_sync', attempts: 1, maxAttempts: 5 })]),
      ]),
    );
    expect(run.last).toEqual([]);
  });
});

describe('sync.registration_loop', () => {
  const rejection = (at: number) => ({ at: iso(at), result: 'rejected', message: 'slave already exists' });
  /** The replica re-registers every 4 s (every other poll); the primary rejects it each time. */
  const looping = (polls: number, start = T0) =>
    rounds(
      polls,
      (at, index) => {
        const registeredAt = start + Math.floor(index / 2) * 2 * INTERVAL;
        return [
          okReport('n1', at, [link('n1', 'n2', { state: 'meta_sync', reportedState: 'meta_sync', registration: rejection(registeredAt) })], 'primary'),
          okReport('n2', at, [link('n1', 'n2', { state: 'meta_sync', reportedState: 'meta_sync', registration: rejection(registeredAt) })]),
        ];
      },
      start,
    );

  it('the same rejection 3 times in the window is a loop, with count and period, each registration counted once', () => {
    const run = runCycles(looping(6));
    expect(ofKind(run.perCycle[3], 'sync.registration_loop')).toEqual([]);
    const loop = ofKind(run.last, 'sync.registration_loop');
    // Both ends report the same rejections: one finding, on the replica that retries.
    expect(loop).toHaveLength(1);
    expect(loop[0]).toMatchObject({
      class: 'persistent',
      subject: { type: 'link', id: 'n1->n2', node: 'n2' },
      evidence: { count: 3, periodMs: 4000, message: 'slave already exists', result: 'rejected', firstAt: iso(T0), lastAt: iso(T0 + 8000) },
    });
    expect(loop[0].summary).toBe('n1->n2: registration rejected 3 times in 8 s (every ~4 s): "slave already exists"');
    const last = run.inputs.at(-1)!;
    const row = buildSyncView(run.state, last.reports, {}, last.now).groups[0].links[0];
    expect(row.registration).toMatchObject({ result: 'rejected', message: 'slave already exists' });
  });

  it('an accepted registration ends the loop at once', () => {
    const loop = looping(6);
    const accepted = rounds(
      1,
      (at) => [
        okReport('n1', at, [inSync('n1', 'n2', at, 7, { registration: { at: iso(at - 100), result: 'accepted' } })], 'primary'),
        okReport('n2', at, [inSync('n1', 'n2', at, 7, { registration: { at: iso(at - 100), result: 'accepted' } })]),
      ],
      T0 + 6 * INTERVAL,
    );
    const run = runCycles([...loop, ...accepted]);
    expect(ofKind(run.perCycle[5], 'sync.registration_loop')).toHaveLength(1);
    expect(run.last).toEqual([]);
  });

  it('an earlier loop inside the window is not counted into a new one: count and period describe the current run', () => {
    // A first loop of 3 rejections, a quiet minute, then a new loop of 3: the window (2 min) holds all six.
    const first = looping(6);
    const second = looping(6, T0 + 60_000);
    const run = runCycles([...first, ...second]);
    const loop = ofKind(run.last, 'sync.registration_loop');
    expect(loop).toHaveLength(1);
    expect(loop[0].evidence).toMatchObject({ count: 3, periodMs: 4000, firstAt: iso(T0 + 60_000), lastAt: iso(T0 + 68_000) });
  });

  it('a loop that stops recurring resolves after a few periods', () => {
    const loop = looping(6);
    const quiet = rounds(
      8,
      (at) => [
        okReport('n1', at, [inSync('n1', 'n2', at, 7)], 'primary'),
        okReport('n2', at, [link('n1', 'n2', { state: 'meta_sync', reportedState: 'meta_sync', registration: rejection(T0 + 8000) })]),
      ],
      T0 + 6 * INTERVAL,
    );
    const run = runCycles([...loop, ...quiet]);
    expect(ofKind(run.perCycle[6], 'sync.registration_loop')).toHaveLength(1);
    expect(run.last).toEqual([]);
  });

  it('a primary that alone reports the rejections still raises the loop', () => {
    const run = runCycles(
      rounds(6, (at, index) => [
        okReport('n1', at, [link('n1', 'n2', { state: 'meta_sync', registration: rejection(T0 + Math.floor(index / 2) * 4000) })], 'primary'),
      ]),
    );
    expect(ofKind(run.last, 'sync.registration_loop').map((c) => c.subject.node)).toEqual(['n1']);
  });

  it('different rejection messages are not one loop', () => {
    const run = runCycles(
      rounds(6, (at, index) => [
        okReport('n2', at, [link('n1', 'n2', { state: 'meta_sync', registration: { at: iso(at), result: 'rejected', message: `error ${index}` } })]),
      ]),
    );
    expect(ofKind(run.last, 'sync.registration_loop')).toEqual([]);
  });

  it('remembers a bounded number of registrations', () => {
    const run = runCycles(
      rounds(REGISTRATION_RING + 20, (at) => [
        okReport('n2', at, [link('n1', 'n2', { state: 'meta_sync', registration: { at: iso(at), result: 'rejected', message: 'slave already exists' } })]),
      ]),
    );
    expect(run.state.views.get('n2|n1->n2')?.registrations).toHaveLength(REGISTRATION_RING);
  });
});

describe('sync.lagging', () => {
  it('lag beyond the threshold is lagging, at the threshold it is not', () => {
    const run = runCycles(
      rounds(1, (at) => [
        okReport('n1', at, [inSync('n1', 'n2', at, 7, { lag: CONFIG.syncLagThreshold + 1 }), inSync('n1', 'n3', at, 7, { lag: CONFIG.syncLagThreshold })], 'primary'),
      ]),
    );
    const lagging = ofKind(run.last, 'sync.lagging');
    expect(lagging).toHaveLength(1);
    expect(lagging[0]).toMatchObject({ subject: { id: 'n1->n2', node: 'n1' }, evidence: { lag: CONFIG.syncLagThreshold + 1 } });
  });
});

describe('buildSyncView', () => {
  it('groups links per primary with both sides, verdicts and the selected link history', () => {
    const lastError = { code: 'E_META', message: 'meta copy failed', at: iso(T0) };
    const run = runCycles(
      rounds(4, (at, index) => {
        const [n1, n2] = healthyRound(at, index);
        return [
          n1,
          n2,
          okReport('n3', at, [link('n1', 'n3', { state: 'error', reportedState: 'error', attempts: 5, maxAttempts: 5, lastError })]),
          okReport('n5', at, [inSync('n4', 'n5', at, 9)]),
          failedReport('n4', at, 'unreachable'),
        ];
      }),
    );
    const last = run.inputs.at(-1)!;
    const view = buildSyncView(run.state, last.reports, {}, last.now);
    expect(view.dataAt).toBe(last.now);
    expect(view.groups.map((group) => [group.primary, group.primaryStatus])).toEqual([
      ['n1', 'ok'],
      ['n4', 'unreachable'],
    ]);
    const [n2Row, n3Row] = view.groups[0].links;
    expect(n2Row).toMatchObject({ id: 'n1->n2', state: 'in_sync', verdict: null, reportedBy: 'n2', attempts: 0, maxAttempts: 5 });
    expect(n2Row.sides.map((side) => [side.node, side.side])).toEqual([
      ['n1', 'primary'],
      ['n2', 'replica'],
    ]);
    expect(n3Row).toMatchObject({ state: 'error', retriesExhausted: true, verdict: { kind: 'sync.error' } });
    expect(n3Row.lastError).toMatchObject({ code: 'E_META', ageMs: 3 * INTERVAL + 50 });
    expect(view.groups[1].links[0]).toMatchObject({ verdict: { kind: 'sync.stalled' } });
    // Nothing asked: the worst link is selected.
    expect(view.selected?.id).toBe('n1->n3');
    expect(view.counts).toMatchObject({ links: 3, withCondition: 2 });

    const chosen = buildSyncView(run.state, last.reports, { primary: 'n1', link: 'n1->n2' }, last.now);
    expect(chosen.groups.map((group) => group.primary)).toEqual(['n1']);
    expect(chosen.selected?.samples.map((sample) => sample.replicaOffset)).toEqual([0, 1, 2, 3].map((i) => 10 * MB + i * 65_536));
    expect(chosen.selected?.samples[0]).toMatchObject({ state: 'in_sync', primaryOffset: 10 * MB, lag: 0, lastIoAgeMs: 350 });
  });

  it('built in steps, pauses between slices of links and gives what one build gives, primaries in numeric name order', () => {
    // Names that sort differently as text and as numbers, and two the numeric rule calls equal (kept in first-seen order).
    const primaries = Array.from({ length: 300 }, (_, index) => `p-${index}`).concat(['p-007', 'p-7']);
    const run = runCycles(rounds(2, (at, round) => primaries.map((primary) => okReport(primary, at, [inSync(primary, `${primary}-r`, at, round)], 'primary'))));
    const last = run.inputs.at(-1)!;
    const steps = buildSyncViewSteps(run.state, last.reports, {}, last.now);
    const { value, pauses } = runCountingPauses(steps);
    expect(pauses).toBeGreaterThanOrEqual(3);
    const atOnce = buildSyncView(run.state, last.reports, {}, last.now);
    expect(JSON.stringify(value)).toBe(JSON.stringify(atOnce));
    const collator = new Intl.Collator(undefined, { numeric: true });
    const grouped = atOnce.groups.map((group) => group.primary);
    expect(grouped).toEqual(atOnce.primaries);
    expect(new Set(grouped)).toEqual(new Set(primaries));
    expect(grouped.slice(1).every((primary, index) => collator.compare(grouped[index], primary) <= 0)).toBe(true);
    expect(atOnce.groups.map((group) => group.primary).slice(0, 3)).toEqual(['p-0', 'p-1', 'p-2']);
  });

  it('is empty before the first cycle', () => {
    const view = buildSyncView(runCycles([]).state, new Map(), {}, T0);
    expect(view).toMatchObject({ dataAt: null, groups: [], selected: null, counts: { links: 0 } });
  });
});

describe('sync text', () => {
  it('formats sizes and ages as an operator reads them', () => {
    expect(formatBytes(3 * MB)).toBe('3 MB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatAge(40_000)).toBe('40 s');
    expect(formatAge(850)).toBe('850 ms');
    expect(formatAge(600_000)).toBe('10 min');
  });
});

describe('sync analyzer in slices', () => {
  it('reads and judges a large cluster a share of links per slice, and gives what one step gives', () => {
    const primaries = Array.from({ length: 2500 }, (_, index) => `p-${index}`);
    const run = runCycles(rounds(2, (at, round) => primaries.map((primary, index) => okReport(primary, at, [inSync(primary, `${primary}-r`, at, index % 7 === 0 ? 0 : round)], 'primary'))));
    const input = run.inputs.at(-1)!;
    const before = runCycles(rounds(1, (at) => primaries.map((primary) => okReport(primary, at, [inSync(primary, `${primary}-r`, at, 0)], 'primary')))).state;
    const slices = syncAnalyzer.stepInSlices!(before, input);
    const { value, pauses } = runCountingPauses(slices);
    // 2,500 views, 2,000 a slice: a pause inside reading them and inside judging them, beside the phases' own two.
    expect(pauses).toBeGreaterThanOrEqual(5);
    const atOnce = syncAnalyzer.step(before, input);
    expect(JSON.stringify(value.conditions)).toBe(JSON.stringify(atOnce.conditions));
    expect(value.state.views.size).toBe(atOnce.state.views.size);
  });
});
