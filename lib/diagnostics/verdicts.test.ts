import { describe, expect, it } from 'vitest';
import type { NodeReport } from '@/lib/contract/report';
import { cycle, downReport, okReport } from './fixtures/routing-fixtures';
import { verdictAnalyzer } from './verdicts';

function meta(at: number, verdicts: Record<string, 'ALIVE' | 'UNALIVE'>): NodeReport {
  return {
    ...okReport('meta-1', at, { owners: [] }, 'meta-leader'),
    routing: null,
    peers: { categories: ['ALIVE', 'UNALIVE'], peers: Object.entries(verdicts).map(([id, category]) => ({ id, category })), readErrors: [] },
  };
}

const replica = (id: string, at: number) => ({ ...okReport(id, at, { owners: [] }, 'replica'), routing: null });

describe('meta verdicts against the servers\' own answers', () => {
  it('raises node.verdict_conflict only once a contradiction outlasts the routing grace', () => {
    // Grace 15 s by default: the meta's failure detector needs a few seconds to notice a crash.
    let state = verdictAnalyzer.initial();
    const step = (at: number, reports: NodeReport[]) => {
      const result = verdictAnalyzer.step(state, cycle(at, reports));
      state = result.state;
      return result.conditions;
    };
    expect(step(0, [meta(0, { r1: 'ALIVE', r2: 'UNALIVE' }), downReport('r1', 0), replica('r2', 0)])).toEqual([]);
    const conditions = step(20_000, [meta(20_000, { r1: 'ALIVE', r2: 'UNALIVE' }), downReport('r1', 20_000), replica('r2', 20_000)]);
    expect(conditions.map((condition) => [condition.kind, condition.subject.id, condition.summary])).toEqual([
      ['node.verdict_conflict', 'r1', 'meta-1 calls r1 ALIVE, but it is unreachable (for 20 s)'],
      ['node.verdict_conflict', 'r2', 'meta-1 calls r2 UNALIVE, but it answers (for 20 s)'],
    ]);
    // Agreement ends it, and a new contradiction starts its own clock.
    expect(step(21_000, [meta(21_000, { r1: 'UNALIVE', r2: 'ALIVE' }), downReport('r1', 21_000), replica('r2', 21_000)])).toEqual([]);
  });
});
