import type { DiagnosticsConfig } from '@/lib/config/schema';
import type { Condition } from '@/lib/contract/findings';
import type { NodeReport } from '@/lib/contract/report';

/**
 * What every analyzer sees after a poll cycle. Pure data: no I/O, and `now`
 * is given, so tests are fixtures in and assertions out.
 */
export type CycleInput = {
  now: number;
  pollIntervalMs: number;
  config: DiagnosticsConfig;
  /** Target ids in config order. */
  targetIds: readonly string[];
  /** This cycle's report per target (ok or not). Missing = never polled yet. */
  reports: ReadonlyMap<string, NodeReport>;
  /** The last report per target that was `ok` (may be older than this cycle). */
  lastOk: ReadonlyMap<string, NodeReport>;
};

/**
 * An analyzer folds cycles into its own bounded state and says what is wrong
 * now. It works on what changed since the last cycle, not on all history.
 * `step` must not mutate `state`'s shared parts in ways the previous value's
 * readers could see mid-request; returning a new object is simplest.
 */
export interface Analyzer<State> {
  name: string;
  initial(): State;
  step(state: State, input: CycleInput): { state: State; conditions: Condition[] };
}
