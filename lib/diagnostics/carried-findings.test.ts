import { describe, expect, it } from 'vitest';
import type { Condition, Finding } from '@/lib/contract/findings';
import { carryOver, type CarriedFindings } from './carried-findings';
import { conditionId, emptyFindings, trackFindings } from './findings-tracker';

const RESTART = Date.UTC(2026, 0, 10, 3, 12);
const options = (now: number) => ({ now, persistentAfterMs: 15_000, maxResolved: 100 });

function condition(node: string): Condition {
  return { kind: 'node.unreachable', severity: 'critical', subject: { type: 'node', id: node }, summary: `${node} refused`, evidence: {} };
}

function before(node: string, firstSeen: number): Finding {
  return {
    id: conditionId(condition(node)),
    kind: 'node.unreachable',
    severity: 'critical',
    subject: { type: 'node', id: node },
    summary: `${node} refused`,
    evidence: {},
    firstSeen,
    lastSeen: RESTART - 20_000,
    status: 'active',
    resolvedAt: null,
    class: 'persistent',
    logGroups: ['g1'],
  };
}

describe('findings carried over a restart', () => {
  it('continues a finding whose condition is still there, with its id and first-seen', () => {
    const carried: CarriedFindings = { waiting: new Map([[before('n2', RESTART - 600_000).id, before('n2', RESTART - 600_000)]]), restartAt: RESTART, cyclesLeft: 3 };
    const tracked = trackFindings(emptyFindings, [condition('n2')], { ...options(RESTART), maxResolved: 100 });
    const result = carryOver(tracked, carried, options(RESTART));
    const finding = result.findings.active.get(before('n2', 0).id)!;
    expect(finding.firstSeen).toBe(RESTART - 600_000);
    expect(finding.class).toBe('persistent');
    expect(finding.logGroups).toEqual(['g1']);
    expect(result.carried.waiting.size).toBe(0);
    // The next cycle keeps the carried first-seen on its own.
    const next = trackFindings(result.findings, [condition('n2')], { ...options(RESTART + 5000), maxResolved: 100 });
    expect(next.active.get(finding.id)!.firstSeen).toBe(RESTART - 600_000);
  });

  it('waits its grace cycles, then resolves what never came back, naming the restart', () => {
    const gone = before('n3', RESTART - 60_000);
    let carried: CarriedFindings = { waiting: new Map([[gone.id, gone]]), restartAt: RESTART, cyclesLeft: 2 };
    let state = trackFindings(emptyFindings, [], options(RESTART));
    ({ findings: state, carried } = carryOver(state, carried, options(RESTART)));
    expect(state.resolved).toEqual([]);
    expect(carried.waiting.has(gone.id)).toBe(true);
    ({ findings: state, carried } = carryOver(trackFindings(state, [], options(RESTART + 5000)), carried, options(RESTART + 5000)));
    expect(carried.waiting.size).toBe(0);
    expect(state.resolved).toHaveLength(1);
    expect(state.resolved[0]).toMatchObject({ id: gone.id, firstSeen: gone.firstSeen, status: 'resolved', resolvedAt: RESTART + 5000 });
    expect(String(state.resolved[0].evidence.restart)).toContain('2026-01-10T03:12:00.000Z');
  });
});
