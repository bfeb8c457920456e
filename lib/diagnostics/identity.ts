import type { Condition } from '@/lib/contract/findings';
import type { Analyzer, CycleInput } from './types';

/** A changed identity stays a finding this many poll intervals after the last change, then resolves. */
export const IDENTITY_CHANGE_HOLD_POLLS = 60;

type IdentitySeen = { id: string; previousId: string | null; changedAt: number | null };
export type IdentityState = ReadonlyMap<string, IdentitySeen>;

/**
 * `node.identity_changed`: the node behind a configured target now calls itself
 * something else (another process on that address, a re-initialised node, or
 * one that lies). Routing and sync findings that follow are then about a
 * different node, and the operator should know that first.
 */
export function stepIdentity(state: IdentityState, input: CycleInput): { state: IdentityState; conditions: Condition[] } {
  const next = new Map(state);
  const conditions: Condition[] = [];
  const hold = IDENTITY_CHANGE_HOLD_POLLS * input.pollIntervalMs;
  for (const targetId of input.targetIds) {
    const report = input.reports.get(targetId);
    const before = state.get(targetId);
    let seen = before;
    if (report?.status === 'ok' && report.node) {
      const id = report.node.id;
      if (before === undefined) seen = { id, previousId: null, changedAt: null };
      else if (before.id !== id) seen = { id, previousId: before.id, changedAt: report.fetchedAt };
      if (seen !== before && seen !== undefined) next.set(targetId, seen);
    }
    if (seen?.changedAt == null || seen.previousId === null || input.now - seen.changedAt > hold) continue;
    conditions.push({
      kind: 'node.identity_changed',
      severity: 'warning',
      subject: { type: 'node', id: targetId },
      summary: `${targetId} now calls itself "${seen.id}"; it called itself "${seen.previousId}" before. Check that the configured address still reaches the node you meant.`,
      evidence: { previousId: seen.previousId, currentId: seen.id, changedAt: new Date(seen.changedAt).toISOString() },
      since: seen.changedAt,
    });
  }
  return { state: next, conditions };
}

export const identityAnalyzer: Analyzer<IdentityState> = {
  name: 'identity',
  initial: () => new Map(),
  step: stepIdentity,
};
