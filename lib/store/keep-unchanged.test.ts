import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { failedReport, type NodeReport } from '@/lib/contract/report';
import { keepUnchanged } from './keep-unchanged';

function okReport(overrides: { now?: string; score?: number; category?: string; lag?: number } = {}): NodeReport {
  return {
    targetId: 'n1',
    kind: 'native',
    address: '127.0.0.1:22001',
    status: 'ok',
    reason: null,
    fetchedAt: Date.parse(overrides.now ?? '2026-05-01T10:00:00.000Z'),
    latencyMs: 1.5,
    node: { id: 'n1', cluster: 'c', role: 'replica', version: '2.4.1', startedAt: '2026-05-01T09:00:00.000Z', now: overrides.now ?? '2026-05-01T10:00:00.000Z' },
    peers: {
      categories: ['best', 'responsive', 'lastResort'],
      peers: [
        { id: 'p1', address: '10.0.0.1:7000', category: overrides.category ?? 'best', score: overrides.score ?? 90, since: '2026-05-01T09:00:00.000Z' },
        { id: 'p2', address: '10.0.0.2:7000', category: 'responsive', score: 40, since: '2026-05-01T09:00:00.000Z' },
      ],
      readErrors: [],
    },
    sync: {
      links: [
        {
          id: 'n0->n1',
          primary: 'n0',
          replica: 'n1',
          state: 'in_sync',
          reportedState: 'in_sync',
          attempts: 0,
          maxAttempts: 5,
          lastError: null,
          primaryOffset: 1000,
          replicaOffset: 1000 - (overrides.lag ?? 0),
          lag: overrides.lag ?? 0,
          lastIoAt: overrides.now ?? '2026-05-01T10:00:00.000Z',
          registration: { at: '2026-05-01T09:00:00.000Z', result: 'accepted' },
        },
      ],
    },
    routing: null,
    logs: { epoch: 'e1', entries: [], nextCursor: 0, hasMore: false, dropped: 0 },
    unavailable: ['routing'],
  } as NodeReport;
}

describe('keepUnchanged: a new report keeps the copies of what it repeats', () => {
  it('leaves every value as it was', () => {
    const next = okReport({ now: '2026-05-01T10:00:05.000Z', score: 91, lag: 12 });
    const expected = structuredClone(next);
    expect(keepUnchanged(next, okReport())).toEqual(expected);
  });

  it('a part equal throughout is the last one itself; a changed one keeps its unchanged members and strings', () => {
    const last = okReport();
    const next = keepUnchanged(okReport({ now: '2026-05-01T10:00:05.000Z', score: 91 }), last);
    expect(next.logs).toBe(last.logs);
    expect(next.unavailable).toBe(last.unavailable);
    expect(next.peers).not.toBe(last.peers);
    expect(next.peers!.categories).toBe(last.peers!.categories);
    expect(next.peers!.peers[0]).not.toBe(last.peers!.peers[0]);
    expect(next.peers!.peers[0].score).toBe(91);
    expect(next.peers!.peers[1]).toBe(last.peers!.peers[1]);
    expect(next.node).not.toBe(last.node);
    expect(next.node!.now).toBe('2026-05-01T10:00:05.000Z');
    expect(next.sync!.links[0].registration).toBe(last.sync!.links[0].registration);
  });

  it('a member that gained or lost a field, or a list that grew, is not taken for the last one', () => {
    const last = okReport();
    const next = okReport();
    (next.peers!.peers[1] as Record<string, unknown>).extra = 'x';
    next.peers!.readErrors = [{ key: '/p3', message: 'checksum mismatch' }] as never;
    const kept = keepUnchanged(next, last);
    expect(kept.peers!.peers[1]).toHaveProperty('extra', 'x');
    expect(kept.peers!.readErrors).toHaveLength(1);
    const fewer = okReport();
    delete (last.node as Record<string, unknown>).version;
    expect(keepUnchanged(fewer, last).node).toHaveProperty('version', '2.4.1');
  });

  it('takes nothing from a failed poll, and leaves a frozen report alone', () => {
    const failed = failedReport({ targetId: 'n1', kind: 'native', address: '127.0.0.1:22001', status: 'timeout', reason: { code: 'timeout', message: 'slow' }, fetchedAt: 1 });
    expect(keepUnchanged(failed, okReport())).toBe(failed);
    const frozen = Object.freeze(okReport());
    const peers = frozen.peers;
    expect(keepUnchanged(frozen, okReport()).peers).toBe(peers);
  });

  it('whatever two answers hold, the new one keeps its own values', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constantFrom('a', 'b', 'best'), fc.integer({ min: 0, max: 3 }), fc.constant(null), fc.boolean(), tie('list'), tie('record')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      record: fc.dictionary(fc.constantFrom('id', 'score', 'peers', 'x'), tie('value'), { maxKeys: 4 }),
    })).value;
    fc.assert(
      fc.property(json, json, (nextPart, lastPart) => {
        const next = { ...okReport(), peers: nextPart } as unknown as NodeReport;
        const expected = structuredClone(next);
        const last = { ...okReport(), peers: lastPart } as unknown as NodeReport;
        const lastCopy = structuredClone(last);
        expect(keepUnchanged(next, last)).toEqual(expected);
        expect(last).toEqual(lastCopy);
      }),
      { numRuns: 500 },
    );
  });
});
