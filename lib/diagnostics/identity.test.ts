import { describe, expect, it } from 'vitest';
import type { NodeReport } from '@/lib/contract/report';
import { answeredReport, DEFAULT_DIAGNOSTICS } from './fixtures/reports';
import { IDENTITY_CHANGE_HOLD_POLLS, identityAnalyzer, type IdentityState } from './identity';

const INTERVAL = 1000;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

function reportAs(nodeId: string, at: number): NodeReport {
  const iso = new Date(at).toISOString();
  return answeredReport('t1', at, { id: nodeId, cluster: 'c', role: 'primary', version: '1', startedAt: iso, now: iso }, {});
}

function step(state: IdentityState, report: NodeReport) {
  return identityAnalyzer.step(state, {
    now: report.fetchedAt + 10,
    pollIntervalMs: INTERVAL,
    config: DEFAULT_DIAGNOSTICS,
    targetIds: ['t1'],
    reports: new Map([['t1', report]]),
    lastOk: new Map([['t1', report]]),
  });
}

describe('node.identity_changed', () => {
  it('says nothing while a node keeps its id, then names both ids when it changes, and resolves after the hold', () => {
    let state = identityAnalyzer.initial();
    for (let poll = 0; poll < 3; poll += 1) {
      const result = step(state, reportAs('alpha', T0 + poll * INTERVAL));
      expect(result.conditions).toEqual([]);
      state = result.state;
    }
    const changedAt = T0 + 3 * INTERVAL;
    const changed = step(state, reportAs('beta', changedAt));
    expect(changed.conditions).toEqual([
      expect.objectContaining({
        kind: 'node.identity_changed',
        subject: { type: 'node', id: 't1' },
        evidence: { previousId: 'alpha', currentId: 'beta', changedAt: new Date(changedAt).toISOString() },
        since: changedAt,
      }),
    ]);
    const still = step(changed.state, reportAs('beta', changedAt + INTERVAL));
    expect(still.conditions).toHaveLength(1);
    const later = step(still.state, reportAs('beta', changedAt + (IDENTITY_CHANGE_HOLD_POLLS + 1) * INTERVAL));
    expect(later.conditions).toEqual([]);
  });
});
