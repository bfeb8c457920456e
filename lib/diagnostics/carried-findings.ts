import type { Finding } from '@/lib/contract/findings';
import type { FindingsState } from './findings-tracker';

/**
 * Findings read back from history after a restart. Some conditions take
 * several polls to be seen again (a frozen offset, a stale ballot), so each
 * waits a few cycles before it is called resolved.
 */
export type CarriedFindings = {
  waiting: ReadonlyMap<string, Finding>;
  /** When this process started judging again. */
  restartAt: number;
  cyclesLeft: number;
  /** Why they were carried: a restart of the process, or a takeover by this replica (high availability). */
  cause?: 'restart' | 'takeover';
};

export const emptyCarried: CarriedFindings = { waiting: new Map(), restartAt: 0, cyclesLeft: 0 };

export type CarryOptions = { now: number; persistentAfterMs: number; maxResolved: number };

/**
 * One cycle of settling carried findings against the tracker's fresh state: a
 * condition seen again continues its old finding (same id, same firstSeen);
 * when the grace runs out, the rest resolve, with the restart named in their evidence.
 */
export function carryOver(state: FindingsState, carried: CarriedFindings, options: CarryOptions): { findings: FindingsState; carried: CarriedFindings } {
  const waiting = new Map(carried.waiting);
  let active: Map<string, Finding> | null = null;
  for (const [id, before] of carried.waiting) {
    const now = state.active.get(id);
    if (!now) continue;
    active ??= new Map(state.active);
    const firstSeen = Math.min(before.firstSeen, now.firstSeen);
    const aged = options.now - firstSeen >= options.persistentAfterMs ? 'persistent' : now.class;
    active.set(id, {
      ...now,
      firstSeen,
      class: state.explicitClass.has(id) ? now.class : aged,
      logGroups: [...new Set([...before.logGroups, ...now.logGroups])],
    });
    waiting.delete(id);
  }
  const cyclesLeft = carried.cyclesLeft - 1;
  let resolved = state.resolved;
  if (cyclesLeft <= 0 && waiting.size > 0) {
    const restartedAt = new Date(carried.restartAt).toISOString();
    const gone = [...waiting.values()].map(
      (finding): Finding => ({
        ...finding,
        status: 'resolved',
        resolvedAt: options.now,
        class: 'transient',
        evidence: {
          ...finding.evidence,
          restart:
            carried.cause === 'takeover' ? `not seen again after this replica took the cluster over at ${restartedAt}` : `not seen again after Clusterscope restarted at ${restartedAt}`,
        },
      }),
    );
    resolved = [...resolved, ...gone].slice(-options.maxResolved);
    waiting.clear();
  }
  return {
    findings: { active: active ?? state.active, resolved, explicitClass: state.explicitClass },
    carried: { ...carried, waiting, cyclesLeft },
  };
}
