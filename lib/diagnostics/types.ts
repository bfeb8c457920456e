import type { DiagnosticsConfig } from '@/lib/config/schema';
import type { Condition } from '@/lib/contract/findings';
import type { NodeReport, NodeStatus } from '@/lib/contract/report';
import type { EvidenceWithLine } from '@/lib/logs/overlay';

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
  /**
   * Each target's status by the one rule (lib/diagnostics/node-status.ts) with
   * the collector's schedule, as every page shows it. Read it through
   * statusInCycle(), which applies the same rule when a fixture leaves it out.
   */
  nodeStatus?: ReadonlyMap<string, NodeStatus>;
  /**
   * Evidence read from log lines (lib/logs/extractors), oldest first, each with
   * the log-store seq of its line; analyzers that read it keep their own cursor.
   */
  logEvidence?: readonly EvidenceWithLine[];
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
  /**
   * The same step, yielding between slices of its work (a share of the nodes,
   * a phase) so the server answers requests between them: one analyzer over
   * 5,000 nodes is otherwise one long task. `step` must give the same result
   * (stepToEnd runs this to its end).
   */
  stepInSlices?(state: State, input: CycleInput): Generator<void, AnalyzerResult<State>, void>;
}

export type AnalyzerResult<State> = { state: State; conditions: Condition[] };

/** Runs a sliced step to its end without pausing: what `step` is for an analyzer that slices. */
export function stepToEnd<State>(slices: Generator<void, AnalyzerResult<State>, void>): AnalyzerResult<State> {
  for (;;) {
    const next = slices.next();
    if (next.done) return next.value;
  }
}
