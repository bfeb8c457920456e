import type { DiagnosticsConfig } from '@/lib/config/schema';
import type { Condition, Finding } from '@/lib/contract/findings';
import { carryOver, emptyCarried, type CarriedFindings } from '@/lib/diagnostics/carried-findings';
import { emptyFindings, trackFindings, type FindingsState } from '@/lib/diagnostics/findings-tracker';
import type { Analyzer, CycleInput } from '@/lib/diagnostics/types';

const PERSISTENT_AFTER_INTERVALS = 3;
const MAX_RESOLVED = 500;

/**
 * Holds each analyzer's state and the findings between cycles. The analyzers
 * themselves are pure; this is the one place their state lives.
 */
export class DiagnosticsEngine {
  private readonly states = new Map<string, unknown>();
  private findingsState: FindingsState = emptyFindings;
  /** Each analyzer's last conditions, kept for a cycle in which it fails. */
  private readonly lastConditions = new Map<string, Condition[]>();
  /** Findings still open when the process last stopped, waiting to be confirmed or resolved. */
  private carried: CarriedFindings = emptyCarried;

  constructor(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each analyzer keeps its own state type
    private readonly analyzers: readonly Analyzer<any>[],
    private readonly config: DiagnosticsConfig,
  ) {
    for (const analyzer of analyzers) this.states.set(analyzer.name, analyzer.initial());
  }

  /** Runs every analyzer on this cycle and updates the findings. A failing analyzer is reported, not fatal. */
  evaluate(input: Omit<CycleInput, 'config'>, onError: (analyzer: string, error: unknown) => void, extra: readonly Condition[] = []): void {
    const run = this.startCycle(input, onError, extra);
    for (const analyzer of this.analyzers) {
      const slices = run.slices(analyzer);
      while (!slices.next().done) {
        // Not pausing: every slice runs at once.
      }
    }
    run.commit();
  }

  /**
   * The same as evaluate(), one analyzer at a time with `pause()` awaited
   * between them, so requests are answered between slices of a large cycle
   * (the server shares one event loop with the collector). Readers see the
   * previous cycle's states and findings until the last slice commits them all at once.
   */
  async evaluateInSlices(
    input: Omit<CycleInput, 'config'>,
    onError: (analyzer: string, error: unknown) => void,
    pause: () => Promise<void>,
    extra: readonly Condition[] = [],
    /** Told how long each slice held the event loop (the bench lists the long ones). */
    onSlice?: (slice: string, ms: number) => void,
  ): Promise<void> {
    const run = this.startCycle(input, onError, extra);
    for (const analyzer of this.analyzers) {
      const slices = run.slices(analyzer);
      for (;;) {
        const started = performance.now();
        const done = slices.next().done;
        onSlice?.(`analyzer ${analyzer.name}, one slice`, performance.now() - started);
        await pause();
        if (done) break;
      }
    }
    const started = performance.now();
    run.commit();
    onSlice?.('findings commit', performance.now() - started);
  }

  private startCycle(
    input: Omit<CycleInput, 'config'>,
    onError: (analyzer: string, error: unknown) => void,
    extra: readonly Condition[],
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each analyzer keeps its own state type
  ): { slices: (analyzer: Analyzer<any>) => Generator<void, void, void>; commit: () => void } {
    const cycle: CycleInput = { ...input, config: this.config };
    // Conditions the runtime knows of itself (the collector moved), judged like the analyzers'.
    const conditions: Condition[] = [...extra];
    const nextStates = new Map<string, unknown>();
    const nextConditions = new Map<string, Condition[]>();
    const { states, lastConditions } = this;
    return {
      slices: function* (this: void, analyzer) {
        try {
          const state = states.get(analyzer.name);
          const result = analyzer.stepInSlices ? yield* analyzer.stepInSlices(state, cycle) : analyzer.step(state, cycle);
          nextStates.set(analyzer.name, result.state);
          nextConditions.set(analyzer.name, result.conditions);
          for (const condition of result.conditions) conditions.push(condition);
        } catch (error) {
          // Not knowing this cycle is not "fixed": keep what it said last, so its findings neither resolve nor restart.
          for (const condition of lastConditions.get(analyzer.name) ?? []) conditions.push(condition);
          onError(analyzer.name, error);
        }
      },
      commit: () => {
        for (const [name, state] of nextStates) this.states.set(name, state);
        for (const [name, last] of nextConditions) this.lastConditions.set(name, last);
        this.trackFindings(conditions, input);
      },
    };
  }

  private trackFindings(conditions: Condition[], input: Omit<CycleInput, 'config'>): void {
    this.findingsState = trackFindings(this.findingsState, conditions, {
      now: input.now,
      persistentAfterMs: input.pollIntervalMs * PERSISTENT_AFTER_INTERVALS,
      maxResolved: MAX_RESOLVED,
    });
    if (this.carried.waiting.size > 0) {
      ({ findings: this.findingsState, carried: this.carried } = carryOver(this.findingsState, this.carried, {
        now: input.now,
        persistentAfterMs: input.pollIntervalMs * PERSISTENT_AFTER_INTERVALS,
        maxResolved: MAX_RESOLVED,
      }));
    }
  }

  /**
   * Findings that were active when the process stopped (read back from history):
   * each continues with its id and firstSeen if its condition is seen again
   * within `graceCycles`, else resolves with the restart noted.
   */
  restore(open: readonly Finding[], restartAt: number, graceCycles: number): void {
    this.carried = { waiting: new Map(open.map((finding) => [finding.id, finding])), restartAt, cyclesLeft: graceCycles };
  }

  /**
   * A standby answers with the collector's findings: after running the
   * analyzers on the same reports (so their state is warm), the findings
   * themselves are replaced by the collector's (same ids, same firstSeen).
   */
  adopt(findings: { active: readonly Finding[]; resolved: readonly Finding[] }): void {
    this.findingsState = { active: new Map(findings.active.map((finding) => [finding.id, finding])), resolved: [...findings.resolved], explicitClass: new Set() };
    this.carried = emptyCarried;
  }

  /**
   * This replica takes the cluster over: the findings it adopted continue as
   * findings carried over a restart do (same id and firstSeen when seen again,
   * a grace of `graceCycles` before one is resolved), so the takeover itself
   * neither duplicates nor resolves any.
   */
  takeOver(at: number, graceCycles: number): void {
    const active = [...this.findingsState.active.values(), ...this.carried.waiting.values()];
    this.findingsState = { active: new Map(), resolved: this.findingsState.resolved, explicitClass: new Set() };
    this.restore(active, at, graceCycles);
    this.carried = { ...this.carried, cause: 'takeover' };
  }

  stateOf<State>(analyzer: Analyzer<State>): State {
    return this.states.get(analyzer.name) as State;
  }

  findings(): { active: Finding[]; resolved: Finding[] } {
    const active = [...this.findingsState.active.values()];
    // Not yet re-checked since the restart: still shown, never silently dropped.
    for (const finding of this.carried.waiting.values()) if (!this.findingsState.active.has(finding.id)) active.push(finding);
    return { active, resolved: [...this.findingsState.resolved] };
  }
}
