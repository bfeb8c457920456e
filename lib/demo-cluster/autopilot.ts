import type { ScenarioEngine } from './engine';

type Step = { atMs: number; action: 'start' | 'stop'; scenario: string; mode?: string };

export const AUTOPILOT_CYCLE_MS = 300_000;

/**
 * What a newcomer sees without touching anything: every view has a live
 * example within about a minute, and the cycle repeats every five minutes.
 * Starting a scenario that already runs in that mode does nothing, so the
 * continuous ones are simply started again each cycle. docs/demo.md shows it.
 */
export const AUTOPILOT_SCHEDULE: readonly Step[] = [
  { atMs: 1000, action: 'start', scenario: 'peer-recategorize-race', mode: 'race' },
  { atMs: 2000, action: 'start', scenario: 'registration-loop' },
  { atMs: 5000, action: 'start', scenario: 'routing-init-race' },
  { atMs: 6000, action: 'start', scenario: 'full-sync-retries-exhausted', mode: 'masked' },
  { atMs: 50_000, action: 'stop', scenario: 'full-sync-retries-exhausted' },
  { atMs: 52_000, action: 'start', scenario: 'replica-crash', mode: 'buggy' },
  { atMs: 112_000, action: 'stop', scenario: 'replica-crash' },
  { atMs: 120_000, action: 'start', scenario: 'full-sync-retries-exhausted', mode: 'reported' },
  { atMs: 180_000, action: 'stop', scenario: 'full-sync-retries-exhausted' },
  { atMs: 185_000, action: 'start', scenario: 'replica-crash', mode: 'fixed' },
  { atMs: 245_000, action: 'stop', scenario: 'replica-crash' },
  { atMs: 250_000, action: 'start', scenario: 'routing-stuck' },
  { atMs: 290_000, action: 'stop', scenario: 'routing-stuck' },
];

export class Autopilot {
  private cycleStart = 0;
  private nextStep = 0;
  private on = false;

  constructor(private readonly engine: ScenarioEngine) {}

  get enabled(): boolean {
    return this.on;
  }

  /** Starts the schedule from its beginning at `at`. */
  enable(at: number): void {
    this.on = true;
    this.cycleStart = at;
    this.nextStep = 0;
  }

  disable(): void {
    this.on = false;
  }

  onTick(at: number): void {
    if (!this.on) return;
    if (at - this.cycleStart >= AUTOPILOT_CYCLE_MS) {
      this.cycleStart += AUTOPILOT_CYCLE_MS * Math.floor((at - this.cycleStart) / AUTOPILOT_CYCLE_MS);
      this.nextStep = 0;
    }
    const offset = at - this.cycleStart;
    while (this.nextStep < AUTOPILOT_SCHEDULE.length && AUTOPILOT_SCHEDULE[this.nextStep].atMs <= offset) {
      const step = AUTOPILOT_SCHEDULE[this.nextStep++];
      if (step.action === 'start') this.engine.start(step.scenario, step.mode, at);
      else this.engine.stop(step.scenario, at);
    }
  }
}
