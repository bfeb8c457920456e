import { tickBaseline } from './baseline';
import type { ScenarioDefinition, ScenarioRun } from './scenarios/types';
import type { World } from './world';

export type ScenarioState = {
  name: string;
  modes: readonly string[];
  summary: string;
  running: boolean;
  mode: string | null;
  startedAt: string | null;
};

export type EngineResult = { ok: true } | { ok: false; code: 'unknown_scenario' | 'unknown_mode'; message: string };

type Running = { mode: string; startedAt: number; run: ScenarioRun };

/** Past this much missed time (a suspended laptop) the engine jumps instead of replaying every tick. */
const MAX_CATCH_UP_TICKS = 2400;

/**
 * Moves the simulated world forward in fixed ticks of demo-clock time and
 * runs the scenarios. It catches up whenever asked (a request arrives, the
 * manual clock moves, the timer fires), so every answer reflects "now".
 */
export class ScenarioEngine {
  private lastTickAt: number;
  private readonly running = new Map<string, Running>();
  private readonly definitions = new Map<string, ScenarioDefinition>();
  private readonly observers: ((at: number) => void)[] = [];
  private syncing = false;

  constructor(
    private readonly world: World,
    definitions: readonly ScenarioDefinition[],
    private readonly tickMs: number,
  ) {
    this.lastTickAt = world.now();
    for (const definition of definitions) this.definitions.set(definition.name, definition);
  }

  /** Called after every tick (the autopilot's schedule hangs here). */
  onTick(observer: (at: number) => void): void {
    this.observers.push(observer);
  }

  sync(): void {
    // Re-entry happens when a scenario crashes a node during a tick; the outer loop finishes the work.
    if (this.syncing) return;
    this.syncing = true;
    try {
      const now = this.world.now();
      if (now - this.lastTickAt > MAX_CATCH_UP_TICKS * this.tickMs) this.lastTickAt = now - MAX_CATCH_UP_TICKS * this.tickMs;
      while (this.lastTickAt + this.tickMs <= now) {
        this.lastTickAt += this.tickMs;
        this.tick(this.lastTickAt);
      }
    } finally {
      this.syncing = false;
    }
  }

  private tick(at: number): void {
    tickBaseline(this.world, at, this.tickMs);
    for (const [name, entry] of [...this.running]) {
      if (entry.run.tick(at) === 'done') this.running.delete(name);
    }
    for (const observer of this.observers) observer(at);
  }

  has(name: string): boolean {
    return this.definitions.has(name);
  }

  /** `at` is given by callers inside a tick (the autopilot); others start at the clock's now. */
  start(name: string, mode?: string, at?: number): EngineResult {
    const definition = this.definitions.get(name);
    if (!definition) return { ok: false, code: 'unknown_scenario', message: `no scenario named "${name}"` };
    const chosen = mode ?? definition.modes[0];
    if (!definition.modes.includes(chosen)) {
      return { ok: false, code: 'unknown_mode', message: `scenario "${name}" has modes ${definition.modes.join(', ')}; not "${chosen}"` };
    }
    if (at === undefined) this.sync();
    const startAt = at ?? this.world.now();
    const current = this.running.get(name);
    if (current && current.mode === chosen) return { ok: true };
    if (current) {
      current.run.stop(startAt);
      this.running.delete(name);
    }
    const run = definition.start(this.world, chosen, startAt);
    this.running.set(name, { mode: chosen, startedAt: startAt, run });
    // Its first step shows at once, not one tick later.
    if (run.tick(startAt) === 'done') this.running.delete(name);
    return { ok: true };
  }

  stop(name: string, at?: number): EngineResult {
    if (!this.definitions.has(name)) return { ok: false, code: 'unknown_scenario', message: `no scenario named "${name}"` };
    if (at === undefined) this.sync();
    const current = this.running.get(name);
    if (current) {
      this.running.delete(name);
      current.run.stop(at ?? this.world.now());
    }
    return { ok: true };
  }

  stopAll(): void {
    for (const name of [...this.running.keys()]) this.stop(name);
  }

  isRunning(name: string): boolean {
    return this.running.has(name);
  }

  describe(): ScenarioState[] {
    return [...this.definitions.values()].map((definition) => {
      const current = this.running.get(definition.name);
      return {
        name: definition.name,
        modes: definition.modes,
        summary: definition.summary,
        running: current !== undefined,
        mode: current?.mode ?? null,
        startedAt: current ? new Date(current.startedAt).toISOString() : null,
      };
    });
  }
}
