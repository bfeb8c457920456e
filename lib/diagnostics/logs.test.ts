import { describe, expect, it } from 'vitest';
import {
  classifyGroup,
  filterLogs,
  fingerprint,
  foldLines,
  groupId,
  groupsView,
  initialClassifierState,
  lineGroupLookup,
  logGroupsForSubject,
  type ClassifyContext,
  type LogLine,
} from './logs';
import { POLL_MS, T0, buildLines, crashRestore, peerRace, registrationLoop, retriedTimeouts, slowPeriodic } from './fixtures/logs-streams';

function ctx(now: number, recoveries: Map<string, number> = new Map()): ClassifyContext {
  return { now, pollIntervalMs: POLL_MS, stoppedAfterPolls: 3, recoveries };
}

function onlyGroup(lines: readonly LogLine[]) {
  const state = foldLines(initialClassifierState(), lines);
  expect(state.groups.size).toBe(1);
  return { state, group: [...state.groups.values()][0] };
}

describe('fingerprint', () => {
  it('masks ports, ids and numbers so the same message lands in one group', () => {
    const a = fingerprint('dial node-3 (127.0.0.1:41234): connect: connection refused');
    const b = fingerprint('dial node-4 (10.0.0.7:5555): connect: connection refused');
    expect(a).toBe(b);
    expect(a).toBe('dial node-<n> (<addr>): connect: connection refused');
  });

  it.each([
    ['request 550e8400-e29b-41d4-a716-446655440000 failed', 'request <uuid> failed'],
    ['session 0xdeadbeef closed', 'session <hex> closed'],
    ['block 9f86d081884c7d65 missing', 'block <hex> missing'],
    ['peer 12D3KooWQm8hVt6qkSxUc3Z7n7T1xX2gYdLJ9pR4aBcDeFgH5iJk dropped', 'peer <id> dropped'],
    ['connect to [::1]:8080 and db-1.example.com:6379', 'connect to <addr> and <addr>'],
    ['slave already exists: "node-2@127.0.0.1:9221"', 'slave already exists: <str>'],
    ["cannot open 'wal-0001.log'", 'cannot open <str>'],
    ['lookup failed key=abc123 db=peers', 'lookup failed key=<v> db=<v>'],
    ['took 40.5 ms after 3 attempts', 'took <n> ms after <n> attempts'],
    ["don't retry: it's over", "don't retry: it's over"],
  ])('%s → %s', (message, expected) => {
    expect(fingerprint(message)).toBe(expected);
  });

  it('masks the line subject wherever it appears', () => {
    expect(fingerprint('peer abc-def gone, dropping abc-def', 'abc-def')).toBe('peer <subject> gone, dropping <subject>');
  });

  it('keeps different messages apart', () => {
    expect(fingerprint('connection refused')).not.toBe(fingerprint('connection reset by peer'));
    expect(groupId('sync', 'x')).not.toBe(groupId('p2p', 'x'));
    expect(groupId('sync', 'x')).toBe(groupId('sync', 'x'));
  });
});

describe('grouping', () => {
  it('puts the registration loop in one group with every line counted', () => {
    const { group } = onlyGroup(registrationLoop.lines);
    expect(group.count).toBe(registrationLoop.lines.length);
    expect(group.component).toBe('replication');
    expect([...group.nodes.keys()]).toEqual(['node-1']);
    expect(group.firstSeen).toBe(T0);
    expect(group.lastSeen).toBe(T0 + 60_000);
  });

  it('separates different messages and the same message from different components', () => {
    const lines = buildLines([
      { t: 0, node: 'a', level: 'error', component: 'sync', message: 'connection refused' },
      { t: 1, node: 'b', level: 'error', component: 'sync', message: 'connection reset by peer' },
      { t: 2, node: 'c', level: 'error', component: 'p2p', message: 'connection refused' },
      { t: 3, node: 'd', level: 'error', component: 'sync', message: 'connection refused' },
    ]);
    const state = foldLines(initialClassifierState(), lines);
    expect(state.groups.size).toBe(3);
    expect(state.groups.get(groupId('sync', 'connection refused'))?.count).toBe(2);
  });

  it('groups only warnings and errors', () => {
    const lines = buildLines([
      { t: 0, node: 'a', level: 'info', message: 'node up' },
      { t: 1, node: 'a', level: 'debug', message: 'tick' },
      { t: 2, node: 'a', level: 'warn', message: 'slow disk' },
    ]);
    const state = foldLines(initialClassifierState(), lines);
    expect(state.groups.size).toBe(1);
    expect(state.groupBySeq.size).toBe(1);
  });

  it('folds incrementally: the same result in one go or line by line, and no line twice', () => {
    const whole = foldLines(initialClassifierState(), crashRestore.lines);
    const stepwise = initialClassifierState();
    for (let i = 0; i < crashRestore.lines.length; i += 3) foldLines(stepwise, crashRestore.lines.slice(0, i + 3));
    const a = [...whole.groups.values()][0];
    const b = [...stepwise.groups.values()][0];
    expect(b.count).toBe(a.count);
    expect(b.lastSeen).toBe(a.lastSeen);
    expect(stepwise.lastSeq).toBe(crashRestore.lines.length);
  });

  it('forgets line links below the oldest retained line and bounds the number of groups', () => {
    const state = initialClassifierState({ maxGroups: 2 });
    const lines = buildLines([
      { t: 0, node: 'a', level: 'error', message: 'first kind' },
      { t: 1, node: 'a', level: 'error', message: 'second kind' },
      { t: 2, node: 'a', level: 'error', message: 'third kind' },
    ]);
    foldLines(state, lines, 3);
    expect(state.groups.size).toBe(2);
    expect(state.groups.has(groupId('server', 'first kind'))).toBe(false);
    expect([...state.groupBySeq.keys()]).toEqual([3]);
  });

  it('keeps rate buckets bounded', () => {
    const state = initialClassifierState({ bucketMs: 1000, maxBuckets: 10 });
    foldLines(state, slowPeriodic.lines);
    expect([...state.groups.values()][0].buckets.size).toBe(10);
  });
});

describe('transient vs persistent', () => {
  it('registration loop still recurring → persistent', () => {
    const { group } = onlyGroup(registrationLoop.lines);
    expect(classifyGroup(group, ctx(registrationLoop.now))).toMatchObject({ class: 'persistent', reason: 'recurring' });
  });

  it('registration loop that stopped for K intervals → transient (stopped)', () => {
    const { group } = onlyGroup(registrationLoop.lines);
    // Its usual gap is 4 s, so it must be silent for 8 s (more than 3 × 2 s).
    expect(classifyGroup(group, ctx(T0 + 60_000 + 7000)).class).toBe('persistent');
    expect(classifyGroup(group, ctx(T0 + 60_000 + 8000))).toMatchObject({ class: 'transient', reason: 'stopped' });
  });

  it('connection errors about a crashed node → transient once its recovery is observed', () => {
    const { group } = onlyGroup(crashRestore.lines);
    const now = crashRestore.nowJustAfterRecovery;
    expect(classifyGroup(group, ctx(now)).class).toBe('persistent');
    const recoveries = new Map([['node-3', crashRestore.recoveredAt]]);
    expect(classifyGroup(group, ctx(now, recoveries))).toMatchObject({ class: 'transient', reason: 'recovered' });
  });

  it('a recovery observed before the errors came back does not count', () => {
    const { group } = onlyGroup(crashRestore.lines);
    const recoveries = new Map([['node-3', T0 + 10_000]]);
    expect(classifyGroup(group, ctx(crashRestore.nowJustAfterRecovery, recoveries)).class).toBe('persistent');
  });

  it('peer-DB read errors whose peers came back → transient while the race goes on', () => {
    const { group } = onlyGroup(peerRace.lines);
    expect(group.subjects.size).toBe(4);
    expect(classifyGroup(group, ctx(peerRace.now, peerRace.recoveries()))).toMatchObject({ class: 'transient', reason: 'recovered' });
    // Without the recoveries it is a recurring error.
    expect(classifyGroup(group, ctx(peerRace.now)).class).toBe('persistent');
  });

  it('one subject looping without recovery keeps the group persistent even if others recovered', () => {
    const looping = buildLines(
      Array.from({ length: 10 }, (_, i) => ({ t: i * 2000, node: 'n', level: 'error' as const, subject: i % 2 ? 'stuck' : `ok-${i}`, message: 'read failed' })),
    );
    const { group } = onlyGroup(looping);
    const recoveries = new Map(looping.filter((l) => l.subject !== 'stuck').map((l) => [l.subject as string, Date.parse(l.ts) + 1000]));
    expect(classifyGroup(group, ctx(T0 + 19_000, recoveries)).class).toBe('persistent');
  });

  it('lines the node marked retried → transient (hinted)', () => {
    const { group } = onlyGroup(retriedTimeouts.lines);
    expect(classifyGroup(group, ctx(retriedTimeouts.now))).toMatchObject({ class: 'transient', reason: 'hinted' });
  });

  it('a slow periodic error whose rate does not decay stays persistent between occurrences', () => {
    const { group } = onlyGroup(slowPeriodic.lines);
    expect(classifyGroup(group, ctx(slowPeriodic.lastAt + 20_000))).toMatchObject({ class: 'persistent', reason: 'periodic' });
    expect(classifyGroup(group, ctx(slowPeriodic.lastAt + 60_000))).toMatchObject({ class: 'transient', reason: 'stopped' });
  });
});

describe('groupsView', () => {
  const lines = buildLines([
    ...registrationLoop.lines.map((l) => ({ ...l, t: Date.parse(l.ts) - T0 })),
    ...crashRestore.lines.map((l) => ({ ...l, t: Date.parse(l.ts) - T0 })),
  ]);
  const state = foldLines(initialClassifierState(), lines);
  const recoveries = new Map([['node-3', crashRestore.recoveredAt]]);

  it('splits persistent from transient and links findings by subject', () => {
    const view = groupsView(state, ctx(registrationLoop.now, recoveries), {}, [
      { id: 'node.unreachable:node:node-3:node-3', subject: { id: 'node-3' } },
      { id: 'sync.registration_loop:link::node-1->node-2', subject: { id: 'node-1->node-2' } },
    ]);
    expect(view.persistent.map((g) => g.component)).toEqual(['replication']);
    expect(view.transient.map((g) => g.component)).toEqual(['cluster']);
    expect(view.persistent[0].findings).toEqual(['sync.registration_loop:link::node-1->node-2']);
    expect(view.transient[0].findings).toEqual(['node.unreachable:node:node-3:node-3']);
    expect(view.persistent[0].count).toBe(16);
    expect(view.persistent[0].rate).toHaveLength(30);
    expect(view.persistent[0].rate.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(logGroupsForSubject(state, 'node-3')).toEqual([view.transient[0].id]);
  });

  it('filters groups by class, node, component and text', () => {
    const c = ctx(registrationLoop.now, recoveries);
    expect(groupsView(state, c, { class: 'transient' }).persistent).toHaveLength(0);
    expect(groupsView(state, c, { nodes: ['node-2'] }).persistent).toHaveLength(0);
    expect(groupsView(state, c, { components: ['replication'] }).transient).toHaveLength(0);
    expect(groupsView(state, c, { q: 'SLAVE ALREADY' }).totals).toEqual({ persistent: 1, transient: 0 });
  });
});

describe('filterLogs', () => {
  const specs = Array.from({ length: 1000 }, (_, i) => ({
    t: i * 100,
    node: `node-${i % 4}`,
    level: (['debug', 'info', 'warn', 'error'] as const)[i % 4],
    component: i % 2 ? 'sync' : 'p2p',
    message: i % 10 === 0 ? `Slave Already Exists #${i}` : `routine line ${i} (a.b*c)`,
  }));
  const lines = buildLines(specs);
  const state = foldLines(initialClassifierState(), lines);
  const lookup = lineGroupLookup(state, ctx(T0 + 100_000));

  it('matches plain text case-insensitively, never as a pattern', () => {
    const page = filterLogs(lines, { q: 'slave already', limit: 1000 }, lookup, T0 + 100_000);
    expect(page.matched).toBe(100);
    expect(filterLogs(lines, { q: 'a.b*c', limit: 10 }, lookup, T0).matched).toBe(900);
    expect(filterLogs(lines, { q: '.*', limit: 10 }, lookup, T0).matched).toBe(0);
    expect(filterLogs(lines, { q: '(', limit: 10 }, lookup, T0).matched).toBe(900);
  });

  it('filters by level, node, component and time', () => {
    const page = filterLogs(lines, { levels: ['error'], nodes: ['node-3'], components: ['sync'], limit: 1000 }, lookup, T0);
    expect(page.matched).toBe(250);
    expect(page.lines.every((l) => l.level === 'error' && l.node === 'node-3' && l.component === 'sync')).toBe(true);
    const window = filterLogs(lines, { since: T0 + 10_000, until: T0 + 19_999, limit: 1000 }, lookup, T0);
    expect(window.matched).toBe(100);
  });

  it('pages newest first with a cursor, bounded by the limit, without gaps or repeats', () => {
    const seen: number[] = [];
    let cursor: number | undefined;
    for (let i = 0; i < 20; i++) {
      const page = filterLogs(lines, { levels: ['warn', 'error'], cursor, limit: 64 }, lookup, T0);
      expect(page.lines.length).toBeLessThanOrEqual(64);
      seen.push(...page.lines.map((l) => l.seq));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(500);
    expect(new Set(seen).size).toBe(500);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it('filters by class and group through the classifier', () => {
    const group = groupId('p2p', fingerprint('Slave Already Exists #0'));
    const byGroup = filterLogs(lines, { groups: new Set([group]), limit: 1000 }, lookup, T0);
    expect(byGroup.matched).toBeGreaterThan(0);
    expect(byGroup.lines.every((l) => l.group === group)).toBe(true);
    const persistent = filterLogs(lines, { class: 'persistent', limit: 1000 }, lookup, T0);
    expect(persistent.matched).toBe(500);
    expect(filterLogs(lines, { class: 'transient', limit: 1000 }, lookup, T0).matched).toBe(0);
  });

  it('builds a level histogram over the matched lines', () => {
    const page = filterLogs(lines, { limit: 10 }, lookup, T0 + 100_000);
    const total = page.histogram.buckets.reduce((sum, b) => sum + b.debug + b.info + b.warn + b.error, 0);
    expect(total).toBe(1000);
    expect(page.histogram.buckets.length).toBeGreaterThan(10);
    expect(page.histogram.buckets.length).toBeLessThanOrEqual(180);
  });
});

describe('filterLogs ordering', () => {
  it('shows a page newest first by the lines’ own time, though nodes’ lines arrive a poll at a time', () => {
    // node-b's older lines arrive after node-a's newer ones.
    const lines = buildLines([
      { t: 4000, node: 'node-a', level: 'info', message: 'a2' },
      { t: 5000, node: 'node-a', level: 'info', message: 'a3' },
      { t: 1000, node: 'node-b', level: 'info', message: 'b1' },
      { t: 4500, node: 'node-b', level: 'info', message: 'b2' },
    ]);
    const page = filterLogs(lines, { limit: 10 }, null, T0 + 6000);
    expect(page.lines.map((l) => l.message)).toEqual(['a3', 'b2', 'a2', 'b1']);
  });
});
