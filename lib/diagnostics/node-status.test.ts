import { describe, expect, it } from 'vitest';
import type { NodeReport } from '@/lib/contract/report';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import { countStatuses, nodeStatus, statusInCycle, summarizeNode } from './node-status';
import { peersAnalyzer } from './peers';
import { nodeConditions } from './nodes';
import { classifyNetworkError } from '@/lib/adapters/errors';
import { buildPeersView } from './peers-view';

const meta = { id: 'n1', kind: 'native' as const, address: '127.0.0.1:1' };

function report(status: NodeReport['status'], fetchedAt: number): NodeReport {
  return {
    targetId: 'n1', kind: 'native', address: meta.address, status, reason: null, fetchedAt, latencyMs: 3,
    node: status === 'ok' ? { id: 'n1', cluster: 'c', role: 'primary', version: '1', startedAt: 'x', now: 'x' } : null,
    peers: null, sync: null, routing: null, logs: null, unavailable: [],
  };
}

describe('summarizeNode', () => {
  it('is unknown before the first poll — never ok', () => {
    const node = summarizeNode({ meta, latest: undefined, lastOk: undefined, nextDueAt: null, now: 10_000, pollIntervalMs: 1000 });
    expect(node).toMatchObject({ status: 'unknown', role: null, lastSeen: null });
  });

  it('shows the last poll outcome while it is fresh', () => {
    const ok = report('ok', 9_000);
    expect(summarizeNode({ meta, latest: ok, lastOk: ok, nextDueAt: 9_500, now: 10_000, pollIntervalMs: 1000 }).status).toBe('ok');
    const down = report('unreachable', 9_000);
    expect(summarizeNode({ meta, latest: down, lastOk: ok, nextDueAt: 9_500, now: 10_000, pollIntervalMs: 1000 })).toMatchObject({ status: 'unreachable', role: 'primary' });
  });

  it('is unknown, with the reason, when the dashboard could not send the poll (out of file descriptors)', () => {
    const ok = report('ok', 8_000);
    const notAsked = { ...report('unreachable', 9_000), reason: classifyNetworkError(Object.assign(new Error('connect EMFILE'), { code: 'EMFILE' }), meta.address).reason };
    const node = summarizeNode({ meta, latest: notAsked, lastOk: ok, nextDueAt: 9_500, now: 10_000, pollIntervalMs: 1000 });
    expect(node).toMatchObject({ status: 'unknown', reason: { code: 'dashboard_fd_limit' } });
    expect(nodeConditions(new Map([['n1', notAsked]]))).toMatchObject([{ severity: 'warning', summary: expect.stringContaining('the node was not asked') }]);
  });

  it('is stale when the last report is older than 3 intervals past its schedule', () => {
    const ok = report('ok', 1_000);
    expect(summarizeNode({ meta, latest: ok, lastOk: ok, nextDueAt: 1_500, now: 10_000, pollIntervalMs: 1000 })).toMatchObject({ status: 'stale', stale: true });
  });

  it('a node backing off is not called stale while its next poll is not overdue', () => {
    const down = report('unreachable', 1_000);
    expect(summarizeNode({ meta, latest: down, lastOk: undefined, nextDueAt: 17_000, now: 10_000, pollIntervalMs: 1000 }).status).toBe('unreachable');
  });

  it('counts every status', () => {
    const ok = report('ok', 9_000);
    const nodes = [
      summarizeNode({ meta, latest: ok, lastOk: ok, nextDueAt: 9_500, now: 10_000, pollIntervalMs: 1000 }),
      summarizeNode({ meta, latest: undefined, lastOk: undefined, nextDueAt: null, now: 10_000, pollIntervalMs: 1000 }),
    ];
    expect(countStatuses(nodes)).toEqual({ ok: 1, unreachable: 0, timeout: 0, bad_response: 0, unknown: 1, stale: 0 });
  });
});

describe('one status rule for every view', () => {
  // A node backing off after failures: its last report is old, but its next poll is not due yet.
  const down = report('unreachable', 1_000);
  const input = { latest: down, nextDueAt: 17_000, now: 10_000, pollIntervalMs: 1000 };

  it('keeps the real failure while backing off, and is stale once three intervals past its schedule', () => {
    expect(nodeStatus(input)).toBe('unreachable');
    expect(nodeStatus({ ...input, now: 20_001 })).toBe('stale');
    // Without a schedule (a fixture), the same rule from the report alone.
    expect(nodeStatus({ ...input, nextDueAt: null })).toBe('stale');
    expect(nodeStatus({ ...input, latest: undefined })).toBe('unknown');
  });

  it('the overview, the analyzers and the peers view say the same of that node', () => {
    const overview = summarizeNode({ meta, lastOk: undefined, ...input }).status;
    const inCycle = statusInCycle(
      {
        now: input.now,
        pollIntervalMs: input.pollIntervalMs,
        config: diagnosticsConfigSchema.parse({}),
        targetIds: ['n1'],
        reports: new Map([['n1', down]]),
        lastOk: new Map(),
        nodeStatus: new Map([['n1', overview]]),
      },
      'n1',
    );
    const peers = buildPeersView(peersAnalyzer.initial(), new Map([['n1', down]]), {
      targetIds: ['n1'],
      pollIntervalMs: input.pollIntervalMs,
      gapTransientPolls: 3,
      statusOf: () => overview,
    }, input.now).nodes[0].nodeStatus;
    expect([overview, inCycle, peers]).toEqual(['unreachable', 'unreachable', 'unreachable']);
  });
});
