import { describe, expect, it } from 'vitest';
import { diagnosticsConfigSchema } from '@/lib/config/schema';
import type { NodeReport } from '@/lib/contract/report';
import { membershipAnalyzer, stepMembership, type MembershipState } from './membership';

const config = diagnosticsConfigSchema.parse({ routingGrace: 10_000 });

function member(id: string, sees: string[], extra: Partial<NodeReport> = {}): NodeReport {
  return {
    targetId: id,
    kind: 'olric',
    address: `${id}:3320`,
    status: 'ok',
    reason: null,
    fetchedAt: 0,
    latencyMs: 1,
    node: null,
    peers: { categories: ['coordinator', 'member', 'missing'], peers: sees.map((peer) => ({ id: peer, category: 'member' })), readErrors: [], membership: true },
    sync: null,
    routing: null,
    logs: null,
    unavailable: ['sync'],
    ...extra,
  };
}

function run(cycles: Array<{ now: number; reports: NodeReport[] }>) {
  let state: MembershipState = membershipAnalyzer.initial();
  let conditions: ReturnType<typeof stepMembership>['conditions'] = [];
  for (const cycle of cycles) {
    const result = stepMembership(state, {
      now: cycle.now,
      pollIntervalMs: 1000,
      config,
      targetIds: cycle.reports.map((report) => report.targetId),
      reports: new Map(cycle.reports.map((report) => [report.targetId, report])),
      lastOk: new Map(),
    });
    state = result.state;
    conditions = result.conditions;
  }
  return conditions;
}

describe('membership divergence', () => {
  const agreeing = [member('a', ['b', 'c']), member('b', ['a', 'c']), member('c', ['a', 'b'])];
  const split = [member('a', ['b', 'c']), member('b', ['a']), member('c', ['a', 'b'])];

  it('agreeing member lists raise nothing', () => {
    expect(run([{ now: 0, reports: agreeing }, { now: 60_000, reports: agreeing }])).toEqual([]);
  });

  it('a disagreement within the grace period is gossip still spreading; past it, a finding naming who sees whom', () => {
    expect(run([{ now: 0, reports: split }, { now: 5_000, reports: split }])).toEqual([]);
    const [condition] = run([{ now: 0, reports: split }, { now: 11_000, reports: split }]);
    expect(condition).toMatchObject({ kind: 'peer.membership_divergence', since: 0, evidence: { notListedByAll: ['c'], distinctViews: 2 } });
    expect(condition.evidence.views).toContain('b sees a, b');
  });

  it('members remembered as missing do not count, and nodes without a member list are left out', () => {
    const missing = member('b', ['a']);
    missing.peers!.peers.push({ id: 'c', category: 'missing' });
    const plainPeers = member('x', ['y'], { peers: { categories: ['best'], peers: [{ id: 'y', category: 'best' }], readErrors: [] } });
    expect(run([{ now: 0, reports: [member('a', ['b']), missing, plainPeers] }, { now: 60_000, reports: [member('a', ['b']), missing, plainPeers] }])).toEqual([]);
  });

  it('agreement again clears it', () => {
    expect(run([{ now: 0, reports: split }, { now: 20_000, reports: split }, { now: 21_000, reports: agreeing }])).toEqual([]);
  });
});
