import { describe, expect, it } from 'vitest';
import { failedReport, type NodeReport } from '@/lib/contract/report';
import type { RoutingDoc } from '@/lib/contract/admin-v1';
import { sameData, SharedPartitions } from './shared-partitions';

const table = (owner: string): RoutingDoc['partitions'] => [
  { id: 0, owners: [owner], backups: ['b'], ballot: 3 },
  { id: 1, owners: ['x', owner], backups: [] },
];

function reportWith(id: string, partitions: RoutingDoc['partitions'], ownedCount: number): NodeReport {
  const base = failedReport({ targetId: id, kind: 'native', address: `${id}:1`, status: 'unreachable', reason: { code: 'refused', message: 'no' }, fetchedAt: 1 });
  return { ...base, status: 'ok', reason: null, routing: { version: 7, initialized: true, ownedCount, partitionCount: partitions.length, partitions } };
}

describe('sameData', () => {
  it('compares parsed JSON by value: order of keys does not matter, a missing, extra or different value does', () => {
    expect(sameData({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData([1], { 0: 1 })).toBe(false);
    expect(sameData({ a: null }, { a: {} })).toBe(false);
    expect(sameData({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
  });
});

describe('SharedPartitions', () => {
  it('nodes reporting an equal table keep one copy of its partitions; their own fields stay theirs', () => {
    const shared = new SharedPartitions();
    const first = shared.compact(reportWith('n1', table('a'), 1));
    const second = shared.compact(reportWith('n2', table('a'), 0));
    expect(second.routing!.partitions).toBe(first.routing!.partitions);
    expect(second.routing!.ownedCount).toBe(0);
    expect(second.targetId).toBe('n2');
    const other = shared.compact(reportWith('n3', table('b'), 1));
    expect(other.routing!.partitions).not.toBe(first.routing!.partitions);
    expect(other.routing!.partitions[0].owners).toEqual(['b']);
  });

  it('a report without a routing table is the same report', () => {
    const shared = new SharedPartitions();
    const report = { ...reportWith('n1', [], 0), routing: null };
    expect(shared.compact(report)).toBe(report);
  });

  it('remembers a few tables only: an old one comes back as a copy of its own', () => {
    const shared = new SharedPartitions();
    const old = shared.share(table('old'));
    for (const owner of ['a', 'b', 'c', 'd', 'e']) shared.share(table(owner));
    const again = table('old');
    expect(shared.share(again)).toBe(again);
    expect(shared.share(table('old'))).toBe(again);
    expect(again).not.toBe(old);
  });
});
