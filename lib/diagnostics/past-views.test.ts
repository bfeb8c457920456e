import { describe, expect, it } from 'vitest';
import type { NodeSummary } from '@/lib/contract/api';
import { logsViewSchema, peersResponseSchema, routingViewSchema, syncViewSchema } from '@/lib/contract/views';
import type { NodeStatus } from '@/lib/contract/report';
import type { LinkSample, RoutingVersion, StoredLogLine } from '@/lib/store/persistence/types';
import { finding } from '@/lib/store/persistence/testing/history-store-suite';
import { logsAsOf } from './past-logs';
import { peersAsOf } from './past-peers';
import { replayTables, routingAsOf } from './past-routing';
import { syncAsOf } from './past-sync';

const T0 = Date.UTC(2026, 0, 10, 3, 0, 0);
const POLL = 5000;

function node(id: string, status: NodeStatus, lastSeen: number | null = T0): NodeSummary {
  return { id, kind: 'native', role: null, address: `${id}:1`, status, lastPollStatus: status === 'unknown' ? null : 'ok', reason: null, lastSeen, lastPolledAt: lastSeen, latencyMs: 1, version: null, stale: status === 'stale' };
}

describe('peers as of a past moment', () => {
  const input = (at: number, nodes = [node('n1', 'ok'), node('n2', 'ok')]) => ({
    at,
    pollIntervalMs: POLL,
    gapTransientPolls: 3,
    nodes,
    // As the store answers: the newest base at or before the moment.
    bases: [{ node: 'n1', at: T0, categories: ['best', 'lastResort'] }].filter((base) => base.at <= at),
    moves: [
      { node: 'n1', peer: 'p1', at: T0, from: null, to: 'best' },
      { node: 'n1', peer: 'p2', at: T0, from: null, to: 'best' },
      { node: 'n1', peer: 'p3', at: T0, from: null, to: 'best+lastResort' },
      { node: 'n1', peer: 'p2', at: T0 + POLL, from: 'best', to: null },
    ].filter((move) => move.at <= at),
    findings: [],
    filter: {},
  });

  it('replays each node from its base: categories, counts per category, a peer that left in a gap, one in two categories', () => {
    const view = peersResponseSchema.parse({ ...peersAsOf(input(T0 + 2 * POLL)), goquai: { nodes: [] }, findings: [] });
    const n1 = view.nodes.find((row) => row.id === 'n1')!;
    expect(n1).toMatchObject({ dataStatus: 'ok', categories: ['best', 'lastResort'], counts: { best: 2, lastResort: 1 }, listedPeers: 2, peersInGap: 1, peersInSeveralCategories: 1 });
    const p2 = view.peers.find((row) => row.id === 'p2')!;
    expect(p2).toMatchObject({ listed: false, categories: [], gap: { startedAt: T0 + POLL, categoryBefore: 'best', reason: 'missing', polls: 2 } });
    expect(view.peers[0].id).toBe('p2');
    expect(view.peers.find((row) => row.id === 'p3')!.multiCategory).toBe(true);
    expect(view.countsOverTime[0].samples.map((sample) => sample.counts.best)).toEqual([3, 2]);
  });

  it('a peer still out of every category when a later base was written keeps its gap from when it left', () => {
    const view = peersAsOf({
      ...input(T0 + 3_600_000),
      bases: [{ node: 'n1', at: T0 + 3_600_000, categories: ['best'], left: [{ peer: 'p2', from: 'best', at: T0 + POLL }] }],
      moves: [{ node: 'n1', peer: 'p1', at: T0 + 3_600_000, from: null, to: 'best' }],
    });
    expect(view.peers.find((row) => row.id === 'p2')).toMatchObject({ listed: false, gap: { startedAt: T0 + POLL, categoryBefore: 'best', class: 'persistent' } });
    expect(view.nodes[0].peersInGap).toBe(1);
  });

  it('a node without a base then is unknown, not empty; one not answering then is stale', () => {
    const early = peersAsOf(input(T0 - 1));
    expect(early.nodes.every((row) => row.dataStatus === 'unknown' && row.dataFrom === null)).toBe(true);
    expect(early.peers).toEqual([]);
    const down = peersAsOf(input(T0 + POLL, [node('n1', 'unreachable'), node('n2', 'ok')]));
    expect(down.nodes.map((row) => row.dataStatus)).toEqual(['stale', 'unknown']);
    expect(down.peers.every((row) => row.stale)).toBe(true);
  });
});

describe('sync as of a past moment', () => {
  const sample = (nodeId: string, at: number, state: string): LinkSample => ({ node: nodeId, link: 'n1->n2', primary: 'n1', replica: 'n2', at, state, reportedState: state, lag: 0, primaryOffset: 10, replicaOffset: 10 });
  const base = {
    at: T0 + 10_000,
    pollIntervalMs: POLL,
    historyWindowMs: 900_000,
    heartbeatMs: 60_000,
    nodes: [node('n1', 'ok'), node('n2', 'ok')],
    selectedSamples: [],
    findings: [],
    params: {},
  };

  it('shows each link as its newest sample then said, with the findings active then as its verdict', () => {
    const error = finding({ id: 'sync.error:link::n1->n2', kind: 'sync.error', subject: { type: 'link', id: 'n1->n2', node: 'n2' }, summary: 'retries exhausted', evidence: { retriesExhausted: true } });
    const view = syncViewSchema.parse(syncAsOf({ ...base, latest: [sample('n2', T0 + 5000, 'error')], findings: [error] }));
    const row = view.groups[0].links[0];
    expect(row).toMatchObject({ id: 'n1->n2', primary: 'n1', replica: 'n2', state: 'error', reportedBy: 'n2', retriesExhausted: true, verdict: { kind: 'sync.error' } });
  });

  it('a link whose reporter was down then is stale, one older than the window is unknown: never in_sync', () => {
    const down = syncAsOf({ ...base, nodes: [node('n1', 'ok'), node('n2', 'unreachable')], latest: [sample('n2', T0, 'in_sync')] });
    expect(down.groups[0].links[0].state).toBe('stale');
    const old = syncAsOf({ ...base, at: T0 + 1_000_000, latest: [sample('n2', T0, 'in_sync')] });
    expect(old.groups[0].links[0].state).toBe('unknown');
    expect(syncAsOf({ ...base, latest: [sample('n2', T0 + 5000, 'copying')] }).groups[0].links[0].state).toBe('unknown');
  });
});

describe('routing as of a past moment', () => {
  const table = (nodeId: string, at: number, owners: string[], version = '7'): RoutingVersion => ({
    node: nodeId,
    at,
    version,
    changed: owners.map((owner, partition) => ({ partition, from: null, to: owner })),
    base: true,
  });

  it('replays each node from its newest base through the partitions that changed; changes without a base are no table', () => {
    const tables = replayTables([
      { node: 'n3', at: T0, version: '6', changed: [{ partition: 0, from: 'n1', to: 'n3' }], base: false },
      table('n1', T0, ['n1', 'n2', 'n2']),
      { node: 'n1', at: T0 + POLL, version: '8', changed: [{ partition: 1, from: 'n2', to: 'n1' }], base: false },
    ]);
    expect([...tables.keys()]).toEqual(['n1']);
    expect([...tables.get('n1')!.owners.values()]).toEqual(['n1', 'n1', 'n2']);
    expect(tables.get('n1')!).toMatchObject({ version: '8', owners: ['n1', 'n1', 'n2'] });
  });

  it('compares the replayed tables by the live rules: a node that disagreed then differs from the consensus', () => {
    const view = routingViewSchema.parse(
      routingAsOf({
        at: T0 + POLL,
        graceMs: 30_000,
        nodes: [node('n1', 'ok'), node('n2', 'ok'), node('n3', 'ok'), node('n4', 'ok')],
        versions: [table('n1', T0, ['n1', 'n2', 'n3']), table('n2', T0, ['n1', 'n2', 'n3']), table('n3', T0, ['n1', 'n2', 'n2'])],
        clients: new Set(),
        params: { view: 'consensus' },
      }),
    );
    expect(view.partitionCount).toBe(3);
    expect(view.diff.partitions.map((entry) => [entry.partition, entry.consensus])).toEqual([[2, 'n3']]);
    const rows = Object.fromEntries(view.nodes.map((row) => [row.id, row]));
    expect(rows.n3).toMatchObject({ table: 'fresh', differsFromConsensus: 1, ownedReported: null, initialized: null });
    expect(rows.n4).toMatchObject({ table: 'none', version: null });
  });

  it('shows the table of a node that was down then as it last stood, marked stale', () => {
    const view = routingAsOf({
      at: T0 + POLL,
      graceMs: 30_000,
      nodes: [node('n1', 'ok'), node('n2', 'unreachable')],
      versions: [table('n1', T0, ['n1', 'n1']), table('n2', T0, ['n2', 'n2'])],
      clients: new Set(),
      params: { view: 'node', node: 'n2' },
    })!;
    expect(view.grid).toMatchObject({ source: 'n2', stale: true, fetchedAt: T0 });
    expect(view.nodes.find((row) => row.id === 'n2')!.table).toBe('stale');
  });
});

describe('logs as of a past moment', () => {
  const line = (seq: number, ts: number, message: string, level = 'error', subject: string | null = null): StoredLogLine => ({ seq, node: 'n2', ts, level, component: 'repl', code: null, subject, transient: null, message });

  it('groups the window\'s lines by the live rules, judged at the moment, counts from the groups stored then', () => {
    const lines = [line(1, T0, 'link to n1 lost'), line(2, T0 + 1000, 'link to n1 lost'), line(3, T0 + 2000, 'started', 'info')];
    const first = logsAsOf({ at: T0 + 3000, pollIntervalMs: POLL, lines, groups: [], findings: [], recoveries: new Map(), targets: ['n1', 'n2'], query: { limit: 50 }, lineLimit: 1000 })!;
    const id = first.groups.persistent[0].id;
    const view = logsViewSchema.parse(
      logsAsOf({
        at: T0 + 3000,
        pollIntervalMs: POLL,
        lines,
        groups: [
          { fingerprint: id, at: T0 + 2000, count: 40, view: { id, component: 'repl', level: 'error', count: 40, firstSeen: T0 - 600_000, lastSeen: T0 + 1000, example: 'link to n1 lost', nodes: [{ node: 'n2', count: 40, lastSeen: T0 + 1000 }] } },
          { fingerprint: 'lg-00000000000000aa', at: T0, count: 3, view: { id: 'lg-00000000000000aa', component: 'disk', level: 'warn', count: 3, firstSeen: T0 - 800_000, lastSeen: T0 - 700_000, example: 'disk slow', nodes: ['n1'] } },
          { fingerprint: 'garbage', at: T0, count: 1, view: { not: 'a group' } },
        ],
        findings: [],
        recoveries: new Map(),
        targets: ['n1', 'n2'],
        query: { limit: 50 },
        lineLimit: 1000,
      }),
    );
    expect(view.lines.map((entry) => entry.message)).toEqual(['started', 'link to n1 lost', 'link to n1 lost']);
    expect(view.groups.persistent).toHaveLength(1);
    expect(view.groups.persistent[0]).toMatchObject({ count: 40, firstSeen: T0 - 600_000, class: 'persistent' });
    expect(view.groups.transient.map((group) => [group.id, group.reason])).toEqual([['lg-00000000000000aa', 'stopped']]);
    expect(view.generatedAt).toBe(T0 + 3000);
  });

  it('numbers lines of two runs afresh in time order, so none is skipped', () => {
    const view = logsAsOf({
      at: T0 + 10_000,
      pollIntervalMs: POLL,
      lines: [line(900, T0, 'before the restart'), line(1, T0 + 5000, 'after the restart')],
      groups: [],
      findings: [],
      recoveries: new Map(),
      targets: ['n2'],
      query: { limit: 50 },
      lineLimit: 1000,
    })!;
    expect(view.lines.map((entry) => [entry.seq, entry.message])).toEqual([
      [2, 'after the restart'],
      [1, 'before the restart'],
    ]);
    expect(logsAsOf({ at: T0, pollIntervalMs: POLL, lines: [], groups: [], findings: [], recoveries: new Map(), targets: [], query: { limit: 5, finding: 'nope' }, lineLimit: 10 })).toBeNull();
  });
});
