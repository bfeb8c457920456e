import { describe, expect, it } from 'vitest';
import type { Condition } from '@/lib/contract/findings';
import { emptyFindings, trackFindings } from './findings-tracker';

const down: Condition = {
  kind: 'node.unreachable',
  severity: 'critical',
  subject: { type: 'node', id: 'n1' },
  summary: 'n1 down',
  evidence: {},
};

const options = (now: number) => ({ now, persistentAfterMs: 3000, maxResolved: 3 });

describe('trackFindings', () => {
  it('keeps identity across cycles, turns persistent with age, resolves as transient', () => {
    let state = trackFindings(emptyFindings, [down], options(1000));
    const first = [...state.active.values()][0];
    expect(first).toMatchObject({ id: 'node.unreachable:node::n1', firstSeen: 1000, status: 'active', class: 'transient' });
    state = trackFindings(state, [down], options(5000));
    expect(state.active.get(first.id)).toMatchObject({ firstSeen: 1000, lastSeen: 5000, class: 'persistent' });
    state = trackFindings(state, [], options(6000));
    expect(state.active.size).toBe(0);
    expect(state.resolved).toEqual([expect.objectContaining({ id: first.id, status: 'resolved', resolvedAt: 6000, class: 'transient' })]);
  });

  it('keeps a class the diagnostic set, also after it resolves', () => {
    let state = trackFindings(emptyFindings, [{ ...down, class: 'persistent' }], options(1000));
    expect([...state.active.values()][0].class).toBe('persistent');
    state = trackFindings(state, [], options(2000));
    expect(state.resolved[0].class).toBe('persistent');
  });

  it('a condition that comes back is active again and its old resolved copy is dropped', () => {
    let state = trackFindings(emptyFindings, [down], options(1000));
    state = trackFindings(state, [], options(2000));
    state = trackFindings(state, [down], options(3000));
    expect(state.active.size).toBe(1);
    expect(state.resolved).toHaveLength(0);
    expect([...state.active.values()][0].firstSeen).toBe(3000);
  });

  it('bounds the resolved list', () => {
    let state = emptyFindings;
    for (let i = 0; i < 6; i += 1) {
      state = trackFindings(state, [{ ...down, subject: { type: 'node', id: `n${i}` } }], options(i * 10));
    }
    state = trackFindings(state, [], options(100));
    expect(state.resolved.length).toBeLessThanOrEqual(3);
  });
});
