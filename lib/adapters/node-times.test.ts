import { describe, expect, it } from 'vitest';
import { blankLink, type NodeReport } from '@/lib/contract/report';
import { NODE_TIME_WINDOW_MS, nodeTimeMs, UNKNOWN_TIME } from '@/lib/contract/node-time';
import { inSync, okReport, rounds, runCycles } from '@/lib/diagnostics/fixtures/sync-fixtures';
import { buildSyncView } from '@/lib/diagnostics/sync-view';
import { validateNodeTimes } from './node-times';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const EDGE_OF_TIME = '+275760-09-13T00:00:00.000Z';
const START_OF_TIME = '-271821-04-20T00:00:00.000Z';

function hostileReport(): NodeReport {
  return {
    targetId: 'n2',
    kind: 'native',
    address: '127.0.0.1:1',
    status: 'ok',
    reason: null,
    fetchedAt: NOW,
    latencyMs: 1,
    node: { id: 'n2', cluster: 'c', role: 'replica', version: '1', startedAt: '2026-05-31T00:00:00.000Z', now: START_OF_TIME },
    peers: { categories: ['best'], peers: [{ id: 'p', category: 'best', since: EDGE_OF_TIME }], readErrors: [{ at: 'yesterday', key: 'k', message: 'm' }] },
    sync: {
      links: [
        {
          ...blankLink('n1', 'n2'),
          state: 'in_sync',
          lastIoAt: EDGE_OF_TIME,
          lastError: { message: 'x', at: EDGE_OF_TIME },
          registration: { at: START_OF_TIME, result: 'rejected' },
        },
        { ...blankLink('n1', 'n3'), lastIoAt: '2026-05-31T23:59:59.000Z' },
      ],
    },
    routing: null,
    logs: { epoch: 'e', entries: [{ cursor: 1, ts: EDGE_OF_TIME, level: 'info', component: '', message: 'hi' }], nextCursor: 1, hasMore: false, dropped: 0 },
    unavailable: [],
  } as NodeReport;
}

describe('nodeTimeMs', () => {
  it('accepts a time within the window and rejects garbage, the Date range edges and clocks years off', () => {
    expect(nodeTimeMs('2026-05-31T00:00:00Z', NOW)).toBe(Date.parse('2026-05-31T00:00:00Z'));
    expect(nodeTimeMs(EDGE_OF_TIME, NOW)).toBeNull();
    expect(nodeTimeMs(START_OF_TIME, NOW)).toBeNull();
    expect(nodeTimeMs(new Date(NOW + NODE_TIME_WINDOW_MS + 1).toISOString(), NOW)).toBeNull();
    expect(nodeTimeMs('not a time', NOW)).toBeNull();
    expect(nodeTimeMs('', NOW)).toBeNull();
  });
});

describe('validateNodeTimes', () => {
  it('drops bad optional times, marks bad required ones unknown, and keeps everything else', () => {
    const report = validateNodeTimes(hostileReport());
    expect(report.node).toMatchObject({ now: UNKNOWN_TIME, startedAt: '2026-05-31T00:00:00.000Z', role: 'replica' });
    expect(report.peers!.peers[0]).toEqual({ id: 'p', category: 'best' });
    expect(report.peers!.readErrors[0]).toEqual({ at: UNKNOWN_TIME, key: 'k', message: 'm' });
    expect(report.sync!.links[0]).toMatchObject({ state: 'in_sync', lastIoAt: null, lastError: { message: 'x' }, registration: { at: UNKNOWN_TIME, result: 'rejected' } });
    expect(report.sync!.links[1].lastIoAt).toBe('2026-05-31T23:59:59.000Z');
    expect(report.logs!.entries[0]).toMatchObject({ ts: UNKNOWN_TIME, message: 'hi' });
  });

  it('returns the same report when every time is fine', () => {
    const fine = { ...hostileReport(), node: null, peers: null, logs: null, sync: { links: [blankLink('a', 'b')] } };
    expect(validateNodeTimes(fine)).toBe(fine);
  });

  it('a link at the edge of the Date range broke the sync analysis; once validated it is analysed and shown', () => {
    const hostileAt = (at: number): NodeReport => {
      const hostile = hostileReport();
      return { ...hostile, fetchedAt: at, sync: { links: [inSync('n1', 'n2', at, 1000, { lastIoAt: EDGE_OF_TIME, lastError: { message: 'x', at: EDGE_OF_TIME } })] } };
    };
    const build = (validate: boolean) => (at: number) => [okReport('n1', at, [inSync('n1', 'n2', at, 1000)], 'primary'), validate ? validateNodeTimes(hostileAt(at)) : hostileAt(at)];
    const lastIoShown = (validate: boolean) => {
      const run = runCycles(rounds(3, build(validate)));
      const last = run.inputs.at(-1)!;
      const row = buildSyncView(run.state, last.reports, {}, last.now).groups[0].links[0];
      // What the row's "Last I/O" cell renders: a time as old as the age says.
      return row.lastIoAgeMs === null ? null : new Date(last.now - row.lastIoAgeMs).toISOString();
    };
    expect(() => lastIoShown(false)).toThrow(/Invalid time value/);
    expect(lastIoShown(true)).toBeNull();
  });
});

describe('validateNodeTimes on good times', () => {
  it('returns the very report, nothing copied, when every time is fine', () => {
    const good: NodeReport = {
      ...hostileReport(),
      node: { id: 'n2', cluster: 'c', role: 'replica', version: '1', startedAt: '2026-05-31T00:00:00.000Z', now: '2026-06-01T00:00:00.000Z' },
      peers: { categories: ['best'], peers: [{ id: 'p', category: 'best', since: '2026-05-31T12:00:00.000Z' }], readErrors: [] },
      sync: { links: [{ ...blankLink('n1', 'n2'), lastIoAt: '2026-05-31T23:59:59.000Z' }] },
      logs: { epoch: 'e', entries: [{ cursor: 1, ts: '2026-05-31T23:59:00.000Z', level: 'info', component: '', message: 'hi' }], nextCursor: 1, hasMore: false, dropped: 0 },
    };
    expect(validateNodeTimes(good)).toBe(good);
    // One bad time among good ones is still caught.
    const oneBad = { ...good, logs: { ...good.logs!, entries: [...good.logs!.entries, { cursor: 2, ts: EDGE_OF_TIME, level: 'info' as const, component: '', message: 'x' }] } };
    expect(validateNodeTimes(oneBad).logs?.entries.map((entry) => entry.ts)).toEqual(['2026-05-31T23:59:00.000Z', UNKNOWN_TIME]);
  });
});

