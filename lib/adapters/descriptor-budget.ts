import { readFileSync } from 'node:fs';

/**
 * Every connection a node keeps open between polls holds one file descriptor,
 * and a process may hold only so many (its soft open-file limit). Past it,
 * every open fails with EMFILE: sockets to nodes, but also the HTTP server's
 * accepted requests, the history database and log files. So the connections
 * kept between polls share one budget for the whole process: the soft limit
 * less a reserve for everything else. A target that gets no place in it opens
 * a connection for each poll and closes it after: slower, but every node is
 * still polled and the server keeps working.
 *
 * Where the limit cannot be read (not Linux, unlimited), there is no cap.
 */

/** Descriptors left for what is not a kept connection: per-poll connections in flight, requests, storage, logs. */
export function reservedDescriptors(softLimit: number): number {
  // A tenth of the limit, at least 1,024 (four clusters at the default concurrency of 256 opening per-poll
  // connections at once), but never more than half: a small limit still keeps some connections.
  return Math.min(Math.floor(softLimit / 2), Math.max(1024, Math.floor(softLimit / 10)));
}

/** How many descriptors kept connections may hold under a soft open-file limit (null: unknown, so no cap). */
export function keptConnectionCapacity(softLimit: number | null): number {
  if (softLimit === null) return Infinity;
  return Math.max(0, softLimit - reservedDescriptors(softLimit));
}

/** The soft "Max open files" of /proc/<pid>/limits; null when absent or unlimited. */
export function parseOpenFileLimit(procLimits: string): number | null {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(procLimits);
  if (!match || match[1] === 'unlimited') return null;
  const soft = Number(match[1]);
  return Number.isSafeInteger(soft) && soft > 0 ? soft : null;
}

/** This process's soft open-file limit (Linux: /proc/self/limits); null where it cannot be read. */
export function readOpenFileLimit(): number | null {
  try {
    return parseOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return null;
  }
}

/**
 * One target's claim on the budget: `kept` says whether its connection(s) may
 * stay open between polls. A target refused at start asks again at each poll,
 * so places freed by a stopped cluster are taken up.
 */
export interface ConnectionSlot {
  readonly kept: boolean;
  release(): void;
}

export class DescriptorBudget {
  private used = 0;
  /** Targets currently refused a place, and the descriptors they wanted. */
  private refusedTargets = 0;
  private refusedDescriptors = 0;

  constructor(readonly capacity: number) {}

  /** A slot for a target that keeps `descriptors` connections open between polls. */
  claim(descriptors: number): ConnectionSlot {
    return new BudgetSlot(this, descriptors);
  }

  /** What the budget holds now: for the start-up warning and the bench. */
  status(): { capacity: number; used: number; refusedTargets: number; refusedDescriptors: number } {
    return { capacity: this.capacity, used: this.used, refusedTargets: this.refusedTargets, refusedDescriptors: this.refusedDescriptors };
  }

  /** One line for the log when some targets must reconnect at every poll; null when every target keeps its connection. */
  shortfallWarning(softLimit: number | null): string | null {
    if (this.refusedTargets === 0) return null;
    const count = new Intl.NumberFormat('en-US').format;
    return (
      `the open-file limit (${softLimit === null ? 'unknown' : count(softLimit)}) leaves room for ${count(this.capacity)} kept connections: ` +
      `${count(this.refusedTargets)} targets will open a new connection at every poll and close it after. ` +
      `Raise the soft limit to keep them all: docker run --ulimit nofile=65536, LimitNOFILE=65536 under systemd, or ulimit -n (README, "Container").`
    );
  }

  /** For BudgetSlot: a place for `descriptors` more, if there is room. */
  take(descriptors: number): boolean {
    if (this.used + descriptors > this.capacity) return false;
    this.used += descriptors;
    return true;
  }

  /** For BudgetSlot: counts a target refused a place (+1), or no longer refused (-1). */
  refused(descriptors: number, sign: 1 | -1): void {
    this.refusedTargets += sign;
    this.refusedDescriptors += sign * descriptors;
  }

  /** For BudgetSlot: gives back a place taken. */
  give(descriptors: number): void {
    this.used -= descriptors;
  }
}

/**
 * One target's claim. A class, not closures: 5,000 targets each held a
 * context and two functions of their own.
 */
class BudgetSlot implements ConnectionSlot {
  private held: boolean;
  private released = false;

  constructor(
    private readonly budget: DescriptorBudget,
    private readonly descriptors: number,
  ) {
    this.held = budget.take(descriptors);
    if (!this.held) budget.refused(descriptors, +1);
  }

  /** Kept connections, taking a place freed since the last poll if there is one now. */
  get kept(): boolean {
    if (!this.held && !this.released && this.budget.take(this.descriptors)) {
      this.held = true;
      this.budget.refused(this.descriptors, -1);
    }
    return this.held;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.held) this.budget.give(this.descriptors);
    else this.budget.refused(this.descriptors, -1);
    this.held = false;
  }
}

let processBudget: { budget: DescriptorBudget; softLimit: number | null } | null = null;

/** The one budget every adapter of this process claims from (read once, at the first claim). */
export function processDescriptorBudget(): DescriptorBudget {
  return processBudgetState().budget;
}

/** The start-up warning for this process's budget, or null when every target keeps its connection. */
export function processShortfallWarning(): string | null {
  const { budget, softLimit } = processBudgetState();
  return budget.shortfallWarning(softLimit);
}

function processBudgetState(): { budget: DescriptorBudget; softLimit: number | null } {
  if (processBudget === null) {
    const softLimit = readOpenFileLimit();
    processBudget = { budget: new DescriptorBudget(keptConnectionCapacity(softLimit)), softLimit };
  }
  return processBudget;
}
