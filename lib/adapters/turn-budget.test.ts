import { describe, expect, it } from 'vitest';
import { createTurnBudget } from './turn-budget';

/** A hand-driven event loop: `clock` is advanced by the work itself, turns end when `endTurn()` is called. */
function handLoop() {
  let clock = 0;
  let pending: (() => void)[] = [];
  return {
    now: () => clock,
    spend: (ms: number) => {
      clock += ms;
    },
    nextTurn: (callback: () => void) => {
      pending.push(callback);
    },
    /** Runs what was scheduled for the next turn; false when nothing was. */
    endTurn: () => {
      const due = pending;
      pending = [];
      for (const callback of due) callback();
      return due.length > 0;
    },
  };
}

describe('createTurnBudget', () => {
  it('runs work at once while the turn has budget, and defers the rest to later turns in order', async () => {
    const loop = handLoop();
    const budget = createTurnBudget(8, loop.now, loop.nextTurn);
    const ran: number[] = [];
    const results = Array.from({ length: 10 }, (_, i) =>
      budget.run(() => {
        loop.spend(3);
        ran.push(i);
        return i * 10;
      }),
    );
    // 0 ms, 3 ms, 6 ms spent when asked: three run in this turn; the fourth would start past 8 ms.
    expect(ran).toEqual([0, 1, 2]);
    expect(budget.waiting).toBe(7);

    expect(loop.endTurn()).toBe(true);
    expect(ran).toEqual([0, 1, 2, 3, 4, 5]);
    let turns = 1;
    while (loop.endTurn() && turns < 20) turns += 1;
    expect(ran).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(budget.waiting).toBe(0);
    await expect(Promise.all(results)).resolves.toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  });

  it('gives a new turn a fresh budget', () => {
    const loop = handLoop();
    const budget = createTurnBudget(8, loop.now, loop.nextTurn);
    const ran: string[] = [];
    void budget.run(() => {
      loop.spend(20);
      ran.push('long');
    });
    void budget.run(() => ran.push('after the long one'));
    expect(ran).toEqual(['long']);
    loop.endTurn();
    expect(ran).toEqual(['long', 'after the long one']);
    // The queue is empty, the turn over: the next answer runs at once.
    loop.endTurn();
    void budget.run(() => ran.push('next turn'));
    expect(ran).toEqual(['long', 'after the long one', 'next turn']);
  });

  it('keeps order: work asked while others wait goes behind them, even with budget left', () => {
    const loop = handLoop();
    const budget = createTurnBudget(8, loop.now, loop.nextTurn);
    const ran: string[] = [];
    void budget.run(() => {
      loop.spend(9);
      ran.push('a');
    });
    void budget.run(() => ran.push('b'));
    loop.endTurn();
    expect(ran).toEqual(['a', 'b']);
    void budget.run(() => ran.push('c'));
    expect(ran).toEqual(['a', 'b', 'c']);
  });

  it('rejects with the error of work that throws, and runs the rest', async () => {
    const loop = handLoop();
    const budget = createTurnBudget(8, loop.now, loop.nextTurn);
    const failing = budget.run(() => {
      throw new Error('garbage answer');
    });
    const fine = budget.run(() => 'ok');
    await expect(failing).rejects.toThrow('garbage answer');
    await expect(fine).resolves.toBe('ok');
  });

  it('on the real event loop, a timer runs between the turns of a long burst', async () => {
    const budget = createTurnBudget(2);
    let timerRanAfter = -1;
    let done = 0;
    const busy = (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // Holds the loop, as parsing an answer does.
      }
    };
    setTimeout(() => {
      timerRanAfter = done;
    }, 0);
    await Promise.all(
      Array.from({ length: 40 }, () =>
        budget.run(() => {
          busy(1);
          done += 1;
        }),
      ),
    );
    expect(done).toBe(40);
    // Without the budget all 40 ms of work would run before the timer: it must have run part-way.
    expect(timerRanAfter).toBeGreaterThan(0);
    expect(timerRanAfter).toBeLessThan(40);
  });
});
