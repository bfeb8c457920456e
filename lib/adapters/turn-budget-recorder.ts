import { expect } from 'vitest';
import type { createTurnBudget, TurnBudget } from './turn-budget';

/**
 * For adapter tests: an answer budget that lets one answer's work run per
 * event-loop turn (a clock that moves one unit per reading, a budget of 1.5
 * units), recording in which turn and in which order each piece of work ran.
 * An adapter test mocks `answerWork` with it to show that the adapter parses
 * its answers through the budget: a burst is spread over turns, in order.
 */
export type BudgetRecorder = TurnBudget & {
  /** The loop turn each piece of work ran in (counted by a setImmediate ticker while `watch` runs). */
  readonly ranInTurn: number[];
  /** The order work was asked in, as it ran: [0, 1, 2 …] when first asked, first run. */
  readonly ranOrder: number[];
  /** Most pieces of work waiting for a later turn at once. */
  readonly mostWaiting: number;
  /** Counts loop turns while `during` runs. */
  watch<Value>(during: () => Promise<Value>): Promise<Value>;
  reset(): void;
};

export function budgetRecorder(create: typeof createTurnBudget): BudgetRecorder {
  let clock = 0;
  const budget = create(1.5, () => (clock += 1));
  let turn = 0;
  let asked = 0;
  let mostWaiting = 0;
  const ranInTurn: number[] = [];
  const ranOrder: number[] = [];
  return {
    run<Value>(work: () => Value): Promise<Value> {
      const index = asked;
      asked += 1;
      const result = budget.run(() => {
        ranInTurn.push(turn);
        ranOrder.push(index);
        return work();
      });
      mostWaiting = Math.max(mostWaiting, budget.waiting);
      return result;
    },
    get waiting() {
      return budget.waiting;
    },
    ranInTurn,
    ranOrder,
    get mostWaiting() {
      return mostWaiting;
    },
    async watch<Value>(during: () => Promise<Value>): Promise<Value> {
      let watching = true;
      const tick = () => {
        turn += 1;
        if (watching) setImmediate(tick);
      };
      setImmediate(tick);
      try {
        return await during();
      } finally {
        watching = false;
      }
    },
    reset() {
      asked = 0;
      mostWaiting = 0;
      ranInTurn.length = 0;
      ranOrder.length = 0;
    },
  };
}

/** Holds the event loop for `ms`, so answers already sent arrive together, in one turn. */
export function holdTheLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy on purpose: the sockets fill meanwhile, as during a long parse.
  }
}

/**
 * What every adapter's budget test checks: `answers` pieces of work ran one per
 * turn, first asked first run, and at most `mostWaiting` of them waited at once.
 */
export function expectSpreadInOrder(recorder: BudgetRecorder, answers: number, mostWaiting: number): void {
  expect(recorder.ranOrder).toEqual([...Array(answers).keys()]);
  expect(new Set(recorder.ranInTurn).size).toBe(answers);
  expect(recorder.ranInTurn).toEqual([...recorder.ranInTurn].sort((a, b) => a - b));
  expect(recorder.mostWaiting).toBe(mostWaiting);
}
