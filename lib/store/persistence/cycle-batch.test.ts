import { describe, expect, it } from 'vitest';
import { blankLink, failedReport, type NodeReport } from '@/lib/contract/report';
import { finding } from './testing/history-store-suite';
import { REBASE_EVERY_MS, buildCycleBatch, emptyBatchMemory, type CycleFacts } from './cycle-batch';

const T0 = Date.UTC(2026, 0, 10, 3, 0);

function okReport(id: string, at: number, parts: Partial<NodeReport> = {}): NodeReport {
  return { ...failedReport({ targetId: id, kind: 'native', address: `${id}:1`, status: 'unreachable', reason: null, fetchedAt: at }), status: 'ok', latencyMs: 2, ...parts };
}

function facts(at: number, overrides: Partial<CycleFacts> = {}): CycleFacts {
  return { cycle: { startedAt: at, durationMs: 10, polled: 1 }, findings: { active: [], resolved: [] }, reports: [], statusChanges: [], incidents: [], logLines: [], logGroups: [], ...overrides };
}

describe('the batch of one cycle', () => {
  it('writes a sample per polled node, and a finding only when it is new, changed, resolved or a minute old', () => {
    const memory = emptyBatchMemory();
    const open = finding({ firstSeen: T0, lastSeen: T0 });
    const first = buildCycleBatch(memory, facts(T0, { reports: [okReport('n1', T0 + 1)], findings: { active: [open], resolved: [] } }));
    expect(first.samples).toEqual([{ node: 'n1', at: T0 + 1, status: 'ok', latencyMs: 2, reason: null, reasonCode: null }]);
    expect(first.findings).toHaveLength(1);
    expect(buildCycleBatch(memory, facts(T0 + 5000, { findings: { active: [{ ...open, lastSeen: T0 + 5000 }], resolved: [] } })).findings).toEqual([]);
    expect(buildCycleBatch(memory, facts(T0 + 61_000, { findings: { active: [{ ...open, lastSeen: T0 + 61_000 }], resolved: [] } })).findings).toHaveLength(1);
    const resolved = { ...open, status: 'resolved' as const, resolvedAt: T0 + 66_000 };
    expect(buildCycleBatch(memory, facts(T0 + 66_000, { findings: { active: [], resolved: [resolved] } })).findings).toEqual([resolved]);
    expect(buildCycleBatch(memory, facts(T0 + 71_000, { findings: { active: [], resolved: [resolved] } })).findings).toEqual([]);
  });

  it('records peer moves, routing owner changes and link state changes, not repeats', () => {
    const memory = emptyBatchMemory();
    const peers = (category: string) => ({ categories: ['best', 'lastResort'], peers: [{ id: 'p1', address: 'a', category, score: 1, since: null }], readErrors: [] }) as unknown as NodeReport['peers'];
    const routing = (version: number, owner: string) => ({ version, initialized: true, partitionCount: 2, partitions: [{ id: 0, owners: ['n1'], backups: [] }, { id: 1, owners: [owner], backups: [] }] });
    const link = (state: 'in_sync' | 'error') => ({ links: [{ ...blankLink('n1', 'n2'), state }] });
    const first = buildCycleBatch(memory, facts(T0, { reports: [okReport('n2', T0, { peers: peers('best'), routing: routing(7, 'n1'), sync: link('in_sync') })] }));
    // The first answer after a start is a base: the whole peer list and the whole table, so a past view can replay from it.
    expect(first.peerBases).toEqual([{ node: 'n2', at: T0, categories: ['best', 'lastResort'], left: [] }]);
    expect(first.peerMoves).toEqual([{ node: 'n2', peer: 'p1', at: T0, from: null, to: 'best' }]);
    expect(first.routingVersions).toEqual([
      { node: 'n2', at: T0, version: '7', changed: [{ partition: 0, from: null, to: 'n1' }, { partition: 1, from: null, to: 'n1' }], base: true },
    ]);
    expect(first.linkSamples).toMatchObject([{ node: 'n2', link: 'n1->n2', primary: 'n1', replica: 'n2', state: 'in_sync' }]);
    const same = buildCycleBatch(memory, facts(T0 + 5000, { reports: [okReport('n2', T0 + 5000, { peers: peers('best'), routing: routing(7, 'n1'), sync: link('in_sync') })] }));
    expect([same.peerMoves, same.routingVersions, same.linkSamples]).toEqual([[], [], []]);
    const moved = buildCycleBatch(memory, facts(T0 + 10_000, { reports: [okReport('n2', T0 + 10_000, { peers: peers('lastResort'), routing: routing(8, 'n3'), sync: link('error') })] }));
    expect(moved.peerMoves).toEqual([{ node: 'n2', peer: 'p1', at: T0 + 10_000, from: 'best', to: 'lastResort' }]);
    expect(moved.routingVersions).toEqual([{ node: 'n2', at: T0 + 10_000, version: '8', changed: [{ partition: 1, from: 'n1', to: 'n3' }], base: false }]);
    expect(moved.linkSamples.map((sample) => sample.state)).toEqual(['error']);
    expect(moved.peerBases).toEqual([]);
  });

  it('compares a table shared by identity once: the same object again is no change, a new version of it is a version without changes', () => {
    const memory = emptyBatchMemory();
    const partitions = [{ id: 0, owners: ['n1'], backups: [] }, { id: 1, owners: ['n2'], backups: [] }];
    const table = (version: number) => ({ version, initialized: true, partitionCount: 2, partitions });
    const at = (offset: number, version: number) => buildCycleBatch(memory, facts(T0 + offset, { reports: [okReport('n1', T0 + offset, { routing: table(version) })] }));
    expect(at(0, 3).routingVersions).toMatchObject([{ base: true, changed: [{ to: 'n1' }, { to: 'n2' }] }]);
    expect(at(5000, 3).routingVersions).toEqual([]);
    expect(at(10_000, 4).routingVersions).toEqual([{ node: 'n1', at: T0 + 10_000, version: '4', changed: [], base: false }]);
    const moved = buildCycleBatch(memory, facts(T0 + 15_000, { reports: [okReport('n1', T0 + 15_000, { routing: { ...table(4), partitions: [partitions[0], { id: 1, owners: ['n3'], backups: [] }] } })] }));
    expect(moved.routingVersions).toEqual([{ node: 'n1', at: T0 + 15_000, version: '4', changed: [{ partition: 1, from: 'n2', to: 'n3' }], base: false }]);
  });

  it('starts a new peer base when the node declares other categories, and again after memory is lost', () => {
    const memory = emptyBatchMemory();
    const peers = (categories: string[]) => ({ categories, peers: [{ id: 'p1', address: 'a', category: 'best', score: 1, since: null }], readErrors: [] }) as unknown as NodeReport['peers'];
    buildCycleBatch(memory, facts(T0, { reports: [okReport('n1', T0, { peers: peers(['best']) })] }));
    const redeclared = buildCycleBatch(memory, facts(T0 + 5000, { reports: [okReport('n1', T0 + 5000, { peers: peers(['best', 'responsive']) })] }));
    expect(redeclared.peerBases).toEqual([{ node: 'n1', at: T0 + 5000, categories: ['best', 'responsive'], left: [] }]);
    expect(redeclared.peerMoves).toEqual([{ node: 'n1', peer: 'p1', at: T0 + 5000, from: null, to: 'best' }]);
    const afterLoss = buildCycleBatch(emptyBatchMemory(), facts(T0 + 10_000, { reports: [okReport('n1', T0 + 10_000, { peers: peers(['best', 'responsive']) })] }));
    expect(afterLoss.peerBases).toHaveLength(1);
  });

  it('writes each node whole again within two rebase periods, carrying the peers still out of every category with when they left', () => {
    const memory = emptyBatchMemory();
    const listing = (ids: string[]) => ({ categories: ['best'], peers: ids.map((id) => ({ id, address: 'a', category: 'best', score: 1, since: null })), readErrors: [] }) as unknown as NodeReport['peers'];
    const routing = { version: 1, initialized: true, partitionCount: 1, partitions: [{ id: 0, owners: ['n1'], backups: [] }] };
    const at = (offset: number, ids: string[]) => buildCycleBatch(memory, facts(T0 + offset, { reports: [okReport('n1', T0 + offset, { peers: listing(ids), routing })] }));
    at(0, ['p1', 'p2']);
    expect(at(5000, ['p1']).peerMoves).toEqual([{ node: 'n1', peer: 'p2', at: T0 + 5000, from: 'best', to: null }]);
    const quiet = at(REBASE_EVERY_MS - 1, ['p1']);
    expect([quiet.peerBases, quiet.routingVersions]).toEqual([[], []]);
    const rebased = at(2 * REBASE_EVERY_MS, ['p1']);
    expect(rebased.peerBases).toEqual([{ node: 'n1', at: T0 + 2 * REBASE_EVERY_MS, categories: ['best'], left: [{ peer: 'p2', from: 'best', at: T0 + 5000 }] }]);
    expect(rebased.routingVersions).toMatchObject([{ base: true, changed: [{ partition: 0, from: null, to: 'n1' }] }]);
    // Listed again: no longer carried.
    at(2 * REBASE_EVERY_MS + 5000, ['p1', 'p2']);
    expect(at(5 * REBASE_EVERY_MS, ['p1', 'p2']).peerBases?.[0].left).toEqual([]);
  });

  it('writes nothing for the same peers listed in another order, and a move from null for a peer that comes back', () => {
    const memory = emptyBatchMemory();
    const listing = (entries: [string, string][]) =>
      ({ categories: ['best', 'lastResort'], peers: entries.map(([id, category]) => ({ id, address: 'a', category, score: 1, since: null })), readErrors: [] }) as unknown as NodeReport['peers'];
    const at = (offset: number, entries: [string, string][]) => buildCycleBatch(memory, facts(T0 + offset, { reports: [okReport('n1', T0 + offset, { peers: listing(entries) })] }));
    at(0, [['p1', 'best'], ['p2', 'lastResort']]);
    expect(at(5000, [['p2', 'lastResort'], ['p1', 'best']]).peerMoves).toEqual([]);
    expect(at(10_000, [['p2', 'lastResort']]).peerMoves).toEqual([{ node: 'n1', peer: 'p1', at: T0 + 10_000, from: 'best', to: null }]);
    expect(at(15_000, [['p2', 'best'], ['p1', 'lastResort']]).peerMoves).toEqual([
      { node: 'n1', peer: 'p2', at: T0 + 15_000, from: 'lastResort', to: 'best' },
      { node: 'n1', peer: 'p1', at: T0 + 15_000, from: null, to: 'lastResort' },
    ]);
  });
});
