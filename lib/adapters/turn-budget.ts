/**
 * Synchronous work on answers, a bounded amount per event-loop turn.
 *
 * With hundreds of requests in flight, answers arrive in bursts: one turn of
 * the event loop can find 200+ sockets readable, and each answer's parse,
 * validation and storing then ran in that same turn (a CPU profile at 5,000
 * nodes showed turns of 60–160 ms of parsing, zod and young-generation
 * collections), so every request and timer waited behind the whole burst.
 * Work passed here runs at once while the current turn has spent less than
 * its budget; past it, it waits in order for the next turns, each of which
 * runs queued work until its own budget is spent.
 */

/** Time of synchronous answer work one turn may hold the loop for, before the rest waits for the next turn. */
export const TURN_BUDGET_MS = 8;

type Job = () => void;

export type TurnBudget = {
  /** Runs `work` in this turn if its budget allows, else in a later turn (in the order asked); a throw rejects. */
  run<Value>(work: () => Value): Promise<Value>;
  /** Jobs waiting for a later turn. */
  readonly waiting: number;
};

/**
 * `nextTurn` schedules a callback after the current turn's I/O (setImmediate:
 * timers, and so requests' timers, run before the turn after it).
 */
export function createTurnBudget(
  budgetMs = TURN_BUDGET_MS,
  now: () => number = () => performance.now(),
  nextTurn: (callback: () => void) => void = (callback) => setImmediate(callback),
): TurnBudget {
  const queue: Job[] = [];
  let head = 0;
  /** When this turn's answer work began; null when no work ran since the last turn boundary. */
  let turnStartedAt: number | null = null;
  let boundaryScheduled = false;

  const scheduleBoundary = () => {
    if (boundaryScheduled) return;
    boundaryScheduled = true;
    nextTurn(onNextTurn);
  };

  function onNextTurn(): void {
    boundaryScheduled = false;
    turnStartedAt = now();
    while (head < queue.length && now() - turnStartedAt < budgetMs) {
      const job = queue[head];
      queue[head] = noop;
      head += 1;
      job();
    }
    if (head === queue.length) {
      queue.length = 0;
      head = 0;
      // A fresh turn's budget for the next answer that arrives.
      turnStartedAt = null;
    } else {
      scheduleBoundary();
    }
  }

  return {
    run<Value>(work: () => Value): Promise<Value> {
      return new Promise<Value>((resolve, reject) => {
        const job = () => {
          try {
            resolve(work());
          } catch (error) {
            reject(error);
          }
        };
        if (queue.length === head) {
          if (turnStartedAt === null) turnStartedAt = now();
          if (now() - turnStartedAt < budgetMs) {
            // Marks where this turn ends, so the next turn starts with a fresh budget.
            scheduleBoundary();
            job();
            return;
          }
        }
        queue.push(job);
        scheduleBoundary();
      });
    },
    get waiting() {
      return queue.length - head;
    },
  };
}

function noop(): void {}

/** The one budget every adapter's answer work shares: they share one event loop. */
export const answerWork = createTurnBudget();
