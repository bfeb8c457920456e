import type { World } from '../world';

/** A scenario in progress. Both calls get the demo clock's time. */
export type ScenarioRun = {
  /** Moves the scenario to `at`; 'done' when a one-shot scenario has finished by itself. */
  tick(at: number): 'running' | 'done';
  /** Puts everything the scenario touched back to healthy. */
  stop(at: number): void;
};

export type ScenarioDefinition = {
  name: string;
  /** The first mode is the default. */
  modes: readonly [string, ...string[]];
  summary: string;
  start(world: World, mode: string, at: number): ScenarioRun;
};

/** Runs `action` once when the scenario's time passes `dueAt` (ms after its start). */
export class Timeline {
  private readonly done = new Set<string>();

  constructor(private readonly startedAt: number) {}

  elapsed(at: number): number {
    return at - this.startedAt;
  }

  once(key: string, at: number, dueAfterMs: number, action: () => void): void {
    if (this.done.has(key) || at - this.startedAt < dueAfterMs) return;
    this.done.add(key);
    action();
  }
}
