import { describe, expect, it } from 'vitest';
import type { NodeReport } from '@/lib/contract/report';
import { countStatuses, summarizeNode } from './node-status';

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
